"""What matching reads from a claim's text: content terms, numbers, names
and negation. Pure Python, no model: fast enough to compare a new claim with
every candidate the index returns."""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field, replace
from functools import cached_property

from claims.matching.lemmas import lemma

# a number ends with a digit: "9," in "September 9, 2016" is the 9th, not 9
# ("28th" is one token, an ordinal: not the count 28 and the word "th")
# "per cent" is one word, "percent"; "S&P", "AT&T" one name
_TOKEN = re.compile(
    r"[Pp]er cent\b|[A-Z]&[A-Z]+\b|[A-Za-z][A-Za-z'’-]*|\d+(?:st|nd|rd|th)\b"
    r"|[$€£]?\d(?:[\d,]*\d)?(?:\.\d+)?%?"
)
# what a sign before or after an amount counts: "$5 million" and "5 million
# dollars" are one amount, "58%" and "58 percent" one share
_SIGNS = {"$": "dollar", "€": "euro", "£": "pound", "%": "percent"}
# what a sign counts is one unit, met by itself alone ("percent" is no kind of "cent")
SIGN_UNITS = frozenset(_SIGNS.values())
NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
    "twice": 2, "thrice": 3, "single": 1, "once": 1,
}  # fmt: skip
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# "more than 345" does not conflict with 345 or 400; "about 300" with 290.
APPROXIMATE = frozenset(
    "about around approximately nearly almost roughly some over more than least up to "
    "under fewer less below above beyond estimated".split()
)
# what the words before a number say of its range: "more than 345" is at
# least 345 (107 is out of it), "fewer than 50" at most 50, "about 300"
# within half of it either way
AT_LEAST = frozenset({"over", "above", "beyond", "exceeding", "more than", "at least"})
AT_MOST = frozenset({"under", "below", "fewer than", "less than", "up to", "at most"})
ABOUT = frozenset("about around approximately nearly almost roughly some estimated".split())
ABOUT_SPREAD = 0.5
NEGATIONS = frozenset(
    "not no never none nobody nothing neither nor without n't cannot "
    # "n't" written without its apostrophe ("we dont", "it isnt")
    "dont doesnt didnt isnt arent wasnt werent cant couldnt wouldnt shouldnt hasnt havent "
    "hadnt".split()
)
# what a negation word does not turn: "nor" goes on with "neither" (or a
# "not" before it), one negation; "not only", "not just" add, they deny nothing
CONTINUES_NEGATION = frozenset({"nor"})
NOT_A_DENIAL = frozenset({"only", "just", "merely"})
# a negation after these is of a clause that tells when, why or of whom, not
# of what the claim states: "if we don't broaden the tent", "the men, whose
# names were not released, had Pakistani passports"
SUBORDINATE = frozenset(
    "if unless because when while although though whereas who whose which".split()
)
# what opens the circumstance of a claim's fact, its when or why ("was
# questioned by police after bringing a clock"), to the clause's end
CIRCUMSTANCE = frozenset("after before because following since".split())
# ... until the clause ends: "because it is so far out, the company does not
# have to share" (a comma, semicolon, colon or dash), or the claim does
_CLAUSE_BREAK = re.compile(r"[,;:—–]|\s-\s")
# "denied that ...", "denied the reports": a denial of what another says;
# "denied visas" is a refusal, not one
DENY_VERBS = frozenset("deny denies denied denying refute refutes refuted dismissed".split())
DENIED_OBJECTS = frozenset(
    "that claim claims report reports allegation allegations accusation accusations "
    "charge charges it this wrongdoing any rumour rumours rumor rumors".split()
)
# "from local media, not from their managers": a "not" after a clause break,
# before one of these, sets an alternative against what the claim states, as
# "rather than" does; it negates nothing the claim states
CONTRAST_OPENERS = frozenset(
    "from by to in on at for with as over after before through into "
    "the a an his her their its our".split()
)
# "officials have not said why": a negated frame, not a negated claim
REPORTING = frozenset(
    "say said says comment commented explain explained disclose disclosed reveal revealed "
    "specify specified elaborate".split()
)
# ... what such a verb reports: "have not said why" negates nothing of the
# claim, but "would not comment" is the claim
REPORTED = frozenset("why how whether what when where who whom which that if".split())
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
MONTH_NAMES = tuple(
    "january february march april may june july august september october november december".split()
)
MONTHS = frozenset(MONTH_NAMES)
# "Jan. 14", "Sept 9": a month, where it stands beside a day or a year
MONTH_ABBREVIATIONS = {
    "jan": "january", "feb": "february", "mar": "march", "apr": "april", "jun": "june",
    "jul": "july", "aug": "august", "sep": "september", "sept": "september",
    "oct": "october", "nov": "november", "dec": "december",
}  # fmt: skip
# capitalised, but a time, not a name ("on Tuesday", "Yesterday, Sweden won")
TIME_WORDS = WEEKDAYS | MONTHS | frozenset("today yesterday tomorrow tonight".split())
# Outcomes that cannot both be true of one thing, each side in its forms
# (the stems meet any other form; a word of SAME_MEANING stands for its
# whole group): "approved" and "rejected" the plan, "won" and "lost" the
# final, "rose" and "fell" to 5%. A short list of news verbs written here:
# no antonym resource installs offline.
OPPOSITES = [
    ("approve approved", "reject"),
    ("win won", "lose lost"),
    ("gain gained", "lose lost"),
    ("rise", "fall shrink shrank"),
    ("raise raised", "cut lower lowered"),
    ("convict convicted guilty", "acquit acquitted innocent"),
    ("accept accepted", "reject"),
    ("allow legalise legalised legalize legalized", "ban"),
    ("support supported", "oppose opposed"),
    ("uphold upheld", "overturn overturned quash quashed"),
    ("pass passed", "fail failed"),
    ("open opened reopen reopened", "close closed shut"),
]  # fmt: skip
# Words news uses for one another, each group read as its first word: "12
# workers were killed" and "12 workers died", "the crane fell" and "the
# crane collapsed". A short list written here, as OPPOSITES is.
SAME_MEANING = [
    "die died dead death deaths kill killed killing",
    "injure injured injuries wound wounded hurt",
    "arrest arrested detain detained",
    "beat defeat defeated",
    "resign resigned quit",
    "buy bought purchase purchased acquire acquired",
    "begin began start started",
    "cancel cancelled canceled scrap scrapped axe axed",
    "postpone postponed delay delayed",
    "quake earthquake",
    "lawyer lawyers attorney attorneys",
    "prison prisons jail jails",
    "reject rejected refuse refused",
    "allow allowed permit permitted",
    "ban banned forbid forbade forbidden prohibit prohibited",
    "rise rose risen increase increased grow grew grown climb climbed",
    "fall fell fallen collapse collapsed decrease decreased drop dropped decline declined",
]
# "should have been selected" and "was not selected" can both be true
MODALS = frozenset("should would could might may must ought".split())
FALSITY = frozenset("false untrue baseless unfounded".split())
STOPWORDS = (
    frozenset(
        """a an the and or but if of in on at to for from by with as into onto upon about over
    under after before during since until than then that this these those there here it its
    itself he she they them their his her him we us our you your i me my is are was were be
    been being am do does did doing has have had having will would shall should can could may
    might must also just only very so such too which who whom whose what when where why how
    all any both each few more most other some own same said says say saying according told
    tell tells reported reportedly while whilst though although because yet still even again
    further once here there one ones s t don now new least fewer less""".split()
    )
    - NEGATIONS
)


