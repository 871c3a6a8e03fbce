"""Find the article body in pasted page text without moving any offset.

Works on lines and blank-line-separated blocks of the raw text and returns
spans into it: the body's segments (paragraphs, split at semicolons), the
headline, and what was dropped as page chrome (bylines, captions, credits,
navigation, share and "related" lines, player text, datelines, copyright).
The rule that does most of the work: a body paragraph ends with sentence
punctuation and has several words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

MIN_BODY_WORDS = 4
MAX_HEADLINE_WORDS = 25
WRAPPED_LINE_MIN_CHARS = 40

_LINE = re.compile(r"[^\n]*\n?")
_CLOSERS = "\"'”’)]»"
_TERMINAL = re.compile(r"[.!?…]$")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_SEMICOLON = re.compile(r";\s+")

# (pattern, longest line it applies to in words, or None for any length).
# Words that also open real sentences ("Home prices rose", "Search teams
# found") only count as chrome on short lines.
_CHROME_RULES = [
    # captions, credits, media players
    (
        r"^(photo|image|picture|video|watch|listen|graphic|illustration|caption|credit"
        r"|file photo)s?\s*(:|\||—|–|-\s|\()",
        None,
    ),
    (r"\((photo|image|picture|credit|courtesy)s?\s*(:|by)", None),
    (r"^(photo|image|picture)s?\s+(by|courtesy of|credit)\b", None),
    # cross-links, calls to action, navigation
    (
        r"^(read more|read also|also read|see also|more from|click here|tap here"
        r"|sign up (for|to)|subscribe (to|for|now)|follow us|share (this|on|via)"
        r"|download (the|our) app|leave a comment)\b",
        None,
    ),
    (r"\bin other (related )?news\b", None),
    (r"(\s\|\s.*){2,}", None),
    (
        r"^(related( news| stories| articles| content)?|recommended|trending|most (read|popular"
        r"|viewed)|recent (news|posts)|advertisement|sponsored( content)?|newsletter|comments?"
        r"|search|type to search|skip to content|back to top|menu|home|log ?in|sign ?in"
        r"|subscribe|share)\b",
        4,
    ),
    # rights and dates of publication
    (r"©|\ball rights reserved\b|^copyright\b", None),
    (r"^(published|updated|posted|last updated|first published)\b.{0,60}\d", 12),
    # bylines and wire trailers
    (r"^\(?(reporting|writing|editing|additional reporting|compiled) by\b", None),
]
_CHROME = [(re.compile(p, re.IGNORECASE), n) for p, n in _CHROME_RULES] + [
    # bylines: case matters ("By Jane Doe, Reuters" but not "By noon, ...")
    (re.compile(r"^By\s+[A-Z][\w.'’-]+(\s+[A-Z][\w.'’-]+){0,3}\s*(,|$|\band\b|\||\.$)"), 8),
    # a caption ending in its credit, a name: "The crowd at the gate. Image: Jo Lee."
    # (not "shows one image: a harbour at dawn")
    (
        re.compile(r"\b(?i:photo|image|picture|photograph|credit)s?\s*:\s*[A-Z][^:.!?]{0,60}\.?$"),
        60,
    ),
]

# "PORT ELLIS, Oct 14 — ", "WASHINGTON (Reuters) - ", "NEW DELHI: ".
_DATELINE = re.compile(
    r"^[A-Z][A-Z'’.\-]+(?:\s+[A-Z][A-Z'’.\-]+)*"
    r"(?:,\s*(?:[A-Z][a-z]+\.?|[A-Z]{2,})(?:\s+\d{1,2})?(?:,\s*\d{4})?)?"
    r"(?:\s*\([^)]{2,40}\))?"
    r"\s*(?:[—–]|-{1,2}|:)\s+"
)
# A photo caption run into the paragraph it sat above, with nothing between:
# "Ann Chiang of DAB In the Kowloon West constituency, ...". The caption has
# no sentence punctuation and ends in a word; the paragraph's own first
# words are a capitalised preposition and an article.
_RUN_IN_CAPTION = re.compile(
    r"^[^.!?;:,\"“”()]{3,160}?[\w)](?=\s+(?:In|On|At|For|After|During|Since|Over|Under)\s+"
    r"(?:the|a|an)\s)"
)
# "Taipei, Taiwan — ", "Port Ellis — ": a place in title case, set off by
# a dash (not a hyphen or colon: "Smith: ..." may be a quotation).
_DATELINE_PLACE = re.compile(
    r"^[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
    r"(?:,\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})?"
    r"\s+[—–]\s+(?=[A-Z])"
)


@dataclass(frozen=True)
class Segment:
    """A stretch of body text: ``raw[start:end] == text``."""

    start: int
    end: int
    text: str
    paragraph: int


@dataclass
class CleanedText:
    segments: list[Segment] = field(default_factory=list)
    headline: tuple[int, int] | None = None
    dropped: list[tuple[int, int, str]] = field(default_factory=list)

    def body(self) -> str:
        """The body text: paragraphs separated by blank lines."""
        paragraphs: dict[int, list[str]] = {}
        for seg in self.segments:
            paragraphs.setdefault(seg.paragraph, []).append(seg.text)
        return "\n\n".join(" ".join(parts) for parts in paragraphs.values())


def _lines(raw: str) -> list[tuple[int, int]]:
    """(start, end) of each line's content, without its line break."""
    out = []
    for match in _LINE.finditer(raw):
        start, end = match.span()
        if start == end:
            break
        text = match.group()
        stripped = text.rstrip("\r\n")
        out.append((start, start + len(stripped)))
    return out


