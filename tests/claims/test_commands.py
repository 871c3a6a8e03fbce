"""extract_claims and ingest: the JSON contract, progress, and clear errors."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims.models import Claim
from sources.models import Article

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = "Council Delays Vote\n\nThe council postponed the vote and may revisit it next month.\n"


def run_manage(*args, stdin: bytes | None = None):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
    )


def test_extract_claims_json_is_the_scored_contract(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    out = io.StringIO()
    call_command("extract_claims", str(path), "--json", stdout=out)
    claims = json.loads(out.getvalue())
    assert [c["text"] for c in claims] == [
        "The council postponed the vote",
        "The council may revisit it next month",
    ]
    required = {"text", "quote", "start", "end", "polarity", "hedged", "hedges", "attribution"}
    required |= {"time_bound", "kind", "entities", "confidence"}
    for claim in claims:
        assert required <= set(claim)
        assert SAMPLE[claim["start"] : claim["end"]] == claim["quote"]


def test_extract_claims_reads_stdin_and_stores_nothing(db):
    result = run_manage("extract_claims", "--json", "-", stdin=SAMPLE.encode())
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 2
    assert not Article.objects.exists()


def test_extract_claims_offsets_point_into_the_original_html(tmp_path):
    html = (
        "<html><body><h1>Council Delays Vote</h1>"
        "<p>Shares in Smith &amp; Sons fell sharply on Tuesday.</p></body></html>"
    )
    path = tmp_path / "a.html"
    path.write_text(html, encoding="utf-8")
    out = io.StringIO()
    call_command("extract_claims", str(path), "--json", stdout=out)
    (claim,) = json.loads(out.getvalue())
    assert claim["text"] == "Shares in Smith & Sons fell sharply on Tuesday"
    assert html[claim["start"] : claim["end"]] == claim["quote"]
    assert "&amp;" in claim["quote"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n  ", "empty"),
        (b"\x00\x01\x02binary\x00", "binary"),
        (b"caf\xe9 au lait", "not valid UTF-8"),
    ],
)
def test_extract_claims_bad_input_exits_non_zero_with_a_message(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = run_manage("extract_claims", "--json", str(path))
    assert result.returncode != 0
    assert message in result.stderr.decode()
    assert b"Traceback" not in result.stderr
    assert result.stdout == b""


def test_extract_claims_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="no such file"):
        call_command("extract_claims", "/nonexistent/article.txt", "--json")


def test_extract_claims_refuses_oversized_files(tmp_path, settings):
    settings.CLAIMS_MAX_ARTICLE_BYTES = 1000
    path = tmp_path / "big.txt"
    path.write_text("The council met. " * 100, encoding="utf-8")
    with pytest.raises(CommandError, match="limit"):
        call_command("extract_claims", str(path), "--json")


def test_non_english_text_yields_no_claims_and_says_why(tmp_path):
    path = tmp_path / "de.txt"
    path.write_text(
        "Der Stadtrat hat am Dienstag die Abstimmung über die Wasserpreise verschoben, "
        "weil die Bürger dagegen protestiert haben und die Stadt noch keine Lösung hat.",
        encoding="utf-8",
    )
    out, err = io.StringIO(), io.StringIO()
    call_command("extract_claims", str(path), "--json", stdout=out, stderr=err)
    assert json.loads(out.getvalue()) == []
    assert "not English (detected: de)" in err.getvalue()


@pytest.mark.django_db
def test_ingest_stores_articles_with_progress_and_is_idempotent(tmp_path):
    files = []
    for i, body in enumerate(["The mill closed in March.", "The port reopened on Monday."]):
        path = tmp_path / f"{i}.txt"
        path.write_text(f"Story {i} Headline Here\n\n{body}\n", encoding="utf-8")
        files.append(str(path))
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest", *files, stdout=out, stderr=err)
    assert out.getvalue().count("stored article") == 2
    assert "2/2" in err.getvalue()  # the progress bar
    assert Article.objects.count() == 2
    assert Claim.objects.count() == 2
    out = io.StringIO()
    call_command("ingest", *files, stdout=out, stderr=io.StringIO())
    assert out.getvalue().count("nothing changed") == 2
    assert Article.objects.count() == 2


@pytest.mark.django_db
def test_ingest_reports_bad_files_stores_the_good_ones_and_exits_non_zero(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("The mill closed in March after forty years.\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 of 3 files|2 of 3 files"):
        call_command(
            "ingest",
            str(good),
            str(empty),
            str(tmp_path / "missing.txt"),
            stdout=io.StringIO(),
            stderr=err,
        )
    assert "empty.txt: the text is empty" in err.getvalue()
    assert "missing.txt: no such file" in err.getvalue()
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_ingest_options_set_url_publisher_and_date(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("The mill closed in March after forty years.\n", encoding="utf-8")
    call_command(
        "ingest",
        str(path),
        "--url",
        "https://paper.example/mill",
        "--publisher",
        "The Paper",
        "--published-at",
        "2026-03-02",
        stdout=io.StringIO(),
    )
    article = Article.objects.get()
    assert article.url == "https://paper.example/mill"
    assert article.publisher.name == "The Paper"
    assert article.published_at.date().isoformat() == "2026-03-02"


def test_ingest_rejects_a_bad_date():
    with pytest.raises(CommandError, match="not a date"):
        call_command("ingest", "x.txt", "--published-at", "last Tuesday")


def test_commands_of_the_store_say_so_on_a_database_not_yet_migrated(tmp_path):
    """A fresh checkout before `manage.py migrate`: each command that reads
    or writes the store says what to run, with no traceback; the evaluation
    contracts read files only and run all the same."""
    import os

    fresh = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}"}
    article = tmp_path / "a.txt"
    article.write_text(SAMPLE, encoding="utf-8")
    commands = (["demo"], ["ingest", str(article)], ["recheck", "--due"], ["match_claims", "--all"])
    for args in commands:
        run = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT, env=fresh, capture_output=True, text=True,
        )  # fmt: skip
        assert run.returncode == 1, args
        assert "not migrated" in run.stderr and "manage.py migrate" in run.stderr, args
        assert "Traceback" not in run.stderr, args
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(json.dumps({"a": "The council postponed the vote", "b": SAMPLE}) + "\n")
    run = subprocess.run(
        [sys.executable, "manage.py", "match_claims", "--pairs", str(pairs)],
        cwd=ROOT, env=fresh, capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["relation"] in ("same", "contradicts", "different")
