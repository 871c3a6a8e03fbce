"""Compare claims with each other: ``--pairs FILE`` (the evaluation contract
of ``../shared/eval/score_matching.py``, nothing stored) or ``--all`` (build
the links of every stored claim, with a progress bar)."""

import json
import sys
from collections import defaultdict
from itertools import groupby

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from claims.batching import batched
from claims.matching.compare import Vocabulary, against_own_report, rank
from claims.matching.semantic import SemanticUnavailable
from claims.matching.text import read_claim, with_predicates
from claims.services.links import semantic_meanings


class Command(BaseCommand):
    help = (
        '--pairs FILE.jsonl: read lines {"a": text, "b": text, ...} and print one line each, '
        'in order: {"score": float, "relation": "same"|"contradicts"|"different"}. '
        "--all: (re)build the links of every stored claim."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--pairs", metavar="FILE", help="JSON Lines of pairs to score")
        which.add_argument(
            "--all",
            action="store_true",
            dest="every_claim",
            help="(re)build the links of every current claim",
        )

    def handle(self, *args, pairs=None, every_claim=False, **options):
        if every_claim:
            return self.match_all(verbosity=options["verbosity"])
        try:
            with open(pairs, encoding="utf-8") as handle:
                rows = [json.loads(line) for line in handle if line.strip()]
        except OSError as exc:
            raise CommandError(f"cannot read {pairs}: {exc.strerror}") from None
        except json.JSONDecodeError as exc:
            raise CommandError(f"{pairs}: not JSON Lines ({exc.msg}, line {exc.lineno})") from None
        for number, row in enumerate(rows, 1):
            if not isinstance(row, dict) or not all(
                isinstance(row.get(k), str) for k in ("a", "b")
            ):
                raise CommandError(f'{pairs}, line {number}: needs "a" and "b" texts')
        read = {text: read_claim(text) for row in rows for text in (row["a"], row["b"])}
        # what each says of its subject, from extraction's parse, as ingest stores it
        from claims.extraction.pipeline import text_predicates  # spaCy: loaded here only

        for text, lemmas in zip(read, text_predicates(list(read)), strict=True):
            read[text] = with_predicates(read[text], lemmas)
        vocabulary = Vocabulary(read.values())
        # each claim is weighed against all its candidates, as a new claim
        # is against those the index returns
        candidates: dict[str, list[int]] = defaultdict(list)
        for index, row in enumerate(rows):
            candidates[row["a"]].append(index)
        found: list = [None] * len(rows)
        try:
            near = semantic_meanings()
        except SemanticUnavailable as exc:
            raise CommandError(str(exc)) from None
        for text, indexes in candidates.items():
            others = [rows[i]["b"] for i in indexes]
            meanings = near.cosines(text, others) if near is not None else None
            matches = rank(read[text], [read[b] for b in others], vocabulary, meanings=meanings)
            for i, match in zip(indexes, matches, strict=True):
                found[i] = match
        # the claims of one report, where a line names it, are matched
        # together, as an article's claims are (claims_match())
        named = [(i, report) for i, row in enumerate(rows) if (report := _report(row))]
        weighed = against_own_report([((report, rows[i]["b"]), found[i]) for i, report in named])
        for (i, _), match in zip(named, weighed, strict=True):
            found[i] = match
        out = sys.stdout
        for match in found:
            out.write(json.dumps({"score": match.score, "relation": match.relation}) + "\n")

    def match_all(self, *, verbosity: int) -> None:
        from claims.actors import Actor
        from claims.management.migrated import ensure_migrated
        from claims.models import Claim
        from claims.services.links import MATCH_BATCH, claims_match, claims_read_predicates

        ensure_migrated()
        actor = Actor.for_task("manage.py match_claims")
        # first what each claim says, where none is stored (a store kept from
        # before the predicates were read): every claim's candidates then have theirs
        # (their ids listed first: the reading writes the rows it selects by)
        unread = Claim.objects.current().filter(predicates=[]).order_by("pk")
        unread = list(unread.values_list("pk", flat=True))
        read = 0
        with tqdm(
            total=len(unread), unit="claim", desc="reading", disable=verbosity == 0,
            file=self.stderr._out,
        ) as bar:  # fmt: skip
            for batch in batched(unread, READ_BATCH):
                read += claims_read_predicates(batch)
                bar.update(len(batch))
        if read:
            self.stdout.write(f"{read} claims read for what they say of their subject")
        # each article's claims in the batches its ingest matched them in
        # (MATCH_BATCH at a time, in order): they are weighed together
        claims = Claim.objects.current().order_by("article_id", "position", "pk")
        places = claims.values_list("pk", "article_id", "position")
        links = 0
        with tqdm(
            total=claims.count(), unit="claim", disable=verbosity == 0, file=self.stderr._out
        ) as bar:
            for _, rows in groupby(
                places.iterator(chunk_size=2000), key=lambda r: (r[1], r[2] // MATCH_BATCH)
            ):
                batch = [pk for pk, _, _ in rows]
                links += len(claims_match(batch, actor=actor))
                bar.update(len(batch))
        self.stdout.write(f"{links} links made or updated")


# claims parsed a batch at a time when their predicates are read
READ_BATCH = 500


def _report(row: dict) -> tuple | None:
    """The report the line's ``a`` comes from, where the line names it:
    ``report``, or, as the development pairs do, its story and summary
    (``article`` and ``followup``); else None, and ``a`` is matched alone."""
    if row.get("report") is not None:
        return ("report", json.dumps(row["report"], sort_keys=True))
    if row.get("article") is not None and row.get("followup") is not None:
        return ("followup", json.dumps(row["article"]), json.dumps(row["followup"]))
    return None
