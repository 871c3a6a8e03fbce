"""Page chrome is dropped, the headline recognised, and no offset moves."""

import pytest

from claims.extraction.cleaning import chrome_reason, clean

PAGE = """Home | World | Business | Sport | Opinion

Share on Facebook Share on X Email

Council Delays Water Vote After Protest

By Jane Doe, City Reporter

Published 3 March 2026

HARBOR CITY, March 3 — The council postponed a vote on water rates on Tuesday.

Photo: Protesters outside the council building. (Credit: City Press)

The utility says the increase is needed to replace aging pipes.

Watch: Inside the water plant (2:41)

Related Stories

Sign up for our newsletter

© 2026 City Press. All rights reserved."""


def test_only_body_sentences_remain_with_exact_offsets():
    cleaned = clean(PAGE)
    assert [s.text for s in cleaned.segments] == [
        "The council postponed a vote on water rates on Tuesday.",
        "The utility says the increase is needed to replace aging pipes.",
    ]
    for segment in cleaned.segments:
        assert PAGE[segment.start : segment.end] == segment.text


def test_the_headline_is_recognised_and_not_a_body_segment():
    cleaned = clean(PAGE)
    start, end = cleaned.headline
    assert PAGE[start:end] == "Council Delays Water Vote After Protest"


def test_the_dateline_is_dropped_from_the_paragraph():
    cleaned = clean(PAGE)
    datelines = [PAGE[s:e] for s, e, why in cleaned.dropped if why == "dateline"]
    assert datelines == ["HARBOR CITY, March 3 — "]


@pytest.mark.parametrize(
    ("line", "dateline"),
    [
        ("Taipei, Taiwan — The lantern festival opened on Saturday night.", "Taipei, Taiwan — "),
        ("Port Ellis — Dock workers returned to the quay on Monday.", "Port Ellis — "),
        # a hyphenated word or a colon is no dateline
        ("Hong Kong-based lenders raised their rates on Monday.", None),
        ("Smith: the port will reopen within a week of the storm.", None),
    ],
)
def test_a_place_set_off_by_a_dash_is_a_dateline(line, dateline):
    found = [line[s:e] for s, e, why in clean(line).dropped if why == "dateline"]
    assert found == ([dateline] if dateline else [])


@pytest.mark.parametrize(
    "line",
    [
        "Picture of the author",
        "Related News",
        "Trending",
        "Type to Search",
        "In other related news also read Minister Condemns Water Deal",
        "Photo: Turbines at a wind farm. (Credit: Westmere Renewables)",
        "(Reporting by Tom Elder; Editing by Kay Moss)",
        "© 2026 Coastal Daily. All rights reserved.",
        "Read more: How the vote was lost.",
        "By Jane Doe, Reuters.",
        # captions that end in their credit, sentence-like or not
        "Crowds gather at the harbour gate on Monday. Image: Harbour Courier.",
        "Ferry passengers wait in the rain Photo: Jo Lee.",
        "In 2009, the two ferries await repairs in the dry dock. Image: Port Authority.",
    ],
)
def test_chrome_lines_are_dropped(line):
    assert clean(line).segments == []


@pytest.mark.parametrize(
    "line",
    [
        "Home prices rose 5 percent last year.",
        "Search teams found the wreck on Monday.",
        "Comments by the minister drew sharp criticism.",
        "By noon, the river had risen two metres.",
        "Related charges were filed against two other men.",
        "The exhibition shows one image: a harbour at dawn, painted in 1890.",
    ],
)
def test_sentences_that_merely_start_like_chrome_are_kept(line):
    assert chrome_reason(line) is None
    assert [s.text for s in clean(line).segments] == [line]


def test_a_hard_wrapped_paragraph_is_one_segment():
    text = (
        "The council postponed a vote on a proposed increase in\n"
        "residential water rates after residents protested outside\n"
        "the building on Tuesday."
    )
    assert [s.text for s in clean(text).segments] == [text]


def test_semicolons_separate_segments():
    text = "The council postponed the vote; the mayor was absent."
    assert [s.text for s in clean(text).segments] == [
        "The council postponed the vote",
        "the mayor was absent.",
    ]


def test_crlf_line_endings_keep_offsets_exact():
    text = "Headline Of The Story\r\n\r\nThe council postponed the vote on Tuesday.\r\n"
    (segment,) = clean(text).segments
    assert text[segment.start : segment.end] == "The council postponed the vote on Tuesday."


def test_a_long_body_paragraph_is_not_chrome_for_a_phrase_inside_it():
    from claims.extraction.cleaning import clean

    body = " ".join(
        f"The council met on day {n} and approved the plan, officials said." for n in range(12)
    )
    raw = f"Council News\n\n{body} In other news, the mayor | the council | the board agreed.\n"
    assert [seg.paragraph for seg in clean(raw).segments] == [0]


@pytest.mark.parametrize(
    ("line", "caption"),
    [
        (
            "Mayor Ana Pereira In the northern district, turnout rose to 61 percent on Sunday.",
            "Mayor Ana Pereira",
        ),
        (
            "The harbour at dawn After the storm, the port stayed closed for three days.",
            "The harbour at dawn",
        ),
        # a capitalised preposition that opens the paragraph, or follows a
        # comma, is the paragraph's own
        ("In the northern district, turnout rose to 61 percent on Sunday.", None),
        ("Officials said that, In the end, turnout rose to 61 percent.", None),
        ("Turnout rose. In the north, it reached 61 percent on Sunday.", None),
    ],
)
def test_a_caption_run_into_its_paragraph_is_dropped(line, caption):
    cleaned = clean(line)
    found = [line[s:e] for s, e, why in cleaned.dropped if why == "caption run into the paragraph"]
    assert found == ([caption] if caption else [])
    if caption:
        assert cleaned.segments[0].text == line[len(caption) + 1 :]


def test_a_sentence_announcing_the_next_paragraph_is_body_text_and_a_short_label_is_not():
    text = (
        "In a statement, the port authority denied the reports:\n\n"
        "Results:\n\n"
        "No ship was turned away."
    )
    assert [s.text for s in clean(text).segments] == [
        "In a statement, the port authority denied the reports:",
        "No ship was turned away.",
    ]
