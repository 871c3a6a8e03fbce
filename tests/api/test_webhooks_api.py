"""Subscribing to webhooks through the API."""

import json

import pytest
from django.contrib.auth.models import Permission

from claims.models import Webhook
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_api_subscribes_with_permission_and_shows_the_secret_once(consumer, editor_user):
    body = {"url": "https://receiver.example/hook", "events": ["status", "link"]}
    assert consumer.post("/api/v1/webhooks/", body, format="json").status_code == 403
    editor_user.user_permissions.add(Permission.objects.get(codename="add_webhook"))
    client = client_for(editor_user)
    created = client.post("/api/v1/webhooks/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["secret"].startswith("whsec_")
    listed = client.get("/api/v1/webhooks/").json()["results"]
    assert [w["url"] for w in listed] == [body["url"]] and "secret" not in listed[0]
    assert Webhook.objects.get().created_by == editor_user
    bad = client.post("/api/v1/webhooks/", {**body, "events": ["gossip"]}, format="json")
    assert bad.status_code == 400 and "events" in json.dumps(bad.json())
    private = client.post("/api/v1/webhooks/", {"url": "ftp://x.example/"}, format="json")
    assert private.status_code == 400


def test_a_subscription_names_articles_and_publishers(editor_user):
    editor_user.user_permissions.add(Permission.objects.get(codename="add_webhook"))
    client = client_for(editor_user)
    body = {"url": "https://receiver.example/hook", "events": ["article", "published"]}
    created = client.post("/api/v1/webhooks/", {**body, "publishers": [3, 5]}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["publishers"] == [3, 5]
    assert Webhook.objects.get().events == ["article", "published"]
    bad = client.post("/api/v1/webhooks/", {**body, "publishers": ["x"]}, format="json")
    assert bad.status_code == 400 and "publishers" in bad.json()["errors"]