def _strip_span(raw: str, start: int, end: int) -> tuple[int, int]:
    while start < end and raw[start].isspace():
        start += 1
    while end > start and raw[end - 1].isspace():
        end -= 1
    return start, end


def _ends_sentence(text: str) -> bool:
    return bool(_TERMINAL.search(text.rstrip().rstrip(_CLOSERS).rstrip()))


# "In a statement, the Church denied these allegations:" introduces the
# paragraph after it; a short "Results:" is a heading.
MIN_ANNOUNCING_WORDS = 6


def _announces(text: str) -> bool:
    return text.rstrip().endswith(":") and _word_count(text) >= MIN_ANNOUNCING_WORDS


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _is_wrapped_paragraph(raw: str, lines: list[tuple[int, int]]) -> bool:
    """A block whose lines are a hard-wrapped paragraph rather than a list."""
    if len(lines) < 2:
        return False
    *body, last = lines
    long_lines = all(e - s >= WRAPPED_LINE_MIN_CHARS for s, e in body)
    open_lines = sum(not _ends_sentence(raw[s:e]) for s, e in body)
    return long_lines and open_lines >= len(body) / 2 and _ends_sentence(raw[last[0] : last[1]])


# Chrome is short: a line longer than this is body text, whatever phrase it
# holds ("in other news", a "©" in a quotation, "(Photo: …)" mid-paragraph).
MAX_CHROME_WORDS = 80


def chrome_reason(text: str) -> str | None:
    """Why a stripped line is page chrome, or None if it may be body text."""
    words = _word_count(text)
    if words > MAX_CHROME_WORDS:
        return None
    for pattern, max_words in _CHROME:
        if max_words is not None and words > max_words:
            continue
        if pattern.search(text):
            return "page chrome"
    return None


