"""The editors' desk, as editors found it wanting: a source's trust changing
re-scores its claims; forms speak in words, not constraint names; the
verdict form starts from the claim's status; claims can be found by
publisher."""

from datetime import UTC

import pytest
from django.urls import reverse

from claims.actors import Actor
from claims.models import Claim, ClaimCheck, ClaimStatus
from claims.services.recheck import claims_recheck
from sources.models import Source
from tests.factories import ArticleFactory, ClaimFactory, EvidenceFactory, SourceFactory

pytestmark = pytest.mark.django_db


def supported_by(source: Source, *, official: bool = False) -> Claim:
    claim = ClaimFactory()
    EvidenceFactory(claim=claim, source=source, stance="supports")
    claims_recheck([claim.pk], actor=Actor.for_task("test"), only_due=False, fetch=False)
    claim.refresh_from_db()
    return claim


def test_a_source_losing_its_trust_re_scores_the_claims_it_supports(
    admin_client, django_capture_on_commit_callbacks
):
    source = SourceFactory(reliability=0.95, is_official=True)
    claim = supported_by(source)
    assert claim.status == ClaimStatus.CONFIRMED
    before = claim.confidence
    url = reverse("admin:sources_source_change", args=[source.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url,
            {
                "name": source.name,
                "slug": source.slug,
                "kind": source.kind,
                "domain": source.domain,
                "reliability": "0.1",
                "notes": "",
            },
        )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status != ClaimStatus.CONFIRMED and claim.confidence < before
    row = ClaimCheck.objects.filter(claim=claim).latest("pk")
    assert "reliability 0.95 → 0.1" in row.reason and "is official True → False" in row.reason


def test_a_source_saved_unchanged_re_scores_nothing(django_capture_on_commit_callbacks):
    source = SourceFactory(reliability=0.6)
    claim = supported_by(source)
    rows = ClaimCheck.objects.filter(claim=claim).count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        source.notes = "checked their corrections page"
        source.save()
    assert callbacks == [] and ClaimCheck.objects.filter(claim=claim).count() == rows


def test_an_out_of_range_reliability_is_a_message_on_the_field(admin_client):
    page = admin_client.post(
        reverse("admin:sources_source_add"),
        {"name": "Gazette", "slug": "gazette", "kind": "publication", "reliability": "7"},
    ).content.decode()
    assert "Reliability is a number from 0 to 1." in page
    assert "source_reliability_in_unit_interval" not in page
    assert not Source.objects.filter(slug="gazette").exists()
    form = admin_client.get(reverse("admin:sources_source_add")).content.decode()
    assert 'max="1"' in form and 'min="0"' in form


def test_the_verdict_form_starts_from_the_claims_status_and_a_reason_alone_changes_nothing(
    admin_client,
):
    claim = ClaimFactory(status=ClaimStatus.CORROBORATED)
    url = reverse("admin:claims_claim_changelist")
    page = admin_client.post(
        url, {"action": "set_verdict", "_selected_action": [claim.pk]}
    ).content.decode()
    assert '<option value="corroborated" selected>' in page
    # two claims of different statuses: nothing is chosen for the editor
    other = ClaimFactory(status=ClaimStatus.DISPUTED)
    page = admin_client.post(
        url, {"action": "set_verdict", "_selected_action": [claim.pk, other.pk]}
    ).content.decode()
    assert '<option value="" selected>' in page.split('name="status"')[1]
    admin_client.post(
        url,
        {
            "action": "set_verdict",
            "_selected_action": [claim.pk, other.pk],
            "apply": "1",
            "reason": "looked at it",
        },
    )
    assert set(Claim.objects.values_list("status", flat=True)) == {"corroborated", "disputed"}


def test_disputed_claims_from_one_publisher(admin_client):
    gazette, courier = SourceFactory(name="Coast Gazette"), SourceFactory(name="Courier")
    wanted = ClaimFactory(article=ArticleFactory(publisher=gazette), status="disputed")
    ClaimFactory(article=ArticleFactory(publisher=gazette), status="confirmed")
    ClaimFactory(article=ArticleFactory(publisher=courier), status="disputed")
    url = reverse("admin:claims_claim_changelist")
    listing = admin_client.get(url).content.decode()
    assert "Coast Gazette" in listing.split('id="changelist-filter"')[1]
    for by_publisher in ("publisher", "article__publisher__id__exact"):
        response = admin_client.get(url, {by_publisher: gazette.pk, "status__exact": "disputed"})
        assert response.status_code == 200
        assert [c.pk for c in response.context["cl"].result_list] == [wanted.pk]
    # and the search box knows publishers
    found = admin_client.get(url, {"q": "Coast Gazette"}).context["cl"].result_list
    assert {c.article.publisher_id for c in found} == {gazette.pk}


def test_history_says_what_happened_in_words(admin_client):
    from claims.services.verdicts import claim_set_status

    claim = ClaimFactory(status=ClaimStatus.CORROBORATED, confidence=0.72)
    editor = Actor(kind="user", label="lena")
    claim_set_status(claim_id=claim.pk, actor=editor, status="refuted", lock=True, reason="data")
    claim_set_status(claim_id=claim.pk, actor=editor, lock=False, reason="new filing")
    locked, unlocked = ClaimCheck.objects.filter(claim=claim).order_by("pk")
    assert locked.summary.startswith("status corroborated → refuted; verdict locked")
    assert unlocked.summary == "verdict unlocked"  # not "refuted → refuted"
    assert str(unlocked) == "verdict unlocked by lena"
    page = admin_client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    assert "verdict unlocked" in page and "new filing" in page


def test_evidence_inputs_are_labelled_and_long_articles_collapse_their_claims(admin_client):
    claim = EvidenceFactory().claim
    page = admin_client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    stance = page.split('name="evidence-0-stance"')[0].rsplit("<select", 1)[1]
    assert 'aria-label="Stance"' in stance + page.split('name="evidence-0-stance"')[1][:200]
    article = ArticleFactory()
    for position in range(51):
        ClaimFactory(article=article, position=position)
    page = admin_client.get(reverse("admin:sources_article_change", args=[article.pk]))
    assert "51: collapsed" in page.content.decode()


def test_the_desk_assigns_reviews_and_notes_each_in_history(admin_client, admin_user):
    from claims.models import ClaimNote
    from claims.services.review import claim_note_add, claim_review_update

    mine, other = ClaimFactory(), ClaimFactory()
    url = reverse("admin:claims_claim_changelist")
    admin_client.post(url, {"action": "assign_to_me", "_selected_action": [mine.pk]})
    admin_client.post(url, {"action": "mark_in_review", "_selected_action": [mine.pk]})
    mine.refresh_from_db()
    assert mine.assignee == admin_user and mine.review_state == "in_review"
    queue = admin_client.get(url, {"assigned": "me"}).context["cl"].result_list
    assert [c.pk for c in queue] == [mine.pk]
    nobody = admin_client.get(url, {"assigned": "nobody"}).context["cl"].result_list
    assert other.pk in {c.pk for c in nobody} and mine.pk not in {c.pk for c in nobody}
    rows = ClaimCheck.objects.filter(claim=mine, event="review").order_by("pk")
    assert [r.reason for r in rows] == [
        f"assignee nobody → {admin_user.get_username()}",
        "review state new → in_review",
    ]
    assert rows[0].actor_user == admin_user
    # a second "assign to me" changes nothing and writes nothing
    assert not claim_review_update(mine.pk, actor=Actor.for_user(admin_user), assignee=admin_user)

    # a note from the claim page, signed by its author, in history too
    page = reverse("admin:claims_claim_change", args=[mine.pk])
    form = admin_client.get(page).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None and not isinstance(value, list | dict)
    }
    management = {}
    for prefix, total in (("evidence", 0), ("notes", 0), ("notes-2", 1), ("checks", 0)):
        management[f"{prefix}-TOTAL_FORMS"] = str(total)
        management[f"{prefix}-INITIAL_FORMS"] = "0"
    response = admin_client.post(
        page,
        {
            **data,
            **management,
            "hedges": "[]",
            "entities": "[]",
            "notes-2-0-text": "Called the port authority: they confirm the date.",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    note = ClaimNote.objects.get(claim=mine)
    assert note.author == admin_user and note.text.startswith("Called the port authority")
    assert ClaimCheck.objects.filter(claim=mine, event="note").exists()
    with pytest.raises(TypeError):
        note.delete()
    with pytest.raises(Exception):  # noqa: B017 - the service refuses an empty note
        claim_note_add(mine.pk, actor=Actor.for_user(admin_user), text="   ")


def test_a_source_page_says_where_the_source_is_used(admin_client):
    import re

    source = SourceFactory(name="Ellis Harbour Authority")
    cited = EvidenceFactory(source=source, claim=ClaimFactory(text="The port reopened")).claim
    ArticleFactory(publisher=source)
    ClaimFactory(attribution=source, text="Ships are waiting")
    EvidenceFactory(claim=ClaimFactory(text="Not this one"))  # another source's evidence
    page = admin_client.get(reverse("admin:sources_source_change", args=[source.pk]))
    text = page.content.decode()
    assert "evidence rows: 1" in text and "claims attributed to it: 1" in text
    assert reverse("admin:claims_claim_change", args=[cited.pk]) in text
    assert "Not this one" not in text
    # each count is a link to the list it counts
    for href in re.findall(r'href="([^"]+__id__exact=\d+)"', text):
        listed = admin_client.get(href.replace("&amp;", "&"))
        assert listed.status_code == 200, href
        assert listed.context["cl"].result_count == 1, href


def test_the_claims_list_drills_down_by_article_date(admin_client):
    from datetime import datetime

    old = ClaimFactory(article=ArticleFactory(published_at=datetime(2024, 3, 1, tzinfo=UTC)))
    new = ClaimFactory(article=ArticleFactory(published_at=datetime(2026, 5, 1, tzinfo=UTC)))
    url = reverse("admin:claims_claim_changelist")
    page = admin_client.get(url)
    assert "?article__published_at__year=2024" in page.content.decode()  # the drill-down
    listed = admin_client.get(url, {"article__published_at__year": "2026"})
    assert [c.pk for c in listed.context["cl"].result_list] == [new.pk]
    assert old.pk not in [c.pk for c in listed.context["cl"].result_list]


def test_needs_review_lists_unfinished_and_flagged_current_claims(admin_client):
    new = ClaimFactory(review_state="new")
    flagged = ClaimFactory(review_state="reviewed", flagged_for_review=True)
    ClaimFactory(review_state="reviewed")  # done
    ClaimFactory(review_state="published")  # done
    from django.utils import timezone

    ClaimFactory(review_state="new", superseded_at=timezone.now())  # dropped by a new version
    url = reverse("admin:claims_claim_changelist")
    listed = admin_client.get(url, {"needs_review": "yes"}).context["cl"].result_list
    assert sorted(c.pk for c in listed) == sorted([new.pk, flagged.pk])
    flagged_only = admin_client.get(url, {"needs_review": "flagged"}).context["cl"].result_list
    assert [c.pk for c in flagged_only] == [flagged.pk]
