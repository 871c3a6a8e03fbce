"""The lemma of an English word form ("won" -> "win", "children" ->
"child"), from the tables lemminflect ships (``resources/lemma_lu.csv.gz``:
form, part of speech, lemmas). Read directly, without importing the
package: lemminflect's ``__init__`` imports spaCy to hook into it, and a
process that only matches claims (web, workers) should not pay for spaCy.
The table is read once per process, at the first lookup."""

from __future__ import annotations

import csv
import functools
import gzip
import importlib.util
from pathlib import Path


@functools.cache
def _single_lemmas() -> dict[str, str]:
    """Each form with exactly one lemma, other than itself ("left", which
    may be "leave" or "left", has none here)."""
    spec = importlib.util.find_spec("lemminflect")
    if spec is None or not spec.submodule_search_locations:
        return {}
    table = Path(spec.submodule_search_locations[0]) / "resources" / "lemma_lu.csv.gz"
    lemmas: dict[str, set[str]] = {}
    with gzip.open(table, "rt", encoding="utf-8") as rows:
        for form, _pos, found in csv.reader(rows):
            lemmas.setdefault(form, set()).update(found.split("/"))
    return {
        form: next(iter(found))
        for form, found in lemmas.items()
        if len(found) == 1 and form not in found
    }


def lemma(word: str) -> str:
    """The one lemma of ``word`` (lower case), or ``word`` itself."""
    return _single_lemmas().get(word, word)
