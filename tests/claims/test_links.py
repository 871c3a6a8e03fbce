"""Cross-article tracking: the same claim in another report is found through
the full-text index, linked, and (confirmed, from another publisher) becomes
evidence; a conflicting number disputes it; rejecting a link removes its
evidence; copies of one story are one voice."""

import re
from contextlib import nullcontext

import pytest
from django.contrib.auth.models import Permission
from django.db.models import Q

from claims.actors import Actor
from claims.admin import decide_buttons
from claims.models import Claim, ClaimCheck, ClaimLink, Evidence
from claims.selectors import DENSE_ANCHOR, _branches, _quoter, claim_candidates, search_words
from claims.services.edits import claim_save_edit
from claims.services.errors import InvalidChange
from claims.services.ingest import article_ingest
from claims.services.links import claim_match, link_decide

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")
EDITOR = Actor(kind="user", label="lena")
WHERE = "when a crane fell at the Port Ellis container terminal on Tuesday."
WORKERS_12 = f"Twelve workers died {WHERE}"
DOCKWORKERS_12 = f"Twelve dockworkers died {WHERE}"
WORKERS_9 = f"Nine workers died {WHERE}"


def report(text: str, publisher: str, url: str):
    return article_ingest(
        text=f"Port Ellis News\n\n{text}\n", actor=SYSTEM, publisher=publisher, url=url
    ).article


def the_claim(article) -> Claim:
    return article.claims.current().get()


def two_reports(capture, second: str):
    """WORKERS_12 from one publisher, then ``second`` from another, each
    matched as its ingest commits. Returns the first article."""
    with capture(execute=True):
        first = report(WORKERS_12, "Harbor Courier", "https://courier.example/crane")
    with capture(execute=True):
        report(second, "Coast Gazette", "https://gazette.example/crane")
    return first


def test_candidates_come_from_the_index_and_skip_the_claims_own_article(
    django_capture_on_commit_callbacks,
):
    first = report(
        "A crane collapsed at the Port Ellis terminal.", "Harbor Courier", "https://a.example/1"
    )
    report("The museum reopened its east wing.", "Daily Mirror", "https://b.example/1")
    found = claim_candidates("crane collapsed at Port Ellis", limit=5)
    assert found == [the_claim(first).pk]
    assert claim_candidates("crane collapsed", exclude_article_ids=(first.pk,)) == []
    assert claim_candidates("") == [] and search_words("a; DROP TABLE --") == ["table", "drop"]


def test_new_claims_reach_the_full_text_index_in_small_batches(on_postgresql):
    """Every search reads the index's whole pending list: it is kept short
    (migration 0019), and a new claim is found while it waits there."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'claim_search_vector'")
        assert "gin_pending_list_limit=64" in cursor.fetchone()[0]
    report("A crane collapsed at the Port Ellis terminal.", "Harbor Courier", "https://a.example/1")
    assert len(claim_candidates("crane collapsed at Port Ellis")) == 1


def test_a_candidate_shares_two_words_not_one():
    report("A crane collapsed at the Port Ellis terminal.", "Harbor Courier", "https://a.example/1")
    # one word in common ("crane") is no candidate; two are
    assert claim_candidates("The museum bought a crane") == []
    assert len(claim_candidates("The museum crane collapsed")) == 1
    # a text of one word asks for that word
    assert len(claim_candidates("cranes")) == 1


def test_a_word_is_searched_for_in_its_lemma_too():
    """The matcher reads "won" as "win" (and "children" as "child"); neither
    index's stemming does, and a report saying "winning" shared one word
    with one saying "won"."""
    stored = report(
        "The match came to an end with England winning.", "Harbor Courier", "https://a.example/1"
    )
    assert claim_candidates("England won over Tunisia") == [the_claim(stored).pk]
    assert claim_candidates("England drew with Tunisia") == []
    # a term with other forms is asked for in any of them; one without, as it is
    assert _quoter("pg", {"won": ("won", "win")})("won") == "('won' | 'win')"
    assert _quoter("fts5")("england") == '"england"'


def test_the_index_is_asked_for_rare_words_alone_and_for_common_ones_in_pairs():
    # a rare word (a place) finds the claim again: the common anchors are
    # asked for, together, only if it finds nothing
    assert _branches(["ellis", "crane", "termin"], ["ellis", "crane", "termin"], ["ellis"]) == (
        ["'ellis'"],
        ["'crane' & 'termin'"],
    )
    # no rare word: the rarest common one with each other (few claims have both)
    assert _branches(["crane", "termin", "die"], ["crane", "termin", "die"], []) == (
        ["'crane' & 'termin'", "'crane' & 'die'"],
        [],
    )
    assert _branches(["crane", "die"], ["crane"], []) == (["'crane' & 'die'"], [])
    # a rare word in many claims is asked for with the others: the index
    # keeps only the claims a candidate can be
    holders = {"ellis": DENSE_ANCHOR + 1.0, "crane": 9000.0, "termin": 9000.0}
    assert _branches(["ellis", "crane", "termin"], ["ellis"], ["ellis"], holders=holders) == (
        ["('ellis' & ('crane' | 'termin'))"],
        [],
    )
    holders["ellis"] = DENSE_ANCHOR
    assert _branches(["ellis", "crane"], ["ellis"], ["ellis"], holders=holders)[0] == ["'ellis'"]


def test_the_words_of_a_batch_are_looked_up_together(on_postgresql):
    """The lexemes of a batch's words are read in one query; each claim's
    candidate search then asks for none, and finds what it found before."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from claims import selectors

    stored = report(
        "A crane collapsed at the Port Ellis terminal.", "Harbor Courier", "https://a.example/1"
    )
    texts = ["The crane at Port Ellis collapsed", "Dockworkers died at the Ellis terminal"]
    selectors._LEXEMES.clear()
    with CaptureQueriesContext(connection) as batch:
        selectors.remember_lexemes(texts)
    with CaptureQueriesContext(connection) as searches:
        found = [claim_candidates(text) for text in texts]
    assert len(batch.captured_queries) == 1
    assert not any("to_tsvector" in q["sql"] for q in searches.captured_queries)
    assert found == [[the_claim(stored).pk], [the_claim(stored).pk]]


