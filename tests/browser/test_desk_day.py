"""An editor's day at the desk, in a real browser: paste an article without
a URL, read its highlighted claims, fix a claim's wording, add evidence for
and against it, take it, note it, set and unlock a verdict from its page,
publish a review, and find "disputed claims from publisher X" in two
clicks. Then axe-core on the pages the desk lives on."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from claims.models import Claim, ClaimCheck, ClaimNote, EventKind, Evidence, Publication
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory

ARTICLE = (
    "Port Ellis Reopens After Storm\n\n"
    "The port of Ellis reopened on Monday after a three-day closure, the harbour "
    "authority said. Twelve ships were waiting outside the breakwater. "
    "Dock workers reportedly cleared the main quay overnight."
)


@pytest.fixture
def newsroom(db):
    """Two publishers with a disputed claim each, and two sources to cite."""
    courier = SourceFactory(name="Harbour Courier", kind="publication", reliability=0.7)
    gazette = SourceFactory(name="Coast Gazette", kind="publication", reliability=0.7)
    ClaimFactory(
        article=ArticleFactory(publisher=gazette), text="The ferry ran late", status="disputed"
    )
    return {
        "courier": courier,
        "authority": SourceFactory(
            name="Ellis Harbour Authority", kind="government", reliability=0.9
        ),
        "blog": SourceFactory(name="Quayside Blog", kind="publication", reliability=0.3),
    }


def pick_source(row, name: str) -> None:
    """Choose a source in the autocomplete (select2) inside ``row``."""
    row.locator(".select2-selection").click()
    search = row.page.locator(".select2-container--open .select2-search__field")
    search.fill(name.split()[0])
    row.page.locator(".select2-results__option", has_text=name).click()


def add_evidence(page, *, source: str, stance: str, url: str, quote: str) -> None:
    page.locator("#evidence-group .add-row a").click()
    row = page.locator("#evidence-group tr.dynamic-evidence").last
    pick_source(row, source)
    row.get_by_label("Stance").select_option(stance)
    row.get_by_label("Url").fill(url)
    row.get_by_label("Quote").fill(quote)


def apply_form(page, **fields) -> None:
    """Fill the verdict / publish form of the claim page's buttons, apply."""
    for label, value in fields.items():
        field = page.get_by_label(re.compile(rf"^{label}:?$"))
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    page.get_by_role("button", name="Apply").click()


def test_an_editors_day(logged_in, live_server, newsroom):
    page = logged_in
    base = live_server.url

    # paste an article with no URL
    page.goto(f"{base}/admin/sources/article/add/")
    page.get_by_label("Title").fill("Port Ellis reopens")
    pick_source(page.locator(".field-publisher"), "Harbour Courier")
    page.get_by_label("Article text (plain text or HTML)").fill(ARTICLE)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("new claims")
    expect(page.locator(".messagelist .error")).to_have_count(0)

    # its claims, highlighted, numbered, coloured by status, with a legend
    marks = page.locator(".claim-text mark")
    expect(marks.first).to_be_visible()
    assert marks.count() >= 3
    expect(page.locator(".status-legend")).to_contain_text("Disputed")
    expect(marks.first.locator(".claim-no")).to_have_text("1")
    page.locator(".claim-text a.claim-mark", has_text="reopened on Monday").first.click()
    claim = Claim.objects.get(text__contains="reopened on Monday")
    expect(page).to_have_url(re.compile(rf"/admin/claims/claim/{claim.pk}/change/"))

    # fix the wording
    page.get_by_label("Text:").fill("The port of Ellis reopened on Monday")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("changed successfully")
    claim.refresh_from_db()
    assert claim.text == "The port of Ellis reopened on Monday"

    # evidence for and against
    add_evidence(
        page,
        source="Ellis Harbour Authority",
        stance="supports",
        url="https://ellis-harbour.example/notices/reopening",
        quote="The port reopened to traffic on Monday morning.",
    )
    add_evidence(
        page,
        source="Quayside Blog",
        stance="refutes",
        url="https://quayside.example/still-closed",
        quote="The port is still closed.",
    )
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("changed successfully")
    added = Evidence.objects.filter(claim=claim, added_by="editor", added_by_user__username="lena")
    assert sorted(added.values_list("stance", flat=True)) == ["refutes", "supports"]

    # take it, and leave a note
    page.get_by_role("button", name="Assign to me").click()
    expect(page.locator(".messagelist")).to_contain_text("1 of 1 claims changed")
    page.get_by_role("textbox", name="New note").first.fill(
        "Called the harbour authority: confirmed."
    )
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator("#notes-group")).to_contain_text("Called the harbour authority")
    claim.refresh_from_db()
    assert claim.assignee.username == "lena"
    assert ClaimNote.objects.get(claim=claim).author_label == "lena"

    # a verdict from the claim's page, then unlocked
    page.get_by_role("link", name="Set verdict…").click()
    apply_form(page, Status="disputed", Reason="Authority and blog disagree.")
    expect(page.locator(".messagelist")).to_contain_text("Verdict set.")
    claim.refresh_from_db()
    assert (claim.status, claim.status_locked) == ("disputed", True)
    page.get_by_role("link", name="Unlock verdict…").click()
    apply_form(page, Reason="Let the evidence decide again.")
    expect(page.locator(".messagelist")).to_contain_text("Verdict unlocked.")
    claim.refresh_from_db()
    assert claim.status_locked is False

    # publish a review
    page.get_by_role("link", name="Publish review…").click()
    apply_form(
        page,
        Rating="disputed",
        **{"Explanation for readers": "The authority says it reopened; a local blog disagrees."},
    )
    expect(page.locator(".messagelist")).to_contain_text("Review published.")
    expect(page.get_by_role("link", name="Withdraw review…")).to_be_visible()
    publication = Publication.objects.get(claim=claim)
    assert (publication.rating, publication.published_by_label) == ("disputed", "lena")
    events = set(ClaimCheck.objects.filter(claim=claim).values_list("event", flat=True))
    assert {EventKind.EDIT, EventKind.EVIDENCE, EventKind.REVIEW, EventKind.NOTE} <= events
    assert EventKind.PUBLISHED in events

    # disputed claims from one publisher: two clicks from the claims list
    page.goto(f"{base}/admin/claims/claim/")
    filters = page.locator("#changelist-filter")
    filters.locator("[data-filter-title='status'] a", has_text="Disputed").click()
    filters.locator("[data-filter-title='publisher'] a", has_text="Harbour Courier").click()
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("The port of Ellis reopened on Monday")


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("critical", "serious")
    ]


def test_the_desks_pages_pass_axe(logged_in, live_server, newsroom):
    page = logged_in
    article = ArticleFactory(
        publisher=newsroom["courier"], raw_text=ARTICLE, title="Port Ellis reopens"
    )
    claim = ClaimFactory(article=article, text="The port of Ellis reopened", start=32, end=60)
    Evidence.objects.create(
        claim=claim,
        source=newsroom["authority"],
        stance="supports",
        url="https://ellis-harbour.example/notices/reopening",
        quote="reopened",
    )
    for path in (
        f"/admin/claims/claim/{claim.pk}/change/",
        f"/admin/sources/article/{article.pk}/change/",
        "/admin/claims/claim/",
        f"/admin/claims/claim/{claim.pk}/publish/",
        f"/admin/sources/source/{newsroom['authority'].pk}/change/",
    ):
        page.goto(f"{live_server.url}{path}")
        found = serious_violations(page)
        assert found == [], "\n".join([path, *found])
