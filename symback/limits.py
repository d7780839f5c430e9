"""Limits and tolerances shared by the whole program: one place for each number.

Every "these two numbers agree" decision in symback goes through ``close``.
"""

from __future__ import annotations

import mpmath

# Working precision of the high-precision checks (the proof's numeric method, verify's points).
DIGITS = 60
# Commands that print or write something per parameter refuse networks above this (about
# 100 MB of derive text): 784-128-64-10 has 109,386 parameters; 2000-2000-10 has 4,022,010.
MAX_LISTED_PARAMETERS = 1_000_000
# A report writes every link of every chain: about 4·depth² displayed steps, each as deep as
# the network (20 layers of one neuron: about a minute and a hundred pages).
MAX_REPORT_DEPTH = 20
# Two 60-digit values agree when they differ by less than this, relative to max(|a|, |b|, 1).
RELATIVE_TOLERANCE = mpmath.mpf(10) ** -30


def close(a, b, tolerance=RELATIVE_TOLERANCE) -> bool:
    """True when ``a`` and ``b`` agree to ``tolerance`` relative to max(|a|, |b|, 1)."""
    scale = max(abs(a), abs(b), 1)
    return abs(a - b) <= tolerance * scale