def test_a_rare_word_of_many_claims_finds_the_same_candidates(monkeypatch):
    """Asked for with the other words in the index's scan, an anchor in
    many claims finds what reading its rows found: the claims with it and
    another word of the text, and not a claim with it alone."""
    stored = report(
        "The Ashton water utility investigated the mining licence at a cost of 14 million euros.",
        "Harbor Courier",
        "https://a.example/1",
    )
    report("Ashton celebrated its founding.", "Valley Post", "https://b.example/2")
    text = "The Ashton utility has investigated the licence"

    def frequency(word: str) -> float:
        return 300.0 if word == "ashton" else 5000.0

    monkeypatch.setattr("claims.selectors.DENSE_ANCHOR", float("inf"))
    found = claim_candidates(text, frequency=frequency)
    monkeypatch.setattr("claims.selectors.DENSE_ANCHOR", 0.0)
    assert claim_candidates(text, frequency=frequency) == found == [the_claim(stored).pk]


def test_a_rare_word_no_other_claim_has_does_not_hide_the_claim():
    """The rarest word of a new report may be in no stored claim (a word
    new to the store, or the other report put it otherwise): its other
    words still find the claim."""
    stored = report(
        "The Ashton water utility investigated the mining licence at a cost of 14 million euros.",
        "Harbor Courier",
        "https://a.example/1",
    )
    text = "The Ashton water utility has investigated the mining licence, a quuxplan of 14 million"

    def frequency(word: str) -> float:
        return 1.0 if word == "quuxplan" else 5000.0

    assert claim_candidates(text, frequency=frequency) == [the_claim(stored).pk]


def test_the_same_fact_from_two_publishers_corroborates_both_with_no_editor(
    django_capture_on_commit_callbacks,
):
    first = two_reports(django_capture_on_commit_callbacks, DOCKWORKERS_12)
    a = the_claim(first)
    b = Claim.objects.exclude(article=first).get()
    link = ClaimLink.objects.get()
    assert (link.relation, link.state, link.independent) == ("same", "confirmed", True)
    assert {a.status, b.status} == {"corroborated"}
    assert Evidence.objects.filter(
        claim=a, added_by="link", url="https://gazette.example/crane"
    ).exists()
    assert ClaimCheck.objects.filter(claim=a, event="link").exists()


# a day's other news, so that words have their usual weight in the store
OTHER_NEWS = [
    "The city council approved the annual budget on Monday.",
    "Shares in the airline fell sharply after the announcement.",
    "The museum will reopen its east wing next spring.",
    "Rain is expected across the region this weekend.",
    "The union called off the strike after talks with management.",
    "A new school opened in the northern district.",
]


def test_the_issues_own_reports_corroborate_and_then_dispute_each_other(
    django_capture_on_commit_callbacks,
):
    """The stored report's sentence is split in two claims ("A crane fell at
    the Port Ellis container terminal on Tuesday", "A crane killed 12
    workers"); the second outlet's one claim states both, in other words.
    Both reports' claims end corroborated with no editor; a third report's
    other count disputes them."""
    for k, text in enumerate(OTHER_NEWS):
        report(text, "Daily Mirror", f"https://mirror.example/{k}")
    with django_capture_on_commit_callbacks(execute=True):
        first = report(
            "A crane fell at the Port Ellis container terminal on Tuesday, killing 12 workers.",
            "Harbor Courier",
            "https://courier.example/crane",
        )
    fell, killed = first.claims.current().order_by("position")
    assert "killed 12 workers" in killed.text
    with django_capture_on_commit_callbacks(execute=True):
        second = report(
            "At least 12 dockworkers died when a crane collapsed at Port Ellis.",
            "Coast Gazette",
            "https://gazette.example/crane",
        )
    died = the_claim(second)
    links = ClaimLink.objects.filter(state="confirmed", relation="same", independent=True)
    assert {link.other(died.pk) for link in links} == {fell.pk, killed.pk}
    assert any(b["term"] == "together" for b in links.get(claim_a=fell).basis)
    for claim in (fell, killed, died):
        claim.refresh_from_db()
        assert claim.status == "corroborated", claim.text

    with django_capture_on_commit_callbacks(execute=True):
        report(
            "Nine workers were killed when a crane collapsed at Port Ellis on Tuesday.",
            "Bay Times",
            "https://bay.example/crane",
        )
    for claim in (killed, died):
        claim.refresh_from_db()
        assert claim.status == "disputed", claim.text
    fell.refresh_from_db()
    assert fell.status == "corroborated"  # the count is not what it says


def test_a_new_report_is_linked_to_each_report_of_the_fact_not_only_the_nearest(
    django_capture_on_commit_callbacks,
):
    """Two stored reports state the fact, one in words much nearer the new
    report's than the other's: each report's claim is weighed against its
    own report's claims, and both are linked."""
    for k, text in enumerate(OTHER_NEWS):
        report(text, "Daily Mirror", f"https://mirror.example/{k}")
    told = [
        (
            "A crane collapse at Port Ellis killed a dozen dock workers on Tuesday.",
            "Harbor Courier",
        ),
        (
            "At least 12 dockworkers died when a crane collapsed at Port Ellis on Tuesday.",
            "Gazette",
        ),
        ("At least 12 dockworkers died when a crane collapsed at Port Ellis.", "Bay Times"),
    ]
    articles = []
    for k, (text, publisher) in enumerate(told):
        with django_capture_on_commit_callbacks(execute=True):
            articles.append(report(text, publisher, f"https://paper{k}.example/crane"))
    dozen, nearer, new = (the_claim(article) for article in articles)
    links = ClaimLink.objects.filter(Q(claim_a=new) | Q(claim_b=new), relation="same")
    assert {link.other(new.pk) for link in links} == {dozen.pk, nearer.pk}
    weaker = links.get(Q(claim_a=dozen) | Q(claim_b=dozen))
    assert weaker.score < links.get(Q(claim_a=nearer) | Q(claim_b=nearer)).score


