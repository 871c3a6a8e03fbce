"""The optional reading of meaning (claims.matching.semantic): blended into
the similarity, it makes a paraphrase the lexical reading misses the same
claim, and decides nothing alone (another name is another fact, another
count a conflict). Tested with a stand-in encoder, and with the model of
the ``semantic`` extra (all-MiniLM-L6-v2, int8 ONNX: installed with the
dev extra, read from disk; nothing is downloaded) where it is installed."""

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from claims.matching import semantic
from claims.matching.compare import CONTRADICTS, DIFFERENT, SAME
from claims.matching.semantic import BUILT_IN, Meanings, SemanticUnavailable
from tests.claims.matching.test_compare import decide, run_pairs

TURNED_DOWN = "Washington twice turned down the team from Kabul"
DENIED = "The Afghan team was twice denied visas by the United States"


def decide_with(a: str, b: str, meaning: float):
    from claims.matching.compare import Vocabulary, compare
    from claims.matching.text import read_claim
    from tests.claims.matching.test_compare import BACKGROUND

    claims = [read_claim(t) for t in (a, b, *BACKGROUND)]
    return compare(claims[0], claims[1], Vocabulary(claims), meaning=meaning)


def test_a_paraphrase_near_in_meaning_is_the_same_claim():
    assert decide(TURNED_DOWN, DENIED).relation == DIFFERENT  # the words alone
    match = decide_with(TURNED_DOWN, DENIED, meaning=0.9)
    assert match.relation == SAME
    assert match.score > decide(TURNED_DOWN, DENIED).score
    assert any(term["term"] == "meaning" and term["value"] == 0.9 for term in match.basis)
    # far in meaning, the same words score lower than near
    assert decide_with(TURNED_DOWN, DENIED, meaning=0.1).score < match.score


def test_meaning_decides_no_relation_alone():
    # another name in the same words is another fact, however near in meaning
    other_place = decide_with(
        "The mayor of Marlow resigned on Monday", "The mayor of Ashford resigned on Monday", 0.99
    )
    assert other_place.relation == DIFFERENT
    # another count of the same thing is a conflict, as near in meaning as the fact
    conflict = decide_with(
        "Twelve workers died when a crane fell at Port Ellis on Tuesday",
        "Nine workers died when a crane fell at Port Ellis on Tuesday",
        0.99,
    )
    assert conflict.relation == CONTRADICTS


def unit(*values: float) -> list[float]:
    norm = math.sqrt(sum(v * v for v in values))
    return [v / norm for v in values]


class StandIn:
    """An encoder by a table of texts, counting what it is asked."""

    def __init__(self, table: dict[str, list[float]]):
        self.table, self.asked = table, []

    def __call__(self, texts: list[str]) -> list[list[float]]:
        self.asked += texts
        return [self.table[t] for t in texts]


def test_meanings_are_cosines_in_order_each_text_encoded_once(monkeypatch):
    encoder = StandIn({"a": unit(1, 0), "b": unit(1, 1), "c": unit(0, 1)})
    meanings = Meanings("unused", encoder=encoder)
    assert meanings.cosines("a", ["b", "c", "a"]) == pytest.approx([math.sqrt(0.5), 0.0, 1.0])
    assert meanings.cosines("c", ["b"]) == pytest.approx([math.sqrt(0.5)])
    assert encoder.asked == ["a", "b", "c"]  # remembered, not encoded again
    monkeypatch.setattr("claims.matching.semantic.REMEMBERED_VECTORS", 2)
    meanings.cosines("a", ["b"])
    meanings.cosines("c", [])  # forgotten as the least recent of three
    assert encoder.asked == ["a", "b", "c", "c"]