@dataclass(frozen=True)
class ClaimText:
    """A claim's text as matching sees it."""

    text: str
    terms: frozenset[str]  # content stems
    # the capitalised words (position, stem): a sentence's first word only
    # when the next is capitalised too ("Marlow Motors signed", not "Police
    # arrested")
    names: tuple[tuple[int, str], ...] = ()
    words: tuple[str, ...] = ()  # every token, lower-cased: a name's neighbours
    numbers: tuple[tuple[float, bool], ...] = ()  # (value, approximate)
    # (lowest, highest, unit): the range a count allows ("at least 12
    # workers": 12 to infinity) and the stem of the word it counts ("12
    # workers" -> "worker"; "" when none follows it)
    quantities: tuple[tuple[float, float, str], ...] = ()
    negated: bool = False
    denial: bool = False
    modal: bool = False  # "should", "could", "would": not a plain assertion
    years: frozenset[int] = field(default_factory=frozenset)
    weekdays: frozenset[str] = frozenset()  # "tuesday"
    dates: frozenset[tuple[str, int]] = frozenset()  # ("march", 3) for "March 3", "3 March"
    months: frozenset[str] = frozenset()  # "march" for "in March", "March 3", "Mar. 2016"
    # the terms of what it gives as the circumstance of its fact ("after
    # bringing a clock to school", "because of Trump's intervention"), and
    # nowhere else in it
    circumstance: frozenset[str] = frozenset()
    initialisms: frozenset[str] = frozenset()  # "@us" for "US" (also in terms)
    # "@us" for "United States": met only by the other claim's initialism
    expansions: frozenset[str] = frozenset()
    # the terms of a clause about when, why or of whom that holds a
    # negation the claim does not own ("while there is no standard weight
    # for ballerinas, ..."): what it says is not so, in the background
    background_negated: frozenset[str] = frozenset()
    # what it says of its subject (its verb; a light verb's complement), as
    # the parse wrote them: from extraction, when there was one (with_predicates())
    said: tuple[str, ...] = ()

    @cached_property
    def keys(self) -> frozenset[str]:
        """What two claims can share: their terms and their numbers ("#12":
        "twelve" and "12" meet, and a shared count says much)."""
        return self.terms | {f"#{value:g}" for value, _ in self.numbers}

    @cached_property
    def predicates(self) -> frozenset[str]:
        """What it says of its subject (``said``), each read as a term."""
        return frozenset(read_word(lemma)[1] for lemma in self.said)

    @cached_property
    def words_by_letter(self) -> dict[str, list[str]]:
        """Its terms and each part of its hyphenated ones ("al-qaida": "al",
        "qaida"), by first letter: where another claim's name may stand
        written otherwise."""
        found: dict[str, list[str]] = {}
        for term in self.terms:
            found.setdefault(term[0], []).append(term)
            if "-" in term:
                for part in term.split("-"):
                    if part:
                        found.setdefault(part[0], []).append(part)
        return found


