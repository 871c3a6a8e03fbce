"""Every admin page renders for a superuser; changelists cost a fixed number
of queries however many rows they show."""

import itertools
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)
from rest_framework.authtoken.models import Token, TokenProxy

from claims.actors import Actor
from claims.models import ClaimCheck, ClaimLink, ClaimStatus, Job, Webhook, WebhookDelivery
from claims.services.verdicts import claim_set_status
from sources.models import Article
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EvidenceFactory,
    SourceFactory,
    UserFactory,
    publish,
)

pytestmark = pytest.mark.django_db
_n = itertools.count()


def _claim_with_history():
    claim = EvidenceFactory().claim
    claim_set_status(claim_id=claim.pk, actor=Actor.for_task("test"), confidence=0.61)
    return claim


def _webhook():
    return Webhook.objects.create(url=f"https://hooks{next(_n)}.example/in", secret="whsec_eA==")


def _delivery():
    check = ClaimCheck.objects.filter(claim=_claim_with_history()).get()
    return WebhookDelivery.objects.create(
        webhook=_webhook(), event=check, message_id=f"msg_{next(_n)}", payload={}
    )


def _periodic_task():
    every, _ = IntervalSchedule.objects.get_or_create(every=5, period=IntervalSchedule.MINUTES)
    return PeriodicTask.objects.create(name=f"task {next(_n)}", task="x", interval=every)


# One maker per registered model: a new registration without one fails the
# completeness test below.
MAKERS = {
    "auth.Group": lambda: Group.objects.create(name=f"group {next(_n)}"),
    "auth.User": lambda: UserFactory(),
    "authtoken.TokenProxy": lambda: TokenProxy.objects.get(
        pk=Token.objects.create(user=UserFactory()).pk
    ),
    "django_celery_beat.PeriodicTask": _periodic_task,
    "django_celery_beat.ClockedSchedule": lambda: ClockedSchedule.objects.create(
        clocked_time=timezone.now() + timedelta(minutes=next(_n))
    ),
    "django_celery_beat.CrontabSchedule": lambda: CrontabSchedule.objects.create(
        minute=str(next(_n) % 60)
    ),
    "django_celery_beat.SolarSchedule": lambda: SolarSchedule.objects.create(
        event="sunrise", latitude=next(_n) % 80, longitude=10
    ),
    "django_celery_beat.IntervalSchedule": lambda: IntervalSchedule.objects.create(
        every=next(_n) + 100, period=IntervalSchedule.SECONDS
    ),
    "axes.AccessAttempt": lambda: AccessAttempt.objects.create(
        username=f"u{next(_n)}", ip_address="10.0.0.1", user_agent="x", failures_since_start=3
    ),
    "axes.AccessLog": lambda: AccessLog.objects.create(
        username=f"u{next(_n)}", ip_address="10.0.0.1", user_agent="x"
    ),
    "axes.AccessFailureLog": lambda: AccessFailureLog.objects.create(
        username=f"u{next(_n)}", ip_address="10.0.0.1", user_agent="x"
    ),
    "claims.Job": lambda: Job.objects.create(kind="ingest", actor_kind="user", actor="lena"),
    "claims.ClaimLink": lambda: _link(),
    "sources.Source": lambda: SourceFactory(),
    "sources.Article": lambda: ClaimFactory().article,
    "claims.Claim": lambda: EvidenceFactory().claim,
    "claims.Evidence": lambda: EvidenceFactory(),
    "claims.ClaimCheck": lambda: ClaimCheck.objects.filter(claim=_claim_with_history()).get(),
    "claims.Webhook": lambda: _webhook(),
    "claims.WebhookDelivery": lambda: _delivery(),
    "claims.Publication": lambda: publish(ClaimFactory(status="refuted")),
}
REGISTERED = sorted(admin.site._registry, key=lambda m: m._meta.label)
OUR_APPS = {"sources", "claims"}


def _link():
    a, b = sorted((ClaimFactory(), ClaimFactory()), key=lambda c: c.pk)
    return ClaimLink.objects.create(claim_a=a, claim_b=b, relation="same", score=0.7)


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_registered_model_has_a_maker():
    assert {m._meta.label for m in REGISTERED} <= set(MAKERS)


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_changelist_change_and_add_pages_render(admin_client, admin_user, rf, model):
    obj = MAKERS[model._meta.label]()
    assert admin_client.get(_url(model, "changelist"), follow=True).status_code == 200
    assert admin_client.get(_url(model, "change", obj.pk)).status_code == 200
    request = rf.get("/")
    request.user = admin_user
    if admin.site._registry[model].has_add_permission(request):
        assert admin_client.get(_url(model, "add")).status_code == 200


@pytest.mark.parametrize(
    "model",
    [m for m in REGISTERED if m._meta.app_label in OUR_APPS],
    ids=lambda m: m._meta.label,
)
def test_changelist_queries_do_not_grow_with_rows(admin_client, model):
    make = MAKERS[model._meta.label]
    url = _url(model, "changelist")
    make()
    admin_client.get(url, follow=True)  # warm caches (content types, permissions)
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(url, follow=True).status_code == 200
    for _ in range(12):
        make()
    with CaptureQueriesContext(connection) as many:
        assert admin_client.get(url, follow=True).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_claim_page_shows_history_read_only_and_basis(admin_client):
    claim = _claim_with_history()
    page = admin_client.get(_url(type(claim), "change", claim.pk)).content.decode()
    assert "confidence recomputed" in page
    # status is not a form field: it changes only through the verdict action
    assert 'name="status"' not in page
    assert 'name="confidence"' not in page


