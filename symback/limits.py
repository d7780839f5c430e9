"""Limits and tolerances shared by the whole program: one place for each number.

Every "these two numbers agree" decision in symback goes through ``close``.
"""

from __future__ import annotations

import mpmath

from .errors import SymbackError

# Working precision of the high-precision checks (the proof's numeric method, verify's points).
DIGITS = 60

# What each command does per parameter, and how many parameters it takes: past its limit a
# command says so in one line (exit 2) before any heavy work, naming what to do instead.
# For scale: 784-128-64-10 has 109,386 parameters; 2000-2000-10 has 4,022,010.
# ``derive``: one line per gradient, about 100 MB of text at the limit (--groups: any size).
MAX_LISTED_PARAMETERS = 1_000_000
# ``report``: a group this many layers or more below the output is derived through the error
# terms only; nearer the output its chains descend every layer as handout 004 does (a chain
# crossing D layers has about 4·D steps, each a product of D factors).
REPORT_FULL_CHAIN_LAYERS = 5
# ``example`` and ``exercises``: every number of every parameter printed and checked.
MAX_WORKED_PARAMETERS = 500
# ``exercises``: each problem is a worked example, so --count times the parameters is bounded
# too (100 problems on handout 004's 3-2-3-1; 4 at the limit above).
MAX_SHEET_PARAMETERS = 2_000
# ``codegen --style neurons``: one statement per neuron, past this unreadable (layers: any size).
MAX_NEURONS_STYLE_PARAMETERS = 400
# ``derive --check expanded``: nested expressions, which grow with the paths through the network
# (4-4-4-1, 45 parameters: about 30 s; 3-4-4-4-4-1, 81: over 2 minutes).
MAX_EXPANDED_PARAMETERS = 50
# ``derive --check numeric``: 60-digit forward passes over every parameter at two points
# (1000-999-1, 1,000,999 parameters: about 20 s and 0.5 GB).
MAX_NUMERIC_PARAMETERS = 1_000_000
# ``report --check numeric``: every displayed equality at every value of its free indices
# (10-10-1, 121 parameters: about 20 s; 20-20-5, 525: over 2 minutes).
MAX_REPORT_NUMERIC_PARAMETERS = 150
# ``verify``: a formula's free indices are searched over every parameter they can name, and
# 60-digit points are drawn for every parameter (200-64-10, 13,440 weights: about 15 s).
MAX_VERIFY_PARAMETERS = 20_000
# Two 60-digit values agree when they differ by less than this, relative to max(|a|, |b|, 1).
RELATIVE_TOLERANCE = mpmath.mpf(10) ** -30


def close(a, b, tolerance=RELATIVE_TOLERANCE) -> bool:
    """True when ``a`` and ``b`` agree to ``tolerance`` relative to max(|a|, |b|, 1)."""
    scale = max(abs(a), abs(b), 1)
    return abs(a - b) <= tolerance * scale


def refuse_above(arch, limit: int, what: str, instead: str) -> None:
    """Raise the one-line SymbackError of a network over ``limit`` parameters.

    Args:
        arch: the Architecture asked for.
        limit: the most parameters ``what`` takes (one of the MAX_* above).
        what: the command or option, as the user typed it (``derive --check expanded``).
        instead: what to do instead, a short imperative clause.
    Raises:
        SymbackError: when ``arch`` has more than ``limit`` parameters.
    """
    count = arch.parameter_count
    if count > limit:
        raise SymbackError(f"SPEC {arch.shorthand}: {count:,} parameters; {what} takes at most {limit:,}: {instead}")
