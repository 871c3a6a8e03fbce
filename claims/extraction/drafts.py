"""The data the extraction stages pass along: a claim's speaker, and a
drafted claim (which tokens make its text, its speaker and what its
rewording changes) before its cues are read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from spacy.tokens import Token


class Speaker(NamedTuple):
    """Who a claim is attributed to, as the article names them."""

    text: str
    kind: str  # "named" or "unnamed"
    category: str = "thing"  # "person", "group" or "thing": which pronoun fits


@dataclass
class Draft:
    """A claim before its cues are read: which tokens make its text."""

    verb: Token
    ids: set[int]
    own: set[int]
    speaker: Speaker | None = None
    frame_verb: str | None = None
    overrides: dict[int, str] = field(default_factory=dict)
    inserts: list[tuple[float, str]] = field(default_factory=list)
    inherited_hedges: list[str] = field(default_factory=list)
    inherited_neg: bool = False
    optional: bool = False  # appositive claims: extractable, never required
    extra_hedges: list[str] = field(default_factory=list)
