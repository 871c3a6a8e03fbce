"""The embedded default end to end: seed articles ingested (claims
extracted), seed evidence added, due claims re-checked (statuses change,
with history), and an admin login printed. ``make demo`` runs this, then
serves the admin."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from claims.management.migrated import ensure_migrated


class Command(BaseCommand):
    help = "Load the sample data, run the pipeline and print an admin login."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        ensure_migrated()
        call_command("load_seeds", stdout=self.stdout)
        # The seed articles and evidence live on fictional .example sites:
        # rescore without fetching them.
        self.stdout.write("Re-checking due claims (documents not fetched: the seeds are fictional)")
        call_command("recheck", "--due", "--no-fetch", stdout=self.stdout, verbosity=0)
        password = secrets.token_urlsafe(12)
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.com"}
        )
        user.is_staff = user.is_superuser = True
        user.set_password(password)  # a fresh password each run, printed below
        user.save()
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Admin: http://127.0.0.1:8000/admin/"))
        self.stdout.write(f"  user:     {username}")
        self.stdout.write(f"  password: {password}")
