"""Reporting frames become the attribution; the claim is what was reported."""

import pytest


def said(only, sentence):
    claim = only(sentence)
    return claim.text, claim.attribution


@pytest.mark.parametrize(
    ("sentence", "text", "speaker"),
    [
        (
            "Analysts say the measures are part of a wider strategy.",
            "The measures are part of a wider strategy",
            "Analysts",  # the name as written
        ),
        (
            "Police told reporters that the suspect had been arrested.",
            "The suspect had been arrested",
            "Police",
        ),
        (
            "The driver was speeding, according to the police.",
            "The driver was speeding",
            "the police",
        ),
        (
            "According to the police, the driver was speeding.",
            "The driver was speeding",
            "the police",
        ),
        (
            "Public clinics will extend their hours, the regional health authority "
            "announced on Monday.",
            "Public clinics will extend their hours",
            "the regional health authority",
        ),
        (
            '"The economy is recovering," the minister said.',
            "The economy is recovering",
            "the minister",
        ),
        ('"We will win," said the coach.', "We will win", "the coach"),
        (
            "The project, the company said, will be finished in 2030.",
            "The project will be finished in 2030",
            "the company",
        ),
    ],
)
def test_reporting_frames_in_their_shapes(only, sentence, text, speaker):
    assert said(only, sentence) == (text, speaker)


def test_a_pronoun_subject_referring_to_the_speaker_is_replaced_by_its_name(only):
    assert said(only, "The company said it would expand into Asia.") == (
        "The company would expand into Asia",
        "The company",
    )


def test_first_person_quotes_keep_their_pronoun(extract):
    claims = extract('"We expect most customers to be reconnected by Wednesday," said Ana Ruiz.')
    assert [(c.text, c.attribution) for c in claims] == [
        ("We expect most customers to be reconnected by Wednesday", "Ana Ruiz")
    ]


def test_he_and_she_resolve_to_the_last_person_named(extract):
    text = (
        "Riverside manager Clara Voss praised her players.\n\n"
        '"Nobody gave us a chance," she said. "This is the best day of my career."'
    )
    claims = extract(text)
    assert [c.attribution for c in claims[1:]] == ["Clara Voss", "Clara Voss"]


def test_a_multi_sentence_quotation_is_attributed_to_the_speaker_named_at_its_end(extract):
    text = '"Prices will rise. Wages will not keep up," the governor said.'
    claims = extract(text)
    assert [(c.text, c.attribution) for c in claims] == [
        ("Prices will rise", "the governor"),
        ("Wages will not keep up", "the governor"),
    ]


def test_a_frame_inside_a_coordinated_verb(extract):
    text = "Environmental groups welcomed the approval, but critics warned that costs could rise."
    claims = extract(text)
    assert [(c.text, c.attribution) for c in claims] == [
        ("Environmental groups welcomed the approval", None),
        ("Costs could rise", "critics"),
    ]


def test_a_negated_reporting_verb_is_a_claim_not_a_frame(only):
    claim = only("Officials did not say how much the audit would cost.")
    assert claim.text == "Officials did not say how much the audit would cost"
    assert claim.attribution is None
    assert claim.polarity == "negated"


def test_an_impersonal_frame_is_a_hedge_without_a_speaker(only):
    claim = only("It is believed that the suspect fled abroad.")
    assert (claim.text, claim.attribution, claim.hedged) == ("The suspect fled abroad", None, True)


def test_the_articles_own_voice_has_no_attribution(only):
    assert only("The council postponed the vote on Tuesday.").attribution is None


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Two people familiar with the talks said a deal was close.", "unnamed"),
        ("Analysts say the deal is close.", "unnamed"),
        ("A spokesperson said the deal was close.", "unnamed"),
        ("Finance minister Anna Berg said the deal was close.", "named"),
        ("The health ministry said the deal was close.", "named"),
    ],
)
def test_speakers_are_named_or_unnamed(only, sentence, kind):
    assert only(sentence).attribution_kind == kind


