"""Each invariant is enforced by the database itself (IntegrityError), not a form.

Rows are written with QuerySet.create/update, which skip model validation,
so only the database stands between a bad value and the table. The same
tests run on SQLite and on PostgreSQL.
"""

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from claims.models import ClaimCheck, ClaimStatus
from sources.models import Article, Source
from tests.factories import ArticleFactory, ClaimFactory, EvidenceFactory, SourceFactory

pytestmark = pytest.mark.django_db


def rejects(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


@pytest.mark.parametrize("reliability", [-0.01, 1.01])
def test_source_reliability_outside_unit_interval_is_rejected(reliability):
    rejects(lambda: SourceFactory(reliability=reliability))


def test_source_reliability_bounds_are_accepted():
    SourceFactory(reliability=0.0)
    SourceFactory(reliability=1.0)


def test_source_kind_must_be_a_known_value():
    rejects(lambda: SourceFactory(kind="rumour-mill"))


def test_source_slug_is_unique():
    SourceFactory(slug="reuters")
    rejects(lambda: SourceFactory(slug="reuters"))


def test_article_url_is_unique_when_given():
    ArticleFactory(url="https://news.example/a")
    rejects(lambda: ArticleFactory(url="https://news.example/a"))


def test_articles_without_url_do_not_collide():
    ArticleFactory(url=None)
    ArticleFactory(url=None)
    assert Article.objects.filter(url__isnull=True).count() == 2


def test_article_url_cannot_be_an_empty_string():
    rejects(lambda: ArticleFactory(url=""))


def test_article_content_hash_is_unique():
    first = ArticleFactory()
    rejects(lambda: ArticleFactory(content_hash=first.content_hash))


@pytest.mark.parametrize("confidence", [-0.5, 1.5])
def test_claim_confidence_outside_unit_interval_is_rejected(confidence):
    rejects(lambda: ClaimFactory(confidence=confidence))


@pytest.mark.parametrize(("start", "end"), [(10, 10), (20, 5)])
def test_claim_start_must_be_before_end(start, end):
    rejects(lambda: ClaimFactory(start=start, end=end))


@pytest.mark.parametrize(
    ("field", "value"),
    [("status", "probably-true"), ("polarity", "maybe"), ("kind", "gossip")],
)
def test_claim_enums_must_be_known_values(field, value):
    rejects(lambda: ClaimFactory(**{field: value}))


def test_claim_enum_cannot_be_corrupted_by_a_bulk_update():
    claim = ClaimFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(claim).objects.filter(pk=claim.pk).update(status="bogus")


def test_claims_may_share_a_quote_but_not_span_and_text():
    claim = ClaimFactory(text="The council postponed the vote")
    # Two claims split from one clause share the span with different wording.
    ClaimFactory(article=claim.article, start=claim.start, end=claim.end, text="Another claim")
    rejects(
        lambda: ClaimFactory(
            article=claim.article, start=claim.start, end=claim.end, text=claim.text
        )
    )


@pytest.mark.parametrize("weight", [-0.1, 1.1])
def test_evidence_weight_outside_unit_interval_is_rejected(weight):
    rejects(lambda: EvidenceFactory(weight=weight))


@pytest.mark.parametrize(
    ("field", "value"),
    [("stance", "agrees"), ("state", "vanished"), ("added_by", "robot")],
)
def test_evidence_enums_must_be_known_values(field, value):
    rejects(lambda: EvidenceFactory(**{field: value}))


def _history_row(claim, **overrides):
    values = {
        "claim": claim,
        "actor_kind": "task",
        "actor": "test",
        "old_status": ClaimStatus.UNVERIFIED,
        "new_status": ClaimStatus.CORROBORATED,
        "old_confidence": 0.5,
        "new_confidence": 0.7,
    }
    return ClaimCheck.objects.create(**{**values, **overrides})


@pytest.mark.parametrize(
    "overrides",
    [{"new_confidence": 1.2}, {"old_confidence": -1}, {"new_status": "bogus"}, {"actor_kind": "x"}],
)
def test_history_rows_hold_valid_values(overrides):
    claim = ClaimFactory()
    rejects(lambda: _history_row(claim, **overrides))


def test_history_rows_cannot_be_updated_even_in_raw_sql():
    row = _history_row(ClaimFactory())
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE claims_claimcheck SET reason = 'rewritten' WHERE id = %s", [row.pk])
    row.refresh_from_db()
    assert row.reason == ""


def test_history_rows_cannot_be_updated_or_deleted_through_the_orm():
    row = _history_row(ClaimFactory())
    with pytest.raises(TypeError):
        ClaimCheck.objects.filter(pk=row.pk).update(reason="rewritten")
    with pytest.raises(TypeError):
        ClaimCheck.objects.filter(pk=row.pk).delete()
    row.reason = "rewritten"
    with pytest.raises(TypeError):
        row.save()
    with pytest.raises(TypeError):
        row.delete()
    assert ClaimCheck.objects.get(pk=row.pk).reason == ""


def test_a_claim_with_history_cannot_be_deleted():
    row = _history_row(ClaimFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        # PROTECT in the ORM raises ProtectedError, an IntegrityError.
        row.claim.delete()
    assert ClaimCheck.objects.filter(pk=row.pk).exists()


def test_history_rows_cannot_be_deleted_in_raw_sql_on_postgresql(on_postgresql):
    row = _history_row(ClaimFactory())
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM claims_claimcheck WHERE id = %s", [row.pk])
    assert ClaimCheck.objects.filter(pk=row.pk).exists()


def test_sources_in_use_cannot_be_deleted():
    evidence = EvidenceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.filter(pk=evidence.source_id).delete()
