"""A small, dependency-free language guess: enough to tell English from the
other languages a newsroom is likely to paste, so no claims are invented
from text the English model cannot read."""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# The most frequent function words of each language; they barely overlap.
STOPWORDS = {
    "en": {
        "the",
        "of",
        "and",
        "to",
        "in",
        "is",
        "that",
        "for",
        "it",
        "was",
        "on",
        "are",
        "with",
        "as",
        "by",
        "be",
        "this",
        "have",
        "from",
        "at",
        "not",
    },
    "de": {
        "der",
        "die",
        "und",
        "das",
        "ist",
        "nicht",
        "ein",
        "eine",
        "zu",
        "den",
        "mit",
        "von",
        "sich",
        "auf",
        "für",
        "dem",
        "des",
        "im",
        "auch",
    },
    "fr": {
        "le",
        "la",
        "les",
        "et",
        "est",
        "des",
        "une",
        "un",
        "du",
        "que",
        "pour",
        "dans",
        "pas",
        "sur",
        "au",
        "qui",
        "avec",
        "ce",
        "sont",
    },
    "es": {
        "el",
        "la",
        "los",
        "las",
        "y",
        "es",
        "en",
        "que",
        "del",
        "por",
        "una",
        "un",
        "con",
        "para",
        "se",
        "al",
        "como",
        "está",
        "son",
    },
    "it": {
        "il",
        "la",
        "di",
        "che",
        "e",
        "è",
        "per",
        "una",
        "un",
        "non",
        "sono",
        "della",
        "del",
        "con",
        "gli",
        "le",
        "al",
        "si",
    },
    "pt": {
        "o",
        "a",
        "os",
        "as",
        "e",
        "é",
        "de",
        "que",
        "do",
        "da",
        "em",
        "um",
        "uma",
        "para",
        "com",
        "não",
        "por",
        "são",
        "se",
    },
    "nl": {
        "de",
        "het",
        "een",
        "en",
        "van",
        "is",
        "dat",
        "niet",
        "in",
        "op",
        "te",
        "zijn",
        "met",
        "voor",
        "er",
        "aan",
        "ook",
    },
}
MIN_WORDS = 12


def detect_language(text: str) -> str:
    """ISO 639-1 code of the likeliest language, "en" when unsure, or "und"
    when the text has letters but none of the known function words."""
    words = [w.lower() for w in _WORD.findall(text[:20000])]
    if len(words) < MIN_WORDS:
        return "en"
    letters = sum(len(w) for w in words)
    latin = sum(1 for w in words for ch in w if "a" <= ch <= "z")
    if latin < 0.5 * letters:
        return "und"
    scores = {lang: sum(1 for w in words if w in stop) for lang, stop in STOPWORDS.items()}
    best = max(scores, key=scores.get)
    if scores["en"] >= 0.05 * len(words) and scores["en"] >= 0.6 * scores[best]:
        return "en"
    if scores[best] < 0.05 * len(words):
        return "und"
    return best
