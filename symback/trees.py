"""Building SymPy trees in time linear in their size.

sympy.Sum scans its whole body for Piecewise on every construction, and xreplace rebuilds
every Sum above a change through that constructor; a chain through D nested layer sums then
cost D² per step, and a 100-layer network took minutes. The derivation's trees hold signals,
weights and abstract activations only, never a Piecewise, so these helpers skip the scan.
"""

from __future__ import annotations

import sympy


def closed_sum(body, index, first, last) -> sympy.Sum:
    """Σ_{index=first}^{last} body: the Sum that ``sympy.Sum`` builds, in constant time
    (a Sum directly inside merges its limits, as sympy.Sum merges them)."""
    limits = (sympy.Tuple(index, first, last),)
    if type(body) is sympy.Sum:
        body, limits = body.function, body.limits + limits
    result = sympy.Expr.__new__(sympy.Sum)
    result._args = (body,) + limits
    result.is_commutative = body.is_commutative
    return result


def substitute(expr, mapping: dict):
    """expr.xreplace(mapping), rebuilding the Sums above a change with closed_sum."""
    done: dict = {}

    def rebuild(node):
        if node in mapping:
            return mapping[node]
        if not node.args:
            return node
        if node not in done:
            args = tuple(rebuild(arg) for arg in node.args)
            if args == node.args:
                done[node] = node
            elif type(node) is sympy.Sum:
                done[node] = sum_over(args[0], args[1:])
            else:
                done[node] = node.func(*args)
        return done[node]

    return rebuild(expr)


def sum_over(body, limits):
    """Σ body over several limits, innermost first, as ``sympy.Sum(body, *limits)`` builds it."""
    result = closed_sum(body, *limits[0])
    for limit in limits[1:]:
        result = closed_sum(result, *limit)
    return result
