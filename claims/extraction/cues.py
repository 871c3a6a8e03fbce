"""Word lists the extraction rules read: reporting verbs, hedges, negation,
time limits, claim kinds, discourse markers. Lower-case lemmas or words."""

# Verbs that frame reported content: "X said (that) Y" -> claim Y, attributed to X.
REPORTING_VERBS = frozenset(
    [
        "say",
        "tell",
        "note",
        "believe",
        "estimate",
        "announce",
        "claim",
        "warn",
        "argue",
        "report",
        "add",
        "state",
        "confirm",
        "insist",
        "suggest",
        "explain",
        "acknowledge",
        "admit",
        "allege",
        "assert",
        "contend",
        "maintain",
        "predict",
        "think",
        "reveal",
        "indicate",
        "show",
        "find",
        "conclude",
        "testify",
        "write",
        "tweet",
        "post",
        "observe",
        "emphasize",
        "emphasise",
        "stress",
        "caution",
        "concede",
        "declare",
        "disclose",
        "forecast",
        "calculate",
        "project",
        "mention",
        "complain",
        "recall",
        "reiterate",
        "affirm",
        "brief",
        "inform",
        "reckon",
        "judge",
        "assess",
    ]
)
# Phrasal reporting verbs: verb lemma + particle.
REPORTING_PHRASAL = frozenset({("point", "out"), ("make", "clear")})

# Adverbs that mark the speaker's uncertainty.
HEDGE_ADVERBS = frozenset(
    [
        "reportedly",
        "allegedly",
        "apparently",
        "possibly",
        "probably",
        "likely",
        "perhaps",
        "purportedly",
        "supposedly",
        "seemingly",
        "presumably",
        "maybe",
        "conceivably",
        "ostensibly",
        "reputedly",
    ]
)
HEDGE_MODALS = frozenset({"may", "might", "could"})
# "is expected to", "is believed to", "appears to": predicate + infinitive.
HEDGE_RAISING = frozenset(
    [
        "expect",
        "believe",
        "think",
        "say",
        "rumor",
        "rumour",
        "suspect",
        "understand",
        "estimate",
        "report",
        "allege",
        "appear",
        "seem",
        "tip",
    ]
)
# Adjectival hedges: "is likely to", "is unlikely to", "is poised to" is not one.
HEDGE_ADJECTIVES = frozenset({"likely", "unlikely", "possible", "probable"})
CONDITIONAL_MARKS = frozenset({"if", "unless"})

NEGATIVE_PRONOUNS = frozenset({"nobody", "none", "nothing", "neither", "noone"})
NEGATIVE_DETERMINERS = frozenset({"no", "neither"})
NEGATING_VERBS = frozenset({"fail"})

# Time-bound cues: the claim is true as of a moment and must be re-checked.
TIME_PHRASES = (
    "so far",
    "as of",
    "to date",
    "at present",
    "for now",
    "at the moment",
    "at this time",
    "this year",
    "this month",
    "this week",
    "until now",
    "up to now",
    "no longer",
    "any longer",
    "not yet",
)
TIME_WORDS = frozenset({"still", "currently", "yet", "today", "presently", "now", "ongoing"})

PLAN_VERBS = frozenset(
    [
        "plan",
        "intend",
        "aim",
        "seek",
        "propose",
        "prepare",
        "consider",
        "agree",
        "pledge",
        "promise",
        "vow",
        "schedule",
        "look",
        "hope",
        "want",
        "decide",
        "mull",
        "weigh",
    ]
)
FORECAST_VERBS = frozenset({"forecast", "predict", "project", "expect", "anticipate"})
OPINION_VERBS = frozenset(
    {"believe", "think", "argue", "feel", "contend", "insist", "criticize", "criticise"}
)
EVALUATIVE_ADJECTIVES = frozenset(
    [
        "difficult",
        "easy",
        "important",
        "essential",
        "crucial",
        "good",
        "bad",
        "best",
        "worst",
        "unfair",
        "fair",
        "wrong",
        "right",
        "dangerous",
        "safe",
        "necessary",
        "unnecessary",
        "excessive",
        "reasonable",
        "unacceptable",
        "welcome",
        "disappointing",
        "encouraging",
        "alarming",
        "worrying",
    ]
)
QUANTITY_ENTITY_LABELS = frozenset({"CARDINAL", "PERCENT", "MONEY", "QUANTITY"})

