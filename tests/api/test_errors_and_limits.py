import pytest
from rest_framework.throttling import SimpleRateThrottle

from tests.api.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_unknown_api_paths_answer_json_404(consumer):
    for path in ("/api/v1/nope/", "/api/v2/claims/", "/api/"):
        response = consumer.get(path)
        assert response.status_code == 404
        assert response.json() == {"detail": "No such API resource.", "code": "not_found"}


def test_anonymous_requests_answer_401_with_a_token_challenge(anonymous):
    response = anonymous.get("/api/v1/claims/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["code"] == "not_authenticated"


def test_a_bad_token_answers_401(anonymous):
    anonymous.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert anonymous.get("/api/v1/claims/").status_code == 401


def test_session_auth_works_too(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/api/v1/claims/").status_code == 200


def test_throttling_answers_429(monkeypatch):
    from django.core.cache import cache as default_cache

    default_cache.clear()
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/min", "user": "3/min"})
    # one fixed moment: the counting window cannot roll over mid-test
    monkeypatch.setattr("api.throttling.time.time", lambda: 1_800_000_030.0)
    client = client_for(UserFactory(username="busy"))
    codes = [client.get("/api/v1/claims/").status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200]
    assert codes[3] == 429
    response = client.get("/api/v1/claims/")
    assert response.json()["code"] == "throttled"
    assert response["Retry-After"] == "30"  # the rest of the window


def test_drf_create_token_command_works(capsys):
    from django.core.management import call_command

    user = UserFactory(username="tool")
    call_command("drf_create_token", "tool")
    assert user.auth_token.key in capsys.readouterr().out


def test_anonymous_clients_are_throttled_by_address(monkeypatch, settings):
    from django.core.cache import cache as default_cache
    from rest_framework.test import APIClient

    settings.CLAIMS_API_ANONYMOUS_READ = True
    default_cache.clear()
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/min", "user": "3/min"})
    monkeypatch.setattr("api.throttling.time.time", lambda: 1_800_000_000.0)
    client = APIClient()
    assert [client.get("/api/v1/claims/").status_code for _ in range(3)] == [200, 200, 429]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/claims/?article=32220306060806700662784",
        "/api/v1/claims/?source=99999999999999999999",
        "/api/v1/evidence/?claim=99999999999999999999",
        "/api/v1/claims/99999999999999999999999/",
        "/api/v1/sources/99999999999999999999999/",
    ],
)
def test_ids_too_large_for_the_database_answer_4xx_not_500(consumer, path):
    response = consumer.get(path)
    assert response.status_code in (400, 404)
    assert response.json()["code"] in {"invalid", "not_found"}


def test_a_too_large_primary_key_in_a_body_answers_400(editor):
    from tests.factories import ClaimFactory

    claim = ClaimFactory()
    response = editor.post(
        "/api/v1/evidence/",
        {"claim": claim.pk, "source": 99999999999999999999999},
        format="json",
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        "created_after=0220-12-17T11:31:34-20:29",
        "checked_before=2026-01-01T00:00:00%2B15:00",
        "created_before=0001-01-01T00:00:00%2B01:00",
    ],
)
def test_date_times_no_database_holds_answer_400(consumer, query):
    response = consumer.get(f"/api/v1/claims/?{query}")
    assert response.status_code == 400


def test_article_dates_with_impossible_offsets_answer_400(editor):
    response = editor.post(
        "/api/v1/articles/",
        {
            "title": "x",
            "text": "The port reopened on Monday.",
            "published_at": "2026-01-01T00:00:00-20:29",
        },
        format="json",
    )
    assert response.status_code == 400 and "published_at" in response.json()["errors"]
