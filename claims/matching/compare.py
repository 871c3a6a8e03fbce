"""Scoring a pair of claims and deciding their relation, with its basis.

The score is the cosine of the two claims' weighted terms and numbers. A
term weighs by how rare it is in the store (``Vocabulary``: IDF) and, when
a claim is ranked against its candidates (``rank``), by how rare it is
among them too: the candidates of a claim are reports of the same story, so
the words they all share ("Hong Kong", "election") name the topic, and the
words that set one apart (the predicate, a count) decide which of them
states the same fact. Terms alike in their first letters ("Afghan",
"Afghanistan"; "denial", "denied") meet at a discount, and so do the words
two counts of one thing count ("12 dockworkers", "nine workers"). Among a
report's claims, the best one is the likeliest: each score is weighed by
how near it comes to it; a contradiction is of the fact of its report's
best candidate. The same holds the other way: of the claims of the new
report, matched together, the one most like a candidate is the likeliest
to state it (against_own_report()).
A claim may state what two neighbouring claims of a report state together
(joined()).
Another name where the other claim has its own, in the same words ("the
mayor of Marlow resigned", "the mayor of Ashford resigned"), makes another
fact, however much else the two share (name_conflict()).

Two claims that say another thing of what they share ("is the owner of
the mill", "is shutting the mill": their predicates, read by extraction's
parse) score lower (predicates_unlike()).

Measured on ``../shared/eval/matching/`` development pairs (README,
"Cross-article matching"): same-precision 0.815 at recall 0.474 (0.743 at
recall 0.50), AUC 0.951; token overlap reaches 0.64 at 0.28, AUC 0.92. A lexical method
reads no synonyms ("honoured" and "awarded" do not meet): that is where it
stops. An
optional reading of meaning (sentence embeddings, claims.matching.semantic)
is blended into the similarity where a model is named.
"""

from __future__ import annotations

import datetime
import functools
import math
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher

from claims.matching.semantic import SEMANTIC_WEIGHT
from claims.matching.text import (
    MONTH_NAMES,
    NEGATIONS,
    SIGN_UNITS,
    STOPWORDS,
    ClaimText,
    gaps,
    meaning,
    opposites,
    read_claim,
    read_word,
    with_predicates,
)

SAME, CONTRADICTS, DIFFERENT = "same", "contradicts", "different"
# Thresholds on the score (see the module docstring and rank()). "same"
# from 0.25: where recall stays what it was at 0.32 before predicates_unlike()
SAME_THRESHOLD = 0.25
CONFLICT_THRESHOLD = 0.35
# ... with the meaning blended in (claims.matching.semantic), which scores
# a story's claims higher: where recall stays with predicates_unlike()
# (0.44 before it; with all-mpnet-base-v2 same precision 0.728 -> 0.765 at
# recall 0.494 -> 0.500); 0.34 before the built-in model was read with
# int8 arithmetic, whose scores differ by a few thousandths: where recall
# stays (0.500, precision 0.826 -> 0.811; at 0.34, 0.497 and 0.814)
SEMANTIC_SAME_THRESHOLD = 0.338
# a contradiction is the best candidate or this near it
CONFLICT_NEAR_BEST = 0.85
MIN_TERMS = 2
# two claims that share one word (or a number) are not one fact, however
# rare the word: "was subjected to forced labor", "had been subject to
# Islamophobia"; the index asks for two shared words too (selectors)
MIN_SHARED = 2
# a negation in a clause about when, why or of whom is the other claim's
# own negation when this much of the clause's words are the other's
BACKGROUND_SHARE = 2 / 3
CONFLICT_PENALTY = 0.5  # a conflicting value halves the chance it is the same claim
# one says only what the other tells as the circumstance of its fact
# ("brought a clock to school" / "was questioned after bringing a clock to
# school"), on top of PREDICATE_PENALTY: measured 0.35, 0.5 and 0.7 on the
# development pairs (docs/matching-quality.md, session 22)
CIRCUMSTANCE_PENALTY = 0.5
# two claims saying another thing of what they share (predicates_unlike())
PREDICATE_PENALTY = 0.7
# two terms sharing this many first letters meet at this discount
PREFIX_LETTERS = 5
PREFIX_MATCH = 0.8
# two names this alike are one name spelt two ways ("NEMESIS", "NEMISIS")
SPELLING = 0.8


class Vocabulary:
    """How common each term is among the claims compared (document
    frequency): rare terms weigh more (IDF)."""

    def __init__(self, claims: Iterable[ClaimText] = ()):
        self.df: Counter[str] = Counter()
        self.size = 0
        self._idf: dict[str, float] = {}  # remembered until the next add()
        for claim in claims:
            self.add(claim)

    def add(self, claim: ClaimText) -> None:
        self.df.update(claim.keys)
        self.size += 1
        self._idf.clear()

    def idf(self, term: str) -> float:
        value = self._idf.get(term)
        if value is None:
            value = math.log((self.size + 1) / (self.df.get(term, 0) + 1)) + 1.0
            self._idf[term] = value
        return value


