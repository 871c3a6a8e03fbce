import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.actors import Actor
from claims.models import Claim, ClaimCheck
from claims.services.verdicts import claim_set_status
from tests.factories import ArticleFactory, ClaimFactory, EvidenceFactory, SourceFactory, publish

pytestmark = pytest.mark.django_db


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def ids(response):
    return [c["id"] for c in results(response)]


@pytest.fixture
def claims():
    """A small, varied set of claims."""
    now = timezone.now()
    analysts = SourceFactory(name="analysts", slug="analysts", kind="unnamed")
    article = ArticleFactory()
    made = {
        "confirmed": ClaimFactory(
            article=article, status="confirmed", confidence=0.9, text="The port reopened"
        ),
        "refuted": ClaimFactory(
            article=article,
            status="refuted",
            confidence=0.2,
            polarity="negated",
            text="No ships returned",
        ),
        "hedged": ClaimFactory(
            hedged=True,
            kind="forecast",
            confidence=0.4,
            attribution=analysts,
            text="Prices may rise",
        ),
        "due": ClaimFactory(
            next_check_at=now - timedelta(minutes=5),
            time_bound=True,
            text="The road is still closed",
        ),
        "checked": ClaimFactory(
            last_checked_at=now - timedelta(days=2), confidence=0.6, text="The bridge opened"
        ),
    }
    return made


def test_list_fields(consumer, claims):
    claim = results(consumer.get("/api/v1/claims/?page_size=1"))[0]
    for field in (
        "id",
        "text",
        "quote",
        "start",
        "end",
        "polarity",
        "hedged",
        "hedges",
        "attribution",
        "kind",
        "time_bound",
        "entities",
        "status",
        "confidence",
        "confidence_basis",
        "status_locked",
        "article",
        "next_check_at",
        "last_checked_at",
    ):
        assert field in claim


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=confirmed", {"confirmed"}),
        ("status=confirmed&status=refuted", {"confirmed", "refuted"}),
        ("polarity=negated", {"refuted"}),
        ("kind=forecast", {"hedged"}),
        ("hedged=true", {"hedged"}),
        ("time_bound=true", {"due"}),
        ("confidence_min=0.85", {"confirmed"}),
        ("confidence_max=0.3", {"refuted"}),
        ("confidence_min=0.3&confidence_max=0.65", {"hedged", "checked", "due"}),
        ("due=true", {"due"}),
        ("q=port reopened", {"confirmed"}),
        ("attributed=true", {"hedged"}),
    ],
)
def test_filters(consumer, claims, query, expected):
    wanted = {claims[name].pk for name in expected}
    assert set(ids(consumer.get(f"/api/v1/claims/?{query}"))) == wanted


def test_filter_by_article_attribution_and_evidence_source(consumer, claims):
    article = claims["confirmed"].article_id
    assert set(ids(consumer.get(f"/api/v1/claims/?article={article}"))) == {
        claims["confirmed"].pk,
        claims["refuted"].pk,
    }
    attribution = claims["hedged"].attribution_id
    assert ids(consumer.get(f"/api/v1/claims/?attribution={attribution}")) == [claims["hedged"].pk]
    evidence = EvidenceFactory(claim=claims["checked"], stance="refutes")
    url = f"/api/v1/claims/?source={evidence.source_id}"
    assert ids(consumer.get(url)) == [claims["checked"].pk]
    assert ids(consumer.get(url + "&stance=supports")) == []
    assert ids(consumer.get("/api/v1/claims/?stance=refutes")) == [claims["checked"].pk]


def test_date_range_filters(consumer, claims):
    now = timezone.now()
    checked = consumer.get(
        "/api/v1/claims/", {"checked_after": (now - timedelta(days=3)).isoformat()}
    )
    assert ids(checked) == [claims["checked"].pk]
    future = consumer.get(
        "/api/v1/claims/", {"created_after": (now + timedelta(days=1)).isoformat()}
    )
    assert ids(future) == []


def test_bad_filter_values_answer_400(consumer, claims):
    for query in ("status=probably", "confidence_min=high", "due=maybe", "created_after=yesterday"):
        response = consumer.get(f"/api/v1/claims/?{query}")
        assert response.status_code == 400, query
        assert response.json()["code"] == "invalid"


