"""JSON in and out: rendering, with bodies the database already wrote
passed through, and parsing that refuses what it cannot read with 400."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from rest_framework import exceptions, parsers, renderers


class RawJSON(Mapping):
    """A response body already written as JSON. ``JSONRenderer`` sends the
    bytes as they are; anything else (the browsable API, an indented
    rendering, a test reading ``response.data``) sees the parsed document."""

    def __init__(self, content: bytes):
        self.content = content
        self._parsed = None

    @classmethod
    def page(cls, next_url: str | None, results: Iterable[str]) -> RawJSON:
        """A page ``{"next": ..., "results": [...]}`` around rows that are
        JSON texts already."""
        body = f'{{"next":{json.dumps(next_url)},"results":[{",".join(results)}]}}'
        # as DRF's renderer does: safe to embed in JavaScript
        body = body.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
        return cls(body.encode())

    @property
    def parsed(self):
        if self._parsed is None:
            self._parsed = json.loads(self.content)
        return self._parsed

    def __getitem__(self, key):
        return self.parsed[key]

    def __iter__(self):
        return iter(self.parsed)

    def __len__(self):
        return len(self.parsed)


class JSONRenderer(renderers.JSONRenderer):
    """DRF's JSON renderer, sending a RawJSON body without parsing it."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, RawJSON):
            if self.get_indent(accepted_media_type, renderer_context or {}) is None:
                return data.content
            data = data.parsed
        return super().render(data, accepted_media_type, renderer_context)


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, answering 400 (not 500) to a document nested too
    deeply for Python's parser (``[[[[…]]]]`` a thousand levels down)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(
                "JSON parse error - the document is nested too deeply."
            ) from None
