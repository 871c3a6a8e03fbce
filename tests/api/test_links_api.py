"""Cross-article matching through the API: similar claims, search by a
sentence, and link decisions (with their permission)."""

import pytest

from claims.actors import Actor
from claims.models import ClaimLink, Evidence
from claims.services.ingest import article_ingest
from tests.factories import publish

pytestmark = pytest.mark.django_db
WHERE = "when a crane fell at the Port Ellis container terminal on Tuesday."


@pytest.fixture
def two_reports(django_capture_on_commit_callbacks):
    actor = Actor.system("test")
    made = []
    for text, publisher, url in (
        (f"Twelve workers died {WHERE}", "Harbor Courier", "https://courier.example/crane"),
        (f"Twelve dockworkers died {WHERE}", "Coast Gazette", "https://gazette.example/crane"),
    ):
        with django_capture_on_commit_callbacks(execute=True):
            article = article_ingest(
                text=f"Port Ellis News\n\n{text}\n", actor=actor, publisher=publisher, url=url
            ).article
        made.append(article.claims.get())
    return made


def test_similar_lists_the_same_claim_elsewhere_with_its_link(consumer, two_reports):
    first, second = two_reports
    body = consumer.get(f"/api/v1/claims/{first.pk}/similar/").json()
    assert [row["claim"]["id"] for row in body] == [second.pk]
    assert body[0]["relation"] == "same" and 0 < body[0]["score"] <= 1
    assert body[0]["link"]["state"] == "confirmed"


def test_search_by_a_sentence_ranks_the_same_claim_first(consumer, two_reports):
    response = consumer.post(
        "/api/v1/claims/search/",
        {"text": "12 dock workers were killed when a crane fell at Port Ellis"},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert {row["claim"]["id"] for row in body[:2]} == {c.pk for c in two_reports}


def test_search_answers_as_many_claims_as_asked_beyond_matchings_own_candidates(
    consumer, two_reports, settings
):
    """Matching compares a new claim with CLAIMS_MATCH_CANDIDATES candidates;
    a consumer's search may ask for more."""
    settings.CLAIMS_MATCH_CANDIDATES = 1
    text = "12 dock workers were killed when a crane fell at Port Ellis"
    for limit, expected in ((1, 1), (2, 2), (5, 2)):
        body = consumer.post(
            "/api/v1/claims/search/", {"text": text, "limit": limit}, format="json"
        ).json()
        assert len(body) == expected


@pytest.mark.parametrize("text", ["", "   ", "x" * 2001])
def test_search_refuses_an_empty_or_oversized_text_with_400(consumer, text):
    response = consumer.post("/api/v1/claims/search/", {"text": text}, format="json")
    assert response.status_code == 400


def test_search_in_another_language_is_refused_with_a_reason(consumer):
    # (a text of a few words is given the benefit of the doubt: too short to tell)
    text = (
        "Zwölf Hafenarbeiter sind am Dienstag gestorben, als in Port Ellis ein Kran "
        "umstürzte und die Polizei den Hafen geschlossen hat"
    )
    response = consumer.post("/api/v1/claims/search/", {"text": text}, format="json")
    assert response.status_code == 400
    assert "does not read as English (de)" in str(response.json())
    # keywords, no sentence: no language to tell, so searched as they are
    keywords = " ".join(["crane", "collapse", "Port", "Ellis", "dockworkers", "killed"] * 3)
    response = consumer.post("/api/v1/claims/search/", {"text": keywords}, format="json")
    assert response.status_code == 200


def test_search_needs_a_reader(anonymous):
    assert anonymous.post("/api/v1/claims/search/", {"text": "cranes"}).status_code == 401


def test_deciding_a_link_needs_the_change_permission(consumer, editor, two_reports):
    link = ClaimLink.objects.get()
    assert consumer.post(f"/api/v1/links/{link.pk}/reject/", {}).status_code == 403
    response = editor.post(f"/api/v1/links/{link.pk}/reject/", {"reason": "other crane"})
    assert response.status_code == 200 and response.json()["state"] == "rejected"
    assert not Evidence.objects.filter(added_by="link").exists()
    listed = editor.get("/api/v1/links/?state=rejected").json()["results"]
    assert [row["id"] for row in listed] == [link.pk]
    assert editor.post("/api/v1/links/999999/confirm/", {}).status_code == 404


def test_a_link_to_a_claim_its_report_dropped_cannot_be_confirmed(
    editor, two_reports, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article_ingest(  # a new version of the first report, without the claim
            text="Port Ellis News\n\nThe harbour board will meet again in the spring.\n",
            actor=Actor.system("test"),
            publisher="Harbor Courier",
            url="https://courier.example/crane",
        )
    link = ClaimLink.objects.get()
    assert link.state == "rejected"
    response = editor.post(f"/api/v1/links/{link.pk}/confirm/", {"reason": "same crane"})
    assert response.status_code == 400
    assert "no longer in its report" in response.json()["detail"]
    assert not Evidence.objects.filter(added_by="link").exists()


def test_claimreview_lists_the_other_report_of_a_confirmed_link(consumer, two_reports):
    first, _second = two_reports
    publish(first, rating="corroborated")
    review = consumer.get(f"/api/v1/claims/{first.pk}/claimreview/").json()
    urls = [work.get("url") for work in review["itemReviewed"]["appearance"]]
    assert sorted(urls) == ["https://courier.example/crane", "https://gazette.example/crane"]


def test_a_link_reads_whole_with_both_claims_and_their_reports(
    consumer, two_reports, django_assert_max_num_queries
):
    first, second = two_reports
    with django_assert_max_num_queries(6):  # not a query per claim or per link
        body = consumer.get("/api/v1/links/?state=confirmed").json()
    (link,) = body["results"]
    assert [side["id"] for side in link["claims"]] == [link["claim_a"], link["claim_b"]]
    by_id = {side["id"]: side for side in link["claims"]}
    assert by_id[first.pk]["text"] == first.text
    assert by_id[first.pk]["publisher"] == "Harbor Courier"
    assert by_id[second.pk]["url"] == "https://gazette.example/crane"
    assert by_id[second.pk]["status"] == "corroborated"
