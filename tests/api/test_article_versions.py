"""Article versions through the API: an add-only token cannot rewrite a
stored article; a new version keeps the old text and says so; concurrent
posts store each version once."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.models import Permission
from django.db import connection

from claims.actors import Actor
from claims.models import Claim
from claims.services.ingest import article_ingest
from claims.services.verdicts import claim_set_status
from sources.models import Article
from tests.api.conftest import client_for
from tests.factories import UserFactory, publish

URL = "https://marlow.example/port"
V1 = (
    "Port Reopens After Storm\n\n"
    "The port of Marlow reopened on Monday, according to harbour officials. "
    "Ships may return next week."
)
V2 = V1 + " The harbour master said two cranes were repaired."
V3 = V1 + " Three ferries resumed service on Tuesday."


def post(client, text, **body):
    return client.post(
        "/api/v1/articles/", {"title": "Port reopens", "text": text, "url": URL, **body}
    )


@pytest.fixture
def desk(db):
    user = UserFactory(username="desk-chief")
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["add_article", "change_article", "view_article"])
    )
    return client_for(user)


@pytest.mark.django_db
def test_an_add_only_token_cannot_rewrite_a_stored_article(editor, desk):
    stored = post(desk, V1).json()
    claim = Claim.objects.get(article_id=stored["id"], text="The port of Marlow reopened on Monday")
    claim_set_status(
        claim_id=claim.pk,
        actor=Actor(kind="user", label="chief"),
        status="confirmed",
        lock=True,
        reason="checked with the harbour",
    )
    response = post(editor, V2, title="Hijacked headline")  # only sources.add_article
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "conflict" and body["article"] == stored["id"]
    assert "sources.change_article" in body["detail"]
    article = Article.objects.get()
    assert (article.raw_text, article.title, article.superseded_at) == (V1, "Port reopens", None)
    claim.refresh_from_db()
    assert claim.superseded_at is None and claim.status == "confirmed"
    publish(claim)
    review = editor.get(f"/api/v1/claims/{claim.pk}/claimreview/").json()
    assert review["itemReviewed"]["appearance"][0]["headline"] == "Port reopens"


@pytest.mark.django_db
def test_a_new_version_answers_201_with_its_location_and_all_versions(desk):
    first = post(desk, V1)
    assert (first.status_code, first.json()["outcome"]) == (201, "created")
    second = post(desk, V2)
    assert (second.status_code, second.json()["outcome"]) == (201, "new_version")
    body = second.json()
    assert second["Location"].endswith(f"/api/v1/articles/{body['id']}/")
    assert body["version"] == 2 and body["raw_text"] == V2
    assert [v["version"] for v in body["versions"]] == [1, 2]
    old = desk.get(f"/api/v1/articles/{first.json()['id']}/").json()
    assert old["raw_text"] == V1 and old["superseded_at"] is not None
    again = post(desk, V2)
    assert (again.status_code, again.json()["outcome"]) == (200, "duplicate")
    listed = desk.get("/api/v1/articles/").json()["results"]
    assert [a["id"] for a in listed] == [body["id"]]  # the current version only


@pytest.mark.django_db(transaction=True)
def test_concurrent_posts_store_each_version_once(on_postgresql):
    actor = Actor.system("test")
    article_ingest(text=V1, url=URL, actor=actor)

    def store(text):
        try:
            return article_ingest(text=text, url=URL, actor=actor).outcome
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        outcomes = list(pool.map(store, [V2, V3, V2, V3, V2, V3]))
    assert sorted(outcomes) == ["duplicate"] * 4 + ["new_version"] * 2
    versions = list(Article.objects.filter(url=URL).order_by("version"))
    assert [v.version for v in versions] == [1, 2, 3]
    assert {v.raw_text for v in versions} == {V1, V2, V3}
    assert [len(v.body_hash_history) for v in versions] == [0, 1, 2]
    assert Article.objects.filter(url=URL, superseded_at__isnull=True).count() == 1
