"""For any text: extraction does not raise, and every span is exact."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

WORDS = st.sampled_from(
    [
        "The",
        "council",
        "said",
        "that",
        "no",
        "deal",
        "has",
        "been",
        "reached",
        "so",
        "far",
        "and",
        "may",
        "fail",
        ",",
        ".",
        ";",
        ":",
        '"\n',
        "",
        "",
        "",
        "“",
        "”",
        "(",
        ")",
        "—",
        "analysts",
        "according",
        "to",
        "reportedly",
        "IREL",
        ",",
        "a",
        "miner",
        ",",
        "which",
        "said",
        "it",
        "would\n",
        "",
        "",
        "",
        "not",
        "if",
        "300",
        "%",
        "$",
        "Mr.",
        "Dr.",
        "\n",
        "\n\n",
        "Home",
        "|",
        "Share",
        "Photo:",
        "©",
        "2026",
        "who",
        "?",
        "!",
    ]
)
TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(WORDS, max_size=120).map(" ".join),
    st.lists(st.one_of(WORDS, st.text(max_size=8)), max_size=80).map("".join),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_extraction_never_raises_and_spans_are_exact(extractor, text):
    result = extractor.extract(text)
    for claim in result.claims:
        assert 0 <= claim.start < claim.end <= len(text)
        assert text[claim.start : claim.end] == claim.quote
        assert claim.text.strip()
        assert claim.polarity in {"affirmed", "negated"}
        assert 0.0 < claim.confidence < 1.0
        for entity in claim.entities:
            assert text[entity["start"] : entity["end"]] == entity["text"]
