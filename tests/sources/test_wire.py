"""The news agency an article credits: read from its byline, a dateline,
or a credit line at either end; an agency cited in the story is none."""

import pytest

from sources.wire import agency_of, wire_credit

STORY = "A crane fell at the Port Ellis container terminal on Tuesday, killing 12 workers."


@pytest.mark.parametrize(
    "byline, text, agency",
    [
        ("By Jane Roe, Associated Press", STORY, "associated press"),
        ("Reuters staff", STORY, "reuters"),
        ("", f"PORT ELLIS (Reuters) - {STORY}", "reuters"),
        ("", f"Crane collapse\n\nPORT ELLIS (AP) — {STORY}", "associated press"),
        ("", f"{STORY}\n\nThe Associated Press contributed to this report.", "associated press"),
        ("", f"{STORY}\n\nWith files from The Canadian Press", "canadian press"),
        ("", f"{STORY}\n\n© 2026 AFP", "agence france-presse"),
        ("", f"{STORY}\n\n— Reuters", "reuters"),
    ],
)
def test_an_agency_credited_in_the_byline_dateline_or_a_credit_line(byline, text, agency):
    assert wire_credit(byline, text) == agency


@pytest.mark.parametrize(
    "byline, text",
    [
        ("By Jane Roe", STORY),
        # cited in the story, not credited for it
        ("", f"{STORY} The union told Reuters the terminal was unsafe."),
        ("", f"According to the Associated Press, {STORY}"),
        # a capitalised "AP" in a name is no credit
        ("By Lena AP-Smith Jr", STORY),
        ("", ""),
    ],
)
def test_no_credit_is_read_into_a_citation_or_a_plain_byline(byline, text):
    assert wire_credit(byline, text) == ""


def test_a_publisher_that_is_an_agency_is_known_by_any_of_its_names():
    assert agency_of("The Associated Press") == agency_of("AP") == "associated press"
    assert agency_of("Agence France-Presse") == "agence france-presse"
    assert agency_of("Harbor Courier") == ""
