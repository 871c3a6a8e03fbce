"""Claim cues and evidence → status, confidence and the basis that explains them.

Pure functions on plain values: no ORM, no clock but the ``now`` passed in.
Confidence is a logistic function of summed log-odds terms; the basis lists
every term so an editor can see why.
"""

from __future__ import annotations

import math

# The prior from the claim's own certainty, in log-odds. Ordered as DESIGN.md
# asks: asserted > attributed to a named source > unnamed sources > hedged >
# conditional. A claim takes the weakest of its cues (a hedged claim by a
# named source is "hedged").
PRIOR_LOG_ODDS = {
    "asserted": 0.40,  # the article's own voice       -> 0.60
    "named": 0.20,  # attributed to a named source      -> 0.55
    "unnamed": -0.10,  # "analysts", "multiple sources" -> 0.475
    "hedged": -0.40,  # reportedly, may, could, likely  -> 0.40
    "conditional": -0.70,  # "if the results are promising" -> 0.33
}
PRIOR_LABELS = {
    "asserted": "prior: asserted in the article's own voice",
    "named": "prior: attributed to a named source",
    "unnamed": "prior: attributed to unnamed sources",
    "hedged": "prior: hedged",
    "conditional": "prior: conditional",
}


def logistic(log_odds: float) -> float:
    return 1.0 / (1.0 + math.exp(-log_odds))


def certainty_category(*, attribution: str | None, hedged: bool, conditional: bool) -> str:
    """The prior's category; ``attribution`` is None, "named" or "unnamed"."""
    if conditional:
        return "conditional"
    if hedged:
        return "hedged"
    if attribution == "unnamed":
        return "unnamed"
    if attribution == "named":
        return "named"
    return "asserted"


def claim_prior(*, attribution: str | None, hedged: bool, conditional: bool) -> float:
    """Confidence from the claim's cues alone, before any evidence."""
    category = certainty_category(attribution=attribution, hedged=hedged, conditional=conditional)
    return round(logistic(PRIOR_LOG_ODDS[category]), 4)