def test_meanings_are_shared_safely_by_a_web_process_threads(monkeypatch):
    """A web process answers searches on several threads (GUNICORN_THREADS)
    with one Meanings: while one thread reads its texts' vectors, another
    forgetting the least recent ones must not lose them under it."""
    import random
    import threading

    texts = [f"claim {i}" for i in range(40)]
    meanings = Meanings("unused", encoder=lambda batch: [unit(1, 0) for _ in batch])
    monkeypatch.setattr("claims.matching.semantic.REMEMBERED_VECTORS", 3)
    monkeypatch.setattr(sys, "getswitchinterval", sys.getswitchinterval)
    sys.setswitchinterval(1e-6)  # threads switch as often as they can
    failures = []

    def search(seed: int) -> None:
        rng = random.Random(seed)
        try:
            for _ in range(400):
                first, *others = rng.sample(texts, 4)
                assert meanings.cosines(first, others) == pytest.approx([1.0] * 3)
        except Exception as exc:  # noqa: BLE001 - any failure on a thread is the test's
            failures.append(exc)

    threads = [threading.Thread(target=search, args=(seed,)) for seed in range(6)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(0.005)
    assert failures == []


def test_a_model_that_is_not_there_is_a_clear_error(tmp_path):
    with pytest.raises(SemanticUnavailable, match="no model at"):
        Meanings(str(tmp_path))
    done = subprocess.run(
        [sys.executable, "manage.py", "match_claims", "--pairs", os.devnull],
        cwd=Path(__file__).resolve().parents[3],
        env={**os.environ, "CLAIMS_MATCH_SEMANTIC_MODEL": str(tmp_path / "none")},
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr and "no model at" in done.stderr


def test_without_a_model_the_pairs_contract_reads_the_words_alone(tmp_path):
    done = run_pairs(tmp_path, f'{{"a": "{TURNED_DOWN}", "b": "{DENIED}"}}\n')
    assert done.returncode == 0 and '"relation": "different"' in done.stdout


@pytest.mark.django_db
def test_matching_reads_meaning_when_a_model_is_named(
    monkeypatch, django_capture_on_commit_callbacks
):
    """The service blends in what the named model reads (a stand-in here):
    the two reports, whose words alone do not link, are the same claim."""
    from claims.actors import Actor
    from claims.models import ClaimLink
    from claims.services import links
    from claims.services.ingest import article_ingest

    def ingest_both():
        for text, publisher in ((TURNED_DOWN, "Kabul Times"), (DENIED, "Capital Post")):
            with django_capture_on_commit_callbacks(execute=True):
                article_ingest(
                    text=f"Visas\n\n{text}.\n",
                    actor=Actor.system("test"),
                    publisher=publisher,
                    url=f"https://{publisher.split()[0].lower()}.example/visas",
                )

    ingest_both()
    assert not ClaimLink.objects.exists()  # the words alone

    near = Meanings("stand-in", encoder=lambda texts: [unit(1, 0.1) for _ in texts])
    monkeypatch.setattr(links, "semantic_meanings", lambda: near)
    first, second = (c for c in links.Claim.objects.current().order_by("pk"))
    # "turned down" and "denied" are two predicates to the parse, which the
    # words' reading scores down with the meaning blended in too (its own
    # tests); here both are read as one, to see the meaning alone at work
    assert (first.predicates, second.predicates) == (["turn"], ["deny"])
    links.Claim.objects.filter(pk__in=[first.pk, second.pk]).update(predicates=["refuse"])
    # both matched in one batch, as an article's claims are
    (link,) = links.claims_match([first.pk, second.pk], actor=Actor.system("test"))
    assert link.relation == SAME
    assert any(term["term"] == "meaning" for term in link.basis)
    # a consumer's sentence searched for the same way
    (found,) = links.claims_like(TURNED_DOWN, exclude_article_ids=(first.article_id,))
    assert (found.claim.pk, found.relation) == (second.pk, SAME)


def test_the_setting_chooses_the_model_or_the_words_alone(monkeypatch):
    """ "auto" (the default) reads with the built-in model where the
    semantic extra is installed, by the words alone where it is not; "off"
    (or empty) is the words alone; anything else names a model."""
    for off in ("off", "", "  ", "none", "OFF"):
        assert semantic.chosen(off) == ""
    assert semantic.chosen(BUILT_IN) == BUILT_IN
    assert semantic.chosen("/srv/models/minilm") == "/srv/models/minilm"
    for installed, expected in ((True, BUILT_IN), (False, "")):
        semantic.chosen.cache_clear()
        monkeypatch.setattr(
            semantic,
            "unavailable",
            lambda path, installed=installed: None if installed else ("library", "missing"),
        )
        assert semantic.chosen("auto") == semantic.chosen(" Auto ") == expected
    semantic.chosen.cache_clear()


def test_without_the_extra_auto_is_no_error_at_start(settings, monkeypatch):
    from claims.checks import semantic_model

    settings.CLAIMS_MATCH_SEMANTIC_MODEL = "auto"
    semantic.chosen.cache_clear()
    monkeypatch.setattr(semantic, "_built_in_file", lambda: None)  # the extra not installed
    try:
        assert semantic_model(None) == []
        from claims.services import links

        assert links.semantic_meanings() is None  # the words alone, nothing raised
    finally:
        semantic.chosen.cache_clear()


def test_a_model_setting_is_checked_at_start(settings, tmp_path, monkeypatch):
    from claims.checks import semantic_model

    assert semantic_model(None) == []  # "off": the words alone
    settings.CLAIMS_MATCH_SEMANTIC_MODEL = str(tmp_path)
    assert [e.id for e in semantic_model(None)] == ["claims.E001"]
    (tmp_path / "modules.json").write_text("[]")
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)
    assert [e.id for e in semantic_model(None)] == ["claims.E002"]
    settings.CLAIMS_MATCH_SEMANTIC_MODEL = BUILT_IN  # named, its extra not installed
    (error,) = semantic_model(None)
    assert error.id == "claims.E002" and "pip install -e '.[semantic]'" in error.msg


@pytest.mark.django_db
def test_a_claims_meaning_is_read_once_at_its_own_matching_and_stored(
    monkeypatch, django_capture_on_commit_callbacks
):
    """With a model named, a claim is encoded when it is matched and its
    vector stored: a later report's matching reads it from the store, as
    another process would, and encodes its own claims alone. Another model
    reads every claim anew, and stores what it read."""
    from claims.actors import Actor
    from claims.matching.semantic import from_bytes
    from claims.models import Claim, ClaimMeaning
    from claims.services import links
    from claims.services.edits import claim_save_edit
    from claims.services.ingest import article_ingest

    reworded = "Washington twice turned down the robotics team from Kabul"

    def process(name: str) -> StandIn:
        """A new process's reading: nothing remembered."""
        encoder = StandIn({TURNED_DOWN: unit(1, 0.1), DENIED: unit(1, 0.2), reworded: unit(1, 0)})
        meanings = Meanings(name, encoder=encoder)
        monkeypatch.setattr(links, "semantic_meanings", lambda: meanings)
        return encoder

    def ingest(text: str, publisher: str) -> Claim:
        with django_capture_on_commit_callbacks(execute=True):
            article = article_ingest(
                text=f"Visas\n\n{text}.\n",
                actor=Actor.system("test"),
                publisher=publisher,
                url=f"https://{publisher.split()[0].lower()}.example/visas",
            ).article
        return article.claims.current().get()

    first_reading = process("model-1")
    first = ingest(TURNED_DOWN, "Kabul Times")
    assert first_reading.asked == [TURNED_DOWN]
    stored = ClaimMeaning.objects.get(claim=first)
    assert stored.model == "model-1"
    assert from_bytes(stored.vector) == pytest.approx(unit(1, 0.1))

    second_reading = process("model-1")
    second = ingest(DENIED, "Capital Post")
    assert second_reading.asked == [DENIED]  # the first claim's vector was read from the store
    assert ClaimMeaning.objects.filter(claim=second, model="model-1").exists()

    other_model = process("model-2")
    links.claims_match([second.pk], actor=Actor.system("test"))
    assert sorted(other_model.asked) == sorted([TURNED_DOWN, DENIED])
    assert ClaimMeaning.objects.get(claim=second).model == "model-2"
    # the candidate read at its first meeting is stored too: a store kept
    # from before the model is read once a claim, not in every process
    assert ClaimMeaning.objects.get(claim=first).model == "model-2"
    next_process = process("model-2")
    links.claims_match([second.pk], actor=Actor.system("test"))
    assert next_process.asked == []

    # a new wording is read anew when the claim is matched again
    edited = process("model-1")
    first.text = reworded
    with django_capture_on_commit_callbacks(execute=True):
        claim_save_edit(first, changed_fields=["text"], actor=Actor.system("test"))
    assert reworded in edited.asked
    assert from_bytes(ClaimMeaning.objects.get(claim=first).vector) == pytest.approx(unit(1, 0))


built_in = pytest.mark.skipif(
    semantic.unavailable(BUILT_IN) is not None, reason="the semantic extra is not installed"
)
AXED = "The company axed 300 jobs at its Leeds plant"
CUT = "The firm cut 300 jobs at the Leeds factory"


@built_in
def test_the_built_in_model_reads_a_paraphrase_as_near_in_meaning():
    meanings = Meanings(BUILT_IN)
    paraphrase, same_place, unrelated = meanings.cosines(
        AXED, [CUT, "The company opened a museum in Leeds", "Heavy rain flooded the town centre"]
    )
    assert paraphrase > same_place > unrelated
    assert paraphrase > 0.8 and unrelated < 0.3
    (vector,) = Meanings(BUILT_IN).vectors([AXED])
    assert vector.shape == (384,) and float(vector @ vector) == pytest.approx(1.0, abs=1e-5)
    # read in a batch with longer and shorter texts (padded), the same vector
    batch = Meanings(BUILT_IN).vectors(["Rain", AXED, f"{CUT}, the union said on Monday night"])
    assert batch[1] == pytest.approx(vector, abs=1e-5)


@built_in
def test_the_pairs_contract_with_the_built_in_model(tmp_path):
    """What the words alone miss ("axed" a plant's jobs, "cut" a factory's)
    the model's reading links; it still decides no relation alone."""
    lines = (
        f'{{"a": "{AXED}", "b": "{CUT}"}}\n'
        '{"a": "The mayor of Marlow resigned on Monday", '
        '"b": "The mayor of Ashford resigned on Monday"}\n'
        '{"a": "Twelve workers died when a crane fell at Port Ellis", '
        '"b": "Nine workers died when a crane fell at Port Ellis"}\n'
    )
    words = [json.loads(line) for line in run_pairs(tmp_path, lines).stdout.splitlines()]
    done = run_pairs(tmp_path, lines, model=BUILT_IN)
    assert done.returncode == 0, done.stderr
    meaning = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["relation"] for r in words] == [DIFFERENT, DIFFERENT, CONTRADICTS]
    assert [r["relation"] for r in meaning] == [SAME, DIFFERENT, CONTRADICTS]
    assert meaning[0]["score"] > words[0]["score"]