@pytest.mark.parametrize(
    "ordering",
    [
        "confidence",
        "-confidence",
        "created_at",
        "-created_at",
        "last_checked_at",
        "-last_checked_at",
    ],
)
def test_cursor_pages_walk_every_claim_exactly_once_in_order(consumer, ordering):
    article = ArticleFactory()
    now = timezone.now()
    for i in range(23):  # ties on purpose: 5 distinct confidences, some never checked
        ClaimFactory(
            article=article,
            confidence=(i % 5) / 10,
            last_checked_at=None if i % 3 == 0 else now - timedelta(hours=i % 4),
        )
    seen, url = [], f"/api/v1/claims/?ordering={ordering}&page_size=4"
    while url:
        body = consumer.get(url).json()
        seen.extend(body["results"])
        url = body["next"]
    assert len(seen) == 23 and len({c["id"] for c in seen}) == 23
    field = ordering.lstrip("-")
    blank = 0.0 if field == "confidence" else ""
    keys = [(c[field] is not None, blank if c[field] is None else c[field], c["id"]) for c in seen]
    assert keys == sorted(keys, reverse=ordering.startswith("-"))


@pytest.mark.parametrize(
    "query", ["ordering=text", "page_size=0", "page_size=1000", "cursor=garbage"]
)
def test_bad_paging_parameters_answer_400(consumer, claims, query):
    assert consumer.get(f"/api/v1/claims/?{query}").status_code == 400


def test_list_query_count_does_not_grow_with_page_size(consumer):
    source = SourceFactory()
    for _ in range(120):
        ClaimFactory(attribution=source)
    consumer.get("/api/v1/claims/?page_size=1")  # the token is read once, then remembered
    counts = {}
    for size in (10, 100):
        with CaptureQueriesContext(connection) as queries:
            assert len(results(consumer.get(f"/api/v1/claims/?page_size={size}"))) == size
        counts[size] = len(queries)
    assert counts[10] == counts[100] == 1


