"""Turn the bytes someone pasted or uploaded into article text, or refuse them
with a message a person can act on.

HTML is converted to text with every character mapped back to its place in
the original, so offsets reported against the input stay exact.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

DEFAULT_MAX_BYTES = 5 * 1024 * 1024

_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")
_HTML_START = re.compile(r"^\s*(<!doctype html|<html|<\?xml)", re.IGNORECASE)
BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "tr",
        "td",
        "th",
        "table",
        "article",
        "section",
        "blockquote",
        "pre",
        "hr",
        "dd",
        "dt",
        "dl",
        "main",
        "body",
        "title",
    ]
)
SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "nav",
        "header",
        "footer",
        "aside",
        "figure",
        "figcaption",
        "form",
        "button",
        "select",
        "option",
        "iframe",
        "svg",
        "head",
    ]
)
VOID_TAGS = frozenset(
    [
        "br",
        "hr",
        "img",
        "input",
        "meta",
        "link",
        "source",
        "wbr",
        "area",
        "base",
        "col",
        "embed",
        "param",
        "track",
    ]
)


class InputError(ValueError):
    """Input that is not an article text; ``str(exc)`` says why."""


@dataclass(frozen=True)
class ArticleText:
    """Decoded article text. For HTML, ``text`` is the readable text and
    ``offsets`` maps each of its characters to (start, end) in ``original``."""

    text: str
    original: str
    is_html: bool = False
    offsets: tuple[tuple[int, int], ...] = ()

    def span_in_original(self, start: int, end: int) -> tuple[int, int]:
        if not self.is_html:
            return start, end
        return self.offsets[start][0], self.offsets[end - 1][1]


def decode_bytes(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """UTF-8 (with or without BOM) or BOM-marked UTF-16 text, else InputError."""
    if len(data) > max_bytes:
        raise InputError(
            f"the text is {len(data):,} bytes; the limit is {max_bytes:,} bytes "
            f"({max_bytes // (1024 * 1024)} MB)"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError("the text claims to be UTF-16 but is not valid UTF-16") from exc
    if b"\x00" in data[:8192]:
        raise InputError("this looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"the text is not valid UTF-8 (byte {exc.start}); save it as UTF-8 and try again"
        ) from exc


def check_text(text: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """Refuse empty, binary-looking or oversized text."""
    if len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        raise InputError(f"the text is over the limit of {max_bytes:,} bytes")
    if not text.strip():
        raise InputError("the text is empty")
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    if "\x00" in sample or controls > max(8, len(sample) // 50):
        raise InputError("this looks like binary data, not text")


def looks_like_html(text: str) -> bool:
    head = text[:20000]
    if _HTML_START.search(head):
        return True
    tags = len(_TAG.findall(head))
    return tags >= 3 and bool(re.search(r"</(p|div|span|a|li|h\d|article|section)>", head, re.I))


def prepare_text(text: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ArticleText:
    """Check ``text`` and convert HTML to readable text."""
    check_text(text, max_bytes=max_bytes)
    if not looks_like_html(text):
        return ArticleText(text=text, original=text)
    converted, offsets = html_to_text(text)
    if not converted.strip():
        raise InputError("the HTML has no readable text")
    return ArticleText(text=converted, original=text, is_html=True, offsets=tuple(offsets))


class _TextExtractor(HTMLParser):
    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0]
        for match in re.finditer("\n", source):
            self.line_starts.append(match.end())
        self.chars: list[str] = []
        self.offsets: list[tuple[int, int]] = []
        self.skip_depth = 0

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _emit(self, text: str, start: int, end: int) -> None:
        if self.skip_depth:
            return
        for ch in text:
            self.chars.append(ch)
            self.offsets.append((start, end))

    def _break(self) -> None:
        if self.skip_depth or not self.chars:
            return
        pos = self._pos()
        tail = "".join(self.chars[-2:])
        needed = "\n\n"[len(tail) - len(tail.rstrip("\n")) :] if tail.endswith("\n") else "\n\n"
        for ch in needed:
            self.chars.append(ch)
            self.offsets.append((pos, pos))

    def handle_starttag(self, tag, attrs):
        if tag in SKIP_TAGS:
            self.skip_depth += tag not in VOID_TAGS
        elif tag in BLOCK_TAGS:
            self._break()

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self._break()

    def handle_endtag(self, tag):
        if tag in SKIP_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in BLOCK_TAGS:
            self._break()

    def handle_data(self, data):
        start = self._pos()
        # Whitespace runs collapse to one space, as a browser shows them.
        for match in re.finditer(r"\s+|\S+", data):
            s, e = start + match.start(), start + match.end()
            if match.group().isspace():
                if self.chars and not self.chars[-1].isspace():
                    self._emit(" ", s, e)
            else:
                for i, ch in enumerate(match.group()):
                    self._emit(ch, s + i, s + i + 1)

    def handle_entityref(self, name):
        start = self._pos()
        end = self.source.find(";", start) + 1 or start + len(name) + 1
        self._emit(html.unescape(f"&{name};"), start, end)

    def handle_charref(self, name):
        start = self._pos()
        end = self.source.find(";", start) + 1 or start + len(name) + 2
        self._emit(html.unescape(f"&#{name};"), start, end)


def html_to_text(source: str) -> tuple[str, list[tuple[int, int]]]:
    """Readable text of an HTML page (scripts, navigation, headers, footers,
    figures dropped; block elements become paragraphs) and, for each of its
    characters, the (start, end) of what produced it in ``source``."""
    parser = _TextExtractor(source)
    parser.feed(source)
    parser.close()
    lines_out, offsets_out = [], []
    text = "".join(parser.chars)
    # Strip spaces around paragraph breaks, keeping the offset map aligned.
    keep = [True] * len(text)
    for match in re.finditer(r"[ \t]*\n[ \t]*", text):
        for i in range(match.start(), match.end()):
            keep[i] = text[i] == "\n"
    for ch, off, k in zip(text, parser.offsets, keep, strict=True):
        if k:
            lines_out.append(ch)
            offsets_out.append(off)
    joined = "".join(lines_out)
    lead = len(joined) - len(joined.lstrip())
    trail = len(joined.rstrip())
    return joined[lead:trail], offsets_out[lead:trail]
