"""Sources are matched by normalised name; publishers come from a name or a
URL's domain; the content hash ignores spacing and Unicode forms."""

import pytest

from sources.models import Source, SourceKind, normalize_source_name
from sources.services import publisher_for, source_get_or_create, text_content_hash, url_domain


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The Health Ministry", "health ministry"),
        ("Dr. Lena Fischer", "Lena Fischer"),
        ("  Agence   Presse ", "agence presse"),
        ("Ministère de l'Intérieur", "Ministere de l Interieur"),
    ],
)
def test_names_that_differ_only_in_form_normalise_alike(a, b):
    assert normalize_source_name(a) == normalize_source_name(b)


def test_a_name_of_only_punctuation_still_has_a_key():
    assert normalize_source_name("!!!") == "unnamed"


@pytest.mark.django_db
def test_source_get_or_create_reuses_the_same_normalised_name():
    first = source_get_or_create(name="The Harbor Authority", kind=SourceKind.GOVERNMENT)
    again = source_get_or_create(name="harbor   authority")
    assert again.pk == first.pk
    assert Source.objects.count() == 1


@pytest.mark.django_db
def test_a_publisher_comes_from_the_url_domain_and_is_reused():
    first = publisher_for(url="https://www.courier.example/news/1")
    second = publisher_for(url="https://courier.example/other")
    assert first.pk == second.pk
    assert (first.kind, first.domain) == (SourceKind.PUBLICATION, "courier.example")
    assert publisher_for(url="not a url") is None


def test_url_domain_and_content_hash():
    assert url_domain("https://WWW.Paper.Example:8443/x") == "paper.example"
    assert text_content_hash("A  b\n c") == text_content_hash("A b c")
    assert text_content_hash("caf\u00e9") == text_content_hash("cafe\u0301")
    assert text_content_hash("A b c") != text_content_hash("A b d")
