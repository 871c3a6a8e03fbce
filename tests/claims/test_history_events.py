"""Every write that matters is in the claim's history, with who and why:
edits with old and new values, evidence added, changed and removed, a
re-check asked for by a person naming that person, first scores at ingest.
Edits and evidence make the claim due in their own transaction."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.actors import Actor
from claims.models import Claim, ClaimCheck
from claims.scoring import Score
from claims.services.edits import claim_save_edit
from claims.services.evidence import evidence_delete, evidence_save
from claims.services.verdicts import claims_set_scores
from tests.api.conftest import client_for
from tests.celery_helpers import broker_at
from tests.factories import ClaimFactory, EvidenceFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(staff_editor):
    return staff_editor


def later():
    return timezone.now() + timedelta(days=3)


def test_an_api_edit_records_old_and_new_values_and_who(desk, django_capture_on_commit_callbacks):
    claim = ClaimFactory(text="The port reopened on Monday", next_check_at=later())
    api = client_for(desk)
    etag = api.get(f"/api/v1/claims/{claim.pk}/")["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        response = api.patch(
            f"/api/v1/claims/{claim.pk}/",
            {"text": "The port reopened on Tuesday", "polarity": "negated"},
            format="json",
            HTTP_IF_MATCH=etag,
        )
    assert response.status_code == 200, response.content
    edit = ClaimCheck.objects.get(claim=claim, event="edit")
    assert edit.changes == {
        "polarity": ["affirmed", "negated"],
        "text": ["The port reopened on Monday", "The port reopened on Tuesday"],
    }
    assert edit.actor == "token:lena" and edit.actor_user_id == desk.pk
    history = api.get(f"/api/v1/claims/{claim.pk}/history/").json()
    assert any(row["event"] == "edit" and row["changes"] == edit.changes for row in history)
    # the re-check it queued names the editor
    status_rows = ClaimCheck.objects.filter(claim=claim, event="status")
    assert all(row.actor_user_id == desk.pk for row in status_rows)


def test_an_edit_while_the_broker_is_down_leaves_the_claim_due(
    desk, django_capture_on_commit_callbacks
):
    claim = ClaimFactory(next_check_at=later())
    api = client_for(desk)
    etag = api.get(f"/api/v1/claims/{claim.pk}/")["ETag"]
    with broker_at("redis://127.0.0.1:1/0"), django_capture_on_commit_callbacks(execute=True):
        response = api.patch(
            f"/api/v1/claims/{claim.pk}/",
            {"hedged": True, "hedges": ["reportedly"]},
            format="json",
            HTTP_IF_MATCH=etag,
        )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.hedged and claim.next_check_at <= timezone.now()
    assert Claim.objects.due(timezone.now()).filter(pk=claim.pk).exists()


def test_an_edit_that_changes_nothing_records_nothing(desk):
    claim = ClaimFactory()
    claim_save_edit(claim, changed_fields=["text"], actor=Actor.for_user(desk))
    assert not ClaimCheck.objects.filter(claim=claim).exists()


def test_an_admin_edit_is_recorded_and_rechecked_like_an_api_edit(
    client, desk, django_capture_on_commit_callbacks
):
    claim = ClaimFactory(text="Ships waited for two days", next_check_at=later())
    client.force_login(desk)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data.update(
        text="Ships waited for three days",
        hedges="[]",
        entities="[]",
        position=claim.position,
        **{
            f"{prefix}-{key}": value
            for prefix in ("evidence", "notes", "notes-2", "checks")
            for key, value in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0}.items()
        },
    )
    data.pop("attribution", None)
    data.pop("valid_until", None)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    edit = ClaimCheck.objects.get(claim=claim, event="edit")
    assert edit.changes["text"] == ["Ships waited for two days", "Ships waited for three days"]
    assert edit.actor == "lena"
    claim.refresh_from_db()
    assert claim.check_count == 1  # re-checked, as after an API edit


def test_evidence_added_changed_and_removed_are_in_the_history(
    desk, django_capture_on_commit_callbacks
):
    claim = ClaimFactory(next_check_at=later())
    courier = SourceFactory(name="Harbor Courier", reliability=0.8)
    actor = Actor.for_user(desk)
    evidence = EvidenceFactory.build(claim=claim, source=courier, stance="supports")
    with django_capture_on_commit_callbacks(execute=True):
        evidence_save(evidence, actor=actor)
    added = ClaimCheck.objects.get(claim=claim, event="evidence")
    assert added.reason == "evidence from Harbor Courier (supports) added by lena"
    assert added.changes["action"] == "added" and added.changes["stance"] == [None, "supports"]
    # the re-check the evidence asked for names the editor and why
    rescored = ClaimCheck.objects.filter(claim=claim, event="status").latest("id")
    assert rescored.actor_user_id == desk.pk and "for lena" in rescored.actor
    assert rescored.reason.startswith("after evidence from Harbor Courier (supports) added by lena")

    evidence.stance = "refutes"
    with django_capture_on_commit_callbacks(execute=True):
        evidence_save(evidence, actor=actor)
    changed = ClaimCheck.objects.filter(claim=claim, event="evidence").latest("id")
    assert changed.changes["action"] == "changed"
    assert changed.changes["stance"] == ["supports", "refutes"]
    assert "url" not in changed.changes  # only what changed

    with django_capture_on_commit_callbacks(execute=True):
        evidence_delete(evidence, actor=actor)
    removed = ClaimCheck.objects.filter(claim=claim, event="evidence").latest("id")
    assert removed.changes["action"] == "removed"
    assert removed.reason == "evidence from Harbor Courier (refutes) removed by lena"


def test_the_bulk_door_writes_one_row_per_real_change_and_none_otherwise():
    moving, steady = ClaimFactory(), ClaimFactory(confidence=0.6)
    actor = Actor.for_task("test")
    rows = claims_set_scores(
        [moving, steady],
        [Score("corroborated", 0.8, []), Score("unverified", 0.6, [])],
        actor=actor,
    )
    assert [row.claim_id for row in rows] == [moving.pk]
    moving.refresh_from_db()
    assert (moving.status, moving.confidence) == ("corroborated", 0.8)
    assert ClaimCheck.objects.filter(claim=steady).count() == 0


def test_the_bulk_door_keeps_a_locked_verdict_from_machines():
    locked = ClaimFactory(status="refuted", status_locked=True, confidence=0.2)
    claims_set_scores([locked], [Score("corroborated", 0.9, [])], actor=Actor.for_task("test"))
    locked.refresh_from_db()
    assert (locked.status, locked.confidence) == ("refuted", 0.9)


def test_tasks_are_found_by_name_in_a_fresh_process():
    import subprocess
    import sys
    from pathlib import Path

    probe = (
        "import os, sys, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
        "'config.settings'); os.environ.setdefault('DEBUG', '1'); django.setup(); "
        "assert 'claims.tasks' not in sys.modules; "
        "from claims.services.queue import task_named; "
        "print(task_named('claims.recheck_claim').name)"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", probe], cwd=root, capture_output=True, text=True)
    assert done.stdout.strip() == "claims.recheck_claim", done.stderr[-2000:]