def test_a_conflicting_number_disputes_the_claim(django_capture_on_commit_callbacks):
    first = two_reports(django_capture_on_commit_callbacks, WORKERS_9)
    link = ClaimLink.objects.get()
    assert (link.relation, link.state) == ("contradicts", "confirmed")  # no editor needed
    a = the_claim(first)
    assert a.status in {"disputed", "refuted"}
    assert Evidence.objects.filter(claim=a, stance="refutes", added_by="link").exists()


def test_the_same_words_about_another_place_corroborate_nothing(
    django_capture_on_commit_callbacks,
):
    first = two_reports(
        django_capture_on_commit_callbacks, WORKERS_12.replace("Port Ellis", "Port Morrow")
    )
    assert not ClaimLink.objects.filter(state="confirmed").exists()
    assert not Evidence.objects.filter(added_by="link").exists()
    assert the_claim(first).status == "unverified"


def test_rejecting_a_link_removes_its_evidence_and_rescoring_follows(
    django_capture_on_commit_callbacks,
):
    first = two_reports(django_capture_on_commit_callbacks, DOCKWORKERS_12)
    link = ClaimLink.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        link_decide(link_id=link.pk, confirm=False, actor=EDITOR, reason="different cranes")
    a = the_claim(first)
    assert not Evidence.objects.filter(added_by="link").exists()
    assert a.status == "unverified"
    # a re-match leaves the editor's decision alone
    assert claim_match(a.pk, actor=SYSTEM) == []
    assert ClaimLink.objects.get().state == "rejected"


def test_a_rematch_after_an_edit_rewrites_the_links_verdict(django_capture_on_commit_callbacks):
    """Matched again, a link takes the matcher's new relation, score and
    basis (an editor's link would stand: see above)."""
    first = two_reports(django_capture_on_commit_callbacks, DOCKWORKERS_12)
    link = ClaimLink.objects.get()
    assert link.relation == "same"
    claim = the_claim(first)
    Claim.objects.filter(pk=claim.pk).update(text=WORKERS_9.rstrip("."))
    (again,) = claim_match(claim.pk, actor=SYSTEM)
    link.refresh_from_db()
    assert again.pk == link.pk and link.relation == "contradicts"
    assert any("numbers differ" in term["label"] for term in link.basis)
    assert link.updated_at > link.created_at


def test_a_confirmed_link_whose_relation_turns_turns_its_evidence(
    django_capture_on_commit_callbacks,
):
    """Confirmed as the same claim, then re-worded to another count: the
    link's evidence refutes now, on both claims."""
    first = two_reports(django_capture_on_commit_callbacks, DOCKWORKERS_12)
    claim = the_claim(first)
    assert set(Evidence.objects.filter(added_by="link").values_list("stance", flat=True)) == {
        "supports"
    }
    with django_capture_on_commit_callbacks(execute=True):
        claim.text = WORKERS_9.rstrip(".")
        claim_save_edit(claim, changed_fields=["text"], actor=EDITOR)
    link = ClaimLink.objects.get()
    assert (link.relation, link.state) == ("contradicts", "confirmed")
    stances = Evidence.objects.filter(added_by="link").values_list("claim_id", "stance")
    assert sorted(stances) == sorted([(link.claim_a_id, "refutes"), (link.claim_b_id, "refutes")])
    assert ClaimCheck.objects.filter(
        claim=claim, event="link", reason__contains="now contradicts"
    ).exists()
    claim.refresh_from_db()
    assert claim.status in {"disputed", "refuted"}


def test_an_edit_that_ends_the_match_rejects_the_machines_link(
    django_capture_on_commit_callbacks,
):
    """Re-worded into another fact, a claim no longer corroborates the other
    report's: the link is rejected, its evidence gone from both claims, both
    re-scored, and their history says why."""
    first = two_reports(django_capture_on_commit_callbacks, DOCKWORKERS_12)
    claim = the_claim(first)
    other = Claim.objects.exclude(article=first).get()
    assert other.status == "corroborated"
    with django_capture_on_commit_callbacks(execute=True):
        claim.text = "The harbour board will meet again in the spring"
        claim_save_edit(claim, changed_fields=["text"], actor=EDITOR)
    link = ClaimLink.objects.get()
    assert link.state == "rejected" and link.evidence_a_id is None
    assert (link.decided_by_id, link.decided_by_label) == (None, "")  # nobody's decision
    assert not Evidence.objects.filter(added_by="link").exists()
    other.refresh_from_db()
    assert other.status == "unverified"
    assert ClaimCheck.objects.filter(
        claim=other, event="link", reason__contains="no longer the same claim"
    ).exists()

    # worded back, it is the same claim again, and confirmed again
    with django_capture_on_commit_callbacks(execute=True):
        claim.text = WORKERS_12.rstrip(".")
        claim_save_edit(claim, changed_fields=["text"], actor=EDITOR)
    link.refresh_from_db()
    assert (link.relation, link.state) == ("same", "confirmed")
    other.refresh_from_db()
    assert other.status == "corroborated"


