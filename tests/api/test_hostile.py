"""Hostile input and faults answer with the usual JSON error, never a 500:
nested JSON, forged cursors, a cache or database outage; CSV cells are not
formulas; clients without valid credentials are throttled; admin logins are
limited."""

import base64
import csv
import io
import json

import pytest
from django.db import OperationalError, connection
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from tests.api.conftest import client_for
from tests.factories import ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db


def cursor_of(data) -> str:
    raw = json.dumps(data).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def test_json_nested_a_thousand_deep_is_a_400(editor):
    body = "[" * 1000 + "]" * 1000
    response = editor.generic("POST", "/api/v1/articles/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


@pytest.mark.parametrize(
    ("ordering", "cursor"),
    [
        ("confidence", {"v": "not a number", "id": 5}),
        ("confidence", {"v": {"x": 1}, "id": 5}),
        ("confidence", {"v": "nan", "id": 5}),
        ("-created_at", {"v": 12, "id": 5}),
        ("-created_at", {"v": "2026-01-01T00:00:00Z", "id": "five"}),
        ("-created_at", {"v": "2026-01-01T00:00:00Z", "id": 2**70}),
        ("last_checked_at", {"v": True, "id": 3}),
    ],
)
def test_a_forged_cursor_is_a_400(consumer, ordering, cursor):
    ClaimFactory()
    response = consumer.get(f"/api/v1/claims/?ordering={ordering}&cursor={cursor_of(cursor)}")
    assert response.status_code == 400, response.content
    assert response.json()["errors"]["cursor"] == ["Not a cursor this API gave out."]


def test_a_real_cursor_still_pages(consumer):
    for _ in range(3):
        ClaimFactory()
    first = consumer.get("/api/v1/claims/?ordering=confidence&page_size=2").json()
    second = consumer.get(first["next"]).json()
    assert len(first["results"]) == 2 and len(second["results"]) == 1


def test_csv_cells_are_never_formulas(consumer):
    ClaimFactory(text='=HYPERLINK("http://evil.example","click")')
    ClaimFactory(text="+1 more claim")
    ClaimFactory(text="@SUM(A1)")
    body = b"".join(consumer.get("/api/v1/claims/export.csv").streaming_content).decode()
    texts = {row["text"] for row in csv.DictReader(io.StringIO(body))}
    assert texts == {'\'=HYPERLINK("http://evil.example","click")', "'+1 more claim", "'@SUM(A1)"}
    assert all(not t.startswith(("=", "+", "-", "@")) for t in texts)


def test_exports_follow_the_lists_ordering_or_refuse_it_the_same_way(consumer):
    low, high = ClaimFactory(confidence=0.1), ClaimFactory(confidence=0.9)
    lines = consumer.get("/api/v1/claims/export.jsonl?ordering=-confidence").streaming_content
    assert [json.loads(line)["id"] for line in lines] == [high.pk, low.pk]
    lines = consumer.get("/api/v1/claims/export.jsonl?ordering=confidence").streaming_content
    assert [json.loads(line)["id"] for line in lines] == [low.pk, high.pk]
    assert consumer.get("/api/v1/claims/export.csv?ordering=text").status_code == 400
    assert consumer.get("/api/v1/claims/?ordering=text").status_code == 400


@pytest.fixture
def tight_rates(monkeypatch):
    from django.core.cache import cache

    cache.clear()
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/min", "user": "100/min"})
    monkeypatch.setattr("api.throttling.time.time", lambda: 1_800_000_000.0)


def test_anonymous_requests_are_throttled_even_when_refused(tight_rates):
    client = APIClient()
    codes = [client.get("/api/v1/claims/").status_code for _ in range(5)]
    assert codes == [401, 401, 401, 429, 429]
    response = client.get("/api/v1/claims/")
    assert response.json()["code"] == "throttled" and response["Retry-After"]


def test_wrong_tokens_are_throttled_by_address(tight_rates):
    client = APIClient()
    codes = []
    for n in range(5):
        client.credentials(HTTP_AUTHORIZATION=f"Token guess-{n}")
        codes.append(client.get("/api/v1/claims/").status_code)
    assert codes == [401, 401, 401, 429, 429]
    # a valid client from elsewhere is not affected
    assert client_for(UserFactory()).get("/api/v1/claims/").status_code == 200


def test_a_cache_outage_lets_requests_through(monkeypatch, consumer, caplog):
    from django.core.cache import cache

    def down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(cache, "add", down)
    monkeypatch.setattr(cache, "incr", down)
    with caplog.at_level("WARNING"):
        assert consumer.get("/api/v1/claims/").status_code == 200
    assert "throttle cache unavailable" in caplog.text


def test_a_database_outage_is_a_503_with_retry_after(monkeypatch):
    client = client_for(UserFactory(username="outage"))

    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/api/v1/claims/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response.json()["code"] == "unavailable"


def test_admin_logins_are_limited(client, settings):
    from axes.models import AccessAttempt

    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    UserFactory(username="chief", is_staff=True, password="the-right-password-1")
    for _ in range(5):
        response = client.post(
            "/admin/login/?next=/admin/", {"username": "chief", "password": "wrong"}
        )
    assert response.status_code == 429
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "chief", "password": "the-right-password-1"}
    )
    assert response.status_code == 429  # locked out: the right password waits too
    assert AccessAttempt.objects.filter(username="chief").exists()


@pytest.mark.parametrize("url", ["ftp://paper.example/story", "file:///etc/passwd"])
def test_only_http_and_https_urls_are_accepted(editor, url):
    response = editor.post(
        "/api/v1/articles/", {"title": "t", "text": "The port reopened.", "url": url}
    )
    assert response.status_code == 400
    assert "url" in response.json()["errors"]
