"""System checks (``manage.py check``, and every migrate and runserver): a
setting that names what is not there fails at start, not at the first
match."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register

from claims.matching.semantic import (
    BUILT_IN,
    NO_MODEL,
    SemanticUnavailable,
    built_in_verified,
    chosen,
    unavailable,
)


@register()
def semantic_model(app_configs, **kwargs) -> list[Error]:
    """CLAIMS_MATCH_SEMANTIC_MODEL names a model that is there (the
    built-in one, or a model directory), and the library to read it is
    installed (semantic.unavailable()). "auto" (the default) asks for
    nothing: without the semantic extra it is the words alone."""
    path = chosen(settings.CLAIMS_MATCH_SEMANTIC_MODEL)
    why = unavailable(path) if path else None
    if why is None:
        if path != BUILT_IN:
            return []
        try:
            built_in_verified()
        except SemanticUnavailable as exc:
            return [
                Error(
                    str(exc),
                    hint="Or set CLAIMS_MATCH_SEMANTIC_MODEL to 'off' to match by the words alone.",
                    id="claims.E003",
                )
            ]
        return []
    kind, message = why
    return [
        Error(
            message,
            hint="Set it to 'auto' (the built-in model where the semantic extra is "
            "installed) or 'off' (the words alone)."
            if kind == NO_MODEL
            else "Or set it to 'off' to match by the words alone.",
            id="claims.E001" if kind == NO_MODEL else "claims.E002",
        )
    ]
