import factory
from django.contrib.auth import get_user_model

from claims.extraction.normalize import claim_fingerprint
from claims.models import Claim, ClaimKind, ClaimStatus, Evidence, Polarity, Stance
from sources.models import Article, Source, SourceKind
from sources.services import text_content_hash


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("secret-pass-123")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"Publisher {n}")
    slug = factory.Sequence(lambda n: f"publisher-{n}")
    kind = SourceKind.PUBLICATION
    domain = factory.Sequence(lambda n: f"publisher{n}.example")
    reliability = 0.6


ARTICLE_TEXT = (
    "Council Delays Vote\n\n"
    "The council has postponed a vote on water rates. The utility says the increase is needed."
)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    url = factory.Sequence(lambda n: f"https://news.example/story-{n}")
    publisher = factory.SubFactory(SourceFactory)
    raw_text = factory.Sequence(lambda n: f"{ARTICLE_TEXT} (edition {n})")
    body = factory.LazyAttribute(lambda a: a.raw_text)
    content_hash = factory.LazyAttribute(lambda a: text_content_hash(a.raw_text))


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    article = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"The council has postponed vote number {n}")
    quote = factory.LazyAttribute(lambda c: c.article.raw_text[c.start : c.end])
    start = 21
    end = 66
    polarity = Polarity.AFFIRMED
    kind = ClaimKind.FACT
    status = ClaimStatus.UNVERIFIED
    confidence = 0.5
    fingerprint = factory.LazyAttribute(lambda c: claim_fingerprint(c.text))


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    claim = factory.SubFactory(ClaimFactory)
    source = factory.SubFactory(SourceFactory)
    stance = Stance.SUPPORTS
    url = factory.Sequence(lambda n: f"https://evidence.example/doc-{n}")
    weight = 1.0


def publish(claim, rating=None, body="Checked against the port authority's notice.", url=""):
    """Publish a review of ``claim`` as an editor would (the rating defaults
    to its status)."""
    from claims.actors import Actor
    from claims.services.publishing import claim_publish

    return claim_publish(
        claim.pk,
        actor=Actor(kind="user", label="chief"),
        rating=rating or claim.status,
        body=body,
        url=url,
    )
