"""Print the claims of a text file; nothing is stored.

``--json`` prints the contract ``../shared/eval/score_claims.py`` scores: a JSON
array of objects with text, quote, start, end (input[start:end] == quote,
offsets into the exact input), polarity, hedged, hedges, attribution,
time_bound, kind, entities and confidence.
"""

import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.extraction.inputs import InputError, decode_bytes, prepare_text
from claims.extraction.pipeline import get_extractor


class Command(BaseCommand):
    help = "Print the claims extracted from FILE (or - for stdin). Nothing is stored."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="a UTF-8 text or HTML file, or - for standard input")
        parser.add_argument("--json", action="store_true", help="print a JSON array")

    def handle(self, *args, file, json: bool, **options):
        try:
            if file == "-":
                data = sys.stdin.buffer.read()
            else:
                with open(file, "rb") as fh:
                    data = fh.read(settings.CLAIMS_MAX_ARTICLE_BYTES + 1)
            text = decode_bytes(data, max_bytes=settings.CLAIMS_MAX_ARTICLE_BYTES)
            article = prepare_text(text, max_bytes=settings.CLAIMS_MAX_ARTICLE_BYTES)
        except FileNotFoundError as exc:
            raise CommandError(f"{file}: no such file") from exc
        except IsADirectoryError as exc:
            raise CommandError(f"{file}: is a directory, not a file") from exc
        except PermissionError as exc:
            raise CommandError(f"{file}: permission denied") from exc
        except InputError as exc:
            raise CommandError(f"{file}: {exc}") from exc

        extraction = get_extractor(settings.CLAIMS_SPACY_MODEL).extract(article.text)
        claims = []
        for claim in extraction.claims:
            record = claim.as_dict()
            start, end = article.span_in_original(claim.start, claim.end)
            record.update(start=start, end=end, quote=article.original[start:end])
            claims.append(record)
        if extraction.note:
            self.stderr.write(f"{file}: {extraction.note}")
        if json:
            self.stdout.write(_json_dumps(claims))
            return
        for i, claim in enumerate(claims, 1):
            flags = [claim["polarity"], claim["kind"]]
            if claim["hedged"]:
                flags.append("hedged: " + ", ".join(claim["hedges"]))
            if claim["time_bound"]:
                flags.append("time-bound: " + ", ".join(claim["time_cues"]))
            if claim["attribution"]:
                flags.append(f"according to {claim['attribution']}")
            self.stdout.write(f"{i:3}. {claim['text']}")
            self.stdout.write(f"     [{'; '.join(flags)}] confidence {claim['confidence']:.2f}")


def _json_dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1)
