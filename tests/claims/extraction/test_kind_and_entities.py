import pytest


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The union plans to appeal the decision.", "plan"),
        ("The company will close the plant in March.", "forecast"),
        ("The project is expected to create 500 jobs.", "forecast"),
        ("Analysts believe the outreach reflects growing competition.", "opinion"),
        ("Transporting minerals across the mountains is difficult.", "opinion"),
        ("The utility serves about 310,000 customers.", "quantity"),
        ("The mill opened in the town center.", "fact"),
    ],
)
def test_kind(only, sentence, kind):
    assert only(sentence).kind == kind


def test_entities_carry_labels_and_exact_offsets(extract):
    text = "Intro line without a verb\n\nAnna Berg met officials from Reuters in Paris on Monday."
    (claim,) = extract(text)
    labels = {e["text"]: e["label"] for e in claim.entities}
    assert labels.get("Anna Berg") == "PERSON"
    assert labels.get("Paris") == "GPE"
    for entity in claim.entities:
        assert text[entity["start"] : entity["end"]] == entity["text"]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # the verb, with the verbs joined to it
        ("The union plans to ask the state for retraining funds.", {"plan", "ask"}),
        ("Twelve workers died when a crane collapsed at the port.", {"die", "collapse"}),
        # a light verb says what its complement says
        ("The mill is the town's largest private employer.", {"employer"}),
        ("Mohamed received an invitation to the science fair.", {"invitation"}),
        # "came with", "came to an end": what it says is in its phrase, not
        # read here; nothing said, so nothing to meet or miss
        ("England's win came with a late goal by Harry Kane.", set()),
    ],
)
def test_a_claim_carries_what_it_says_of_its_subject(only, text, said):
    assert set(only(text).predicates) == said


def test_each_claim_of_a_split_sentence_says_its_own_thing(extract):
    texts = (
        "The owner of the paper mill, Calder Fibre Group, will close the plant and cut 420 jobs."
    )
    said = {claim.text: claim.predicates for claim in extract(texts)}
    assert said == {
        "Calder Fibre Group will close the plant": ["close"],
        "Calder Fibre Group cut 420 jobs": ["cut"],
        "Calder Fibre Group is the owner of the paper mill": ["owner"],
    }


def test_a_text_read_alone_says_what_its_speech_verb_reports():
    from claims.extraction.pipeline import text_predicates

    assert text_predicates(
        [
            "The council approved the plan, officials said",
            "Officials said the council would approve the plan",
            # a silence is the claim itself, not a frame
            "Officials have not said why the plan was approved",
        ]
    ) == [["approve"], ["approve"], ["say"]]
