import pytest
from django.core.management import call_command

from claims.models import Claim, Evidence
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
