"""Optional: how near two claims are in meaning, from sentence embeddings.

The lexical reading (compare.py) meets no synonyms: "turned down" is not
"denied", "honoured" not "awarded". A sentence-transformers model read from
a local directory (``CLAIMS_MATCH_SEMANTIC_MODEL``; the ``semantic`` extra,
never downloaded by the project or its tests) gives each claim a vector,
and the cosine of two vectors is blended into the lexical similarity
(compare.compare(), ``meaning``). Off unless a model is named.

Measured on the development pairs (README, "Cross-article matching";
docs/matching-quality.md): with all-mpnet-base-v2 AUC 0.950 -> 0.965 and
precision at recall 0.50 0.634 -> 0.722; with all-MiniLM-L6-v2 0.956 and
0.669 (the words alone, before the predicates). With the predicates
(compare.predicates_unlike(), which scores down a pair saying another
thing of one subject whatever the model reads), all-mpnet-base-v2's
same precision 0.728 -> 0.765 at recall 0.494 -> 0.500, precision at
recall 0.50 0.759 (session 20); all-MiniLM-L6-v2's, with the predicates
and a claim saying only another's circumstance scored down (session 22),
0.776 at recall 0.503, 0.775 at recall 0.50, AUC 0.957: the small model
now does as well as the large one. With each report's claims weighed
together as well (compare.against_own_report(), session 23): 0.822 at
recall 0.500, 0.819 at recall 0.50, AUC 0.963 — the issue's bar (0.80 at
0.50, AUC 0.95), which the words alone meet in precision (0.815) but not
in recall (0.474). The cosine alone ranks worse than the lexical score (AUC 0.944):
the claims of one story are near one another in meaning, and the lexical
reading is what tells them apart.
"""

from __future__ import annotations

import importlib.util
import os
import struct
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
        self.name = path  # the model, as a stored vector names it
        self._encode = encoder
        self._vectors: OrderedDict[str, Sequence[float]] = OrderedDict()

    def cosines(self, text: str, others: Sequence[str]) -> list[float]:
        """The cosine of ``text`` with each of ``others``, in their order."""
        vectors = self._of([text, *others])
        first = vectors[0]
        return [_dot(first, vector) for vector in vectors[1:]]

    def vectors(self, texts: Sequence[str]) -> list[Sequence[float]]:
        """The vector of each text, in their order (encoded where unknown)."""
        return self._of(list(texts))

    def remember(self, text: str, vector: Sequence[float]) -> None:
        """Take ``vector`` as the vector of ``text`` (one this model read
        before, stored), so that it is not encoded again."""
        self._vectors[text] = vector
        self._vectors.move_to_end(text)

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


def to_bytes(vector: Sequence[float]) -> bytes:
    """A vector as stored (ClaimMeaning.vector): float32, little-endian."""
    return struct.pack(f"<{len(vector)}f", *vector)


def from_bytes(data: bytes | memoryview) -> tuple[float, ...]:
    """A stored vector (to_bytes()) read back."""
    data = bytes(data)
    return struct.unpack(f"<{len(data) // 4}f", data)


def _dot(a: Sequence[float], b: Sequence[float]) -> float:
    return float(sum(x * y for x, y in zip(a, b, strict=True)))


NO_MODEL, NO_LIBRARY = "model", "library"


def unavailable(path: str) -> tuple[str, str] | None:
    """Why the model at ``path`` cannot be read, (NO_MODEL or NO_LIBRARY, a
    message for people), or None: what loading it (_load()) and the start-up
    check (claims.checks) both ask, without loading anything."""
    if not Path(path, "modules.json").is_file():
        return NO_MODEL, (
            f"CLAIMS_MATCH_SEMANTIC_MODEL: no sentence-transformers model at {path!r} "
            "(a directory with modules.json)"
        )
    if importlib.util.find_spec("sentence_transformers") is None:
        return NO_LIBRARY, (
            "CLAIMS_MATCH_SEMANTIC_MODEL is set but sentence-transformers is not installed: "
            "pip install -e '.[semantic]' (README, 'Cross-article matching')"
        )
    return None


def _load(path: str):
    """An encoder of texts to unit vectors, from the model at ``path``."""
    if (why := unavailable(path)) is not None:
        raise SemanticUnavailable(why[1])
    import torch
    from sentence_transformers import SentenceTransformer

    if "OMP_NUM_THREADS" not in os.environ:
        # one thread a process: a worker runs a process a core, and with
        # PyTorch's thread a core in each, a news day's matching by two
        # worker processes on two cores took 559 s instead of 206
        torch.set_num_threads(1)
    model = SentenceTransformer(path, device="cpu", local_files_only=True)

    def encode(texts: list[str]) -> list[Sequence[float]]:
        return list(
            model.encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False)
        )

    return encode
