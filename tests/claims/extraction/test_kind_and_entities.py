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