@dataclass(frozen=True)
class Match:
    """How likely two claims state the same fact (``score`` in [0, 1]), what
    the relation is, and why (``basis``: the terms that decided it)."""

    score: float
    relation: str
    basis: list[dict] = field(default_factory=list)
    # how alike the two are before any conflict counts: for a contradiction,
    # how surely it is the same fact that the values disagree on
    similarity: float = 0.0
    # how near in meaning the two are (claims.matching.semantic), where that
    # was read: it moves the score from which the two are the same
    meaning: float | None = None


def _weights(
    claim: ClaimText, vocabulary: Vocabulary, local: Vocabulary | None, numbers: bool = True
) -> dict[str, float]:
    keys = claim.keys if numbers else claim.terms
    if local is None:
        return {term: vocabulary.idf(term) for term in keys}
    return {term: vocabulary.idf(term) * local.idf(term) for term in keys}


class _Weigher:
    """The weighted terms of claims compared against one vocabulary (and
    local one), each claim's made once: rank() compares a claim with each
    of its candidates, and a candidate twice when its numbers conflict."""

    def __init__(self, vocabulary: Vocabulary, local: Vocabulary | None):
        self.vocabulary, self.local = vocabulary, local
        self._made: dict[tuple[int, bool], dict[str, float]] = {}

    def __call__(self, claim: ClaimText, numbers: bool) -> dict[str, float]:
        key = (id(claim), numbers)  # the claims outlive the weigher: ids stay theirs
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = _weights(claim, self.vocabulary, self.local, numbers)
        return made


def _pairs(wa: dict[str, float], wb: dict[str, float]) -> list[tuple[str, str, float]]:
    """The terms the two share, and those that meet by their first letters
    (each of ``b``'s at most once, the first in order)."""
    shared = wa.keys() & wb.keys()
    pairs = [(t, t, 1.0) for t in shared]
    by_prefix: dict[str, list[str]] = {}
    for other in sorted(wb.keys() - shared):
        if len(other) >= PREFIX_LETTERS and other[0] != "#":
            by_prefix.setdefault(other[:PREFIX_LETTERS], []).append(other)
    if by_prefix:
        for term in sorted(wa.keys() - shared):
            if len(term) >= PREFIX_LETTERS and term[0] != "#":
                others = by_prefix.get(term[:PREFIX_LETTERS])
                if others:
                    pairs.append((term, others.pop(0), PREFIX_MATCH))
    return pairs


def _met(
    a: ClaimText,
    b: ClaimText,
    vocabulary: Vocabulary,
    local: Vocabulary | None,
    numbers: bool,
    weigh: _Weigher | None = None,
) -> tuple[dict[str, float], dict[str, float], list[tuple[str, str, float]]]:
    """The two claims' weighted terms (and numbers), and the pairs of them
    that meet (a term of ``a``, one of ``b``, how fully)."""
    weigh = weigh or _Weigher(vocabulary, local)
    wa, wb = weigh(a, numbers), weigh(b, numbers)
    if a.initialisms & b.expansions or b.initialisms & a.expansions:
        wa, wb = dict(wa), dict(wb)  # the weigher's own are left as they are
    # "US" on one side, "United States" on the other: the name counts as its initialism
    for mine, my_weights, theirs, their_weights in ((a, wa, b, wb), (b, wb, a, wa)):
        for key in mine.initialisms & theirs.expansions:
            their_weights[key] = my_weights[key]
    pairs = _pairs(wa, wb)
    mine, theirs = {t for t, _, _ in pairs}, {u for _, u, _ in pairs}
    for t, u in _counted_alike(a, b):
        if t in wa and u in wb and t not in mine and u not in theirs:
            pairs.append((t, u, PREFIX_MATCH))
            mine.add(t)
            theirs.add(u)
    return wa, wb, pairs


def similarity(
    a: ClaimText,
    b: ClaimText,
    vocabulary: Vocabulary,
    local: Vocabulary | None = None,
    numbers: bool = True,
    weigh: _Weigher | None = None,
) -> float:
    """Cosine of the two claims' weighted terms (and numbers), in [0, 1]."""
    return _cosine(a, b, vocabulary, local, numbers, weigh)[0]


def _cosine(
    a: ClaimText,
    b: ClaimText,
    vocabulary: Vocabulary,
    local: Vocabulary | None,
    numbers: bool,
    weigh: _Weigher | None,
) -> tuple[float, int]:
    """similarity(), and how many of the two claims' terms met."""
    wa, wb, pairs = _met(a, b, vocabulary, local, numbers, weigh)
    if not wa or not wb:
        return 0.0, 0
    shared = sum(wa[t] * wb[u] * f for t, u, f in pairs)
    norm = math.sqrt(sum(w * w for w in wa.values()) * sum(w * w for w in wb.values()))
    return min(shared / norm, 1.0), len(pairs)


