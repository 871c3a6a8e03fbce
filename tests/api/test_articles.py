import pytest

from sources.models import Article

pytestmark = pytest.mark.django_db
TEXT = (
    "Port Reopens After Storm\n\n"
    "The port of Marlow reopened on Monday, according to harbour officials. "
    "Ships may return next week."
)


def post(client, **body):
    body.setdefault("title", "Port reopens")
    body.setdefault("text", TEXT)
    return client.post("/api/v1/articles/", body, format="json")


def test_posting_an_article_stores_it_and_answers_its_claims(editor):
    response = post(editor, url="https://marlow.example/port", publisher="Marlow News")
    assert response.status_code == 201
    body = response.json()
    assert response["Location"].endswith(f"/api/v1/articles/{body['id']}/")
    assert body["publisher"] == "Marlow News"
    assert [c["text"] for c in body["claims"]] == [
        "The port of Marlow reopened on Monday",
        "Ships may return next week",
    ]
    assert body["claims"][0]["attribution"]["name"] == "harbour officials"
    assert body["claims"][1]["hedged"] is True


def test_posting_the_same_content_again_answers_200_with_the_same_article(editor):
    first = post(editor).json()
    again = post(editor)
    assert again.status_code == 200
    assert again.json()["id"] == first["id"]
    assert Article.objects.count() == 1


def test_list_and_retrieve(editor, consumer):
    article = post(editor).json()
    listing = consumer.get("/api/v1/articles/")
    assert listing.status_code == 200
    assert listing.json()["results"][0]["claim_count"] == 2
    detail = consumer.get(f"/api/v1/articles/{article['id']}/")
    assert detail.status_code == 200 and detail.json()["raw_text"] == TEXT


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "x"}, "text"),
        ({"title": "x", "text": ""}, "text"),
        ({"title": "x", "text": "Fine text.", "url": "not a url"}, "url"),
        ({"title": "x", "text": "Fine text.", "published_at": "last week"}, "published_at"),
    ],
)
def test_invalid_fields_answer_400_with_the_field(editor, body, field):
    response = editor.post("/api/v1/articles/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_whitespace_only_text_answers_400_and_stores_nothing(editor):
    response = post(editor, text="   \n  ")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert not Article.objects.exists()


def test_malformed_json_answers_400(editor):
    response = editor.post("/api/v1/articles/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_a_body_over_the_limit_answers_413_before_it_is_read(editor, settings):
    settings.CLAIMS_API_MAX_REQUEST_BYTES = 1000
    response = post(editor, text="The port reopened. " * 200)
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    assert not Article.objects.exists()


def test_text_over_the_article_limit_answers_400(editor, settings):
    settings.CLAIMS_MAX_ARTICLE_BYTES = 500
    response = post(editor, text="The port reopened. " * 100)
    assert response.status_code == 400
    assert "limit" in response.json()["detail"]


def test_other_media_types_answer_415(editor):
    response = editor.post("/api/v1/articles/", "title=x", content_type="text/plain")
    assert response.status_code == 415


def test_a_new_version_of_a_url_conflicting_in_flight_answers_409(editor, monkeypatch):
    import claims.api.views as views
    from claims.services.errors import IngestConflict

    def conflict(**kwargs):
        raise IngestConflict("another version was stored at the same moment; try again")

    monkeypatch.setattr(views, "article_ingest", conflict)
    response = post(editor, url="https://marlow.example/port")
    assert response.status_code == 409
    assert "try again" in response.json()["detail"]


def test_roles(anonymous, consumer, editor):
    assert post(anonymous).status_code == 401
    assert post(consumer).status_code == 403
    assert post(editor).status_code == 201
    assert anonymous.get("/api/v1/articles/").status_code == 401
    assert consumer.get("/api/v1/articles/").status_code == 200


def test_anonymous_reads_only_when_the_setting_allows(anonymous, settings):
    settings.CLAIMS_API_ANONYMOUS_READ = True
    assert anonymous.get("/api/v1/articles/").status_code == 200
    assert post(anonymous).status_code == 401


def test_an_article_and_a_claimreview_answer_304_to_a_client_holding_them(editor):
    from claims.actors import Actor
    from claims.services.verdicts import claim_set_status
    from tests.factories import ClaimFactory, publish

    claim = ClaimFactory(status="corroborated")
    publish(claim)
    article = f"/api/v1/articles/{claim.article_id}/"
    tags = {}
    for url in (article, f"/api/v1/claims/{claim.pk}/claimreview/"):
        tags[url] = editor.get(url)["ETag"]
        assert tags[url].startswith('W/"')
        again = editor.get(url, HTTP_IF_NONE_MATCH=f'"other", {tags[url]}')
        assert again.status_code == 304 and again["ETag"] == tags[url] and not again.content
    claim_set_status(
        claim_id=claim.pk, actor=Actor(kind="user", label="l"), status="refuted", reason="r"
    )
    changed = editor.get(article, HTTP_IF_NONE_MATCH=tags[article])
    assert changed.status_code == 200  # its claim moved: a new tag
    assert changed["ETag"] != tags[article]