# "US", "U.S.", "UN", "KSC": an initialism, met by the name it stands for
_INITIALISM = re.compile(r"\b(?:[A-Z]\.){2,}|\b[A-Z]{2,5}\b")
MAX_NAME_WORDS = 5


def initialisms(text: str) -> frozenset[str]:
    """The initialisms of a text ("US", "U.S." -> "@us")."""
    return frozenset("@" + m.group().replace(".", "").lower() for m in _INITIALISM.finditer(text))


def _shouted(text: str) -> bool:
    """Written in capitals ("COUNCIL BACKS THE BUDGET"): no initialisms to
    tell apart from the words."""
    return sum(map(str.isupper, text)) > sum(map(str.islower, text))


def expansions(tokens: list[str]) -> frozenset[str]:
    """The initials of each run of capitalised words ("United States" ->
    "@us"; "The United States" also without its first word): what an
    initialism of the other claim may stand for."""
    keys, run = set(), []
    for token in [*tokens, ""]:
        if token[:1].isupper() and not token.isupper():
            run.append(token)
            continue
        for words in (run, run[1:]):
            if 2 <= len(words) <= MAX_NAME_WORDS:
                keys.add("@" + "".join(w[0] for w in words).lower())
        run = []
    return frozenset(keys)


_BRITISH = re.compile(
    r"(?<=[a-z]{2})(?:(our)(?=(?:s|ed|ing|able)?$)|is(?=(?:e|ed|es|ing|ation|ations)$))"
)