def covered(
    a: ClaimText,
    b: ClaimText,
    vocabulary: Vocabulary,
    local: Vocabulary | None,
    weigh: _Weigher | None = None,
) -> float:
    """How much of ``a`` (its weighted terms and numbers) ``b`` states, in
    [0, 1]: what ``b`` adds does not count."""
    wa, wb, pairs = _met(a, b, vocabulary, local, numbers=True, weigh=weigh)
    total = sum(wa.values())
    return min(sum(wa[t] * f for t, _, f in pairs) / total, 1.0) if total and wb else 0.0


def _counted_alike(a: ClaimText, b: ClaimText) -> list[tuple[str, str]]:
    """The words two counts of one thing count, where they differ: "12
    dockworkers" and "12 workers" (or "nine workers": another value of the
    same count) count one thing, so the two words meet (as terms: through
    meaning())."""
    units_b = {u for _, _, u in b.quantities if u}
    return [
        (meaning(ua), meaning(ub))
        for ua in sorted({u for _, _, u in a.quantities if u})
        for ub in sorted(units_b)
        if ua != ub and _same_unit(ua, ub)
    ]


# a whole number told for an amount is that amount within this share of it
ROUNDED_BY = 0.05


def _close(x: float, y: float) -> bool:
    return abs(x - y) <= 0.01 * max(abs(x), abs(y), 1.0)


def number_conflict(a: ClaimText, b: ClaimText) -> str | None:
    """Counts of the same thing whose ranges do not meet: "345 deaths" and
    "107 deaths", "at least 12 dockworkers" and "nine workers", "fewer than
    50" and "about 2,000". "More than 345" and 345 or 400 meet, "about 300"
    and 290; numbers of different things do not conflict ("1-0" and "three
    points"). A thing counted is the same when one word ends the other
    ("dockworkers", "workers")."""
    mine = [q for q in a.quantities if q[2]]
    theirs = [q for q in b.quantities if q[2]]
    pairs = [
        (i, j) for i, x in enumerate(mine) for j, y in enumerate(theirs) if _same_unit(x[2], y[2])
    ]
    # the counts of one thing: the pairs joined where they share a count
    # ("at least 12 dockworkers" and "nine workers" of one claim, "12
    # dockworkers" of the other are one group), so that the answer is the
    # same whichever claim is asked first
    groups: list[tuple[set[int], set[int]]] = []
    for i, j in pairs:
        ours, others = {i}, {j}
        for group in [g for g in groups if i in g[0] or j in g[1]]:
            groups.remove(group)
            ours |= group[0]
            others |= group[1]
        groups.append((ours, others))
    for ours, others in groups:
        inside = [(i, j) for i, j in pairs if i in ours]
        if any(_meet(mine[i][:2], theirs[j][:2]) for i, j in inside):
            continue
        return (
            f"numbers differ: {', '.join(_fmt_range(mine[i][:2]) for i in sorted(ours))} vs "
            f"{', '.join(_fmt_range(theirs[j][:2]) for j in sorted(others))} "
            f"({mine[min(ours)][2]})"
        )
    return None


def _same_unit(u: str, v: str) -> bool:
    """Two counted words that count one thing: the same, or one a kind of
    the other ("dockworkers", "workers"); a currency or a share only itself
    ("0.54 percent" and "29 cents" are two amounts)."""
    if u == v:
        return True
    if u in SIGN_UNITS or v in SIGN_UNITS:
        return False
    return min(len(u), len(v)) >= 3 and (u.endswith(v) or v.endswith(u))


def _meet(x: tuple[float, float], y: tuple[float, float]) -> bool:
    """Two ranges overlap, or their ends are within 1% of each other, or
    one is the other told in whole numbers (_rounded())."""
    ends = [(p, q) for p in x for q in y if math.isfinite(p) and math.isfinite(q)]
    return (x[0] <= y[1] and y[0] <= x[1]) or any(_close(p, q) or _rounded(p, q) for p, q in ends)


def _rounded(p: float, q: float) -> bool:
    """One of two amounts is the other told in whole numbers, rounded or
    cut short, where that loses little of it (ROUNDED_BY): "75 percent" of
    "75.88%", "$39" of "$39.45" ("76 percent" too; not "74", nor "1
    percent" of "1.4 percent", "0" of "0.54"). Amounts in millions are
    read as whole numbers ("$17.7 million" is 17,700,000): told so, they
    meet within 1% (_close()) as before."""
    whole, told = (p, q) if float(p).is_integer() else (q, p)
    if not float(whole).is_integer() or float(told).is_integer():
        return False
    near = abs(whole - told) <= ROUNDED_BY * abs(told)
    return near and whole in (math.floor(told), math.floor(told + 0.5))