def test_an_edit_leaves_an_editors_link_as_decided(django_capture_on_commit_callbacks):
    first = two_reports(django_capture_on_commit_callbacks, DOCKWORKERS_12)
    link = ClaimLink.objects.get()
    link_decide(link_id=link.pk, confirm=True, actor=EDITOR, reason="same crane, checked")
    claim = the_claim(first)
    with django_capture_on_commit_callbacks(execute=True):
        claim.text = "The harbour board will meet again in the spring"
        claim_save_edit(claim, changed_fields=["text"], actor=EDITOR)
    link.refresh_from_db()
    assert link.state == "confirmed" and link.evidence_a_id is not None


def test_a_report_that_drops_a_claim_no_longer_corroborates_it(
    django_capture_on_commit_callbacks,
):
    """A new version of the first report corrects its count: the old claim
    is superseded, and the link the matcher made of it is rejected, its
    evidence on the other report's claim removed."""
    two_reports(django_capture_on_commit_callbacks, DOCKWORKERS_12)
    other = Claim.objects.get(text__startswith="Twelve dockworkers")
    assert other.status == "corroborated"
    with django_capture_on_commit_callbacks(execute=True):
        report(
            "The harbour board will meet again in the spring.",
            "Harbor Courier",
            "https://courier.example/crane",
        )
    link = ClaimLink.objects.get(Q(claim_a=other) | Q(claim_b=other))
    assert link.state == "rejected"
    assert not Evidence.objects.filter(claim=other, added_by="link").exists()
    other.refresh_from_db()
    assert other.status == "unverified"
    assert ClaimCheck.objects.filter(
        claim=other, event="link", reason__contains="no longer has it"
    ).exists()
    # nor can an editor make it corroborate again (the admin offers no "Confirm…")
    with pytest.raises(InvalidChange, match="no longer in its report"):
        link_decide(link_id=link.pk, confirm=True, actor=EDITOR)
    assert decide_buttons(link, "/admin/") == ""  # rejected already, and nothing to confirm
    link.refresh_from_db()
    assert link.state == "rejected" and link.decided_by_label == ""


def test_copies_of_one_story_are_one_voice(django_capture_on_commit_callbacks):
    text = WORKERS_12
    with django_capture_on_commit_callbacks(execute=True):
        first = report(text, "Harbor Courier", "https://courier.example/crane")
        # the same wire story, with a credit line of its own
        report(text + "\n\nReporting by the Wire Service.", "Coast Gazette", "https://g.example/c")
    link = ClaimLink.objects.get()
    assert link.independent is False and link.evidence_a_id is None
    assert the_claim(first).status == "unverified"


@pytest.mark.parametrize("unknown_first", [True, False])
def test_a_report_of_no_known_publisher_is_linked_as_no_voice_of_its_own(
    django_capture_on_commit_callbacks, unknown_first
):
    """Text pasted with no publisher and no URL: whose report it is is not
    known, so it corroborates nothing (and is corroborated by nothing),
    whichever of the two was stored first."""
    known = ("Harbor Courier", "https://courier.example/crane")
    unknown = ("", "")
    reports = (unknown, known) if unknown_first else (known, unknown)
    for (publisher, url), text in zip(reports, (WORKERS_12, DOCKWORKERS_12), strict=True):
        with django_capture_on_commit_callbacks(execute=True):
            article_ingest(
                text=f"Port Ellis News\n\n{text}\n",
                actor=SYSTEM,
                publisher=publisher,
                url=url or None,
            )
    link = ClaimLink.objects.get()
    assert (link.relation, link.state, link.independent) == ("same", "confirmed", False)
    assert not Evidence.objects.filter(added_by="link").exists()
    assert set(Claim.objects.values_list("status", flat=True)) == {"unverified"}


def test_one_sentence_two_reporters_wrote_alike_is_two_voices(
    django_capture_on_commit_callbacks,
):
    """Word for word the same claim, in two reports written apart: two
    voices, not a copy (a copy is the same report)."""
    with django_capture_on_commit_callbacks(execute=True):
        first = report(
            "Calder Fibre Group will close the Eastbrook plant in March. The mill opened in 1961. "
            "Union officials learned of the closure from the local radio station.",
            "Eastbrook Herald",
            "https://herald.example/mill",
        )
        report(
            "The Eastbrook paper mill, the town's biggest private employer, is to shut. "
            "The mill opened in 1961. Its owner blamed the price of energy.",
            "Valley Ledger",
            "https://ledger.example/mill",
        )
    link = ClaimLink.objects.get(claim_a__text="The mill opened in 1961")
    assert link.score >= 0.95 and link.independent is True
    claim = first.claims.current().get(text="The mill opened in 1961")
    assert claim.status == "corroborated"


def test_one_agencys_story_in_two_papers_is_one_voice(django_capture_on_commit_callbacks):
    """Edited apart, so not copies by their wording, but both credit Reuters
    (or one is Reuters' own): linked, no evidence. Two agencies' stories are
    two voices."""
    with django_capture_on_commit_callbacks(execute=True):
        first = report(
            f"PORT ELLIS (Reuters) - {WORKERS_12}", "Harbor Courier", "https://c.example/1"
        )
        report(
            f"{DOCKWORKERS_12}\n\nWith files from Reuters", "Coast Gazette", "https://g.example/1"
        )
        report(DOCKWORKERS_12, "Reuters", "https://reuters.example/1")
    assert first.wire == "reuters"
    assert ClaimLink.objects.count() == 3
    assert not ClaimLink.objects.filter(independent=True).exists()
    assert not Evidence.objects.filter(added_by="link").exists()
    assert the_claim(first).status == "unverified"

    with django_capture_on_commit_callbacks(execute=True):
        other = report(
            "PORT ELLIS (AP) — A crane collapse at the Port Ellis container terminal "
            "killed twelve dock workers on Tuesday.",
            "Bay Times",
            "https://bay.example/1",
        )
    ap = the_claim(other)
    assert other.wire == "associated press"
    links = ClaimLink.objects.filter(Q(claim_a=ap) | Q(claim_b=ap))
    assert links.exists() and all(link.independent for link in links)
    assert the_claim(first).status == "corroborated"