def test_verdict_action_asks_for_a_reason_then_records_it(admin_client):
    claim = ClaimFactory()
    url = _url(type(claim), "changelist")
    form_page = admin_client.post(url, {"action": "set_verdict", "_selected_action": [claim.pk]})
    assert form_page.status_code == 200
    assert b"reason" in form_page.content
    # without a reason: the form is shown again and nothing changes
    admin_client.post(
        url,
        {
            "action": "set_verdict",
            "_selected_action": [claim.pk],
            "apply": "1",
            "status": "refuted",
        },
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.UNVERIFIED
    response = admin_client.post(
        url,
        {
            "action": "set_verdict",
            "_selected_action": [claim.pk],
            "apply": "1",
            "status": "refuted",
            "lock": "on",
            "reason": "Official data contradict it",
        },
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REFUTED
    assert claim.status_locked
    row = ClaimCheck.objects.get(claim=claim)
    assert row.reason == "Official data contradict it"
    assert row.actor_user.is_superuser


def test_staff_without_the_verdict_permission_does_not_get_the_action(client):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_claim"))
    client.force_login(staff)
    claim = ClaimFactory()
    page = client.get(_url(type(claim), "changelist")).content.decode()
    assert "set_verdict" not in page


def test_article_page_highlights_claim_quotes(admin_client):
    article = ArticleFactory(raw_text="Intro line.\n\nThe mayor <b>resigned</b> on Monday.")
    quote = "The mayor <b>resigned</b> on Monday."
    start = article.raw_text.index(quote)
    ClaimFactory(
        article=article,
        start=start,
        end=start + len(quote),
        text="The mayor resigned",
        position=3,
        status="disputed",
    )
    page = admin_client.get(_url(type(article), "change", article.pk)).content.decode()
    # escaped, coloured by status, numbered as in the claims table
    assert (
        '<mark class="status-disputed" title="3. The mayor resigned (disputed)">'
        '<span class="claim-no">3</span>The mayor &lt;b&gt;resigned&lt;/b&gt; on Monday.</mark>'
        in page
    )
    assert '<mark class="status-disputed">Disputed</mark>' in page  # the legend


def test_adding_an_article_in_the_admin_extracts_its_claims(admin_client):
    url = reverse("admin:sources_article_add")
    response = admin_client.post(
        url,
        {
            "title": "",
            "url": "https://paper.example/port",
            "raw_text": (
                "Port Reopens After Storm\n\nThe port reopened on Monday and ships returned."
            ),
            "byline": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert article.title == "Port Reopens After Storm"
    assert sorted(article.claims.values_list("text", flat=True)) == [
        "Ships returned",
        "The port reopened on Monday",
    ]
    assert article.publisher.domain == "paper.example"


def test_adding_an_empty_article_shows_a_form_error(admin_client):
    response = admin_client.post(
        reverse("admin:sources_article_add"), {"raw_text": "   ", "title": "x"}
    )
    assert response.status_code == 200
    assert not Article.objects.exists()


PORT_TEXT = "Port Reopens After Storm\n\nThe port reopened on Monday and ships returned."


def test_an_article_pasted_without_a_url_is_stored(admin_client):
    response = admin_client.post(
        reverse("admin:sources_article_add"), {"title": "", "url": "", "raw_text": PORT_TEXT}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert article.url is None and article.claims.count() == 2


def test_pasting_stored_content_says_so_once_and_shows_the_stored_article(admin_client):
    admin_client.post(
        reverse("admin:sources_article_add"), {"title": "", "raw_text": PORT_TEXT}, follow=True
    )
    stored = Article.objects.get()
    response = admin_client.post(
        reverse("admin:sources_article_add"),
        {"title": "Another title", "url": "https://mirror.example/x", "raw_text": PORT_TEXT},
        follow=True,
    )
    texts = [str(m) for m in response.context["messages"]]
    assert texts == [
        f"Already stored as article {stored.pk}; nothing changed "
        "(the URL and title given were not stored)."
    ]
    assert response.redirect_chain[-1][0] == reverse(
        "admin:sources_article_change", args=[stored.pk]
    )
    assert Article.objects.count() == 1


def test_a_refused_ingest_is_a_message_on_the_add_form_not_an_error_page(client):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    adder = UserFactory(username="adder", is_staff=True)
    adder.user_permissions.set(
        Permission.objects.filter(codename__in=["add_article", "view_article"])
    )
    client.force_login(adder)
    url = reverse("admin:sources_article_add")
    client.post(url, {"url": "https://paper.example/port", "raw_text": PORT_TEXT}, follow=True)
    response = client.post(
        url,
        {"url": "https://paper.example/port", "raw_text": PORT_TEXT + " More came."},
        follow=True,
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == url
    [message] = [str(m) for m in response.context["messages"]]
    assert "needs the permission to change articles" in message
    assert Article.objects.count() == 1


def test_claim_page_shows_what_the_claim_says_read_only(admin_client):
    claim = ClaimFactory(predicates=["owner"])
    page = admin_client.get(_url(type(claim), "change", claim.pk)).content.decode()
    assert "what it says of its subject" in page.lower() and ">owner<" in page
    assert 'name="predicates"' not in page  # matching's reading, not an editor's field
    unread = ClaimFactory()
    page = admin_client.get(_url(type(unread), "change", unread.pk)).content.decode()
    assert "not read yet" in page
