"""Re-check claims in this process: the same service the Celery tasks run,
so the embedded default needs no broker."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from claims.actors import Actor
from claims.management.migrated import ensure_migrated
from claims.models import Claim
from claims.services.recheck import RecheckReport, all_claim_ids, claims_recheck, due_claim_ids


class Command(BaseCommand):
    help = "Re-check claims: those due (default), all of them, or the given ids."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--due", action="store_true", help="claims whose check is due (default)")
        which.add_argument("--all", action="store_true", help="every current claim")
        parser.add_argument("ids", nargs="*", type=int, metavar="ID", help="claim ids")
        parser.add_argument(
            "--no-fetch", action="store_true", help="rescore without fetching documents"
        )

    def handle(self, *args, due, all, ids, no_fetch, **options):
        if ids and (due or all):
            raise CommandError("give claim ids, or --due, or --all: not several")
        ensure_migrated()
        actor = Actor.for_task("manage.py recheck")
        fetch = False if no_fetch else None
        now = timezone.now()
        if ids:
            missing = set(ids) - set(Claim.objects.filter(pk__in=ids).values_list("pk", flat=True))
            if missing:
                raise CommandError(f"no claim with id {', '.join(map(str, sorted(missing)))}")
            batches, total, only_due = [ids], len(ids), False
        elif all:
            total = Claim.objects.current().count()
            batches, only_due = all_claim_ids(), False
        else:
            total = Claim.objects.due(now).count()
            batches, only_due = due_claim_ids(now=now), True

        report = RecheckReport()
        with tqdm(
            total=total, unit="claim", disable=options["verbosity"] == 0, file=self.stderr._out
        ) as bar:
            for batch in batches:
                part = claims_recheck(batch, actor=actor, only_due=only_due, fetch=fetch, now=now)
                report.add(part)
                bar.update(len(batch))
        self.stdout.write(
            f"checked {report.checked}, changed {report.changed}, skipped {report.skipped}"
            f" (busy or not due), documents fetched {report.fetched}"
        )
        for error in report.fetch_errors[:10]:
            self.stderr.write(f"  fetch failed: {error}")
