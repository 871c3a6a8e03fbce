"""API tokens are remembered per process for a few seconds (api/auth.py):
no token query on later requests, changes made here take effect at once,
changes made elsewhere within CLAIMS_API_TOKEN_CACHE_SECONDS."""

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from api import auth
from tests.api.conftest import client_for
from tests.factories import UserFactory

LIST = "/api/v1/sources/"


@pytest.fixture
def reader(db):
    auth.forget_tokens()
    user = UserFactory(username="remembered-reader")
    return user, client_for(user)


def token_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(LIST).status_code == 200
    return sum("authtoken_token" in q["sql"] for q in captured)


def test_a_token_is_read_once_then_remembered(reader):
    _, client = reader
    assert token_queries(client) == 1
    assert token_queries(client) == 0


def test_with_the_memory_off_every_request_reads_the_token(reader, settings):
    settings.CLAIMS_API_TOKEN_CACHE_SECONDS = 0
    _, client = reader
    assert token_queries(client) == 1
    assert token_queries(client) == 1


def test_a_token_deleted_here_stops_working_at_once(reader):
    user, client = reader
    assert client.get(LIST).status_code == 200
    Token.objects.get(user=user).delete()
    response = client.get(LIST)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_a_user_deactivated_here_stops_working_at_once(reader):
    user, client = reader
    assert client.get(LIST).status_code == 200
    user.is_active = False
    user.save()
    assert client.get(LIST).status_code == 401


def test_a_change_made_elsewhere_takes_effect_within_the_memory_time(reader, monkeypatch):
    user, client = reader
    clock = [1000.0]
    monkeypatch.setattr(auth.time, "monotonic", lambda: clock[0])
    assert client.get(LIST).status_code == 200
    # another process deactivates the user: no signal reaches this one
    User.objects.filter(pk=user.pk).update(is_active=False)
    clock[0] += 29
    assert client.get(LIST).status_code == 200
    clock[0] += 2  # past the 30 seconds
    assert client.get(LIST).status_code == 401


def test_permissions_are_read_per_request_not_remembered(reader):
    user, client = reader
    payload = {"name": "Statistics Office", "kind": "government"}
    assert client.post(LIST, payload, format="json").status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="add_source"))
    assert client.post(LIST, payload, format="json").status_code == 201
    user.user_permissions.clear()
    payload["name"] = "Another Office"
    assert client.post(LIST, payload, format="json").status_code == 403


def test_each_request_gets_its_own_user_instance(reader):
    user, _ = reader
    key = Token.objects.get(user=user).key
    authenticator = auth.CachedTokenAuthentication()
    first, _ = authenticator.authenticate_credentials(key)
    second, token = authenticator.authenticate_credentials(key)
    assert first == second == user
    assert first is not second
    assert token.user is second
