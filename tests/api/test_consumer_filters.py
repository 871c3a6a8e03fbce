"""The filters consumers search by, and a misspelt one refused rather than
ignored."""

from datetime import timedelta

import pytest
from django.utils import timezone

from claims.models import Claim
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def world():
    gazette = SourceFactory(name="Coast Gazette")
    officials = SourceFactory(name="officials", slug="officials", kind="unnamed")
    mayor = SourceFactory(name="Mayor Ana Ruiz", slug="ana-ruiz", kind="person")
    french = ArticleFactory(publisher=gazette, language="fr", url="https://gazette.example/fr")
    english = ArticleFactory(language="en", published_at=timezone.now() - timedelta(days=40))
    old = ClaimFactory(article=english, attribution=mayor)
    Claim.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=30))
    return {
        "gazette": gazette,
        "french": french,
        "english": english,
        "by_officials": ClaimFactory(article=french, attribution=officials),
        "by_mayor": old,
    }


def test_claims_by_publisher_language_attribution_and_age(consumer, world):
    get = lambda **params: ids(consumer.get("/api/v1/claims/", params))  # noqa: E731
    assert get(publisher=world["gazette"].pk) == {world["by_officials"].pk}
    assert get(language="fr") == {world["by_officials"].pk}
    assert get(attribution_kind="unnamed") == {world["by_officials"].pk}
    assert get(attribution_name="ruiz") == {world["by_mayor"].pk}
    assert get(max_age_days=7) == {world["by_officials"].pk}


def test_articles_by_url_publisher_language_and_date(consumer, world):
    get = lambda **params: ids(consumer.get("/api/v1/articles/", params))  # noqa: E731
    assert get(url="https://gazette.example/fr") == {world["french"].pk}
    assert get(publisher=world["gazette"].pk, language="fr") == {world["french"].pk}
    cutoff = (timezone.now() - timedelta(days=10)).isoformat()
    assert get(published_before=cutoff) == {world["english"].pk}


@pytest.mark.parametrize(
    ("path", "bad"),
    [
        ("/api/v1/claims/", "statuss"),
        ("/api/v1/articles/", "publsher"),
        ("/api/v1/claims/export.csv", "q_"),
        ("/api/v1/sources/", "kinds"),
    ],
)
def test_an_unknown_parameter_is_a_400_naming_it(consumer, world, path, bad):
    response = consumer.get(path, {bad: "x"})
    assert response.status_code == 400
    assert bad in response.json()["errors"]


def test_a_bad_max_age_is_a_400(consumer, world):
    assert consumer.get("/api/v1/claims/", {"max_age_days": "-1"}).status_code == 400