@pytest.mark.parametrize(
    ("sentence", "text", "speaker"),
    [
        (
            "The strike will continue, union leader Pat Quinn told reporters on Tuesday.",
            "The strike will continue",
            "union leader Pat Quinn",
        ),
        (
            "In a statement, the ministry said the border would reopen on Friday.",
            "The border would reopen on Friday",
            "the ministry",
        ),
        (
            "The report, released on Tuesday, found that emissions rose 4 percent.",
            "Emissions rose 4 percent",
            "The report",
        ),
        (
            "The minister, speaking on condition of anonymity, said talks had stalled.",
            "Talks had stalled",
            "The minister",
        ),
        ("Prices are rising fast, residents say.", "Prices are rising fast", "residents"),
        (
            "Local media reported that three soldiers were killed.",
            "Three soldiers were killed",
            "Local media",
        ),
    ],
)
def test_more_frames_from_news_copy(only, sentence, text, speaker):
    assert said(only, sentence) == (text, speaker)


def test_a_quoted_it_is_not_the_speaker(extract):
    claims = extract('"It\'s a disaster," said one farmer, who asked not to be named.')
    assert claims[0].text == "It's a disaster"
    assert claims[0].attribution == "one farmer"


def test_a_quoted_phrase_elsewhere_does_not_stop_the_pronoun_becoming_the_speaker(extract):
    text = 'Lawyers for the minister said they would appeal, calling the verdict "political".'
    claims = {c.text: c.attribution for c in extract(text)}
    assert claims["Lawyers for the minister would appeal"] == "Lawyers for the minister"


def test_a_reason_given_for_a_report_is_the_speakers_claim(extract):
    text = (
        "The study does not prove that sugar causes the disease, the researchers cautioned, "
        "because other factors may play a role."
    )
    claims = {c.text: (c.attribution, c.hedged) for c in extract(text)}
    assert claims["Other factors may play a role"] == ("the researchers", True)
    assert claims["The study does not prove that sugar causes the disease"][0] == "the researchers"


def test_a_pronoun_inside_the_quotation_stays(extract):
    claims = extract('"It will be ready soon," the company said.')
    assert [(c.text, c.attribution) for c in claims] == [("It will be ready soon", "the company")]


@pytest.mark.parametrize(
    ("text", "side_claim", "speaker"),
    [
        (
            "Aid agencies warned that cholera could spread in the camps, which lack clean water.",
            "The camps lack clean water",
            "Aid agencies",
        ),
        (
            "The breach was found by a researcher, who reported it to the company, "
            "the lawsuit says.",
            "A researcher reported it to the company",
            "the lawsuit",
        ),
    ],
)
def test_a_relative_clause_inside_reported_speech_is_the_speakers_too(
    extract, text, side_claim, speaker
):
    claims = {c.text: c.attribution for c in extract(text)}
    assert claims[side_claim] == speaker


def test_a_relative_clause_outside_the_report_stays_the_articles(extract):
    text = "The mayor, who took office in May, said the bridge would reopen."
    claims = {c.text: c.attribution for c in extract(text)}
    assert claims["The mayor took office in May"] is None
    assert claims["The bridge would reopen"] == "The mayor"


def test_a_quotation_that_goes_on_after_its_speaker_is_theirs(extract):
    text = (
        '"This is not everything we asked for," said Pat Cullen, the union leader. '
        '"But it is a real improvement. Our members have been heard."'
    )
    claims = {c.text: c.attribution for c in extract(text)}
    assert claims["It is a real improvement"] == "Pat Cullen"
    assert claims["Our members have been heard"] == "Pat Cullen"


