"""System checks (``manage.py check``, and every migrate and runserver): a
setting that names what is not there fails at start, not at the first
match."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register


@register()
def semantic_model(app_configs, **kwargs) -> list[Error]:
    """CLAIMS_MATCH_SEMANTIC_MODEL names a sentence-transformers model
    directory, and the library to read it is installed."""
    path = settings.CLAIMS_MATCH_SEMANTIC_MODEL
    if not path:
        return []
    if not Path(path, "modules.json").is_file():
        return [
            Error(
                f"CLAIMS_MATCH_SEMANTIC_MODEL: no sentence-transformers model at {path!r}",
                hint="A directory with modules.json; or unset it to match by the words alone.",
                id="claims.E001",
            )
        ]
    if importlib.util.find_spec("sentence_transformers") is None:
        return [
            Error(
                "CLAIMS_MATCH_SEMANTIC_MODEL is set but sentence-transformers is not installed",
                hint="pip install -e '.[semantic]' (README, 'Cross-article matching')",
                id="claims.E002",
            )
        ]
    return []
