"""Every limit and tolerance of ``verify`` in one place (to be merged into ``symback.limits``).

The limits keep every formula and file bounded in time and memory; the closeness rule is the
one way verify decides that two 60-digit numbers are equal.
"""

from __future__ import annotations

import mpmath

MAX_FORMULA_LENGTH = 20000     # characters of one formula
MAX_NESTING = 60               # brackets inside brackets
MAX_NUMBER_DIGITS = 100        # digits of one number written in a formula
MAX_POWER = 16                 # |exponent| of a power (expanding (a + b)^1000 would never end)
MAX_INSTANCES = 64             # assignments of the free indices checked per formula
MAX_DIAGNOSED = 6              # failing instances of one link given a diagnosis
MAX_FILE_BYTES = 1_000_000     # a formula or .tex file read by --file
SYMBOLIC_PARAMETERS = 40       # parameters up to which the nested-expression comparison is tried
SYMBOLIC_SECONDS = 5.0         # time budget of the symbolic comparison of one formula
CLOSENESS = mpmath.mpf(10) ** -30  # relative difference below which two 60-digit values are equal


def close(a, b) -> bool:
    """The one closeness rule: |a - b| <= CLOSENESS * max(|a|, |b|, 1)."""
    return abs(a - b) <= CLOSENESS * max(abs(a), abs(b), mpmath.mpf(1))