def test_an_editor_rejects_a_suggested_link_from_the_admin_list(
    client, staff_editor, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    two_reports(django_capture_on_commit_callbacks, DOCKWORKERS_12)
    link = ClaimLink.objects.get()
    client.force_login(staff_editor)
    url = reverse("admin:claims_claimlink_changelist")
    # the queue opens on the suggested links
    assert client.get(url)["Location"].endswith("?state__exact=suggested")
    assert client.get(url + "?state__exact=confirmed").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"action": "reject_links", "_selected_action": [link.pk]}, follow=True
        )
    assert response.status_code == 200
    link.refresh_from_db()
    assert link.state == "rejected" and link.decided_by_label == "lena"
    assert not Evidence.objects.filter(added_by="link").exists()


def test_the_link_list_says_why_and_the_link_page_shows_the_basis(
    client, staff_editor, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    two_reports(django_capture_on_commit_callbacks, WORKERS_9)
    link = ClaimLink.objects.get()
    client.force_login(staff_editor)
    listed = client.get(reverse("admin:claims_claimlink_changelist") + "?state__exact=confirmed")
    assert "numbers differ: 9 vs 12 (work)" in listed.content.decode()
    # the claim page's conflicting reports say it too
    claim = reverse("admin:claims_claim_change", args=[link.claim_a_id])
    assert "numbers differ: 9 vs 12 (work)" in client.get(claim).content.decode()
    page = client.get(reverse("admin:claims_claimlink_change", args=[link.pk])).content.decode()
    assert "What the matcher read, and how much each counted" in page
    assert "shared words and numbers, rare ones weighing more" in page
    assert "&quot;term&quot;" not in page  # a table, not the raw JSON
    assert "Delete" not in page  # a link is rejected, not deleted: its evidence goes with it


def test_an_editor_confirms_a_suggested_link_from_the_claims_page(
    client, staff_editor, settings, django_capture_on_commit_callbacks
):
    """The claim page offers "Confirm…" beside a suggested link; its page
    shows both claims with their reports, takes a reason, and returns to
    the claim page, the link now evidence for both claims."""
    from django.urls import reverse

    settings.CLAIMS_LINK_CONFIRM_SCORE = 0.99  # the matcher suggests, an editor decides
    first = two_reports(django_capture_on_commit_callbacks, DOCKWORKERS_12)
    link = ClaimLink.objects.get()
    assert link.state == "suggested"
    claim = the_claim(first)
    client.force_login(staff_editor)
    claim_page = reverse("admin:claims_claim_change", args=[claim.pk])
    decide = reverse("admin:claims_claimlink_decide", args=[link.pk, "confirm"])
    html = client.get(claim_page).content.decode()
    assert f'href="{decide}?next=' in html and "Reject…" in html

    page = client.get(decide, {"next": claim_page}).content.decode()
    assert WORKERS_12.rstrip(".") in page and DOCKWORKERS_12.rstrip(".") in page
    assert "Harbor Courier" in page and "Coast Gazette" in page
    assert "What the matcher read" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decide, {"reason": "Both name the crane.", "next": claim_page})
    assert response.status_code == 302 and response["Location"] == claim_page
    link.refresh_from_db()
    assert (link.state, link.decided_by_label) == ("confirmed", "lena")
    assert Evidence.objects.filter(claim=claim, added_by="link", stance="supports").exists()
    assert ClaimCheck.objects.filter(
        claim=claim, event="link", reason__startswith="Both name the crane."
    ).exists()
    claim.refresh_from_db()
    assert claim.status == "corroborated"
    # decided: no more "Confirm…" for it, "Reject…" still
    html = client.get(claim_page).content.decode()
    assert decide not in html and "Reject…" in html


