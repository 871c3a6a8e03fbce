"""Store articles from files: extract their claims, link sources and evidence.

Idempotent: the same content again stores nothing and says so. A changed
text at a stored ``--url`` updates that article (see article_ingest).
"""

from datetime import datetime, time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from tqdm import tqdm

from claims.actors import Actor
from claims.extraction.inputs import InputError, decode_bytes
from claims.management.migrated import ensure_migrated
from claims.services.errors import ServiceError
from claims.services.ingest import article_ingest


def _published_at(value: str | None):
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is None and (day := parse_date(value)) is not None:
        parsed = datetime.combine(day, time())
    if parsed is None:
        raise CommandError(f"--published-at: {value!r} is not a date (use YYYY-MM-DD[THH:MM])")
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


class Command(BaseCommand):
    help = "Store articles from text or HTML files and extract their claims."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--url", help="the article's URL (one file only)")
        parser.add_argument("--title", default="", help="title (default: the headline found)")
        parser.add_argument("--publisher", help="publisher name (default: from the URL's domain)")
        parser.add_argument("--published-at", help="publication date, YYYY-MM-DD[THH:MM]")
        parser.add_argument("--byline", default="")

    def handle(self, *args, files, url, title, publisher, published_at, byline, **options):
        if url and len(files) > 1:
            raise CommandError("--url names one article: give one FILE with it")
        when = _published_at(published_at)
        ensure_migrated()  # what was asked is checked first, then the store
        actor = Actor.system("ingest command")
        failures = 0
        show_bar = len(files) > 1 and options["verbosity"] > 0
        bar = tqdm(files, unit="file", disable=not show_bar, file=self.stderr._out)
        for path in bar:
            try:
                with open(path, "rb") as fh:
                    data = fh.read(settings.CLAIMS_MAX_ARTICLE_BYTES + 1)
                text = decode_bytes(data, max_bytes=settings.CLAIMS_MAX_ARTICLE_BYTES)
                result = article_ingest(
                    text=text,
                    actor=actor,
                    url=url,
                    title=title,
                    publisher=publisher,
                    published_at=when,
                    byline=byline,
                )
            except FileNotFoundError:
                failures += 1
                self.stderr.write(f"{path}: no such file")
                continue
            except (IsADirectoryError, PermissionError) as exc:
                failures += 1
                self.stderr.write(f"{path}: cannot read ({exc.strerror})")
                continue
            except (InputError, ServiceError) as exc:
                failures += 1
                self.stderr.write(f"{path}: {exc}")
                continue
            line = f"{path}: {result.message}"
            if show_bar:
                bar.write(line, file=self.stdout._out)
            else:
                self.stdout.write(line)
        if failures:
            raise CommandError(f"{failures} of {len(files)} files were not stored")
