"""Long texts cost time and memory in proportion to their length: a long
paragraph is parsed in bounded pieces (never one document the parser
refuses or chews on quadratically), and the claims found stay exact."""

import pytest

from claims.extraction.cleaning import MAX_SEGMENT_CHARS, bounded_pieces, clean
from claims.extraction.pipeline import get_extractor

SENTENCES = [
    "The council approved a budget of 12 million dollars on Monday, officials said.",
    "Harbour master Ines Costa said two cranes were damaged and repairs may take weeks.",
    "No ships have been turned away so far.",
]


def paragraph(chars: int) -> str:
    words = []
    size = 0
    while size < chars:
        sentence = SENTENCES[len(words) % 3]
        words.append(sentence)
        size += len(sentence) + 1
    return " ".join(words)


def test_pieces_cover_the_text_in_order_each_within_the_limit():
    text = paragraph(20_000)
    pieces = list(bounded_pieces(text, 0, len(text)))
    assert len(pieces) > 1
    assert all(0 < e - s <= MAX_SEGMENT_CHARS for s, e in pieces)
    assert " ".join(text[s:e] for s, e in pieces) == text  # only the spaces between go
    # cut after a sentence's end, not inside one
    assert all(text[s:e].endswith((".", "said.")) for s, e in pieces[:-1])


def test_a_text_with_no_sentence_end_or_space_is_still_cut():
    text = "x" * (MAX_SEGMENT_CHARS * 2 + 5)
    assert [e - s for s, e in bounded_pieces(text, 0, len(text))] == [
        MAX_SEGMENT_CHARS,
        MAX_SEGMENT_CHARS,
        5,
    ]


def test_a_paragraph_over_a_million_characters_never_reaches_the_parser_whole():
    raw = "Port News\n\n" + paragraph(1_200_000) + "\n"
    cleaned = clean(raw)
    assert {seg.paragraph for seg in cleaned.segments} == {0}  # still one paragraph
    assert max(seg.end - seg.start for seg in cleaned.segments) <= MAX_SEGMENT_CHARS
    assert all(raw[seg.start : seg.end] == seg.text for seg in cleaned.segments)


def test_claims_of_a_long_paragraph_are_found_throughout_with_exact_spans():
    raw = "Port News\n\n" + paragraph(12_000) + "\n"
    extraction = get_extractor().extract(raw)
    assert len(extraction.claims) > 200
    assert all(raw[c.start : c.end] == c.quote for c in extraction.claims)
    assert extraction.claims[-1].start > 10_000  # the end of the paragraph is read too


def test_extraction_stops_at_the_claim_limit_and_says_so():
    raw = "Port News\n\n" + "\n\n".join(SENTENCES * 20) + "\n"
    extraction = get_extractor().extract(raw, max_claims=5)
    assert len(extraction.claims) == 5
    assert "claim limit reached" in extraction.note


@pytest.mark.django_db
def test_an_article_over_the_claim_limit_is_stored_and_flagged(settings):
    from claims.actors import Actor
    from claims.services.ingest import article_ingest

    settings.CLAIMS_MAX_CLAIMS_PER_ARTICLE = 4
    raw = "Port News\n\n" + "\n\n".join(SENTENCES * 10) + "\n"
    result = article_ingest(text=raw, actor=Actor.system("test"))
    assert result.article.claims.count() == 4
    assert "claim limit reached" in result.article.extraction_note


@pytest.mark.django_db
def test_the_writes_of_a_big_article_are_batched(monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    import claims.db
    import claims.services.ingest
    import claims.services.verdicts
    from claims.actors import Actor
    from claims.services.ingest import article_ingest

    for module, name in (
        (claims.db, "WRITE_BATCH"),
        (claims.services.ingest, "WRITE_BATCH"),
        (claims.services.verdicts, "HISTORY_BATCH"),
    ):
        monkeypatch.setattr(module, name, 10)
    raw = "Port News\n\n" + "\n\n".join(
        f"Ship {n} docked at the port on Monday." for n in range(45)
    )
    with CaptureQueriesContext(connection) as queries:
        result = article_ingest(text=raw, actor=Actor.system("test"), publisher="Port News")
    claims_made = result.article.claims.count()
    assert claims_made == 45
    inserts = [q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "claims_claim" ')]
    assert len(inserts) == 5  # 45 claims, 10 a statement
    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "claims_claim"')]
    assert len(updates) >= 5  # the first scores, 10 claims a statement