def test_deciding_one_link_needs_the_permission_and_stays_on_the_site(
    client, staff_editor, settings, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from tests.factories import UserFactory

    settings.CLAIMS_LINK_CONFIRM_SCORE = 0.99
    first = two_reports(django_capture_on_commit_callbacks, DOCKWORKERS_12)
    link = ClaimLink.objects.get()
    reject = reverse("admin:claims_claimlink_decide", args=[link.pk, "reject"])
    viewer = UserFactory(username="vera", is_staff=True)
    viewer.user_permissions.set(
        Permission.objects.filter(codename__in=["view_claim", "view_claimlink"])
    )
    client.force_login(viewer)
    claim_page = reverse("admin:claims_claim_change", args=[the_claim(first).pk])
    assert "Reject…" not in client.get(claim_page).content.decode()
    assert client.post(reject, {"reason": "no"}).status_code == 403
    assert ClaimLink.objects.get().state == "suggested"

    client.force_login(staff_editor)
    nonsense = reverse("admin:claims_claimlink_decide", args=[link.pk, "x"])
    assert client.get(nonsense).status_code == 404
    response = client.post(reject, {"next": "https://elsewhere.example/"})
    assert response["Location"] == reverse("admin:claims_claimlink_changelist")
    link.refresh_from_db()
    assert link.state == "rejected" and link.decided_by_label == "lena"
    said = ClaimCheck.objects.filter(event="link", reason__startswith="rejected by an editor")
    assert said.exists()


def test_match_claims_all_builds_links_for_stored_claims(capsys):
    from django.core.management import call_command

    # stored without matching (no on-commit callbacks run here)
    report(WORKERS_12, "Harbor Courier", "https://courier.example/crane")
    report(DOCKWORKERS_12, "Coast Gazette", "https://gazette.example/crane")
    assert not ClaimLink.objects.exists()
    call_command("match_claims", "--all", verbosity=0)
    assert ClaimLink.objects.get().state == "confirmed"
    assert "links made or updated" in capsys.readouterr().out


def test_match_claims_all_reads_what_a_store_kept_from_before_says(capsys):
    """Claims stored before their predicates were read (Claim.predicates
    empty) are read for them first, so the links built after are a new
    store's: the owner of the mill is not confirmed as the mill's closing."""
    from django.core.management import call_command

    for k, text in enumerate(OTHER_NEWS):
        report(text, "Daily Mirror", f"https://mirror.example/{k}")
    first = report(
        "The owner of the Eastbrook paper mill, Calder Fibre Group, will close the mill in March.",
        "Eastbrook Herald",
        "https://herald.example/mill",
    )
    second = report(
        "Calder Fibre Group is shutting its paper mill in Eastbrook in March.",
        "Valley Ledger",
        "https://ledger.example/mill",
    )
    Claim.objects.update(predicates=[])  # as stored before migration 0021
    call_command("match_claims", "--all", verbosity=1)
    out = capsys.readouterr().out
    owner = first.claims.current().get(text__contains="owner")
    shutting = the_claim(second)
    assert (owner.predicates, shutting.predicates) == (["owner"], ["shut"])
    assert "claims read for what they say of their subject" in out
    owner_link = ClaimLink.objects.get(claim_a=owner, claim_b=shutting)
    assert owner_link.state == "suggested"
    assert any(b["term"] == "predicate" for b in owner_link.basis)
    # read once: a second run finds nothing more to say
    call_command("match_claims", "--all", verbosity=1)
    assert "claims read" not in capsys.readouterr().out


def test_the_claim_page_shows_the_same_claim_elsewhere(
    client, staff_editor, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    first = two_reports(django_capture_on_commit_callbacks, DOCKWORKERS_12)
    client.force_login(staff_editor)
    page = client.get(reverse("admin:claims_claim_change", args=[the_claim(first).pk]))
    html = page.content.decode()
    assert "same claim elsewhere" in html.lower()
    assert f"Twelve dockworkers died {WHERE[:-1]}" in html and "confirmed, score" in html


def test_the_article_page_says_which_claims_other_outlets_corroborate(
    client, staff_editor, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    first = two_reports(django_capture_on_commit_callbacks, DOCKWORKERS_12)
    client.force_login(staff_editor)
    html = client.get(reverse("admin:sources_article_change", args=[first.pk])).content.decode()
    assert "corroborated by" in html and "Coast Gazette" in html

    lonely = report("The museum reopened its east wing.", "Daily Mirror", "https://m.example/1")
    html = client.get(reverse("admin:sources_article_change", args=[lonely.pk])).content.decode()
    assert "No other report states these claims yet." in html


def test_a_syndicated_story_is_linked_once_per_paper_not_to_every_copy(
    django_capture_on_commit_callbacks,
):
    papers = ["Harbor Courier", "Coast Gazette", "Bay Herald", "Delta Times", "Inland Post"]
    for k, paper in enumerate(papers):
        with django_capture_on_commit_callbacks(execute=True):
            # the wire story, with each paper's own credit line
            report(f"{WORKERS_12}\n\nAs carried by {paper}.", paper, f"https://p{k}.example/c")
    # each later copy is linked to the first stored, not to every copy before it
    assert ClaimLink.objects.count() == len(papers) - 1
    first = Claim.objects.order_by("pk").first()
    assert all(first.pk == link.claim_a_id for link in ClaimLink.objects.all())
    assert not ClaimLink.objects.filter(independent=True).exists()


def test_an_articles_claims_matched_together_are_linked_as_each_alone():
    from claims.services.links import claims_match

    crane = "Twelve workers died when a crane fell at the Port Ellis container terminal."
    museum = "The Kelvin museum reopened its east wing after a two-year restoration."
    report(f"{crane}\n\n{museum}", "Harbor Courier", "https://courier.example/day")
    second = report(
        "Twelve dockworkers died when a crane fell at the Port Ellis container terminal.\n\n"
        "The Kelvin museum reopened its east wing after a two year restoration.",
        "Coast Gazette",
        "https://gazette.example/day",
    )
    ids = list(second.claims.current().values_list("pk", flat=True))
    assert len(ids) == 2
    links = claims_match(ids, actor=SYSTEM)
    assert len(links) == 2 and ClaimLink.objects.count() == 2
    assert set(ClaimLink.objects.values_list("relation", flat=True)) == {"same"}
    # matched again, together: the same two links, nothing new
    assert len(claims_match(ids, actor=SYSTEM)) == 2 and ClaimLink.objects.count() == 2
    # an editor's decision in the batch stands
    decided = ClaimLink.objects.order_by("pk").first()
    link_decide(link_id=decided.pk, confirm=False, actor=EDITOR, reason="not the same day")
    assert [link.pk for link in claims_match(ids, actor=SYSTEM)] == [
        ClaimLink.objects.order_by("pk").last().pk
    ]
    decided.refresh_from_db()
    assert decided.state == "rejected"


def test_links_confirmed_together_are_rechecked_together(
    django_capture_on_commit_callbacks, monkeypatch
):
    """An article's matching confirms its links as one write: evidence on
    every claim, a history row for each, and one re-check of all of them."""
    from claims.services import evidence

    queued = []
    real = evidence.enqueue_on_commit
    monkeypatch.setattr(
        evidence,
        "enqueue_on_commit",
        lambda name, *a, **kw: (queued.append((name, a)), real(name, *a, **kw)),
    )
    crane = "Twelve workers died when a crane fell at the Port Ellis container terminal."
    museum = "The Kelvin museum reopened its east wing after a two-year restoration."
    with django_capture_on_commit_callbacks(execute=True):
        report(f"{crane}\n\n{museum}", "Harbor Courier", "https://courier.example/day")
    with django_capture_on_commit_callbacks(execute=True):
        report(
            "Twelve dockworkers died when a crane fell at the Port Ellis container terminal.\n\n"
            "The Kelvin museum reopened its east wing on Monday after a two-year restoration.",
            "Coast Gazette",
            "https://gazette.example/day",
        )
    assert ClaimLink.objects.filter(state="confirmed", independent=True).count() == 2
    claims = Claim.objects.current()
    assert claims.count() == 4
    assert {c.status for c in claims} == {"corroborated"}
    assert Evidence.objects.filter(added_by="link").count() == 4
    assert ClaimCheck.objects.filter(event="link").count() == 4
    rechecks = [args for name, args in queued if name == "claims.recheck_claims"]
    assert rechecks == [(sorted(c.pk for c in claims),)]


def test_a_claim_saying_another_thing_of_the_same_company_is_no_corroboration(
    django_capture_on_commit_callbacks, admin_client
):
    """The two reports share the company and the mill; one claim of the
    first says who owns it, the second report that it is shutting: that is
    another fact (found in the demo's seeds, where it was confirmed). The
    closing, told with another verb and fewer of the words, is the better
    link now."""
    for k, text in enumerate(OTHER_NEWS):
        report(text, "Daily Mirror", f"https://mirror.example/{k}")
    with django_capture_on_commit_callbacks(execute=True):
        first = report(
            "The owner of the Eastbrook paper mill, Calder Fibre Group, will close the mill "
            "in March.",
            "Eastbrook Herald",
            "https://herald.example/mill",
        )
    with django_capture_on_commit_callbacks(execute=True):
        second = report(
            "Calder Fibre Group is shutting its paper mill in Eastbrook in March.",
            "Valley Ledger",
            "https://ledger.example/mill",
        )
    owner = first.claims.current().get(predicates=["owner"])
    close = first.claims.current().get(predicates=["close"])
    shutting = the_claim(second)
    assert shutting.predicates == ["shut"]
    owner_link = ClaimLink.objects.get(claim_a=owner, claim_b=shutting)
    assert owner_link.state == "suggested"
    assert any(b["term"] == "predicate" for b in owner_link.basis)
    link = ClaimLink.objects.get(claim_a=close, claim_b=shutting)
    assert link.relation == "same" and link.score > owner_link.score
    # the editors' queue says why
    from django.urls import reverse

    queue = admin_client.get(reverse("admin:claims_claimlink_changelist"), follow=True)
    queue = queue.content.decode()
    assert "says another thing of them: shut / owner" in queue  # the new claim's first
    owner.refresh_from_db()
    assert owner.status == "unverified"


def test_a_reworded_claim_is_read_again_for_what_it_says(django_capture_on_commit_callbacks):
    first = two_reports(django_capture_on_commit_callbacks, DOCKWORKERS_12)
    claim = the_claim(first)
    assert claim.predicates == ["die", "fall"]
    with django_capture_on_commit_callbacks(execute=True):
        claim.text = "The harbour board will meet again in the spring"
        claim_save_edit(claim, changed_fields=["text"], actor=EDITOR)
    claim.refresh_from_db()
    assert claim.predicates == ["meet"]


@pytest.mark.django_db(transaction=True)  # as a worker's: it closes its connection
def test_a_worker_reads_the_stores_word_frequencies_as_it_starts(monkeypatch, caplog):
    """Read once in the worker's main process, its forked pool shares them
    (claims.tasks.read_store_words); a database not ready is logged, and the
    worker starts all the same."""
    from django.db import OperationalError

    from claims import tasks
    from claims.services import links

    report("The Port Ellis crane collapse killed 12 dockworkers.", "Harbour Times", "")
    monkeypatch.setattr(links, "_store", None)
    tasks.read_store_words(sender=None)
    assert links._store is not None
    assert links._store[1].total == Claim.objects.current().count() > 0

    def unready():
        raise OperationalError("the database system is starting up")

    monkeypatch.setattr(links, "_store", None)
    monkeypatch.setattr(tasks, "store_words", unready)
    tasks.read_store_words(sender=None)
    assert links._store is None
    assert "not read at start: the database system is starting up" in caplog.text


RESCUED = "Over 900 asylum seekers were rescued off the Indonesian coast on Friday."
RESCUE_REPORT = (
    "Fishermen rescued more than 900 asylum seekers off the coast of Indonesia.\n\n"
    "More than 900 asylum seekers were brought ashore in Indonesia."
)


def rescue_reports(capture=None) -> tuple[Claim, Claim, Claim]:
    """RESCUED from one publisher, then RESCUE_REPORT, two claims like it,
    from another: each matched as its ingest commits where ``capture`` is
    given, else not matched. Returns the stored claim and the report's two,
    the nearer to it first."""
    for k, text in enumerate(OTHER_NEWS):
        report(text, "Daily Mirror", f"https://mirror.example/{k}")
    with capture(execute=True) if capture else nullcontext():
        stored = the_claim(report(RESCUED, "Harbor Courier", "https://courier.example/rescue"))
    with capture(execute=True) if capture else nullcontext():
        new = report(RESCUE_REPORT, "Coast Gazette", "https://gazette.example/rescue")
    nearer, other = new.claims.current().order_by("position")
    return stored, nearer, other


def linked_pairs() -> set[tuple[int, int]]:
    return set(ClaimLink.objects.values_list("claim_a_id", "claim_b_id"))


def test_of_an_articles_claims_like_one_stored_claim_the_nearest_is_linked():
    """A report states a fact once: of the new article's two claims like
    the stored one, matched together (as its ingest matches them), the
    nearer is linked; the other, linked when matched alone, falls short of
    it by too much to be the same claim."""
    from claims.services.links import claims_match

    stored, nearer, other = rescue_reports()
    alone = {}
    for claim in (nearer, other):
        links = claims_match([claim.pk], actor=SYSTEM)
        alone[claim.pk] = {link.other(claim.pk): link for link in links}
        ClaimLink.objects.all().delete()
    assert alone[nearer.pk][stored.pk].relation == alone[other.pk][stored.pk].relation == "same"
    together = claims_match([nearer.pk, other.pk], actor=SYSTEM)
    assert linked_pairs() == {tuple(sorted((stored.pk, nearer.pk)))}
    assert together[0].basis[-1]["term"] == "best of its report"


def test_an_edited_claim_is_weighed_with_its_articles_claims_as_at_ingest(
    django_capture_on_commit_callbacks,
):
    """Re-matched after an edit, a claim meets the claims of its article it
    was matched with at ingest: the nearer one still keeps the stored
    claim, and the edit of a word links nothing new."""
    from claims.services.links import claims_match

    stored, nearer, other = rescue_reports(django_capture_on_commit_callbacks)
    assert linked_pairs() == {tuple(sorted((stored.pk, nearer.pk)))}
    other.text = "More than 900 asylum seekers were brought ashore in Indonesia on Friday"
    with django_capture_on_commit_callbacks(execute=True):
        claim_save_edit(other, changed_fields=["text"], actor=EDITOR, reason="the day")
    assert linked_pairs() == {tuple(sorted((stored.pk, nearer.pk)))}
    # matched alone, with no claim of its article beside it, it is linked
    (alone,) = claims_match([other.pk], actor=SYSTEM)
    assert alone.other(other.pk) == stored.pk and alone.relation == "same"


def test_match_claims_all_weighs_an_articles_claims_together():
    from django.core.management import call_command

    stored, nearer, _ = rescue_reports()
    call_command("match_claims", "--all", verbosity=0)
    assert linked_pairs() == {tuple(sorted((stored.pk, nearer.pk)))}


def _named_history(column: str, value, named):
    """A history row's column as _written() compares it: the link's id
    and the evidence's ids (in the confidence's basis) left out."""
    if column == "changes":
        return {k: named(v) for k, v in value.items() if k != "link"}
    if column == "basis":
        return [(term["label"], term["value"]) for term in value]
    return named(value)


def _written(first, second) -> dict:
    """The link, evidence and history rows between the claims of two
    reports, their ids, times and feed position left out and each claim
    named by its report."""
    a, b = the_claim(first), the_claim(second)
    name = {a.pk: "first", b.pk: "second"}

    def named(value):
        if isinstance(value, str):
            for pk, who in name.items():
                value = value.replace(f"claim {pk}", f"claim {who}")
            # the score: each pair is read against its own store's words
            value = re.sub(r"\(\d\.\d\d\)", "(score)", value)
        return name.get(value, value) if type(value) is int else value

    link = ClaimLink.objects.get(claim_a__in=(a, b))
    ignored = {"id", "created_at", "updated_at", "retrieved_at", "at", "tx", "link"}
    rows = {
        "link": {
            k: named(v)
            for k, v in ClaimLink.objects.filter(pk=link.pk).values().get().items()
            if k not in ignored | {"score", "basis"} and not k.startswith("evidence")
        },
        "evidence on": sorted(
            (named(e["claim_id"]), e["url"], e["quote"], e["stance"], e["source_id"])
            for e in Evidence.objects.filter(
                pk__in=(link.evidence_a_id, link.evidence_b_id)
            ).values()
        ),
        "history": [
            {k: _named_history(k, v, named) for k, v in row.items() if k not in ignored}
            for row in ClaimCheck.objects.filter(claim__in=(a, b), event="link")
            .order_by("pk")
            .values()
        ],
    }
    assert rows["evidence on"] and len(rows["history"]) == 2
    return rows


def test_new_links_written_in_one_statement_are_written_as_the_orm_writes_them(
    on_postgresql, django_capture_on_commit_callbacks, monkeypatch
):
    """On PostgreSQL a new pair's link, its evidence and history are one
    statement (links._insert_new()); the same reports matched through the
    ORM's writes leave the same rows."""
    from claims.services import links

    written, inserted, real = [], [], links._insert_new

    def spied(wanted, actor):
        inserted.append(real(wanted, actor=actor))
        return inserted[-1]

    monkeypatch.setattr(links, "_insert_new", spied)
    for place, one_statement in (("Port Ellis", True), ("Kelvin Bay", False)):
        if not one_statement:
            monkeypatch.setattr(links, "_one_statement", lambda: False)
        text = (
            f"Twelve workers died when a crane fell at the {place} container terminal on Tuesday."
        )
        again = (
            f"12 dockworkers were killed when a crane collapsed at the {place} terminal on Tuesday."
        )
        with django_capture_on_commit_callbacks(execute=True):
            first = report(text, "Harbor Courier", f"https://courier.example/{place}")
        with django_capture_on_commit_callbacks(execute=True):
            second = report(again, "Coast Gazette", f"https://gazette.example/{place}")
        written.append(_written(first, second))
    one, orm = written
    assert [len(made) for made in inserted] == [1]  # the first pair's link, in one statement
    # each evidence cites the other report's URL, under its own place
    for row in one["evidence on"] + orm["evidence on"]:
        row_place = "Port Ellis" if "Port Ellis" in row[2] else "Kelvin Bay"
        assert row_place.replace(" ", "%20") in row[1] or row_place in row[1]
    strip = lambda rows: [(who, stance, source) for who, _, _, stance, source in rows]  # noqa: E731
    assert strip(one["evidence on"]) == strip(orm["evidence on"])
    assert one["link"] == orm["link"] and one["link"]["independent"] is True
    assert one["history"] == orm["history"]