def test_a_paragraph_of_quotation_alone_continues_the_last_speaker(extract):
    text = (
        '"The rescue went well," said fire chief Tom Hale.\n\n'
        '"Two people were taken to hospital. Both are stable."\n\n'
        '"The road will reopen tonight. Drivers should expect delays," the police said.\n\n'
        'The mayor visited the site. "Everyone did a great job."'
    )
    claims = {c.text: c.attribution for c in extract(text)}
    assert claims["Two people were taken to hospital"] == "fire chief Tom Hale"
    assert claims["Both are stable"] == "fire chief Tom Hale"
    # named at its end: that speaker, not the one carried over
    assert claims["The road will reopen tonight"] == "the police"
    # a paragraph that is not all quotation carries nobody over
    assert claims["Everyone did a great job"] is None


def speakers(extract, text) -> dict[str, str | None]:
    return {c.text: c.attribution for c in extract(text)}


def test_a_quotation_left_open_goes_on_in_the_next_paragraph(extract):
    text = (
        'Coach Dana Ruiz said after the final, "We learned a lot from the match.\n\n'
        'The players were tired after the long trip. The team will train on Monday."\n\n'
        "The league confirmed the result on Sunday."
    )
    found = speakers(extract, text)
    assert "Dana Ruiz" in found["The players were tired after the long trip"]
    assert "Dana Ruiz" in found["The team will train on Monday"]
    assert found["The league confirmed the result on Sunday"] is None  # the quotation closed


def test_a_continued_quotation_that_opens_again_keeps_its_speaker(extract):
    text = (
        'The mayor, Ana Pereira, said: "The bridge will reopen in May.\n\n'
        '"The repairs cost less than planned." Traffic resumed on the old road in June.'
    )
    found = speakers(extract, text)
    assert "Ana Pereira" in found["The repairs cost less than planned"]
    assert found["Traffic resumed on the old road in June"] is None


def test_first_person_inside_a_quotation_is_the_quoted_speaker(extract):
    text = 'The minister, Tom Hale, said, "I think the port will reopen next week."'
    [claim] = [c for c in extract(text) if not c.optional]  # "Tom Hale is the minister" too
    assert claim.text == "The port will reopen next week" and "Tom Hale" in claim.attribution


def test_a_statement_put_out_names_the_speaker_of_the_quotation_after_it(extract):
    text = (
        "Senator Maria Lopez issued a statement on Tuesday. "
        '"The closure will cost the region thousands of jobs."'
    )
    found = speakers(extract, text)
    assert found["The closure will cost the region thousands of jobs"] == "Senator Maria Lopez"
    assert found["Senator Maria Lopez issued a statement on Tuesday"] is None


def test_a_frame_the_parser_hung_on_the_speakers_title_is_still_a_frame(extract):
    text = (
        "Speaking in a public statement, Ruritania's Prime Minister, Ana Pereira said, "
        '"The border will stay open through the winter."'
    )
    [claim] = extract(text)
    assert claim.text == "The border will stay open through the winter"
    # the speaker by name or by title, as the parse gives it
    assert "Ana Pereira" in claim.attribution or "Prime Minister" in claim.attribution


def test_a_frame_naming_nobody_inside_a_named_one_keeps_the_named_speaker(extract):
    text = '"I\'m told that the file is not secret," the minister, Tom Hale, said.'
    [claim] = [c for c in extract(text) if not c.optional]
    assert claim.text == "The file is not secret" and "Tom Hale" in claim.attribution


def test_a_paragraph_announced_with_a_colon_is_the_announcers(extract):
    text = (
        "In a statement on Monday, the port authority denied the reports:\n\n"
        "No ship was turned away. The cranes were repaired in March.\n\n"
        "Dock workers returned to the quay on Tuesday."
    )
    found = speakers(extract, text)
    assert "port authority" in found["No ship was turned away"]
    assert "port authority" in found["The cranes were repaired in March"]
    assert found["Dock workers returned to the quay on Tuesday"] is None  # the next paragraph


