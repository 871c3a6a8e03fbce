import pytest
from django.utils import timezone

from claims.models import Claim, Evidence
from sources.models import Source
from tests.factories import ClaimFactory, EvidenceFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_source_crud(editor, consumer):
    created = editor.post(
        "/api/v1/sources/",
        {
            "name": "Harbor Courier",
            "kind": "publication",
            "domain": "courier.example",
            "reliability": 0.7,
        },
        format="json",
    )
    assert created.status_code == 201
    source = created.json()
    assert source["slug"] == "harbor-courier"
    assert consumer.get(f"/api/v1/sources/{source['id']}/").json()["reliability"] == 0.7
    changed = editor.patch(f"/api/v1/sources/{source['id']}/", {"reliability": 0.9}, format="json")
    assert changed.status_code == 200 and changed.json()["reliability"] == 0.9
    listing = consumer.get("/api/v1/sources/?kind=publication&q=courier").json()["results"]
    assert [s["id"] for s in listing] == [source["id"]]
    assert editor.delete(f"/api/v1/sources/{source['id']}/").status_code == 204


@pytest.mark.parametrize(
    "body",
    [
        {"name": "X", "kind": "publication", "reliability": 1.5},
        {"name": "X", "kind": "rumour"},
        {"name": "  ", "kind": "publication"},
    ],
)
def test_invalid_sources_answer_400(editor, body):
    response = editor.post("/api/v1/sources/", body, format="json")
    assert response.status_code == 400 and response.json()["errors"]


def test_duplicate_source_names_answer_400(editor):
    SourceFactory(name="Reuters", slug="reuters")
    response = editor.post(
        "/api/v1/sources/", {"name": "reuters", "kind": "publication"}, format="json"
    )
    assert response.status_code == 400


def test_a_source_in_use_cannot_be_deleted_409(editor):
    evidence = EvidenceFactory()
    response = editor.delete(f"/api/v1/sources/{evidence.source_id}/")
    assert response.status_code == 409
    assert Source.objects.filter(pk=evidence.source_id).exists()


def test_consumers_read_but_cannot_write_sources(consumer):
    assert consumer.get("/api/v1/sources/").status_code == 200
    assert consumer.post("/api/v1/sources/", {"name": "X"}, format="json").status_code == 403


def test_adding_evidence_rechecks_the_claim(editor, django_capture_on_commit_callbacks):
    claim = ClaimFactory(next_check_at=timezone.now() + timezone.timedelta(days=2))
    EvidenceFactory(claim=claim, url="")
    other = SourceFactory(reliability=0.8)
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(
            "/api/v1/evidence/",
            {
                "claim": claim.pk,
                "source": other.pk,
                "stance": "supports",
                "weight": 0.9,
                "quote": "Yes.",
            },
            format="json",
        )
    assert response.status_code == 201
    body = response.json()
    assert body["added_by"] == "api" and body["state"] == "live"
    claim.refresh_from_db()
    assert claim.status == "corroborated" and claim.check_count == 1
    assert Evidence.objects.get(pk=body["id"]).added_by_user.username == "desk-editor"


def test_changing_and_removing_evidence_rechecks_too(editor, django_capture_on_commit_callbacks):
    claim = ClaimFactory()
    EvidenceFactory(claim=claim, url="")
    second = EvidenceFactory(claim=claim, url="")
    with django_capture_on_commit_callbacks(execute=True):
        editor.patch(f"/api/v1/evidence/{second.pk}/", {"stance": "refutes"}, format="json")
    assert Claim.objects.get(pk=claim.pk).status in {"disputed", "refuted"}
    with django_capture_on_commit_callbacks(execute=True):
        assert editor.delete(f"/api/v1/evidence/{second.pk}/").status_code == 204
    assert Claim.objects.get(pk=claim.pk).status == "unverified"


@pytest.mark.parametrize(
    "body",
    [
        {"claim": 999999, "source": 1},
        {"weight": 2.0},
        {"stance": "agrees"},
        {"url": "not a url"},
    ],
)
def test_invalid_evidence_answers_400(editor, body):
    claim, source = ClaimFactory(), SourceFactory()
    payload = {"claim": claim.pk, "source": source.pk, **body}
    response = editor.post("/api/v1/evidence/", payload, format="json")
    assert response.status_code == 400


def test_evidence_cannot_move_to_another_claim(editor):
    evidence = EvidenceFactory()
    other = ClaimFactory()
    response = editor.patch(f"/api/v1/evidence/{evidence.pk}/", {"claim": other.pk}, format="json")
    assert response.status_code == 400


def test_evidence_filters(consumer):
    evidence = EvidenceFactory(stance="refutes")
    EvidenceFactory()
    found = consumer.get(f"/api/v1/evidence/?claim={evidence.claim_id}&stance=refutes").json()
    assert [e["id"] for e in found["results"]] == [evidence.pk]