@functools.lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """A crude English stem, enough to meet "elected"/"elects"/"election".
    A word with one lemma is first taken to it (claims.matching.lemmas:
    "won" -> "win", "denied" -> "deny", "children" -> "child"; not "left",
    which may be "leave"): forms the suffixes alone do not meet."""
    w = word.lower().replace("’", "'")
    w = lemma(w)
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) >= 6:  # one spelling: "honoured"/"honored", "criticised"/"criticized"
        w = _BRITISH.sub(lambda m: "or" if m.group(1) else "iz", w)
    for suffix, keep in (
        ("ations", 4), ("ation", 4), ("ments", 4), ("ment", 4), ("ities", 4), ("ness", 4),
        ("ings", 4), ("ing", 4), ("ies", 3), ("ied", 3), ("ers", 4), ("ed", 4), ("es", 4),
        ("er", 4), ("ly", 4), ("s", 3),
    ):  # fmt: skip
        if w.endswith(suffix) and len(w) - len(suffix) >= keep:
            w = w[: -len(suffix)]
            break
    if len(w) > 4 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]  # "stopp" -> "stop"
    return w


def _number(token: str) -> float | None:
    if token[0] in _SIGNS:
        token = token[1:]
    if not token[0].isdigit():
        return NUMBER_WORDS.get(token.lower())
    try:
        return float(token.rstrip("%").replace(",", ""))
    except ValueError:
        return None


def _sign(token: str) -> str:
    """What a currency or percent sign on an amount counts ("" for none)."""
    return _SIGNS.get(token[0]) or _SIGNS.get(token[-1]) or ""


def _range(value: float, before: list[str]) -> tuple[float, float]:
    """The range of a count, from the (up to two) words before it."""
    last = before[-1] if before else ""
    pair = " ".join(before[-2:])
    if last in AT_LEAST or pair in AT_LEAST:
        return value, math.inf
    if last in AT_MOST or pair in AT_MOST:
        return 0.0, value
    if last in ABOUT:
        return value * (1 - ABOUT_SPREAD), value * (1 + ABOUT_SPREAD)
    return value, value


def _unit(lowered: list[str], start: int) -> str:
    """The word a number counts: the first content word within three words
    after it ("12 dock workers" -> "dock" is near enough: both sides say it)."""
    for low in lowered[start : start + 3]:
        if low in SCALES or low in APPROXIMATE or _number(low) is not None:
            continue
        if low in STOPWORDS or len(low) < 2:
            return ""
        return stem(low)
    return ""


# a nationality, or a region's direction ("Midwestern", "Southern")
_DEMONYM = re.compile(r"[A-Z][a-z]+(?:an|ese|ish|ic|ern)$")


def _adjective(tokens: list[str], i: int) -> bool:
    """A nationality or region before a noun ("an Australian woman", "the
    Indonesian coast", "a Midwestern pork producer"): it describes, it
    names no one ("Northern Ireland" does)."""
    return bool(_DEMONYM.match(tokens[i])) and i + 1 < len(tokens) and tokens[i + 1].islower()


# "from 16 cents to 27 cents", "between 200 and 300 people": one range;
# but "rose from 5% to 7%" is a change, whose value is the second
SPAN_WORDS = {"from": "to", "between": "and"}
SPAN_TOKENS = 6  # the second number this near the first
CHANGES = frozenset(
    "rise rose risen fall fell fallen grow grew shrink shrank increase decrease drop climb "
    "jump slump slide slid raise cut lower gain lose lost double triple halve move moved "
    "went go change switch".split()
)


def _spans(lowered: list[str], quantities: list, at: list[int]) -> tuple:
    """The ranges two counts span ("ranged from 16 cents a share to 27 cents
    a share": 16 to 27 cents, which 22 cents meets), with the unit of
    either."""
    found = []
    for (low, _, unit), (_, high, other), i, j in zip(
        quantities, quantities[1:], at, at[1:], strict=False
    ):
        opening = lowered[i - 1] if i else ""
        if (
            opening in SPAN_WORDS
            and j - i <= SPAN_TOKENS
            and lowered[j - 1] == SPAN_WORDS[opening]
            and (unit == other or not unit or not other)
            and not any(read_word(w)[1] in _changes() for w in lowered[max(0, i - 3) : i - 1])
        ):
            found.append((min(low, high), max(low, high), unit or other))
    return tuple(found)


