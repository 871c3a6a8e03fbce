"""Writes and helpers for sources and articles."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction

from sources.models import Source, SourceKind, normalize_source_name

_WS = re.compile(r"\s+")


def text_content_hash(text: str) -> str:
    """SHA-256 of the text with Unicode normalised and whitespace collapsed:
    the same article pasted twice hashes the same."""
    normalized = _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def url_domain(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def source_get_or_create(
    *, name: str, kind: str = SourceKind.ORGANIZATION, domain: str = ""
) -> Source:
    """The source with this normalised name, created if missing.

    Safe under concurrent ingests: a lost race re-reads the winner's row.
    """
    name = _WS.sub(" ", name).strip()[:200]
    slug = normalize_source_name(name)
    source = Source.objects.filter(slug=slug).first()
    if source is not None:
        return source
    try:
        with transaction.atomic():
            return Source.objects.create(name=name, slug=slug, kind=kind, domain=domain)
    except IntegrityError:
        return Source.objects.get(slug=slug)


def publisher_for(*, name: str | None = None, url: str | None = None) -> Source | None:
    """The publishing source: by name when given, else by the URL's domain."""
    if name:
        return source_get_or_create(name=name, kind=SourceKind.PUBLICATION)
    domain = url_domain(url) if url else ""
    if not domain:
        return None
    existing = Source.objects.filter(domain=domain, kind=SourceKind.PUBLICATION).first()
    return existing or source_get_or_create(name=domain, kind=SourceKind.PUBLICATION, domain=domain)
