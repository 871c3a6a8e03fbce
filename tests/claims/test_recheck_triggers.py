"""What starts a re-check: evidence changes (after commit), the sweep, the
command and the admin action; and what happens when the broker is down."""

import io
import logging
import time
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from claims.actors import Actor
from claims.models import Claim, Evidence
from claims.services.evidence import evidence_delete, evidence_save
from claims.services.recheck import claims_recheck, due_claim_ids, lease_due_batches
from claims.tasks import recheck_due
from tests.celery_helpers import broker_at
from tests.factories import ClaimFactory, EvidenceFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db
EDITOR = Actor.system("test")


def new_evidence(claim, **kwargs):
    return Evidence(claim=claim, source=SourceFactory(), stance="supports", weight=1.0, **kwargs)


def test_adding_evidence_makes_the_claim_due_and_rechecks_it_after_commit(
    django_capture_on_commit_callbacks,
):
    claim = ClaimFactory(next_check_at=timezone.now() + timedelta(days=3))
    EvidenceFactory(claim=claim, url="")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        evidence_save(new_evidence(claim), actor=EDITOR)
        # inside the transaction: nothing checked yet, the claim is due
        assert Claim.objects.get(pk=claim.pk).check_count == 0
        assert Claim.objects.get(pk=claim.pk).next_check_at <= timezone.now()
    assert len(callbacks) == 1
    claim.refresh_from_db()
    assert claim.check_count == 1
    assert claim.status == "corroborated"


def test_removing_evidence_rechecks_too(django_capture_on_commit_callbacks):
    claim = ClaimFactory()
    first = EvidenceFactory(claim=claim, url="")
    EvidenceFactory(claim=claim, url="")
    claims_recheck([claim.pk], actor=EDITOR, only_due=False, fetch=False)
    assert Claim.objects.get(pk=claim.pk).status == "corroborated"
    with django_capture_on_commit_callbacks(execute=True):
        evidence_delete(first, actor=EDITOR)
    assert Claim.objects.get(pk=claim.pk).status == "unverified"


def test_with_the_broker_unreachable_evidence_is_still_saved_and_the_sweep_checks_it(
    django_capture_on_commit_callbacks, caplog
):
    claim = ClaimFactory(next_check_at=timezone.now() + timedelta(days=3))
    with broker_at("redis://127.0.0.1:1/0"):  # nothing listens there
        started = time.monotonic()
        with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
            evidence = evidence_save(new_evidence(claim), actor=EDITOR)
        elapsed = time.monotonic() - started
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    assert "could not queue claims.recheck_claim" in caplog.text
    assert elapsed < 15  # a web request is not held hostage by the broker
    claim.refresh_from_db()
    assert claim.check_count == 0 and claim.next_check_at <= timezone.now()
    # the next sweep picks it up
    assert any(claim.pk in batch for batch in due_claim_ids())
    queued = recheck_due()
    assert queued >= 1
    assert Claim.objects.get(pk=claim.pk).check_count == 1


def test_the_sweep_checks_each_due_claim_once_in_batches(settings):
    settings.CLAIMS_RECHECK_BATCH_SIZE = 3
    now = timezone.now()
    due = [ClaimFactory(next_check_at=now - timedelta(minutes=i)) for i in range(7)]
    ClaimFactory(next_check_at=now + timedelta(hours=1))
    assert [len(b) for b in due_claim_ids()] == [3, 3, 1]
    assert recheck_due() == 7
    assert recheck_due() == 0  # nothing is due any more
    assert {c.check_count for c in Claim.objects.filter(pk__in=[c.pk for c in due])} == {1}


def test_recheck_command_due_all_and_ids():
    now = timezone.now()
    due = ClaimFactory(next_check_at=now - timedelta(minutes=1))
    later = ClaimFactory(next_check_at=now + timedelta(days=1))
    out = io.StringIO()
    call_command("recheck", "--due", "--no-fetch", stdout=out, stderr=io.StringIO())
    assert "checked 1" in out.getvalue()
    call_command("recheck", "--all", "--no-fetch", stdout=out, stderr=io.StringIO())
    call_command("recheck", str(later.pk), "--no-fetch", stdout=out, stderr=io.StringIO())
    assert Claim.objects.get(pk=due.pk).check_count == 2
    assert Claim.objects.get(pk=later.pk).check_count == 2


def test_recheck_command_errors():
    with pytest.raises(CommandError, match="no claim with id 424242"):
        call_command("recheck", "424242")
    with pytest.raises(CommandError, match="not several"):
        call_command("recheck", "--all", "1")


def test_admin_recheck_now_action(admin_client):
    claim = ClaimFactory(next_check_at=timezone.now() + timedelta(days=3))
    EvidenceFactory(claim=claim, url="")
    response = admin_client.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "recheck_now", "_selected_action": [claim.pk]},
        follow=True,
    )
    assert "Re-checked 1 claims" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).check_count == 1


def test_the_beat_schedule_is_in_the_database_and_editable_in_the_admin(admin_client):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="claims.recheck_due")
    assert task.enabled and task.interval.every == 1
    page = admin_client.get(reverse("admin:django_celery_beat_periodictask_change", args=[task.pk]))
    assert page.status_code == 200


def test_editor_history_records_the_user(admin_client):
    user = UserFactory(username="desk")
    claim = ClaimFactory()
    from claims.services.verdicts import claim_set_status

    row = claim_set_status(
        claim_id=claim.pk, actor=Actor.for_user(user), status="confirmed", reason="called them"
    )
    assert row.actor == "desk" and row.actor_user == user


def test_a_sweep_does_not_queue_again_a_batch_that_waits_or_runs(settings):
    """A stuck host holds a batch: the next sweeps must not queue copies."""
    settings.CLAIMS_RECHECK_BATCH_SIZE = 3
    now = timezone.now()
    due = [ClaimFactory(next_check_at=now - timedelta(minutes=i)) for i in range(5)]
    leased = list(lease_due_batches(now=now, lease_seconds=600))
    assert sorted(pk for batch, _ in leased for pk in batch) == sorted(c.pk for c in due)
    # a minute later, nothing is queued again: the batches are still out
    assert list(lease_due_batches(now=now + timedelta(minutes=1))) == []
    # a lost batch comes back once its lease ends
    again = list(lease_due_batches(now=now + timedelta(seconds=601)))
    assert sum(len(batch) for batch, _ in again) == 5


def test_a_leased_batch_still_checks_its_claims(settings):
    now = timezone.now()
    claim = ClaimFactory(next_check_at=now - timedelta(minutes=1))
    [(batch, lease_until)] = list(lease_due_batches(now=now))
    report = claims_recheck(batch, actor=Actor.for_task("test"), due_by=lease_until)
    assert report.checked == 1
    claim.refresh_from_db()
    assert claim.check_count == 1 and claim.next_check_at > lease_until