def _fmt_range(r: tuple[float, float]) -> str:
    low, high = r
    if low == high:
        return _amount(low)
    if high == math.inf:
        return f"at least {_amount(low)}"
    if low == 0:
        return f"at most {_amount(high)}"
    return f"{_amount(low)}-{_amount(high)}"


def _amount(value: float) -> str:
    """12, 1,000, 5,000,000, 2.5."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:g}"


def year_conflict(a: ClaimText, b: ClaimText) -> str | None:
    if a.years and b.years and not a.years & b.years:
        return f"years differ: {sorted(a.years)} vs {sorted(b.years)}"
    return None


def outcome_conflict(a: ClaimText, b: ClaimText) -> str | None:
    """Opposite outcomes said of the same subject: "the council approved"
    and "the council rejected", "Marlow won" and "Marlow lost", "rose" and
    "fell" (text.OPPOSITES). Of another subject they may be one fact told
    from the other side ("England won", "Tunisia lost"); a side that has
    both words tells of both, and conflicts with neither."""
    table = opposites()
    for x in sorted(t for t in a.terms if t in table and t not in b.terms):
        for y in sorted(table[x] & b.terms - a.terms):
            subject = _subject(a, x)
            if subject and subject == _subject(b, y):
                return f"opposite outcomes: {x} vs {y}"
    return None


_NO_SUBJECT = STOPWORDS | NEGATIONS


def _subject(claim: ClaimText, term: str) -> str:
    """The content word before ``term``'s first word in ``claim``: who or
    what it is said of ("council" in "the council has approved")."""
    words = claim.words
    at = next((i for i, w in enumerate(words) if read_word(w)[1] == term), 0)
    return next((w for w in reversed(words[:at]) if w not in _NO_SUBJECT), "")


def date_conflict(a: ClaimText, b: ClaimText) -> str | None:
    """Another day of the same month ("March 3", "March 5"), another month
    where each names its own ("in March", "in October"), or another day
    of the week ("on Monday", "on Tuesday"): the same event cannot have
    happened on both. (As for a year, the other month is another value of
    the fact only where the two say one thing of it, compare(): "a campaign
    was repaired in October", "was restored in March" are two facts.)"""
    for month in {m for m, _ in a.dates} & {m for m, _ in b.dates}:
        days_a = sorted(d for m, d in a.dates if m == month)
        days_b = sorted(d for m, d in b.dates if m == month)
        if not set(days_a) & set(days_b):
            return f"dates differ: {month} {_fmt(days_a)} vs {_fmt(days_b)}"
    if a.months and b.months and not a.months & b.months:
        return f"months differ: {', '.join(sorted(a.months))} vs {', '.join(sorted(b.months))}"
    if a.weekdays and b.weekdays and not a.weekdays & b.weekdays:
        return f"days differ: {', '.join(sorted(a.weekdays))} vs {', '.join(sorted(b.weekdays))}"
    for dated, other in ((a, b), (b, a)):
        day = _weekday(dated)
        if (
            day
            and other.weekdays
            and not dated.weekdays
            and day not in other.weekdays
            # the other names that date too: its day of the week is of
            # another time ("This Wednesday, the anniversary of ... June
            # 25, 1876")
            and not set(dated.dates) & set(other.dates)
        ):
            days = ", ".join(sorted(other.weekdays))
            return f"days differ: {_fmt_date(dated)} was a {day}, not {days}"
    return None


_MONTH_NUMBER = {month: number for number, month in enumerate(MONTH_NAMES, 1)}


def _weekday(claim: ClaimText) -> str | None:
    """The day of the week of a claim's one full date ("September 9, 2016"
    was a Friday): None unless it names one day of one month of one year."""
    if len(claim.dates) != 1 or len(claim.years) != 1:
        return None
    ((month, day),), (year,) = claim.dates, claim.years
    try:
        return datetime.date(year, _MONTH_NUMBER[month], day).strftime("%A").lower()
    except ValueError:  # "February 30"
        return None


def _fmt_date(claim: ClaimText) -> str:
    ((month, day),), (year,) = claim.dates, claim.years
    return f"{month.title()} {day}, {year}"


def negation_conflict(a: ClaimText, b: ClaimText) -> str | None:
    """One says it, the other says it is not so (or denies it). A modal side
    ("should have been selected") asserts nothing to negate."""
    if a.modal or b.modal:
        return None
    if a.negated != b.negated:
        said, negated = (b, a) if a.negated else (a, b)
        background = said.background_negated
        if background and len(background & negated.terms) >= BACKGROUND_SHARE * len(background):
            # "while there is no standard weight for ballerinas, X is bigger"
            # and "there was no standard weight for ballerinas but X is
            # bigger": one negation, in a clause of one and the main clause
            # of the other
            return None
        return "one says it, the other says it is not so"
    if a.denial != b.denial:
        return "one denies what the other says"
    return None


def _own_names(claim: ClaimText, other: ClaimText) -> list[tuple[str, str, str]]:
    """The runs of ``claim``'s names that ``other`` does not have (nor one
    alike in its first letters: "Canada" and "Canadian" are one name), each
    with the word either side of it that places it: (before, name, after).
    A word places a name if it is a content word ("mayor", "signed"), not
    "the" or "in", which stand beside any name, nor another name, unless
    one name with it ("Port" of "Port Ellis", "Senator" of "Senator Lind";
    not "Paris" in "the Freewinds, Paris")."""
    runs: list[list[int]] = []
    # the other's words, and each part of its hyphenated ones ("al-Qaida")
    theirs = other.words_by_letter
    own = [(i, s) for i, s in claim.names if s not in theirs.get(s[:1], ())]
    if not own:
        return []
    for i, stem_ in own:
        if _written_otherwise(stem_, theirs.get(stem_[:1], ())):
            continue
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    words, named = claim.words, {i for i, _ in claim.names}

    def neighbour(i: int, gap: int) -> str:
        """Word ``i``, if it places the run; ``gap``: the token (the run's
        first, or ``i``) that may be one name with the one before it."""
        if i < 0 or i >= len(words):
            return ""
        if i in named and gaps(claim.text)[gap] != " ":
            return ""
        word = words[i]
        return "" if word in STOPWORDS or word[0].isdigit() else word

    return [
        (
            neighbour(run[0] - 1, run[0]),
            " ".join(words[i] for i in run),
            neighbour(run[-1] + 1, run[-1] + 1),
        )
        for run in runs
    ]


def _written_otherwise(name: str, words: list[str]) -> bool:
    """One of ``words`` (the other claim's, with the name's first letter) is
    ``name`` written another way: alike in its first letters ("Canada",
    "Canadian") or spelt alike ("Qaeda" and "al-Qaida", which is no name
    where it is not capitalised; "Sundwell" and "Sundwall": SPELLING)."""
    for word in words:
        if len(word) >= PREFIX_LETTERS and word[:PREFIX_LETTERS] == name[:PREFIX_LETTERS]:
            return True
        if len(name) >= 4 and abs(len(word) - len(name)) <= 2 and _spelt_alike(name, word):
            return True
    return False


@functools.lru_cache(maxsize=65_536)
def _spelt_alike(name: str, word: str) -> bool:
    """Two words (or runs of a name's words) alike in spelling (SPELLING),
    remembered: a claim's names meet the same words of the story's claims
    again and again."""
    return SequenceMatcher(None, name, word).ratio() >= SPELLING


def name_conflict(a: ClaimText, b: ClaimText) -> str | None:
    """The same words around another name: "the mayor of Marlow resigned"
    and "the mayor of Ashford resigned", "Senator Anna Keller voted" and
    "Senator Omar Lind voted". Another actor or place: another fact (both
    may be true), however much else the two share. A name only one side
    has ("NASA announced" and "NASA Administrator Charles Bolden announced")
    is added detail, not another name; two names alike in spelling
    ("NEMESIS", "NEMISIS") are one."""
    if not a.names or not b.names:
        return None
    mine = _own_names(a, b)
    theirs = _own_names(b, a) if mine else []
    for before, name, after in mine:
        for their_before, their_name, their_after in theirs:
            placed = (before and before == their_before) or (after and after == their_after)
            if placed and not _one_name(name, their_name):
                return f"another name in the same place: {name} vs {their_name}"
    return None


# what stands before a surname instead of a first name: "Mr Danon" is
# "Pierre Danon" (but "Mr Smith" is not "Mrs Smith")
HONORIFICS = frozenset("mr mrs ms miss mx dr sir dame".split())
# a company's legal form after its name: "MedImmune Inc." is the company
# that "MedImmune Vaccines" names another way, no other company
LEGAL_FORMS = frozenset("inc corp co ltd llc plc lp llp ag sa nv gmbh".split())


def _one_name(name: str, other: str) -> bool:
    """Two runs of a name's words that may name one person or place: spelt
    alike ("NEMESIS", "NEMISIS"), one's words among the other's ("Del",
    "Del-Angel"), a word shortened ("Det", "Detective"; "Insp",
    "Inspector") or contracted ("Lt", "Lieut"), or an honorific where the
    other has a first name ("Mr", "Pierre")."""
    if _spelt_alike(name, other):
        return True
    mine, theirs = name.replace("-", " ").split(), other.replace("-", " ").split()
    if set(mine) <= HONORIFICS and not set(theirs) & HONORIFICS:
        return True
    if set(theirs) <= HONORIFICS and not set(mine) & HONORIFICS:
        return True
    if set(mine) <= LEGAL_FORMS or set(theirs) <= LEGAL_FORMS:
        return True
    if set(mine) <= set(theirs) or set(theirs) <= set(mine):
        return True
    return any(
        (len(x) >= 3 and len(y) >= 3 and (x.startswith(y) or y.startswith(x)))
        or _contracted(x, y)
        or _contracted(y, x)
        for x in mine
        for y in theirs
    )


def _contracted(short: str, word: str) -> bool:
    """``short`` is ``word`` contracted as titles are, its first and last
    letters kept and consonants between: "Lt" and "Lieut" (or "Lieutenant"),
    "Sgt" and "Sergeant", "Dr" and "Doctor", "St" and "Saint"; not "Ken" and
    "Karen"."""
    if not 2 <= len(short) <= 4 or len(word) <= len(short) or set(short[1:]) & set("aeiou"):
        return False
    if short[0] != word[0] or short[-1] != word[-1]:
        return False
    rest = iter(word[1:-1])
    return all(letter in rest for letter in short[1:-1])


def _fmt(values: Sequence[float]) -> str:
    return ", ".join(f"{v:g}" for v in values)


def compare(
    a: ClaimText,
    b: ClaimText,
    vocabulary: Vocabulary,
    local: Vocabulary | None = None,
    weigh: _Weigher | None = None,
    meaning: float | None = None,
) -> Match:
    """The score that ``a`` and ``b`` state the same checkable fact, and the
    relation: ``same``; ``contradicts`` (the same fact with a conflicting
    number, year or polarity); ``different`` (also when another name stands
    where the other has its own: another actor or place, see
    name_conflict(); and when they share fewer than MIN_SHARED words and
    numbers, however rare). ``local``: the document
    frequencies among the candidates ``a`` is ranked against (see rank());
    ``weigh``: the weights made so far of the claims compared with them;
    ``meaning``: how near the two are in meaning (claims.matching.semantic,
    optional), blended into the similarity. It decides no relation alone:
    another name, or too few shared words, is another fact all the same."""

    def alike(numbers: bool) -> tuple[float, int]:
        sim, met = _cosine(a, b, vocabulary, local, numbers, weigh)
        # a word or two is no checkable fact to match
        return (sim * 0.5 if min(len(a.terms), len(b.terms)) < MIN_TERMS else sim), met

    sim, met = alike(numbers=True)
    score = sim
    basis = [
        {
            "term": "similarity",
            "label": "shared words and numbers, rare ones weighing more",
            "value": round(sim, 4),
        }
    ]
    if meaning is not None:
        # the score, and whether it is the same claim, take the meaning in;
        # a conflict is still judged by the words (another value of the
        # same fact is as near in meaning as the fact itself)
        score = (1 - SEMANTIC_WEIGHT) * sim + SEMANTIC_WEIGHT * max(meaning, 0.0)
        basis.append(
            {
                "term": "meaning",
                "label": f"how near in meaning (sentence embeddings, {SEMANTIC_WEIGHT:.0%})",
                "value": round(meaning, 4),
            }
        )
    # what each says of the two (with a model's reading of the meaning too:
    # the cosine of one story's claims is high whatever they say of it)
    unlike = predicates_unlike(a, b)
    if unlike:
        basis.append({"term": "predicate", "label": unlike, "value": PREDICATE_PENALTY})
        score *= PREDICATE_PENALTY
    aside = told_aside(a, b) if unlike else None
    if aside:
        basis.append({"term": "predicate", "label": aside, "value": CIRCUMSTANCE_PENALTY})
        score *= CIRCUMSTANCE_PENALTY
    alike_enough = score >= same_threshold(meaning)
    numbers = number_conflict(a, b)
    outcome, negation = outcome_conflict(a, b), negation_conflict(a, b)
    if outcome and a.negated != b.negated:
        # "did not approve" and "rejected" say one thing
        outcome = negation = None
    values = [c for c in (numbers, year_conflict(a, b), date_conflict(a, b)) if c]
    conflicts = [*values, *(c for c in (outcome, negation) if c)]
    # what disputes the fact: another count, year or day is another value of
    # it only where the two say one thing ("4 trains were delayed", "353
    # trains were damaged": two facts; "did not ban the wing in 2017", "did
    # not buy the wing in 2021"); a negation or the other outcome disputes
    # whatever the verbs ("the team was denied visas due to the travel ban",
    # "the ban does not cover Afghanistan")
    disputes = [c for c in conflicts if not (unlike and c in values)]
    if numbers:
        # how alike the two are apart from the numbers that disagree
        sim = alike(numbers=False)[0]
    for conflict in conflicts:
        basis.append({"term": "conflict", "label": conflict, "value": CONFLICT_PENALTY})
        score *= CONFLICT_PENALTY
    other_name = name_conflict(a, b)
    if other_name:
        basis.append({"term": "another name", "label": other_name, "value": CONFLICT_PENALTY})
        score *= CONFLICT_PENALTY
    if met < MIN_SHARED:
        basis.append({"term": "shared", "label": "too few words in common", "value": met})
    if other_name or met < MIN_SHARED:
        relation = DIFFERENT
    elif disputes and sim >= CONFLICT_THRESHOLD:
        relation = CONTRADICTS
    elif not conflicts and alike_enough:
        relation = SAME
    else:
        relation = DIFFERENT
    return Match(
        score=round(min(max(score, 0.0), 1.0), 4),
        relation=relation,
        basis=basis,
        similarity=round(sim, 4),
        meaning=meaning,
    )


def told_aside(a: ClaimText, b: ClaimText) -> str | None:
    """Why one of the two says only what the other tells as the
    circumstance of its own fact, or None: every predicate of one is a word
    of the other's "after ...", "because ..." (ClaimText.circumstance). "Ahmed
    Mohamed brought a clock he had made to school" is what "Ahmed Mohamed
    was questioned by police after bringing a clock he made to school" is
    told after; the fact it checks is the questioning. Asked of two claims
    whose predicates do not meet (predicates_unlike())."""
    for one, other in ((a, b), (b, a)):
        if one.predicates and one.predicates <= other.circumstance:
            return f"says what the other tells as its circumstance: {', '.join(one.said)}"
    return None


def predicates_unlike(a: ClaimText, b: ClaimText) -> str | None:
    """Why the two say something else of what they share, or None: each
    has predicates (extraction's parse: "is the owner of the mill",
    "is shutting the mill") and none of one meets one of the other's (the
    same term or meaning, the same first letters, or one side of an
    outcome: "won" and "lost" a match are one result told from each side).
    Without a parse of both, nothing is said."""
    if not a.predicates or not b.predicates:
        return None
    for x in a.predicates:
        for y in b.predicates:
            if x == y or (len(x) >= PREFIX_LETTERS and x[:PREFIX_LETTERS] == y[:PREFIX_LETTERS]):
                return None
            # one outcome told from either side ("won", "lost"), or one side in
            # two words ("close", "shut"): the two share an opposite or are one
            theirs = opposites().get(y, frozenset())
            if x in theirs or opposites().get(x, frozenset()) & theirs:
                return None
    return f"says another thing of them: {', '.join(a.said)} / {', '.join(b.said)}"


def same_threshold(meaning: float | None) -> float:
    """The score from which two claims are the same, with their meaning
    blended into it (``meaning`` given) or not."""
    return SAME_THRESHOLD if meaning is None else SEMANTIC_SAME_THRESHOLD


def rank(
    claim: ClaimText,
    candidates: Sequence[ClaimText],
    vocabulary: Vocabulary,
    reports: Sequence[Hashable] | None = None,
    meanings: Sequence[float] | None = None,
) -> list[Match]:
    """``claim`` compared with each candidate, in their order. Terms weigh
    also by how rare they are among the candidates, and a report states a
    fact once, so among a report's claims the best is the likeliest: each
    score is weighed by how close it comes to the best of its report
    (``reports``: the report of each candidate; all one report when not
    given). Each report is weighed on its own: one that states the claim
    in other words than another report does corroborates it all the same
    (the development pairs' summary claims ranked against their story's
    claims and the other summaries' as well, the summaries each a report:
    same recall 0.33 weighed against the best of all, 0.45 against each
    report's best, precision 0.72 and 0.70; README "Cross-article
    matching"). Likewise a contradiction must be the best candidate of its
    report, or nearly: another value of the fact the claim states, not of
    a neighbouring one (or the denial of the report's own statement of the
    claim, see _gainsays()); another report's conflicting value is one all
    the same: "Nine workers were killed" disputes "At least 12 dockworkers
    died" although a third report's "A crane killed 12 workers" is nearer
    still. ``meanings``: how near ``claim`` is in meaning to each candidate
    (claims.matching.semantic), when that is read."""
    local = Vocabulary(candidates)
    weigh = _Weigher(vocabulary, local)
    near = meanings if meanings is not None else [None] * len(candidates)
    matches = [
        compare(claim, other, vocabulary, local, weigh, meaning)
        for other, meaning in zip(candidates, near, strict=True)
    ]
    groups = list(reports) if reports is not None else [None] * len(candidates)
    best: dict[Hashable, float] = {}
    best_similarity: dict[Hashable, float] = {}
    nearest: dict[Hashable, int] = {}  # each report's candidate most alike
    for k, (group, m) in enumerate(zip(groups, matches, strict=True)):
        best[group] = max(best.get(group, 0.0), m.score)
        if m.similarity > best_similarity.get(group, 0.0):
            best_similarity[group], nearest[group] = m.similarity, k
    # each report's own statement of the claim, where it has one
    stated = {g: candidates[k] for g, k in nearest.items() if matches[k].relation == SAME}
    out = []
    for k, (group, m) in enumerate(zip(groups, matches, strict=True)):
        weighed = _against_best(m, best[group], "best", "against its report's best candidate")
        if (
            weighed.relation == CONTRADICTS
            and best[group] > 0
            and m.similarity < CONFLICT_NEAR_BEST * best_similarity[group]
            and not _gainsays(stated.get(group), candidates[k], vocabulary, local, weigh)
        ):
            weighed = replace(weighed, relation=DIFFERENT)
        out.append(weighed)
    return out


def _against_best(m: Match, best: float, term: str, label: str) -> Match:
    """``m`` weighed by how near it comes to ``best``, the best score of its
    kind (the score times its share of the best): a ``same`` weighed below
    the threshold is ``different``. The factor joins the basis as ``term``."""
    if best <= 0:
        return m
    factor = m.score / best
    score = round(m.score * factor, 4)
    relation = m.relation
    if relation == SAME and score < same_threshold(m.meaning):
        relation = DIFFERENT
    basis = [*m.basis, {"term": term, "label": label, "value": round(factor, 4)}]
    return replace(m, score=score, relation=relation, basis=basis)


def against_own_report(matches: Sequence[tuple[Hashable, Match]]) -> list[Match]:
    """The matches of a report's claims with their candidates, given as
    (candidate, match) pairs, each weighed by how near it comes to the best
    match of that candidate among the report's claims (several reports'
    at once when each candidate key names its report as well: (report,
    candidate)): a report states a
    fact once, so of its claims the one most like a stored claim is the
    likeliest to state it, as the best of a candidate report's claims is
    in rank(). One summary's "The Indonesian Navy rescued asylum seekers"
    and "Fishermen rescued asylum seekers" against "Over 900 asylum seekers
    rescued": the nearer keeps its score, the other is weighed down by how
    far it falls short. A ``same`` weighed below the threshold is
    ``different``; a contradiction is judged by how alike the two are
    (``similarity``), which this does not move. Returns the matches in
    their order.

    On the development pairs (each summary a report): same precision 0.795
    → 0.815 at recall 0.474, precision at recall 0.50 0.707 → 0.743."""
    best: dict[Hashable, float] = {}
    for candidate, m in matches:
        best[candidate] = max(best.get(candidate, 0.0), m.score)
    label = "against its own report's claims most like the candidate"
    return [_against_best(m, best[c], "best of its report", label) for c, m in matches]


def _gainsays(
    stated: ClaimText | None,
    other: ClaimText,
    vocabulary: Vocabulary,
    local: Vocabulary,
    weigh: _Weigher,
) -> bool:
    """Whether ``other`` denies ``stated``, the claim as its report states
    it (the report's candidate most alike, when that is the same claim):
    "Paris was forced to work in the engine room" and "Paris was never
    forced to perform labour in the engine room", one report telling both
    sides. What negates the claim's own statement in that report is of the
    claim's fact, however much less alike its words are. (Not another count:
    a report's two counts of one thing are of two things, "900 rescued",
    "200 found swimming".)"""
    if stated is None or stated is other:
        return False
    return (
        negation_conflict(stated, other) is not None
        and compare(stated, other, vocabulary, local, weigh).relation == CONTRADICTS
    )


# together, two claims of one report must cover this much more of the
# other claim than the better of them alone: each carries a part of it
JOINED_GAIN = 0.15


def joined(
    part: ClaimText,
    neighbour: ClaimText,
    other: ClaimText,
    vocabulary: Vocabulary,
    local: Vocabulary | None = None,
) -> Match | None:
    """``part`` and ``neighbour``, next to each other in one report, read
    together against ``other``: extraction splits "A crane fell at Port
    Ellis on Tuesday, killing 12 workers" in two, and "At least 12
    dockworkers died when a crane collapsed at Port Ellis" states both. The
    match of the two together when they are the same claim as ``other``,
    say what it says (one of their predicates meets one of its own, when
    each side has them: predicates_unlike()) and cover more of it than
    either alone (each carries a part of it: what a part adds besides,
    "container terminal", "on Tuesday", lowers the score, not the cover);
    else None."""
    if (
        not (neighbour.keys & other.keys) - part.keys
        or not (part.keys & other.keys) - neighbour.keys
    ):
        return None  # one of the two adds nothing of ``other`` the other has not
    # what the two say, either of them: together they say both
    said = (*part.said, *neighbour.said) if part.said and neighbour.said else ()
    if said and predicates_unlike(with_predicates(part, said), other):
        # a second chance, for what the two say together: not for saying
        # another thing of it ("stood at Port Ellis"; "inspected by 12")
        return None
    together = with_predicates(read_claim(f"{part.text}; {neighbour.text}"), said)
    weigh = _Weigher(vocabulary, local)
    match = compare(together, other, vocabulary, local, weigh)
    if match.relation != SAME:
        return None
    alone = max(
        covered(other, part, vocabulary, local, weigh),
        covered(other, neighbour, vocabulary, local, weigh),
    )
    gain = covered(other, together, vocabulary, local, weigh) - alone
    if gain < JOINED_GAIN:
        return None
    basis = [
        *match.basis,
        {
            "term": "together",
            "label": f"read with its neighbour in its report: {neighbour.text[:120]}",
            "value": round(gain, 4),
        },
    ]
    return replace(match, relation=SAME, basis=basis)
