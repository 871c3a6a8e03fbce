"""A command that reads or writes the store asks first whether the
database is migrated: on one that is not (a fresh checkout before
``manage.py migrate``, a new database URL) it says so and stops, rather
than failing with a traceback on the first missing table. Commands that
read only files (``extract_claims``, ``match_claims --pairs``) do not ask."""

from django.core.management.base import CommandError

from config.health import check_database, check_migrations


def ensure_migrated() -> None:
    """Raise CommandError, with what to run, unless the database answers
    and every migration is applied."""
    answers, found = check_database()
    if not answers:
        raise CommandError(f"the database cannot be reached ({found}): check DATABASE_URL")
    migrated, found = check_migrations()
    if not migrated:
        raise CommandError(
            f"the database is not migrated ({found}): run `manage.py migrate` first "
            "(`make demo` and `make serve` do)"
        )