@functools.cache
def _changes() -> frozenset[str]:
    return frozenset(read_word(w)[1] for w in CHANGES)


@functools.lru_cache(maxsize=4096)
def gaps(text: str) -> tuple[str, ...]:
    """What stands between each token of ``text`` and the one before ("" for
    the first): " " alone between the words of one name ("Port Ellis"), ", "
    between two names ("the Freewinds, Paris")."""
    found = list(_TOKEN.finditer(text))
    return ("", *(text[x.end() : y.start()] for x, y in zip(found, found[1:], strict=False)))


@functools.cache
def _meanings() -> dict[str, str]:
    table: dict[str, str] = {}
    for group in SAME_MEANING:
        words = group.split()
        for word in words:
            if table.setdefault(stem(word), stem(words[0])) != stem(words[0]):
                raise ValueError(f"{word!r} is in two groups of SAME_MEANING")
    return table


def meaning(stem_: str) -> str:
    """The stem a term is read as: its group's first in SAME_MEANING
    ("killed", "died" -> "die"), else itself."""
    return _meanings().get(stem_, stem_)


@functools.lru_cache(maxsize=50_000)
def read_word(word: str) -> tuple[str, str]:
    """A lower-case word's stem, and the term it is read as (meaning())."""
    s = stem(word)
    return s, meaning(s)


@functools.cache
def opposites() -> dict[str, frozenset[str]]:
    """Each term of OPPOSITES (as read_claim reads it) with its opposites."""
    found: dict[str, set[str]] = {}
    for one, other in OPPOSITES:
        ones = {meaning(stem(w)) for w in one.split()}
        others = {meaning(stem(w)) for w in other.split()}
        for x in ones:
            found.setdefault(x, set()).update(others)
        for y in others:
            found.setdefault(y, set()).update(ones)
    return {word: frozenset(them) for word, them in found.items()}


# "won 2-1", "lost 1 – 2", "ended 0–0": a result, one value of two numbers
_SCORE = re.compile(r"(?<![\d.,])(\d{1,3}) ?[-–—] ?(\d{1,3})(?![\d.,%]|-?[A-Za-z])")


def scores(text: str) -> frozenset[str]:
    """The results a text states ("2-1", "1 – 2": "#1-2"), either way round:
    the winner's side first or the loser's."""
    if "-" not in text and "–" not in text and "—" not in text:
        return frozenset()
    return frozenset(
        "#{}-{}".format(*sorted((int(m[1]), int(m[2])))) for m in _SCORE.finditer(text)
    )


_CHARGES = frozenset({"charge", "charges"})  # dismissed by a court, they are no denial


def _denies(tokens: list[str], lowered: list[str], at: int) -> bool:
    """Whether a denying verb before token ``at`` denies what another says:
    its object is "that ...", "it", "any wrongdoing", or a word for a report
    after the article or names that tell whose ("denied the reports",
    "denied Ms Short's claims"); not "denied visas". Charges dismissed are
    a court's or a prosecutor's act ("prosecutors dismissed charges"), no
    denial, unless dismissed as something ("dismissed the charges as
    baseless")."""
    found = None
    if at < len(lowered) and lowered[at] in DENIED_OBJECTS:
        found = lowered[at]
    else:
        for token, low in zip(tokens[at : at + 4], lowered[at : at + 4], strict=True):
            if low in STOPWORDS or token[0].isupper():
                continue  # "the", "Ms", "Short's": whose claims
            found = low if low in DENIED_OBJECTS else None
            break
    if found in _CHARGES and lowered[at - 1] == "dismissed":
        return "as" in lowered[at : at + 8]
    return found is not None