def clean(raw: str) -> CleanedText:
    """Split ``raw`` into body segments, the headline and dropped chrome."""
    result = CleanedText()
    headline_text = None
    paragraph = 0
    for start, end in _units(raw):
        text = raw[start:end]
        reason = chrome_reason(text)
        if reason:
            result.dropped.append((start, end, reason))
            continue
        if not (_ends_sentence(text) or _announces(text)):
            words = _word_count(text)
            if result.headline is None and not result.segments and 3 <= words <= MAX_HEADLINE_WORDS:
                result.headline, headline_text = (start, end), text
            elif headline_text is not None and text == headline_text:
                result.dropped.append((start, end, "headline repeated"))
            else:
                result.dropped.append((start, end, "not a sentence: heading or page chrome"))
            continue
        start = _cut_lead(raw, start, end, result)
        if _word_count(raw[start:end]) < MIN_BODY_WORDS:
            result.dropped.append((start, end, "too short to be a claim"))
            continue
        result.segments.extend(_segments(raw, start, end, paragraph))
        paragraph += 1
    return result


def _units(raw: str) -> list[tuple[int, int]]:
    """The text's lines, a hard-wrapped paragraph as one."""
    blocks: list[list[tuple[int, int]]] = [[]]
    for start, end in _lines(raw):
        if raw[start:end].strip():
            blocks[-1].append(_strip_span(raw, start, end))
        elif blocks[-1]:
            blocks.append([])
    units: list[tuple[int, int]] = []
    for lines in blocks:
        if _is_wrapped_paragraph(raw, lines):
            units.append((lines[0][0], lines[-1][1]))
        else:
            units.extend(lines)
    return units


def _cut_lead(raw: str, start: int, end: int, result: CleanedText) -> int:
    """Where the paragraph's own text starts: after a caption run into it
    and a dateline, each recorded as dropped."""
    text = raw[start:end]
    caption = _RUN_IN_CAPTION.match(text)
    if caption and _word_count(text[caption.end() :]) >= MIN_BODY_WORDS:
        result.dropped.append((start, start + caption.end(), "caption run into the paragraph"))
        start = _strip_span(raw, start + caption.end(), end)[0]
        text = raw[start:end]
    dateline = _DATELINE.match(text) or _DATELINE_PLACE.match(text)
    if dateline and _word_count(text[dateline.end() :]) >= MIN_BODY_WORDS:
        result.dropped.append((start, start + dateline.end(), "dateline"))
        start += dateline.end()
    return start


def _segments(raw: str, start: int, end: int, paragraph: int) -> Iterator[Segment]:
    """A body paragraph's segments: split at semicolons, each piece at most
    MAX_SEGMENT_CHARS."""
    pos = start
    for piece in _SEMICOLON.split(raw[start:end]):
        offset = raw.index(piece, pos)
        if piece.strip():
            first, last = _strip_span(raw, offset, offset + len(piece))
            for s, e in bounded_pieces(raw, first, last):
                yield Segment(s, e, raw[s:e], paragraph)
        pos = offset + len(piece)


# The parser sees at most this many characters at once: its work (and
# spaCy's span lookups) grows faster than the text, and it refuses texts
# over 1,000,000 characters outright. Real paragraphs are far shorter.
MAX_SEGMENT_CHARS = 3000
_SENTENCE_END = re.compile(r"""[.!?]["'’”)\]]*\s+(?=["'‘“(]?[A-Z0-9])""")


def bounded_pieces(raw: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``raw[start:end]`` in pieces of at most MAX_SEGMENT_CHARS, cut after
    a sentence's end where there is one, else at a space, else anywhere.
    Linear in the length: each cut looks only within the next piece."""
    while end - start > MAX_SEGMENT_CHARS:
        limit = start + MAX_SEGMENT_CHARS
        window = raw[start:limit]
        cut = None
        for match in _SENTENCE_END.finditer(window):
            cut = start + match.end()
        if cut is None or cut - start < MAX_SEGMENT_CHARS // 4:
            space = window.rfind(" ", MAX_SEGMENT_CHARS // 4)
            cut = start + space + 1 if space > 0 else limit
        piece = _strip_span(raw, start, cut)
        if piece[0] < piece[1]:
            yield piece
        start = _strip_span(raw, cut, end)[0]
    if start < end:
        yield start, end