def test_a_clause_going_on_after_the_reported_content_is_still_reported(extract):
    found = speakers(
        extract,
        "Paris claims that her passport was taken away and she was forced to work below deck.",
    )
    assert found["She was forced to work below deck"] == "Paris"


def test_a_modal_is_shared_only_with_a_bare_verb(texts):
    assert texts("The bridge would reopen and the council approved the budget.") == [
        "The bridge would reopen",
        "The council approved the budget",
    ]


def test_a_reporting_verb_in_a_because_clause_is_a_cause_not_a_frame(extract):
    claims = extract("The council acted because residents complained.")
    assert [(c.text, c.attribution) for c in claims] == [
        ("The council acted because residents complained", None)
    ]


def test_a_closing_quotation_mark_typed_as_an_opening_one_still_closes(extract):
    # "decision.“" : the mark after the full stop closes the quotation
    text = (
        "The senator's statement added, “The choice was made in haste. "
        "I am disappointed with the decision.“ The centre will keep its simulators.\n\n"
        "The museum had built a new hall for the orbiter."
    )
    found = speakers(extract, text)
    assert "senator" in found["I am disappointed with the decision"]
    assert found["The centre will keep its simulators"] is None
    assert found["The museum had built a new hall for the orbiter"] is None


def test_a_speaker_saying_as_much_comments_and_does_not_frame(extract):
    # "said as much" stands for the clause before it: that clause is not the mayor's
    found = speakers(extract, "The plan will fail — even the mayor said as much.")
    assert found == {"The plan will fail — even the mayor said as much": None}


def test_a_coordinated_reporting_verb_takes_the_first_verbs_subject_as_speaker(extract):
    found = speakers(extract, "The mayor visited the site and said the road will reopen tonight.")
    assert found == {
        "The mayor visited the site": None,
        "The road will reopen tonight": "The mayor",
    }


def test_a_name_the_parser_cut_into_several_subjects_is_one_speaker(extract):
    # in this paragraph the small model makes "co", "-" and "Zuckerberg" three
    # subjects of "tweeted": the claims keep the words whole and the speaker too
    text = (
        "Twitter gave the student the option to come to their company for an internship. "
        "Facebook co-founder Mark Zuckerberg tweeted to the student and said the boy was "
        "welcome to come and tour the company."
    )
    found = speakers(extract, text)
    assert found["Facebook co-founder Mark Zuckerberg tweeted to the student"] is None
    assert found["The boy was welcome to come and tour the company"] == (
        "Facebook co-founder Mark Zuckerberg"
    )


def test_body_words_a_pull_quote_credits_are_its_speakers(extract):
    # the page's pull quote names who said the words the body repeats unquoted
    text = (
        "The crew member left the ship in 2007.\n\n"
        "I was made to work in the engine room every night. Jo Marsh\n\n"
        "I was made to work in the engine room every night. The company denies this.\n\n"
        "The ship was built in Norway in 1990."
    )
    found = speakers(extract, text)
    assert found["I was made to work in the engine room every night"] == "Jo Marsh"
    assert found["The company denies this"] is None
    assert found["The ship was built in Norway in 1990"] is None


def test_an_age_after_a_name_is_not_part_of_the_speakers_name(extract):
    claims = extract("Popa, 61, who denied the charges, said he would appeal.")
    found = {c.text: (c.attribution, c.optional) for c in claims}
    assert found["Popa would appeal"] == ("Popa", False)
    assert found["Popa denied the charges"] == (None, False)
    assert found["Popa is 61"] == (None, True)


def test_a_participle_describing_the_according_to_source_stays_with_the_source(extract):
    text = (
        "People who eat large amounts of ultra-processed food are more likely to die early, "
        "according to a study of 115,000 adults followed for more than 30 years."
    )
    (claim,) = extract(text)
    assert claim.text == (
        "People who eat large amounts of ultra-processed food are more likely to die early"
    )
    assert claim.attribution == "a study of 115,000 adults followed for more than 30 years"
