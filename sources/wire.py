"""The news agency an article credits: two papers printing one agency's
story are one voice, not independent corroboration (claims.services.links).

An article credits an agency in its byline ("By Jane Roe, Associated
Press"), in a dateline ("LONDON (Reuters) - ..."), or in a credit line at
its end ("The Associated Press contributed to this report", "With files
from The Canadian Press", "© 2026 AFP"). An agency named in the story
("according to Reuters") is a citation, not a credit: only the byline, the
dateline and whole credit lines at either end of the text are read. Pure
Python, no ORM.
"""

from __future__ import annotations

import re

# each agency by its key, with the names and initials it is credited by
AGENCIES = {
    "associated press": ("Associated Press", "AP"),
    "reuters": ("Reuters", "Thomson Reuters"),
    "agence france-presse": ("Agence France-Presse", "Agence France Presse", "AFP"),
    "press association": ("Press Association", "PA Media", "PA"),
    "canadian press": ("Canadian Press", "CP"),
    "australian associated press": ("Australian Associated Press", "AAP"),
    "deutsche presse-agentur": ("Deutsche Presse-Agentur", "dpa"),
    "united press international": ("United Press International", "UPI"),
    "bloomberg": ("Bloomberg News", "Bloomberg"),
}
_NAMES = sorted(
    ((name, key) for key, names in AGENCIES.items() for name in names),
    key=lambda pair: -len(pair[0]),
)
_AGENCY = "|".join(re.escape(name) for name, _ in _NAMES)
_KEY = {name.lower(): key for name, key in _NAMES}

# "LONDON (Reuters) -", "WASHINGTON (AP) —"
_DATELINE = re.compile(rf"\((?:the\s+)?({_AGENCY})\)\s*[-—–:]")
# a line that is a credit and nothing else
_CREDIT_LINE = re.compile(
    rf"""^\W*(?:
        (?:by\s+)?(?:the\s+)?(?P<alone>{_AGENCY})
      | (?:©|\(c\)|copyright)\s*(?:\d{{4}}\s*)?(?:the\s+)?(?P<copy>{_AGENCY})
      | (?:the\s+)?(?P<contributed>{_AGENCY})\s+contributed\s+to\s+this\s+(?:report|story)
      | (?:with\s+files\s+from|additional\s+reporting\s+by|reporting\s+by|source:)\s+
        (?:the\s+)?(?P<files>{_AGENCY})
    )\W*$""",
    re.IGNORECASE | re.VERBOSE,
)
# "By Jane Roe, Associated Press", "Reuters staff", "AP"
_BYLINE = re.compile(rf"(?:^|[\s,(])(?:the\s+)?({_AGENCY})(?:$|[\s,)])")
EDGE_LINES = 3  # the lines read at either end of the text for a credit


def agency_of(name: str) -> str:
    """The agency's key if ``name`` names one ("The Associated Press",
    "Reuters"), else ""."""
    name = re.sub(r"^the\s+", "", (name or "").strip(), flags=re.IGNORECASE)
    return _KEY.get(name.lower(), "")


def wire_credit(byline: str, text: str) -> str:
    """The key of the agency the article credits (see the module
    docstring), or "" when it credits none."""
    found = _BYLINE.search(byline or "")
    if found:
        return _KEY[found.group(1).lower()]
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    head, tail = lines[:EDGE_LINES], lines[-EDGE_LINES:]
    for line in head:
        dateline = _DATELINE.search(line[:200])
        if dateline:
            return _KEY[dateline.group(1).lower()]
    for line in [*head, *tail]:
        credit = _CREDIT_LINE.match(line) if len(line) <= 120 else None
        if credit:
            name = next(value for value in credit.groupdict().values() if value)
            return _KEY[name.lower()]
    return ""