# Only these are dropped when they open a claim ("However, no deal..." -> "No deal...").
LEADING_DISCOURSE = frozenset(
    [
        "however",
        "meanwhile",
        "moreover",
        "furthermore",
        "additionally",
        "nevertheless",
        "nonetheless",
        "separately",
        "thus",
        "therefore",
    ]
)

# Heads of speaker phrases that name nobody in particular.
UNNAMED_SPEAKER_HEADS = frozenset(
    [
        "source",
        "sources",
        "official",
        "officials",
        "analyst",
        "analysts",
        "expert",
        "experts",
        "people",
        "person",
        "insider",
        "insiders",
        "observer",
        "observers",
        "critic",
        "critics",
        "report",
        "reports",
        "diplomat",
        "diplomats",
        "resident",
        "residents",
        "witness",
        "witnesses",
        "someone",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "economist",
        "economists",
        "researcher",
        "researchers",
        "scientist",
        "scientists",
        "investor",
        "investors",
        "trader",
        "traders",
        "executive",
        "executives",
        "member",
        "members",
        "lawmaker",
        "lawmakers",
        "activist",
        "activists",
        "media",
        "data",
        "study",
        "survey",
        "poll",
    ]
)
GOVERNMENT_WORDS = frozenset(
    [
        "ministry",
        "government",
        "council",
        "authority",
        "agency",
        "department",
        "police",
        "court",
        "board",
        "minister",
        "office",
        "parliament",
        "senate",
        "congress",
        "commission",
        "regulator",
        "president",
        "mayor",
        "governor",
        "cabinet",
        "administration",
    ]
)
# Predicates that describe a joint act: "A and B met" is one claim, not two.
COLLECTIVE_VERBS = frozenset(
    [
        "meet",
        "agree",
        "sign",
        "merge",
        "collide",
        "differ",
        "combine",
        "negotiate",
        "clash",
        "marry",
        "partner",
        "unite",
        "cooperate",
        "collaborate",
        "compete",
        "split",
        "share",
        "talk",
        "reconcile",
    ]
)
SPEAKER_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
# "X issued a statement ...", "X posted a message": X speaks the quotation
# that follows in the paragraph (the verb and what X put out)
STATEMENT_VERBS = frozenset({"issue", "release", "post", "publish", "send", "tweet", "write"})
STATEMENT_NOUNS = frozenset(
    {"statement", "message", "tweet", "letter", "post", "note", "response", "comment"}
)
# "the Church denied these allegations:" announces the paragraph after it
ANSWERING_VERBS = frozenset({"deny", "respond", "reply", "answer", "rebut", "counter"})
# "I think ..." inside someone's quotation: the speaker is whoever is quoted
FIRST_PERSON = frozenset({"i", "we"})

# Role nouns that, before a proper name, make it a person ("Harbour master
# Ines Costa"): more reliable than the small model's entity labels.
PERSON_ROLES = frozenset(
    [
        "master",
        "director",
        "minister",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "chief",
        "manager",
        "officer",
        "president",
        "governor",
        "mayor",
        "judge",
        "coach",
        "captain",
        "striker",
        "chairman",
        "chairwoman",
        "chair",
        "secretary",
        "senator",
        "representative",
        "lawmaker",
        "councillor",
        "councilor",
        "member",
        "leader",
        "founder",
        "executive",
        "ceo",
        "head",
        "inspector",
        "detective",
        "sergeant",
        "commissioner",
        "ambassador",
        "envoy",
        "professor",
        "dr",
        "economist",
        "analyst",
        "researcher",
        "scientist",
        "doctor",
        "nurse",
        "lawyer",
        "attorney",
        "prosecutor",
        "general",
        "colonel",
        "player",
        "defender",
        "goalkeeper",
        "editor",
        "reporter",
        "author",
        "activist",
    ]
)


# Quotation marks, as the tokenizer gives them.
QUOTE_CHARS = frozenset({'"', "“", "”", "«", "»", "``", "''"})
SINGLE_QUOTES = frozenset({"‘", "’", "'"})

# Relative pronouns that open a clause as its subject.
WH_SUBJECTS = frozenset({"which", "who", "that"})
# ", while Y" / ", although Y": Y is asserted too, so it is a claim of its own.
CONTRAST_MARKS = frozenset({"while", "whereas", "although", "though"})
