"""Two clauses the small model read as one are cut at their "and" and
parsed again, half by half (claims.extraction.reparse)."""

import pytest

from claims.extraction.reparse import misread_coordination


@pytest.mark.parametrize(
    ("sentence", "claims"),
    [
        # the second clause's subject hung on the first clause's predicate
        (
            "Portugal is mainly Catholic and the European Union counts the country among "
            "its poorest members.",
            [
                "Portugal is mainly Catholic",
                "The European Union counts the country among its poorest members",
            ],
        ),
        # a singular verb whose parsed subject is a coordination across the "and"
        (
            "Police said residents first noticed the smoke and a fire engine was called "
            "to the scene.",
            ["Residents first noticed the smoke", "A fire engine was called to the scene"],
        ),
    ],
)
def test_two_clauses_read_as_one_are_a_claim_each(texts, sentence, claims):
    assert texts(sentence) == claims


def test_a_second_subject_with_a_phrase_of_its_own_is_cut_too(texts):
    # "the head of its German unit was replaced": parsed as one clause, it had
    # made "The company was replaced"
    assert texts("The company cut 300 jobs and the head of its German unit was replaced.") == [
        "The company cut 300 jobs",
        "The head of its German unit was replaced",
    ]


def test_the_second_half_goes_on_with_what_the_first_half_reported(extract):
    claims = extract(
        "A spokesman said divers first found the wreck and a ship was sent to raise it."
    )
    assert [(c.text, c.attribution) for c in claims] == [
        ("Divers first found the wreck", "A spokesman"),
        ("A ship was sent to raise it", "A spokesman"),
    ]


def test_each_half_quotes_its_own_stretch_of_the_text(extract):
    text = "Portugal is mainly Catholic and the European Union counts the country as poor."
    claims = extract(text)
    assert [c.quote for c in claims] == [
        "Portugal is mainly Catholic",
        "the European Union counts the country as poor",
    ]
    assert [text[c.start : c.end] for c in claims] == [c.quote for c in claims]


@pytest.mark.parametrize(
    ("sentence", "claims"),
    [
        ("Sales of cars and trucks rose.", ["Sales of cars and trucks rose"]),
        (
            "The company makes cars and sells them abroad.",
            [
                "The company makes cars",
                "The company sells them abroad",
            ],
        ),
    ],
)
def test_coordinations_the_parser_read_right_are_left_alone(texts, sentence, claims):
    assert texts(sentence) == claims


def test_a_half_that_does_not_parse_as_a_clause_leaves_the_sentence_whole(extractor):
    # cut at "and", the first half still parses without a verb at its root:
    # the sentence is read as the parser read it, not as garbled halves
    text = "The media attention led to offers from Apple and Ahmed was invited to their fair."
    sent = next(extractor.nlp(text).sents)
    assert misread_coordination(sent) is not None
    segment = extractor._prepare(text)[1].segments[0]
    assert [piece.text for piece, _, _ in extractor._readings(sent, segment)] == [text]
