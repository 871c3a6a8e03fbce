"""A consumer's day through a client generated from the schema by
openapi-python-client: push an article, filter and page claims, change one
with If-Match, add evidence, subscribe a webhook and verify a signed
delivery, read the change feed, export JSON Lines. The generator must
produce the client without a warning (a dropped response would make the
call raise on success)."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from standardwebhooks import Webhook as Verifier

from claims.services.webhooks import webhooks_dispatch
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
PACKAGE = "claimtrack_client"
# what the README tells a consumer to put in the generator's config
CONFIG = "content_type_overrides:\n  application/x-ndjson: text/plain\n"
TEXT = (
    "Harbour News\n\nThe port of Marlow reopened on Monday after repairs, officials said.\n\n"
    "Twelve ships docked there on Tuesday.\n"
)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    pytest.importorskip("openapi_python_client")
    where = tmp_path_factory.mktemp("client")
    schema, config = where / "schema.yaml", where / "config.yaml"
    call_command("spectacular", "--file", str(schema), "--fail-on-warn")
    config.write_text(CONFIG)
    tools = str(Path(sys.executable).parent)  # the generator formats with ruff
    done = subprocess.run(
        [
            os.path.join(tools, "openapi-python-client"),
            "generate",
            "--path",
            str(schema),
            "--meta",
            "none",
            "--config",
            str(config),
            "--output-path",
            str(where / PACKAGE),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": tools + os.pathsep + os.environ.get("PATH", "")},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Warning" not in done.stdout + done.stderr, (done.stdout + done.stderr)[-2000:]
    sys.path.insert(0, str(where))
    yield lambda name: importlib.import_module(f"{PACKAGE}.{name}")
    sys.path.remove(str(where))


def test_a_consumers_day_through_the_generated_client(generated, live_server, docserver):
    user = UserFactory(username="consumer-desk")
    user.user_permissions.set(
        Permission.objects.filter(
            codename__in=[
                "add_article",
                "change_claim",
                "add_evidence",
                "add_source",
                "add_webhook",
            ]
        )
    )
    token = Token.objects.create(user=user)
    client = generated("client").AuthenticatedClient(
        base_url=live_server.url, token=token.key, prefix="Token"
    )
    models = generated("models")

    webhook = generated("api.webhooks.webhooks_create").sync(
        client=client,
        body=models.WebhookRequest(url=docserver.url("/hook"), events=[models.EventKindEnum.EDIT]),
    )
    assert webhook.secret.startswith("whsec_")

    ingested = generated("api.articles.articles_create").sync(
        client=client, body=models.ArticleCreateRequest(title="Harbour", text=TEXT)
    )
    assert ingested.outcome == "created" and len(ingested.claims) >= 2

    page = generated("api.claims.claims_list").sync(
        client=client,
        article=ingested.id,
        ordering=models.ClaimsListOrdering.CREATED_AT_ASC,
        page_size=1,
    )
    claim = page.results[0]
    assert claim.status == "unverified" and page.next_  # typed, present, paged

    read = generated("api.claims.claims_retrieve").sync_detailed(id=claim.id, client=client)
    etag = read.headers["ETag"]
    changed = generated("api.claims.claims_partial_update").sync_detailed(
        id=claim.id,
        client=client,
        body=models.PatchedClaimRequest(text="The port of Marlow reopened on Monday"),
        if_match=etag,
    )
    assert changed.status_code == 200 and changed.parsed.text.endswith("on Monday")

    source = generated("api.sources.sources_create").sync(
        client=client,
        body=models.SourceRequest(
            name="Marlow Port Authority", kind=models.SourceKindEnum.GOVERNMENT
        ),
    )
    evidence = generated("api.evidence.evidence_create").sync_detailed(
        client=client,
        body=models.EvidenceRequest(
            claim=claim.id, source=source.id, quote="The port reopened on Monday."
        ),
    )
    assert evidence.status_code == 201

    feed = generated("api.changes.changes_retrieve").sync(client=client)
    kinds = {(event.claim, event.event) for event in feed.results}
    assert (claim.id, "edit") in kinds and (claim.id, "evidence") in kinds

    webhooks_dispatch()  # the beat's work; the delivery runs in process
    (_, headers, body) = docserver.posts[0]
    event = Verifier(webhook.secret).verify(body, headers)
    assert event["type"] == "claim.edit" and event["data"]["claim"] == claim.id

    export = generated("api.claims.claims_export_jsonl").sync_detailed(
        client=client, article=ingested.id
    )
    assert export.status_code == 200 and export.content.count(b"\n") == len(ingested.claims)
