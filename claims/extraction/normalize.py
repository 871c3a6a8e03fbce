"""Normalised forms of claim text, for matching the same claim across articles."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_NON_WORD = re.compile(r"[^\w\s%$€£.-]+")
_SPACE = re.compile(r"\s+")


def normalize_claim_text(text: str) -> str:
    """Lower case, typographic quotes and dashes folded, punctuation and spacing collapsed."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    text = _NON_WORD.sub(" ", text)
    return _SPACE.sub(" ", text).strip(" .")


_PASSAGE_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})


def fold_passage(text: str) -> str:
    """A passage as it is looked for in another text (a quote in a fetched
    document, a claim's quote in a new version of its article): case,
    spacing and typographic quote marks ignored."""
    return " ".join(text.translate(_PASSAGE_FOLD).split()).lower()


def claim_fingerprint(text: str) -> str:
    """SHA-256 of the normalised text: equal for the same claim worded the same."""
    return hashlib.sha256(normalize_claim_text(text).encode("utf-8")).hexdigest()