_HAVE_OR_BE = frozenset("has have had is are was were".split())
_LOWERED = {"per cent": "percent", "per-cent": "percent"}
_RENAMED = frozenset(_LOWERED) | frozenset(MONTH_ABBREVIATIONS)


def _dated(tokens: list[str], i: int) -> bool:
    """Whether a day of the month or a year stands beside token ``i``."""
    return any(
        0 <= j < len(tokens)
        and tokens[j].isdigit()
        and (int(tokens[j]) <= 31 or len(tokens[j]) == 4)
        for j in (i - 1, i + 1)
    )


# what stands before a month named as a time ("in March", "last June")
_BEFORE_MONTH = frozenset(
    "in on by since until till from to through during before after of last next this "
    "early late mid".split()
)


def _month(lowered: list[str], tokens: list[str], i: int) -> bool:
    """Whether the month name at ``i`` (capitalised) names a month: after
    a word of time ("in March", "since last June", "until late May") or beside
    a day or a year ("March 3", "May 2016"); not a name ("Theresa May",
    "June Carter") nor the verb ("march")."""
    return (i > 0 and lowered[i - 1] in _BEFORE_MONTH) or _dated(tokens, i)


def _frame(lowered: list[str], i: int) -> bool:
    """Whether the negation at ``i`` is of a reporting verb with what it
    reports ("officials have not said why", "did not disclose whether"):
    that negates nothing the claim states. "Would not comment" reports
    nothing: the claim is the silence."""
    for k in (i + 1, i + 2):
        if k < len(lowered) and lowered[k] in REPORTING:
            return lowered[k + 1 : k + 2] != [] and lowered[k + 1] in REPORTED
    return False


def _contrast(lowered: list[str], breaks: tuple[str, ...], i: int) -> bool:
    """Whether the "not" at ``i`` opens an alternative set against the
    claim ("heard of it from local media, not from their managers"; "set
    deliberately — not by accident"): that is what the claim is not, as
    after "rather than", and the claim itself is affirmed. "But not" is no
    contrast of this kind: "rescued the crew but not the captain" denies
    part of it."""
    return (
        lowered[i] == "not"
        and i > 0
        and lowered[i + 1 : i + 2] != []
        and lowered[i + 1] in CONTRAST_OPENERS
        and _CLAUSE_BREAK.search(breaks[i]) is not None
    )


def _clause_ends(lowered: list[str], breaks: tuple[str, ...], i: int) -> bool:
    """Whether a clause about when, why or of whom ends before the token at
    ``i``: at a comma, colon, semicolon or dash, or at "but", which opens
    a clause of the claim's own ("not sponsoring it because it is not our
    proposal but not going to be negative about it": the second "not" is
    the claim's, with or without a comma before "but")."""
    return lowered[i] == "but" or _CLAUSE_BREAK.search(breaks[i]) is not None


def _numero(tokens: list[str], breaks: tuple[str, ...], i: int) -> bool:
    """Whether the "No" at ``i`` is "number" ("No. 2", "the No. 11
    airline"): no negation."""
    return (
        tokens[i] in ("No", "no")
        and i + 1 < len(tokens)
        and tokens[i + 1][0].isdigit()
        and breaks[i + 1].startswith(".")
    )


def _named(tokens: list[str], i: int) -> bool:
    """Whether the negation word at ``i`` is a word of a name, capitalised
    among capitalised words inside a sentence ("the national Do Not Call
    list", "a Do Not Resuscitate order"): no negation of the claim. Not in
    a claim written in capitals or in title case (a headline: "Council Does
    Not Approve Budget"), where every word is capitalised."""
    if i == 0 or not tokens[i][0].isupper():
        return False
    beside = [tokens[j] for j in (i - 1, i + 1) if 0 <= j < len(tokens)]
    if not any(t[0].isupper() for t in beside):
        return False
    words = [t for t in tokens if t[0].isalpha()]
    return sum(t[0].islower() for t in words) * 3 >= len(words)


