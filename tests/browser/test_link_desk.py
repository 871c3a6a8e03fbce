"""The cross-article desk in a real browser: two outlets report the same
fact, the matcher suggests the link, and an editor confirms it from the
queue of suggested links, reading both claims side by side; the claims
become corroborated. Then axe-core on the queue and the decision page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from claims.actors import Actor
from claims.models import Claim, ClaimLink
from claims.services.ingest import article_ingest
from tests.browser.test_desk_day import serious_violations

FIRST = "Calder Fibre Group will close the Eastbrook paper mill in March, cutting 420 jobs."
SECOND = (
    "The Eastbrook paper mill will be closed by Calder Fibre Group in March with 420 jobs lost."
)


@pytest.fixture
def suggested(db, settings):
    """Two reports of one fact from two publishers, matched as they are
    ingested, with a confirming score no match reaches: the link waits for
    an editor."""
    settings.CLAIMS_LINK_CONFIRM_SCORE = 0.99
    actor = Actor.system("test")
    for text, publisher, url in (
        (FIRST, "Eastbrook Herald", "https://herald.example/mill"),
        (SECOND, "Valley Ledger", "https://ledger.example/mill"),
    ):
        article_ingest(text=f"Mill to close\n\n{text}\n", actor=actor, publisher=publisher, url=url)
    links = ClaimLink.objects.filter(state="suggested", relation="same")
    assert links.exists(), "the matcher suggested no link"
    return links.order_by("-score").first()


def test_an_editor_confirms_a_suggested_link_from_the_queue(logged_in, live_server, suggested):
    page = logged_in
    page.goto(f"{live_server.url}/admin/claims/claimlink/")
    expect(page).to_have_url(f"{live_server.url}/admin/claims/claimlink/?state__exact=suggested")
    row = page.locator("#result_list tbody tr", has_text=suggested.claim_a.text)
    expect(row).to_contain_text("is the same claim as")
    expect(row).to_contain_text("Eastbrook Herald")
    expect(row).to_contain_text("Valley Ledger")
    row.get_by_role("link", name="Confirm…").click()

    # both claims side by side, with their reports
    expect(page.locator(".link-side")).to_have_count(2)
    expect(page.locator(".link-sides")).to_contain_text(suggested.claim_b.text)
    page.get_by_label("Reason").fill("Both papers name the mill and the 420 jobs.")
    page.get_by_role("button", name="Confirm the link").click()

    # back in the queue, which no longer holds it
    expect(page.locator(".messagelist")).to_contain_text("evidence for both claims")
    expect(page).to_have_url(f"{live_server.url}/admin/claims/claimlink/?state__exact=suggested")
    expect(page.locator("#result_list tbody tr", has_text=suggested.claim_a.text)).to_have_count(0)
    suggested.refresh_from_db()
    assert (suggested.state, suggested.decided_by_label) == ("confirmed", "lena")

    # the claim's page: corroborated, the other report under "same claim elsewhere"
    claim = Claim.objects.get(pk=suggested.claim_a_id)
    assert claim.status == "corroborated"
    page.goto(f"{live_server.url}/admin/claims/claim/{claim.pk}/change/")
    elsewhere = page.locator(".field-same_elsewhere")
    expect(elsewhere).to_contain_text(suggested.claim_b.text)
    expect(elsewhere).to_contain_text("confirmed")
    expect(elsewhere.get_by_role("link", name="Reject…")).to_be_visible()


def test_the_link_desks_pages_pass_axe(logged_in, live_server, suggested):
    page = logged_in
    for path in (
        "/admin/claims/claimlink/?state__exact=suggested",
        f"/admin/claims/claimlink/{suggested.pk}/decide/confirm/",
        f"/admin/claims/claimlink/{suggested.pk}/change/",
        f"/admin/claims/claim/{suggested.claim_a_id}/change/",
    ):
        page.goto(f"{live_server.url}{path}")
        found = serious_violations(page)
        assert found == [], "\n".join([path, *found])