# ------------------------------------------------------------ concurrency
def test_get_sends_an_etag_and_patch_needs_it(editor, claims):
    claim = claims["checked"]
    response = editor.get(f"/api/v1/claims/{claim.pk}/")
    etag = response["ETag"]
    assert etag.startswith('"')
    missing = editor.patch(
        f"/api/v1/claims/{claim.pk}/", {"text": "The bridge reopened"}, format="json"
    )
    assert missing.status_code == 428
    stale = editor.patch(
        f"/api/v1/claims/{claim.pk}/",
        {"text": "The bridge reopened"},
        format="json",
        HTTP_IF_MATCH='"stale"',
    )
    assert stale.status_code == 412
    claim.refresh_from_db()
    assert claim.text == "The bridge opened"
    ok = editor.patch(
        f"/api/v1/claims/{claim.pk}/",
        {"text": "The bridge reopened", "kind": "plan"},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert ok.status_code == 200
    assert ok.json()["text"] == "The bridge reopened"
    assert ok["ETag"] != etag
    claim.refresh_from_db()
    assert claim.edited_at is not None and claim.kind == "plan"
    # the first editor's ETag is now stale: a second writer cannot overwrite
    second = editor.patch(
        f"/api/v1/claims/{claim.pk}/", {"text": "Other"}, format="json", HTTP_IF_MATCH=etag
    )
    assert second.status_code == 412


def test_a_claim_answers_304_to_a_client_holding_it_and_a_recheck_fails_no_edit(editor, claims):
    from claims.services.recheck import claims_recheck

    claim = claims["checked"]
    url = f"/api/v1/claims/{claim.pk}/"
    etag = editor.get(url)["ETag"]
    held = editor.get(url, HTTP_IF_NONE_MATCH=f'"other", W/{etag}')  # weak compare
    assert held.status_code == 304 and held["ETag"] == etag and not held.content
    Claim.objects.filter(pk=claim.pk).update(confidence=0.11)  # a re-check moved it
    claims_recheck([claim.pk], actor=Actor.for_task("t"), only_due=False, fetch=False)
    moved = editor.get(url, HTTP_IF_NONE_MATCH=etag)
    assert moved.status_code == 200 and moved["ETag"] != etag  # a new body: a new tag
    # what an edit could overwrite did not change: the old tag still passes If-Match
    patched = editor.patch(url, {"hedged": True}, format="json", HTTP_IF_MATCH=etag)
    assert patched.status_code == 200, patched.content
    stale = editor.patch(url, {"hedged": False}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412  # the edit changed the edit part
    weak = editor.patch(url, {"hedged": False}, format="json", HTTP_IF_MATCH=f"W/{patched['ETag']}")
    assert weak.status_code == 412  # If-Match compares strongly


def test_verdicts_need_their_permission_and_a_reason(editor, verdict_editor, claims):
    claim = claims["checked"]
    etag = editor.get(f"/api/v1/claims/{claim.pk}/")["ETag"]
    denied = editor.patch(
        f"/api/v1/claims/{claim.pk}/",
        {"status": "refuted", "reason": "x"},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert denied.status_code == 403
    no_reason = verdict_editor.patch(
        f"/api/v1/claims/{claim.pk}/", {"status": "refuted"}, format="json", HTTP_IF_MATCH=etag
    )
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["detail"]
    assert not ClaimCheck.objects.exists()
    done = verdict_editor.patch(
        f"/api/v1/claims/{claim.pk}/",
        {"status": "refuted", "status_locked": True, "reason": "Court ruling of 3 May"},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert done.status_code == 200
    assert done.json()["status"] == "refuted" and done.json()["status_locked"] is True
    row = ClaimCheck.objects.get(claim=claim)
    assert row.actor == "token:desk-chief" and row.reason == "Court ruling of 3 May"


def test_confidence_is_never_writable(verdict_editor, claims):
    claim = claims["checked"]
    etag = verdict_editor.get(f"/api/v1/claims/{claim.pk}/")["ETag"]
    verdict_editor.patch(
        f"/api/v1/claims/{claim.pk}/", {"confidence": 0.99}, format="json", HTTP_IF_MATCH=etag
    )
    claim.refresh_from_db()
    assert claim.confidence == 0.6


def test_consumers_cannot_change_claims_and_put_is_not_offered(consumer, admin_api, claims):
    claim = claims["checked"]
    etag = consumer.get(f"/api/v1/claims/{claim.pk}/")["ETag"]
    assert (
        consumer.patch(
            f"/api/v1/claims/{claim.pk}/", {"text": "x y z"}, format="json", HTTP_IF_MATCH=etag
        ).status_code
        == 403
    )
    assert (
        admin_api.put(f"/api/v1/claims/{claim.pk}/", {"text": "x y z"}, format="json").status_code
        == 405
    )


def test_invalid_patch_answers_400(verdict_editor, claims):
    claim = claims["checked"]
    etag = verdict_editor.get(f"/api/v1/claims/{claim.pk}/")["ETag"]
    for body in ({"text": ""}, {"status": "probably", "reason": "x"}, {"attribution_id": 999999}):
        response = verdict_editor.patch(
            f"/api/v1/claims/{claim.pk}/", body, format="json", HTTP_IF_MATCH=etag
        )
        assert response.status_code == 400, body


# ----------------------------------------------------------------- actions
def test_history_lists_changes_newest_first(consumer, claims):
    claim = claims["checked"]
    for confidence in (0.7, 0.8):
        claim_set_status(claim_id=claim.pk, actor=Actor.for_task("t"), confidence=confidence)
    history = consumer.get(f"/api/v1/claims/{claim.pk}/history/").json()
    assert [(h["old_confidence"], h["new_confidence"]) for h in history] == [(0.7, 0.8), (0.6, 0.7)]
    assert set(history[0]) >= {"at", "actor", "old_status", "new_status", "reason"}


def test_recheck_answers_202(editor, consumer, claims):
    claim = claims["checked"]
    EvidenceFactory(claim=claim, url="")
    EvidenceFactory(claim=claim, url="")
    response = editor.post(f"/api/v1/claims/{claim.pk}/recheck/")
    assert response.status_code == 202
    assert response.json()["status"] == "done"
    assert Claim.objects.get(pk=claim.pk).status == "corroborated"
    assert consumer.post(f"/api/v1/claims/{claim.pk}/recheck/").status_code == 403
    assert editor.post("/api/v1/claims/999999/recheck/").status_code == 404


def test_claimreview_json_ld(consumer, claims, settings):
    settings.CLAIMS_REVIEW_URL_TEMPLATE = "https://news.example/checks/{id}"
    claim = claims["confirmed"]
    assert consumer.get(f"/api/v1/claims/{claim.pk}/claimreview/").status_code == 404
    publication = publish(claim, body="The port authority confirmed it in writing.")
    response = consumer.get(f"/api/v1/claims/{claim.pk}/claimreview/")
    assert response.status_code == 200
    review = response.json()
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "The port reopened"
    rating = review["reviewRating"]
    assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (5, 5, 1)
    assert rating["alternateName"] == "True"
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["firstAppearance"]["url"] == claim.article.url
    assert item["appearance"][0]["url"] == claim.article.url
    assert review["author"]["name"]
    assert review["reviewBody"] == "The port authority confirmed it in writing."
    assert review["url"] == f"https://news.example/checks/{claim.pk}"  # not the API's address
    assert review["datePublished"] == review["dateModified"] == publication.published_at.isoformat()
    assert review["inLanguage"] == "en"


def test_claimreview_first_appearance_is_the_earliest_article_with_the_same_claim(consumer):
    early = ArticleFactory(published_at=timezone.now() - timedelta(days=5))
    late = ArticleFactory(published_at=timezone.now())
    ClaimFactory(article=early, text="The dam will be repaired")
    claim = ClaimFactory(article=late, text="The dam will be repaired", status="corroborated")
    publish(claim)
    review = consumer.get(f"/api/v1/claims/{claim.pk}/claimreview/").json()
    assert review["itemReviewed"]["firstAppearance"]["url"] == early.url
    assert [a["url"] for a in review["itemReviewed"]["appearance"]] == [early.url, late.url]


def test_csv_export_streams_with_filters(consumer, claims):
    response = consumer.get("/api/v1/claims/export.csv?status=confirmed&status=refuted")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {int(r["id"]) for r in rows} == {claims["confirmed"].pk, claims["refuted"].pk}
    assert rows[0]["text"] and "status" in rows[0]


def test_jsonl_export_streams_with_filters(consumer, claims):
    response = consumer.get("/api/v1/claims/export.jsonl?hedged=true")
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode().splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["id"] for r in records] == [claims["hedged"].pk]
    assert records[0]["attribution_name"] == "analysts"


def test_exports_need_authentication_and_valid_filters(anonymous, consumer):
    assert anonymous.get("/api/v1/claims/export.csv").status_code == 401
    assert consumer.get("/api/v1/claims/export.jsonl?status=nope").status_code == 400


def test_missing_claims_answer_json_404(consumer):
    response = consumer.get("/api/v1/claims/999999/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert consumer.get("/api/v1/claims/999999/history/").status_code == 404
    assert consumer.get("/api/v1/claims/abc/").status_code == 404


def test_the_fast_claim_representation_equals_drfs_own(claims):
    from rest_framework import serializers as drf

    from claims.api.serializers import ClaimSerializer

    serializer = ClaimSerializer()
    for claim in Claim.objects.select_related("attribution"):
        claim.valid_until = timezone.now()
        claim.superseded_at = timezone.now()
        fast = serializer.to_representation(claim)
        generic = drf.ModelSerializer.to_representation(serializer, claim)
        assert fast == dict(generic)


TRICKY_TEXTS = [
    'He said "no" \\ then left',
    "line one\nline two\ttabbed\x01control",
    "Émigrés in Zürich — 東京 🚢",
    "separators \u2028 and \u2029 in text",
]


@pytest.fixture
def tricky_claims():
    """Claims whose every field is awkward to write as JSON."""
    source = SourceFactory(name='The "Ministry" — Ω', kind="government")
    made = []
    for n, text in enumerate(TRICKY_TEXTS):
        made.append(
            ClaimFactory(
                text=text,
                hedges=["reportedly", "may"] if n % 2 else [],
                attribution=source if n % 2 == 0 else None,
                entities=[{"text": "Zürich", "label": "GPE", "nested": {"a": [1, 2.5]}}],
                time_cues=["so far"] if n == 1 else [],
                confidence=[1.0, 0.0, 0.123456789012345, 1 / 3][n],
                confidence_basis=[{"factor": "prior", "value": 0.5}] if n == 2 else [],
                status_locked=n == 3,
            )
        )
    now = timezone.now()
    Claim.objects.filter(pk=made[0].pk).update(
        created_at=now.replace(microsecond=0),
        valid_until=datetime(5, 1, 1, tzinfo=UTC),
        superseded_at=now.replace(microsecond=1),
        last_checked_at=now.replace(microsecond=999999),
    )
    Claim.objects.filter(pk=made[1].pk).update(
        valid_until=datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
        next_check_at=None,
    )
    return made


def test_listed_claims_are_exactly_what_drf_would_write(consumer, tricky_claims):
    """On PostgreSQL the list's JSON is written by the database
    (claims/api/rows.py); elsewhere by represent_claim. Either way it must
    read back as DRF's own field-by-field representation."""
    from rest_framework import serializers as drf

    from api.rendering import RawJSON
    from claims.api.serializers import ClaimSerializer

    response = consumer.get("/api/v1/claims/?page_size=200&ordering=created_at")
    assert response.status_code == 200
    assert isinstance(response.data, RawJSON) == (connection.vendor == "postgresql")
    listed = {item["id"]: item for item in response.json()["results"]}
    serializer = ClaimSerializer()
    for claim in Claim.objects.select_related("attribution").filter(
        pk__in=[c.pk for c in tricky_claims]
    ):
        expected = dict(drf.ModelSerializer.to_representation(serializer, claim))
        assert listed[claim.pk] == expected
        for key, value in expected.items():  # same JSON types, not only equal values
            allowed = {float, int} if isinstance(value, float) else {type(value)}
            assert type(listed[claim.pk][key]) in allowed, key
    assert "\u2028" not in response.content.decode()  # escaped, as DRF does


def test_list_in_another_time_zone_writes_local_times(consumer, tricky_claims, settings):
    settings.TIME_ZONE = "Asia/Kolkata"
    listed = {c["id"]: c for c in results(consumer.get("/api/v1/claims/"))}
    first, second = listed[tricky_claims[0].pk], listed[tricky_claims[1].pk]
    assert first["created_at"].endswith("+05:30")
    created = Claim.objects.get(pk=first["id"]).created_at
    assert datetime.fromisoformat(first["created_at"]) == created
    # 9999-12-31 23:59 UTC has no local time in years 1-9999: written in UTC
    assert second["valid_until"] == "9999-12-31T23:59:59.999999Z"
    detail = consumer.get(f"/api/v1/claims/{second['id']}/")
    assert detail.json()["valid_until"] == second["valid_until"]


def test_an_indented_or_browsable_list_shows_the_same_claims(consumer, tricky_claims):
    plain = consumer.get("/api/v1/claims/").json()
    indented = consumer.get("/api/v1/claims/", HTTP_ACCEPT="application/json; indent=2")
    assert indented.content.startswith(b'{\n  "next"')
    assert indented.json() == plain
    page = consumer.get("/api/v1/claims/", HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    assert "Zürich" in page.content.decode()


def test_if_match_takes_a_list_of_tags_and_a_star(editor, claims):
    claim = claims["checked"]
    etag = editor.get(f"/api/v1/claims/{claim.pk}/")["ETag"]
    url = f"/api/v1/claims/{claim.pk}/"
    listed = editor.patch(url, {"kind": "plan"}, format="json", HTTP_IF_MATCH=f'"old", {etag}')
    assert listed.status_code == 200
    weak = editor.patch(url, {"kind": "fact"}, format="json", HTTP_IF_MATCH=f"W/{listed['ETag']}")
    assert weak.status_code == 412  # a weak tag never matches strongly
    assert editor.patch(url, {"kind": "fact"}, format="json", HTTP_IF_MATCH="*").status_code == 200


def test_an_authenticated_answer_is_the_callers_alone(consumer, claims):
    response = consumer.get("/api/v1/claims/")
    assert response["Cache-Control"] == "private"
    assert "Authorization" in response["Vary"]