_FAIL = frozenset("fail fails failed failing".split())


def _failed_to(lowered: list[str], i: int) -> bool:
    """Whether token ``i`` is the "failed" of "failed to": it did not ("the
    film failed to present a balanced portrayal": it does not present one).
    "The bill failed" alone is an outcome, read as a word."""
    return lowered[i] in _FAIL and lowered[i + 1 : i + 2] == ["to"]


_DECIDE = frozenset(
    "decide decides decided deciding opt opts opted opting choose chooses chose choosing".split()
)


def _decided_against(lowered: list[str], i: int) -> bool:
    """Whether token ``i`` is the "against" of "decided against doing": it
    decided not to ("publishers decided against pursuing the group": they
    decided not to pursue it). "The court decided against the company" is
    a ruling, read as words."""
    return (
        lowered[i] == "against"
        and i > 0
        and lowered[i - 1] in _DECIDE
        and lowered[i + 1 : i + 2] != []
        and lowered[i + 1].endswith("ing")
    )


def _yet_to(lowered: list[str], i: int) -> bool:
    """Whether token ``i`` is the "yet" of "has yet to", "is yet to": not
    so far ("the economy has yet to exhibit growth": it has not)."""
    return (
        lowered[i] == "yet"
        and i > 0
        and lowered[i - 1] in _HAVE_OR_BE
        and lowered[i + 1 : i + 2] == ["to"]
    )


