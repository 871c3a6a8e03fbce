"""Jobs: queued work a client follows until it is done or failed."""

import pytest

from claims.actors import Actor
from claims.models import Job
from claims.services.errors import InvalidInput
from claims.services.ingest import ReplaceNotAllowed
from claims.services.jobs import ingest_in_background, job_ingest_queue, job_run
from sources.models import Article
from tests.api.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TEXT = "Port News\n\nThe port of Marlow reopened on Monday, officials said.\n"


def test_without_a_broker_ingest_stays_synchronous_whatever_the_size(editor, settings):
    settings.CLAIMS_ASYNC_INGEST_CHARS = 10
    assert not ingest_in_background(characters=10_000_000, asked=True)
    response = editor.post("/api/v1/articles/?async=1", {"title": "t", "text": TEXT})
    assert response.status_code == 201
    assert not Job.objects.exists()


def test_a_job_runs_ingest_and_its_owner_reads_the_result(
    editor_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # in-process: runs at commit
        job = job_ingest_queue(
            text=TEXT, actor=Actor.for_token(editor_user), user=editor_user, title="Port"
        )
    job.refresh_from_db()
    assert job.state == "done" and job.payload == ""
    article = Article.objects.get(pk=job.result["article"])
    assert article.title == "Port" and job.result["outcome"] == "created"
    body = client_for(editor_user).get(f"/api/v1/jobs/{job.pk}/").json()
    assert body["state"] == "done"
    assert body["article"].endswith(f"/api/v1/articles/{article.pk}/")
    # someone else's job is not theirs to read
    other = client_for(UserFactory(username="other-desk"))
    assert other.get(f"/api/v1/jobs/{job.pk}/").status_code == 404


def test_bad_text_and_a_forbidden_replace_are_refused_before_queueing(editor_user):
    with pytest.raises(InvalidInput):
        job_ingest_queue(text="   ", actor=Actor.system("t"), user=editor_user)
    Article.objects.create(
        url="https://p.example/a", raw_text="x", content_hash="h1", title="stored"
    )
    with pytest.raises(ReplaceNotAllowed):
        job_ingest_queue(
            text=TEXT,
            actor=Actor.system("t"),
            user=editor_user,
            url="https://p.example/a",
            may_replace=False,
        )
    assert not Job.objects.exists()


def test_a_finished_job_is_not_run_again_and_a_failure_is_recorded(editor_user):
    job = Job.objects.create(
        kind="ingest", payload="   \n  ", actor_kind="user", actor="x", params={}
    )
    job_run(job.pk)
    job.refresh_from_db()
    assert job.state == "failed" and job.error_status == 400 and job.error
    assert job_run(job.pk) is None  # finished: left alone


def test_a_queued_recheck_is_a_job_its_client_follows(
    editor, editor_user, monkeypatch, django_capture_on_commit_callbacks
):
    from claims.api import views
    from tests.factories import ClaimFactory, EvidenceFactory

    claim = ClaimFactory()
    EvidenceFactory(claim=claim, url="")
    EvidenceFactory(claim=claim, url="")
    monkeypatch.setattr(views, "runs_in_process", lambda: False)  # as with a worker
    with django_capture_on_commit_callbacks(execute=True):  # the worker takes it at commit
        response = editor.post(f"/api/v1/claims/{claim.pk}/recheck/")
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "queued" and body["job"]["kind"] == "recheck"
    assert response["Location"].endswith(f"/api/v1/jobs/{body['job']['id']}/")
    job = editor.get(response["Location"]).json()
    assert job["state"] == "done" and job["result"]["checked"] == 1
    claim.refresh_from_db()
    assert claim.status == "corroborated"
    row = claim.checks.latest("pk")
    assert row.actor_user_id == editor_user.pk
