"""article_ingest: one service stores articles, claims, sources and evidence."""

import pytest
from django.utils import timezone

from claims.actors import Actor
from claims.models import Claim, ClaimCheck, Evidence, EvidenceOrigin
from claims.services.errors import InvalidInput
from claims.services.ingest import article_ingest
from sources.models import Article, Source, SourceKind
from tests.factories import EvidenceFactory, SourceFactory

pytestmark = pytest.mark.django_db
ACTOR = Actor.system("test")

TEXT = """Port Reopens After Storm

The port of Marlow reopened on Monday, according to multiple sources.
Harbour master Ines Costa said two cranes were damaged and repairs may take weeks.
No ships have been turned away so far.
"""


def ingest(text=TEXT, **kwargs):
    kwargs.setdefault("url", "https://marlow-news.example/port")
    return article_ingest(text=text, actor=ACTOR, **kwargs)


def test_stores_article_claims_attribution_sources_and_publisher_evidence():
    result = ingest(publisher="Marlow News")
    article = result.article
    assert result.created and result.claims_created == 4
    assert article.title == "Port Reopens After Storm"
    assert article.publisher.name == "Marlow News"
    claims = list(article.claims.order_by("position"))
    assert [c.text for c in claims] == [
        "The port of Marlow reopened on Monday",
        "Two cranes were damaged",
        "Repairs may take weeks",
        "No ships have been turned away so far",
    ]
    for claim in claims:
        assert article.raw_text[claim.start : claim.end] == claim.quote
        assert claim.next_check_at is not None  # due for its first re-check
        assert claim.fingerprint
    assert claims[0].attribution.name == "multiple sources"
    assert claims[0].attribution.kind == SourceKind.UNNAMED
    assert claims[1].attribution.name == "Harbour master Ines Costa"
    assert claims[1].attribution.kind == SourceKind.PERSON
    assert claims[2].hedged and claims[2].hedges == ["may"]
    assert claims[3].polarity == "negated" and claims[3].time_bound
    assert claims[3].valid_until is not None
    evidence = Evidence.objects.filter(claim__article=article)
    assert evidence.count() == 4
    assert {e.added_by for e in evidence} == {EvidenceOrigin.EXTRACTOR}
    assert {e.source_id for e in evidence} == {article.publisher_id}


def test_claims_start_scored_with_their_prior_and_one_created_row_each():
    article = ingest(publisher="Marlow News").article
    asserted = article.claims.get(text="No ships have been turned away so far")
    hedged = article.claims.get(text="Repairs may take weeks")
    assert asserted.status == "unverified"
    assert asserted.confidence > hedged.confidence
    assert [t["term"] for t in asserted.confidence_basis][0] == "prior"
    # the first score is recorded once per claim, naming who ingested it
    rows = ClaimCheck.objects.filter(claim__article=article)
    assert rows.count() == article.claims.count()
    assert set(rows.values_list("event", flat=True)) == {"created"}
    first = rows.get(claim=asserted)
    assert (first.new_status, first.new_confidence) == (asserted.status, asserted.confidence)
    assert first.reason == "extracted at ingest: first score: unverified"


def test_the_publisher_comes_from_the_url_domain_when_not_named():
    article = ingest().article
    assert article.publisher.domain == "marlow-news.example"
    assert article.publisher.kind == SourceKind.PUBLICATION


def test_the_same_content_again_returns_the_existing_article():
    first = ingest()
    again = ingest(url=None)
    assert not again.changed
    assert again.article == first.article
    assert "nothing changed" in again.message
    assert Article.objects.count() == 1
    assert Claim.objects.count() == 4


def test_whitespace_only_differences_count_as_the_same_content():
    first = ingest()
    again = ingest(text=TEXT.replace("\n\n", "\n\n\n") + "   ", url=None)
    assert again.article == first.article


def test_a_new_version_of_a_url_keeps_matching_claims_and_supersedes_vanished_ones():
    first = ingest().article
    kept = first.claims.get(text="The port of Marlow reopened on Monday")
    gone = first.claims.get(text="Repairs may take weeks")
    EvidenceFactory(claim=gone)  # an editor's evidence: the claim must survive
    changed = TEXT.replace("repairs may take weeks", "the port expects full service by Friday")
    changed = "Updated 10:00\n\n" + changed
    result = ingest(text=changed)
    assert result.updated and not result.created
    article = Article.objects.get()
    assert article.raw_text == changed
    assert first.content_hash in article.body_hash_history
    kept.refresh_from_db()
    gone.refresh_from_db()
    assert kept.superseded_at is None
    assert changed[kept.start : kept.end] == kept.quote  # moved with the text
    assert gone.superseded_at is not None and gone.next_check_at is None
    assert gone.evidence.count() == 2
    texts = set(article.claims.filter(superseded_at__isnull=True).values_list("text", flat=True))
    assert "The port expects full service by Friday" in texts
    assert Claim.objects.count() == 5  # nothing deleted


def test_html_is_stored_as_text():
    html = (
        "<html><body><nav>Home | News</nav><h1>Port Reopens</h1>"
        "<p>The port of Marlow reopened on Monday &amp; ships returned.</p></body></html>"
    )
    article = ingest(text=html).article
    assert "<p>" not in article.raw_text
    assert "Monday & ships" in article.raw_text
    for claim in article.claims.all():
        assert article.raw_text[claim.start : claim.end] == claim.quote


def test_non_english_text_is_stored_and_flagged_without_claims():
    text = (
        "Der Hafen von Marlow wurde am Montag wieder geöffnet, nachdem der Sturm "
        "zwei Kräne beschädigt hatte und die Reparaturen noch Wochen dauern werden."
    )
    result = ingest(text=text)
    assert result.created
    assert result.article.language == "de"
    assert "not English" in result.article.extraction_note
    assert not result.article.claims.exists()


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01\x02" * 50])
def test_bad_input_is_refused_and_nothing_is_stored(text):
    with pytest.raises(InvalidInput):
        ingest(text=text)
    assert not Article.objects.exists()
    assert not Source.objects.exists()


def test_oversized_text_is_refused(settings):
    settings.CLAIMS_MAX_ARTICLE_BYTES = 200
    with pytest.raises(InvalidInput, match="limit"):
        ingest(text="The port reopened. " * 20)
    assert not Article.objects.exists()


def test_a_failure_midway_leaves_nothing_half_written(monkeypatch):
    import claims.services.ingest as services

    def explode(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "_score_new_claims", explode)
    with pytest.raises(RuntimeError):
        ingest()
    assert not Article.objects.exists()
    assert not Claim.objects.exists()
    assert not Evidence.objects.exists()


def test_existing_sources_are_reused_by_normalised_name():
    SourceFactory(name="Multiple Sources", slug="multiple-sources", kind=SourceKind.UNNAMED)
    claim = ingest().article.claims.get(text="The port of Marlow reopened on Monday")
    assert claim.attribution.slug == "multiple-sources"
    assert Source.objects.filter(slug="multiple-sources").count() == 1


def test_time_bound_claims_are_valid_for_the_configured_window(settings):
    settings.CLAIMS_TIME_BOUND_VALIDITY_DAYS = 7
    published = timezone.now() - timezone.timedelta(days=1)
    article = ingest(published_at=published).article
    claim = article.claims.get(time_bound=True)
    assert claim.valid_until == published + timezone.timedelta(days=7)