def read_claim(text: str) -> ClaimText:
    """Terms, names, numbers (with scale words), results ("2-1"), negation and
    years of a claim."""
    tokens = _TOKEN.findall(text)
    terms, names, numbers, years = set(), [], [], set()
    quantities, counted_at = [], []  # counted_at: each quantity's token
    negated = denial = modal = subordinate = clause_negated = False
    clause: set[str] = set()  # the terms of the clause about when, why or of whom
    background_negated: set[str] = set()
    breaks: tuple[str, ...] = ()  # what stands before each token, read once a clause needs it
    lowered = [t.lower() for t in tokens]
    if "’" in text:
        lowered = [t.replace("’", "'") for t in lowered]
    if not _RENAMED.isdisjoint(lowered):  # most claims have none: one set test for all
        for i, low in enumerate(lowered):
            if low in _LOWERED:
                lowered[i] = _LOWERED[low]
            elif low in MONTH_ABBREVIATIONS and tokens[i][0].isupper() and _dated(tokens, i):
                lowered[i] = MONTH_ABBREVIATIONS[low]
    shouted = _shouted(text)
    weekdays, dates, months = set(), set(), set()
    circumstance, stated, aside = set(), set(), False  # stated: outside the circumstance
    for i, (token, low) in enumerate(zip(tokens, lowered, strict=True)):
        if low in MODALS and not (low == "may" and token[0].isupper() and i > 0):
            modal = True  # "may", not "on May 5"
        if low in WEEKDAYS:
            weekdays.add(low)
        elif low in MONTHS and token[0].isupper() and _month(lowered, tokens, i):
            months.add(low)
        ordinal = digits = token[0].isdigit()
        if digits:
            ordinal = token[-1].isalpha()  # "28th", "3rd"
            day = token[:-2] if ordinal else token
        if digits and len(day) <= 2 and day.isdigit() and 1 <= int(day) <= 31:
            month = next(
                (
                    lowered[j]
                    for j in (i - 1, i + 1)
                    if 0 <= j < len(lowered) and lowered[j] in MONTHS
                ),
                None,
            )
            if month:  # a day of the month ("March 3", "3rd March"), not a count
                dates.add((month, int(day)))
                continue
        if low in CIRCUMSTANCE:
            aside = True
            breaks = breaks or gaps(text)
        elif aside and _clause_ends(lowered, breaks, i):
            aside = False
        if subordinate and _clause_ends(lowered, breaks, i):
            subordinate = False
            if clause_negated:
                background_negated |= clause
        if low in SUBORDINATE:
            if subordinate and clause_negated:  # a clause within the clause
                background_negated |= clause
            subordinate = True
            breaks = breaks or gaps(text)
            clause, clause_negated = set(), False
        if (
            low in NEGATIONS
            or low.endswith("n't")
            or _yet_to(lowered, i)
            or _failed_to(lowered, i)
            or _decided_against(lowered, i)
        ):
            after = lowered[i + 1 : i + 3]
            if low in ("not", "no"):
                breaks = breaks or gaps(text)
            if (
                low not in CONTINUES_NEGATION
                and not (after and after[0] in NOT_A_DENIAL)  # "not only"
                and not _frame(lowered, i)  # "have not said why"
                and not (low == "not" and _contrast(lowered, breaks, i))  # ", not from"
                and not _named(tokens, i)  # "the Do Not Call list"
                and not _numero(tokens, breaks, i)  # "the world's No. 2"
            ):
                if subordinate:
                    clause_negated = True
                else:
                    negated = not negated
            continue
        # a denial under a negation is none: "neither admitted nor denied wrongdoing"
        denies = low in DENY_VERBS and not negated and _denies(tokens, lowered, i + 1)
        if low in FALSITY or denies:
            denial = True
        if ordinal:  # which one ("the 22nd Fan Expo"), not how many
            terms.add(f"#{low}")
            continue
        # (most tokens are words, and no number: asked of the few that may be)
        value = _number(token) if not token[0].isalpha() or low in NUMBER_WORDS else None
        if value is not None:
            if i + 1 < len(lowered) and lowered[i + 1] in SCALES:
                value *= SCALES[lowered[i + 1]]
            before = set(lowered[max(0, i - 2) : i])
            if token.isdigit() and len(token) == 4 and 1800 <= value <= 2100:
                # "the first win since 1958": a year to count from, not the fact's
                if i == 0 or lowered[i - 1] != "since":
                    years.add(int(value))
            else:
                numbers.append((value, bool(before & APPROXIMATE)))
                unit = _sign(token) or _unit(lowered, i + 1)
                quantities.append((*_range(value, lowered[max(0, i - 2) : i]), unit))
                counted_at.append(i)
            continue
        if low in STOPWORDS or len(low) < 2 or low in SCALES:
            continue
        if (
            not shouted
            and token[1:2].isupper()  # two capitals first: it may be an initialism
            and _INITIALISM.fullmatch(token.replace("’", "'").removesuffix("'s"))
        ):
            continue  # read by initialisms(): "NASA" and "NASA's" are "@nasa"
        s, read_as = read_word(low)
        terms.add(read_as)
        if subordinate:
            clause.add(read_as)
        if aside:
            circumstance.add(read_as)
        else:
            stated.add(read_as)
        if (
            token[0].isupper()
            and (i > 0 or (len(tokens) > 1 and tokens[1][0].isupper()))
            and low not in TIME_WORDS
            and not _adjective(tokens, i)
        ):
            names.append((i, s))
    if subordinate and clause_negated:
        background_negated |= clause
    initials = frozenset() if shouted else initialisms(text)
    return ClaimText(
        text=text,
        terms=frozenset(terms) | initials | scores(text),
        names=tuple(names) if not shouted else (),
        words=tuple(lowered),
        initialisms=initials,
        expansions=expansions(tokens) - initials,
        numbers=tuple(numbers),
        quantities=tuple(quantities) + _spans(lowered, quantities, counted_at),
        negated=negated,
        denial=denial,
        modal=modal,
        years=frozenset(years),
        weekdays=frozenset(weekdays),
        dates=frozenset(dates),
        months=frozenset(months),
        circumstance=frozenset(circumstance - stated),
        background_negated=frozenset(background_negated),
    )


def with_predicates(claim: ClaimText, lemmas) -> ClaimText:
    """``claim`` with the predicates extraction read of it (lemmas, see
    claims.extraction.tree.predicate_lemmas()), each read as a term."""
    said = tuple(lemma.lower() for lemma in lemmas if lemma)
    return replace(claim, said=said) if said else claim
