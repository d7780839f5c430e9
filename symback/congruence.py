"""Where two sides of a link differ: the common context peeled off, by congruence.

A link of a chain rewrites one small part of a large expression: ``C[x] = C[y]`` holds
whenever ``x = y``. Peeling the common context through sums (same limits, the index left
free), products and sums of terms (the common factors or terms) leaves the part the rule
rewrote, whose size does not grow with the depth of the network.
"""

from __future__ import annotations

from collections import Counter

import sympy


def differing_parts(left, right):
    """The smallest (x, y) with left = C[x] and right = C[y] for one context C.

    Proving x = y proves left = right; when they are equal the result is (left, left).
    """
    while left != right:
        if type(left) is not type(right):
            break
        if type(left) is sympy.Sum:
            if left.limits != right.limits:
                break
            left, right = left.function, right.function
        elif type(left) in (sympy.Mul, sympy.Add):
            rest = _without_common(left, right)
            if rest is None:
                break
            left, right = rest
        else:
            break
    return left, right


def _without_common(left, right):
    """(left, right) with the arguments they share removed; None when they share none."""
    a, b = Counter(left.args), Counter(right.args)
    common = a & b
    if not common:
        return None
    only_left, only_right = list((a - common).elements()), list((b - common).elements())
    if len(only_left) == len(only_right) == 1:  # the usual link: one factor rewritten, nothing to build
        return only_left[0], only_right[0]
    return left.func(*only_left), right.func(*only_right)
