"""claim_set_status: the only door to status, confidence and lock."""

import threading
import time

import pytest
from django.db import connection, transaction

from claims.actors import Actor
from claims.models import ActorKind, Claim, ClaimCheck, ClaimStatus
from claims.services.errors import InvalidChange
from claims.services.verdicts import claim_set_status
from tests.factories import ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db

TASK = Actor.for_task("claims.recheck_claim")


def test_a_real_change_writes_exactly_one_history_row_with_actor_and_reason():
    # given
    claim = ClaimFactory(status=ClaimStatus.UNVERIFIED, confidence=0.5)
    editor = UserFactory(username="maria")
    # when
    row = claim_set_status(
        claim_id=claim.pk,
        actor=Actor.for_user(editor),
        status=ClaimStatus.CONFIRMED,
        reason="Ministry press release, 3 May",
    )
    # then
    assert ClaimCheck.objects.filter(claim=claim).count() == 1
    assert row.actor_kind == ActorKind.USER
    assert row.actor == "maria"
    assert row.actor_user == editor
    assert (row.old_status, row.new_status) == (ClaimStatus.UNVERIFIED, ClaimStatus.CONFIRMED)
    assert (row.old_confidence, row.new_confidence) == (0.5, 0.5)
    assert row.reason == "Ministry press release, 3 May"
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CONFIRMED


def test_setting_the_same_values_again_writes_no_history():
    claim = ClaimFactory(status=ClaimStatus.CORROBORATED, confidence=0.71)
    result = claim_set_status(
        claim_id=claim.pk, actor=TASK, status=ClaimStatus.CORROBORATED, confidence=0.71
    )
    assert result is None
    assert not ClaimCheck.objects.filter(claim=claim).exists()


def test_float_noise_below_four_decimals_is_not_a_change():
    claim = ClaimFactory(confidence=0.71)
    assert claim_set_status(claim_id=claim.pk, actor=TASK, confidence=0.710000001) is None


def test_a_confidence_change_alone_is_recorded_for_a_task_with_its_version():
    claim = ClaimFactory(confidence=0.5)
    row = claim_set_status(
        claim_id=claim.pk, actor=TASK, confidence=0.62, basis=[{"term": "prior", "value": 0.4}]
    )
    assert (row.old_confidence, row.new_confidence) == (0.5, 0.62)
    assert row.actor_kind == ActorKind.TASK
    assert row.actor.startswith("claims.recheck_claim@")
    assert row.basis == [{"term": "prior", "value": 0.4}]
    assert row.reason  # a machine change explains itself


def test_each_change_appends_a_row_in_order():
    claim = ClaimFactory()
    for confidence in (0.6, 0.7, 0.6):
        claim_set_status(claim_id=claim.pk, actor=TASK, confidence=confidence)
    history = list(ClaimCheck.objects.filter(claim=claim).order_by("at", "id"))
    assert [(h.old_confidence, h.new_confidence) for h in history] == [
        (0.5, 0.6),
        (0.6, 0.7),
        (0.7, 0.6),
    ]


def test_an_editor_must_give_a_reason_for_a_verdict():
    claim = ClaimFactory()
    with pytest.raises(InvalidChange, match="reason"):
        claim_set_status(
            claim_id=claim.pk, actor=Actor.for_user(UserFactory()), status=ClaimStatus.REFUTED
        )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.UNVERIFIED
    assert not ClaimCheck.objects.exists()


@pytest.mark.parametrize(
    "change",
    [{"status": "probably"}, {"confidence": 1.2}, {"confidence": float("nan")}],
)
def test_invalid_values_are_refused_and_nothing_is_written(change):
    claim = ClaimFactory()
    with pytest.raises(InvalidChange):
        claim_set_status(claim_id=claim.pk, actor=TASK, **change)
    assert not ClaimCheck.objects.exists()


def test_a_locked_verdict_survives_machine_rechecks_but_confidence_moves():
    claim = ClaimFactory()
    editor = Actor.for_user(UserFactory())
    claim_set_status(
        claim_id=claim.pk,
        actor=editor,
        status=ClaimStatus.REFUTED,
        lock=True,
        reason="Court ruling",
    )
    row = claim_set_status(
        claim_id=claim.pk, actor=TASK, status=ClaimStatus.CORROBORATED, confidence=0.8
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REFUTED
    assert claim.status_locked
    assert claim.confidence == 0.8
    assert (row.old_status, row.new_status) == (ClaimStatus.REFUTED, ClaimStatus.REFUTED)


def test_locking_is_itself_a_recorded_change():
    claim = ClaimFactory()
    row = claim_set_status(
        claim_id=claim.pk, actor=Actor.for_user(UserFactory()), lock=True, reason="Verified by desk"
    )
    assert (row.old_locked, row.new_locked) == (False, True)


@pytest.mark.django_db(transaction=True)
def test_a_concurrent_change_waits_for_the_row_lock(on_postgresql):
    # given: one editor's transaction holds the claim's row lock
    claim = ClaimFactory(confidence=0.5)
    locked, release = threading.Event(), threading.Event()
    second_done_at = {}

    def first():
        try:
            with transaction.atomic():
                claim_set_status(claim_id=claim.pk, actor=TASK, confidence=0.6)
                locked.set()
                release.wait(10)
                time.sleep(0.3)
        finally:
            connection.close()

    def second():
        try:
            locked.wait(10)
            claim_set_status(claim_id=claim.pk, actor=TASK, confidence=0.7)
            second_done_at["t"] = time.monotonic()
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    locked.wait(10)
    time.sleep(0.3)
    # when: the second change is still waiting while the first holds the lock
    assert "t" not in second_done_at
    released_at = time.monotonic()
    release.set()
    for t in threads:
        t.join(10)
    # then: it ran after the first committed, and saw its result
    assert second_done_at["t"] >= released_at
    history = list(ClaimCheck.objects.filter(claim=claim).order_by("id"))
    assert [(h.old_confidence, h.new_confidence) for h in history] == [(0.5, 0.6), (0.6, 0.7)]
    assert Claim.objects.get(pk=claim.pk).confidence == 0.7
