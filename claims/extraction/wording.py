"""The words of a claim: its tokens rendered as a standalone statement
(quotes, stray punctuation and connectives removed, spacing as in the
source), and the verb forms a rewording needs (a participle made finite,
a plural verb made singular)."""

from __future__ import annotations

import re

from lemminflect import getInflection, getLemma
from spacy.tokens import Token

from claims.extraction import cues
from claims.extraction.tree import children

PLURAL_TO_SINGULAR = {
    "have": "has",
    "are": "is",
    "were": "was",
    "do": "does",
    "'re": "is",
    "'ve": "has",
}


def singular_form(token: Token) -> str:
    """The third-person singular of a plural finite verb ("have" -> "has")."""
    lower = token.lower_
    if lower in PLURAL_TO_SINGULAR:
        return PLURAL_TO_SINGULAR[lower]
    if token.tag_ == "VBP":
        return inflect(token.lemma_.lower(), past=False, plural=False)
    return token.text


def reads_past(verb: Token) -> bool:
    """Whether a clause is told in the past, for the tense of a participle
    made finite after it."""
    return verb.tag_ in {"VBD", "VBN"} or any(
        a.lower_ in {"had", "was", "were"} for a in children(verb, "aux", "auxpass")
    )


def verb_lemma(token: Token) -> str:
    """The verb lemma of a participle, also where the parser tagged it a
    noun ("with Marsh scoring")."""
    if token.pos_ in {"VERB", "AUX"}:
        return token.lemma_.lower()
    lemmas = getLemma(token.lower_, upos="VERB")
    return lemmas[0] if lemmas else token.lemma_.lower()


def inflect(lemma: str, *, past: bool, plural: bool) -> str:
    """A finite form of a verb for a participle clause turned into a claim
    (lemminflect's tables; the regular ending for a word they lack)."""
    if plural and not past:
        return "are" if lemma == "be" else lemma
    if past and lemma == "be":
        return "were" if plural else "was"
    forms = getInflection(lemma, tag="VBD" if past else "VBZ")
    if forms:
        return forms[0]
    if past:
        return lemma + ("d" if lemma.endswith("e") else "ed")
    return lemma + ("es" if re.search(r"(s|sh|ch|x|z|o)$", lemma) else "s")


def render(doc, ids: set[int], overrides=None, inserts=(), *, capitalize: bool = True) -> str:
    """The text of the tokens ``ids`` in order, cleaned into a standalone
    statement: quotes, edge punctuation, stray brackets and leading
    connectives removed; whitespace as in the source where tokens are
    adjacent, one space across a gap."""
    overrides = overrides or {}
    pieces: list[tuple[float, str]] = []
    for i in sorted(ids):
        tok = doc[i]
        skipped = tok.is_space or tok.text in cues.QUOTE_CHARS
        skipped = skipped or (tok.text in cues.SINGLE_QUOTES and tok.tag_ in {"``", "''"})
        if skipped:
            # keep the space a dropped quote mark stood for: consider" the
            if pieces and tok.whitespace_ and not pieces[-1][1].endswith(" "):
                pieces[-1] = (pieces[-1][0], pieces[-1][1] + " ")
            continue
        ws = tok.whitespace_ if i + 1 in ids else " "
        pieces.append((float(i), overrides.get(i, tok.text) + ws))
    pieces.extend(inserts)
    pieces.sort(key=lambda p: p[0])
    return tidy("".join(p[1] for p in pieces), capitalize=capitalize)


_LEADING = re.compile(
    r"^(?:(?:and|but|or|yet|however|meanwhile|moreover|furthermore|additionally|"
    r"nevertheless|nonetheless|separately|thus|therefore|also)\b[\s,]*)+",
    re.IGNORECASE,
)


_TRAILING = re.compile(
    r"(?:[\s,;]+(?:and|but|or|nor|yet|while|whereas|although|though|as well as))+[\s,;]*$",
    re.IGNORECASE,
)


# "the U.S." keeps its last full stop
_INITIALISM = re.compile(r"(?:\b[A-Za-z]\.){2,}$")


def tidy(text: str, *, capitalize: bool = True) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.;:!?%)\]’'])", r"\1", text)
    text = re.sub(r"([(\[])\s+", r"\1", text)
    text = re.sub(r"\(\s*\)|\[\s*\]", "", text)
    text = re.sub(r"([,;:])(\s*[,;:])+", r"\1", text)
    text = text.strip(" ,;:—–-")
    text = _LEADING.sub("", text)
    text = _TRAILING.sub("", text)
    while text and text[-1] in ".,;:!—–-" and not _INITIALISM.search(text):
        text = text[:-1].rstrip()
    text = _balance(text, "(", ")")
    text = _balance(text, "[", "]")
    text = re.sub(r"\s+", " ", text).strip(" ,;:")
    if capitalize and text and text[0].islower():
        text = text[0].upper() + text[1:]
    return text


def _balance(text: str, open_: str, close: str) -> str:
    if text.count(open_) == text.count(close):
        return text
    return text.replace(open_, "").replace(close, "").replace("  ", " ")


def copula(noun: Token) -> str:
    """ "is" or "are", as ``noun`` is singular or plural: what a side claim
    puts between a noun and what describes it."""
    return "are" if noun.tag_ in {"NNS", "NNPS"} else "is"
