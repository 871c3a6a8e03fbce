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
ACTOR_EDITOR = Actor(kind="user", label="lena")

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


def test_a_new_version_is_an_article_of_its_own_and_the_old_text_stays_true():
    first = ingest().article
    kept = first.claims.get(text="The port of Marlow reopened on Monday")
    gone = first.claims.get(text="Repairs may take weeks")
    changed = TEXT.replace("repairs may take weeks", "the port expects full service by Friday")
    changed = "Updated 10:00\n\n" + changed
    result = ingest(text=changed)
    assert result.outcome == "new_version" and result.previous.pk == first.pk
    article = result.article
    assert (article.version, article.previous_version_id) == (2, first.pk)
    assert article.raw_text == changed and first.content_hash in article.body_hash_history
    first.refresh_from_db()
    assert first.raw_text == TEXT and first.superseded_at is not None  # never rewritten
    kept.refresh_from_db()
    gone.refresh_from_db()
    # a claim still in the text moves to the new version, offsets true there
    assert kept.article_id == article.pk and kept.superseded_at is None
    assert changed[kept.start : kept.end] == kept.quote
    # a claim no longer in it stays with its version, offsets true there
    assert gone.article_id == first.pk and gone.superseded_at is not None
    assert first.raw_text[gone.start : gone.end] == gone.quote
    assert gone.next_check_at is None and not gone.flagged_for_review  # nobody worked on it
    assert ClaimCheck.objects.filter(claim=gone, event="superseded").count() == 1
    texts = set(article.claims.current().values_list("text", flat=True))
    assert "The port expects full service by Friday" in texts
    assert Claim.objects.count() == 5  # nothing deleted
    # every claim's quote is its own article's text at its offsets
    for claim in Claim.objects.select_related("article"):
        assert claim.article.raw_text[claim.start : claim.end] == claim.quote


def test_an_edited_locked_claim_survives_a_new_version_that_keeps_its_sentence():
    from claims.services.edits import claim_save_edit
    from claims.services.verdicts import claim_set_status

    first = ingest().article
    claim = first.claims.get(text="Two cranes were damaged")
    claim.text = "Two harbour cranes were damaged in the storm"
    claim_save_edit(claim, changed_fields=["text"], actor=ACTOR_EDITOR)
    claim_set_status(
        claim_id=claim.pk, actor=ACTOR_EDITOR, status="confirmed", lock=True, reason="seen"
    )
    changed = TEXT.replace("No ships have been", "Not one ship has been")
    result = ingest(text=changed)
    claim.refresh_from_db()
    assert claim.article_id == result.article.pk and claim.superseded_at is None
    assert (claim.text, claim.status, claim.status_locked) == (
        "Two harbour cranes were damaged in the storm",
        "confirmed",
        True,
    )
    # no unverified twin of it
    twins = result.article.claims.current().filter(quote=claim.quote)
    assert set(twins.values_list("text", flat=True)) <= {
        claim.text,
        "Repairs may take weeks",
        "Harbour master Ines Costa said two cranes were damaged",
    }
    assert not result.article.claims.filter(text="Two cranes were damaged").exists()


def test_a_claim_an_editor_worked_on_that_a_new_version_drops_is_flagged():
    first = ingest().article
    gone = first.claims.get(text="Repairs may take weeks")
    EvidenceFactory(claim=gone)  # an editor's evidence
    changed = TEXT.replace(" and repairs may take weeks", "")
    result = ingest(text=changed)
    gone.refresh_from_db()
    assert gone.superseded_at is not None and gone.flagged_for_review
    assert "an editor had given evidence" in gone.flag_reason
    assert result.claims_flagged == 1
    assert gone.evidence.count() == 2  # nothing of it deleted


def test_a_caller_who_may_only_add_cannot_replace_a_stored_article():
    from claims.services.ingest import ReplaceNotAllowed

    first = ingest().article
    with pytest.raises(ReplaceNotAllowed) as refused:
        ingest(text=TEXT + "\nA late paragraph was added.\n", may_replace=False)
    assert refused.value.article_id == first.pk
    assert Article.objects.count() == 1
    first.refresh_from_db()
    assert first.raw_text == TEXT and first.superseded_at is None


def test_the_same_content_at_another_url_is_a_duplicate_that_says_what_it_ignored():
    first = ingest().article
    result = ingest(url="https://mirror.example/port", title="Mirror copy")
    assert result.outcome == "duplicate" and result.article.pk == first.pk
    assert "the URL and title given were not stored" in result.message


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
