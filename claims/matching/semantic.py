"""Optional: how near two claims are in meaning, from sentence embeddings.

The lexical reading (compare.py) meets no synonyms: "turned down" is not
"denied", "honoured" not "awarded". A sentence-transformers model read from
a local directory (``CLAIMS_MATCH_SEMANTIC_MODEL``; the ``semantic`` extra,
never downloaded by the project or its tests) gives each claim a vector,
and the cosine of two vectors is blended into the lexical similarity
(compare.compare(), ``meaning``). Off unless a model is named.

Measured on the development pairs with all-mpnet-base-v2 (see
docs/matching-quality.md): the blend took AUC from 0.950 to about 0.96 and
precision at recall 0.50 from 0.63 to about 0.70, where all-MiniLM-L6-v2
had not earned its cost. The cosine alone ranks worse than the lexical
score (AUC 0.944): the claims of one story are near one another in
meaning, and the lexical reading is what tells them apart.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

# the share of the similarity the meaning takes (the rest is the lexical
# cosine): 0.3-0.5 did alike on the development pairs
SEMANTIC_WEIGHT = 0.4
REMEMBERED_VECTORS = 50_000  # claims' vectors kept by a process (candidates come back)


class SemanticUnavailable(Exception):
    """The semantic reading was asked for and cannot be had."""


class Meanings:
    """Cosines between claims' sentence embeddings, from the
    sentence-transformers model at ``path`` on the CPU. The vectors of the
    last REMEMBERED_VECTORS texts are kept: stored claims come back as
    candidates again and again."""

    def __init__(self, path: str, *, encoder=None) -> None:
        if encoder is None:
            encoder = _load(path)
        self._encode = encoder
        self._vectors: OrderedDict[str, Sequence[float]] = OrderedDict()

    def cosines(self, text: str, others: Sequence[str]) -> list[float]:
        """The cosine of ``text`` with each of ``others``, in their order."""
        vectors = self._of([text, *others])
        first = vectors[0]
        return [_dot(first, vector) for vector in vectors[1:]]

    def _of(self, texts: list[str]) -> list[Sequence[float]]:
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            for text, vector in zip(missing, self._encode(missing), strict=True):
                self._vectors[text] = vector
        found = []
        for text in texts:
            self._vectors.move_to_end(text)
            found.append(self._vectors[text])
        while len(self._vectors) > REMEMBERED_VECTORS:
            self._vectors.popitem(last=False)
        return found


def _dot(a: Sequence[float], b: Sequence[float]) -> float:
    return float(sum(x * y for x, y in zip(a, b, strict=True)))


def _load(path: str):
    """An encoder of texts to unit vectors, from the model at ``path``."""
    if not Path(path, "modules.json").is_file():
        raise SemanticUnavailable(
            f"CLAIMS_MATCH_SEMANTIC_MODEL: no sentence-transformers model at {path!r} "
            "(a directory with modules.json)"
        )
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise SemanticUnavailable(
            "CLAIMS_MATCH_SEMANTIC_MODEL is set but sentence-transformers is not installed: "
            "pip install -e '.[semantic]' (README, 'Cross-article matching')"
        ) from exc
    model = SentenceTransformer(path, device="cpu", local_files_only=True)

    def encode(texts: list[str]) -> list[Sequence[float]]:
        return list(
            model.encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False)
        )

    return encode