@built_in
def test_by_default_the_pairs_contract_reads_with_the_installed_extra(tmp_path):
    """With the setting unset ("auto") and the semantic extra installed, as
    ``make install`` installs it, the command reads as with the model
    named."""
    lines = (
        f'{{"a": "{AXED}", "b": "{CUT}"}}\n'
        '{"a": "The mayor of Marlow resigned on Monday", '
        '"b": "The mayor of Ashford resigned on Monday"}\n'
    )
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(lines)
    unset = ("CLAIMS_MATCH_SEMANTIC_MODEL", "DJANGO_SETTINGS_MODULE")  # the project's own settings
    env = {k: v for k, v in os.environ.items() if k not in unset}
    done = subprocess.run(
        [sys.executable, "manage.py", "match_claims", "--pairs", str(pairs)],
        cwd=Path(__file__).resolve().parents[3],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    named = run_pairs(tmp_path, lines, model=BUILT_IN)
    read = [json.loads(line) for line in done.stdout.splitlines()]
    assert read == [json.loads(line) for line in named.stdout.splitlines()]
    assert [r["relation"] for r in read] == [SAME, DIFFERENT]  # the words alone: both different


@built_in
def test_a_built_in_model_file_that_is_not_the_published_one_is_refused(tmp_path, monkeypatch):
    forged = tmp_path / "model.onnx"
    forged.write_bytes(b"not the model")
    monkeypatch.setattr(semantic, "_built_in_file", lambda: forged)
    with pytest.raises(SemanticUnavailable, match="sha256 differs"):
        Meanings(BUILT_IN)


@built_in
def test_a_forged_built_in_model_file_fails_the_start_up_check(settings, tmp_path, monkeypatch):
    from claims.checks import semantic_model

    settings.CLAIMS_MATCH_SEMANTIC_MODEL = "auto"  # chosen because the extra is installed
    assert semantic_model(None) == []
    forged = tmp_path / "model.onnx"
    forged.write_bytes(b"not the model")
    monkeypatch.setattr(semantic, "_built_in_file", lambda: forged)
    (error,) = semantic_model(None)
    assert error.id == "claims.E003" and "sha256 differs" in error.msg


def op_types(model: Path) -> set[str]:
    import onnx

    return {node.op_type for node in onnx.load(str(model)).graph.node}


@built_in
def test_the_built_in_model_is_read_with_int8_arithmetic_derived_once(tmp_path, monkeypatch):
    """The published file multiplies its int8 weights back to float32 as
    it loads; the file read is derived from it for int8 products, once,
    and kept."""
    published = semantic._built_in_file()
    assert "MatMulInteger" not in op_types(published)
    texts = [AXED, CUT, "Heavy rain flooded the town centre"]
    first = Meanings(BUILT_IN, cache=str(tmp_path / "models"))
    (kept,) = (tmp_path / "models").iterdir()  # the derived file alone, no work left behind
    assert "MatMulInteger" in op_types(kept)
    derived = first.vectors(texts)

    def derive_again(*args):
        raise AssertionError("derived again")

    monkeypatch.setattr(semantic, "_derive", derive_again)
    again = Meanings(BUILT_IN, cache=str(tmp_path / "models")).vectors(texts)
    assert [list(v) for v in again] == [list(v) for v in derived]
    # near the published file's float32 reading, not the same: its vectors
    # are stored under another name, and read anew
    (tmp_path / "published").mkdir()
    (tmp_path / "published" / "model.onnx").symlink_to(published)
    (tmp_path / "published" / "tokenizer.json").symlink_to(semantic._BUILT_IN_TOKENIZER)
    float32 = Meanings(str(tmp_path / "published")).vectors(texts)
    assert all(0.98 < float(a @ b) < 0.99999 for a, b in zip(derived, float32, strict=True))
    assert first.name == semantic.BUILT_IN_READING != BUILT_IN


@built_in
def test_a_cache_folder_it_cannot_write_derives_for_the_process_alone(tmp_path, caplog):
    taken = tmp_path / "a-file"
    taken.write_text("not a folder")
    kept = Meanings(BUILT_IN, cache=str(tmp_path / "models")).vectors([AXED])
    with caplog.at_level("WARNING", logger="claims.matching.semantic"):
        alone = Meanings(BUILT_IN, cache=str(taken / "models")).vectors([AXED])
    assert [list(v) for v in alone] == [list(v) for v in kept]
    assert "derived for this process alone" in caplog.text
    assert taken.read_text() == "not a folder"


@built_in
def test_a_worker_derives_the_built_in_models_file_as_it_starts(
    settings, tmp_path, monkeypatch, caplog
):
    """Before its pool forks (claims.tasks.derive_semantic_model), so that
    its processes find the file; nothing for the words alone, and a forged
    model file is logged, not a worker that fails to start."""
    from claims import tasks

    settings.CLAIMS_MATCH_MODEL_CACHE = str(tmp_path / "words")
    settings.CLAIMS_MATCH_SEMANTIC_MODEL = "off"
    tasks.derive_semantic_model(sender=None)
    assert not (tmp_path / "words").exists()

    settings.CLAIMS_MATCH_SEMANTIC_MODEL = "auto"
    settings.CLAIMS_MATCH_MODEL_CACHE = str(tmp_path / "models")
    tasks.derive_semantic_model(sender=None)
    (kept,) = (tmp_path / "models").iterdir()
    assert "MatMulInteger" in op_types(kept)

    forged = tmp_path / "model.onnx"
    forged.write_bytes(b"not the model")
    monkeypatch.setattr(semantic, "_built_in_file", lambda: forged)
    settings.CLAIMS_MATCH_MODEL_CACHE = str(tmp_path / "other")
    tasks.derive_semantic_model(sender=None)
    assert "not derived at start" in caplog.text and "sha256 differs" in caplog.text
    assert not (tmp_path / "other").exists()  # nothing derived, nor a folder made
    # a folder it cannot write (the published model file): left to each process
    monkeypatch.undo()
    taken = tmp_path / "a-file"
    taken.write_text("")
    assert semantic.derive_built_in(str(taken / "models")) is None


def test_the_cache_folder_is_the_setting_or_the_users_cache(tmp_path, monkeypatch):
    assert semantic.model_cache(str(tmp_path)) == tmp_path
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert semantic.model_cache("") == tmp_path / "xdg" / "claimtrack"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert semantic.model_cache(" ") == tmp_path / "home" / ".cache" / "claimtrack"


@built_in
def test_without_onnx_the_built_in_model_is_unavailable(monkeypatch):
    import importlib.util

    find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        "importlib.util.find_spec", lambda name: None if name == "onnx" else find_spec(name)
    )
    kind, message = semantic.unavailable(BUILT_IN)
    assert kind == semantic.NO_LIBRARY and "onnx is not installed" in message


@built_in
def test_a_directory_with_an_onnx_model_and_its_tokenizer_is_read_the_same_way(tmp_path):
    derived = semantic._int8_arithmetic(semantic.built_in_verified(), semantic.model_cache())
    (tmp_path / "model.onnx").symlink_to(derived)
    (tmp_path / "tokenizer.json").symlink_to(semantic._BUILT_IN_TOKENIZER)
    assert semantic.unavailable(str(tmp_path)) is None
    (from_directory,) = Meanings(str(tmp_path)).vectors([AXED])
    (built_in_vector,) = Meanings(BUILT_IN).vectors([AXED])
    assert from_directory == pytest.approx(built_in_vector, abs=1e-6)
    (tmp_path / "tokenizer.json").unlink()  # half a model is none
    assert semantic.unavailable(str(tmp_path))[0] == semantic.NO_MODEL
