"""A claim's detail says what other reports say of it (its ``links``)."""

import pytest

from claims.services.links import link_decide
from tests.claims.test_links import (
    DOCKWORKERS_12,
    EDITOR,
    WORKERS_9,
    report,
    the_claim,
    two_reports,
)

pytestmark = pytest.mark.django_db


def test_a_claim_says_who_corroborates_and_who_disputes_it(
    consumer, django_capture_on_commit_callbacks
):
    first = two_reports(django_capture_on_commit_callbacks, DOCKWORKERS_12)
    with django_capture_on_commit_callbacks(execute=True):
        report(WORKERS_9, "Bay Herald", "https://herald.example/crane")
    claim = the_claim(first)
    links = consumer.get(f"/api/v1/claims/{claim.pk}/").json()["links"]
    assert [c["url"] for c in links["corroborated_by"]] == ["https://gazette.example/crane"]
    assert [c["publisher"] for c in links["disputed_by"]] == ["Bay Herald"]
    assert links["same"]["confirmed"] == 1 and links["contradicts"]["confirmed"] == 1
    # a rejected link says nothing
    with django_capture_on_commit_callbacks(execute=True):
        link_decide(link_id=links["disputed_by"][0]["link"], confirm=False, actor=EDITOR)
    links = consumer.get(f"/api/v1/claims/{claim.pk}/").json()["links"]
    assert links["disputed_by"] == [] and links["contradicts"]["confirmed"] == 0
