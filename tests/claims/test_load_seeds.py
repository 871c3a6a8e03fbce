import pytest
from django.core.management import call_command

from claims.models import Claim, ClaimLink, Evidence
from sources.models import Article, Source

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "sources": sorted(Source.objects.values_list("slug", "kind", "reliability", "is_official")),
        "articles": sorted(Article.objects.values_list("url", "content_hash", "publisher__slug")),
        "claims": sorted(Claim.objects.values_list("article__url", "start", "end", "text")),
        "evidence": sorted(Evidence.objects.values_list("claim__text", "source__slug", "stance")),
    }


def test_load_seeds_twice_leaves_the_same_rows():
    call_command("load_seeds", verbosity=0)
    first = snapshot()
    call_command("load_seeds", verbosity=0)
    assert snapshot() == first
    assert len(first["articles"]) >= 5
    assert {"multiple-sources", "analysts"} <= {slug for slug, *_ in first["sources"]}


def test_seed_sources_include_publishers_and_unnamed_sources():
    call_command("load_seeds", verbosity=0)
    kinds = set(Source.objects.values_list("kind", flat=True))
    assert {"publication", "unnamed", "government"} <= kinds
    assert Article.objects.filter(publisher__isnull=True).count() == 0


def test_the_demos_reports_of_one_story_corroborate_and_dispute_each_other(
    django_capture_on_commit_callbacks,
):
    """Three publishers report the mill's closure: matched as they are
    loaded (in process, as the demo runs), claims of one are corroborated
    by another's and the count of jobs (420 against 380) is disputed."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_seeds", verbosity=0)
    mill = Claim.objects.current().filter(article__url__contains="mill")
    assert mill.values("article__publisher").distinct().count() == 3
    corroborated = mill.filter(status="corroborated", evidence__added_by="link")
    assert corroborated.filter(evidence__stance="supports").exists()
    disputed = mill.filter(evidence__added_by="link", evidence__stance="refutes")
    assert disputed.filter(text__contains="420").exists()
    assert disputed.filter(status__in=["disputed", "refuted"]).exists()
    assert ClaimLink.objects.filter(state="suggested").exists()  # the editors' queue
