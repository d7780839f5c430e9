"""Σ_{i=1}^n of a hand-written body: what varies with the observation stays under the sum,
what does not is counted n times.

The comparison reads a Σ over the observations term by term (one observation i), which is
sound for bodies made of per-observation terms. A term that does not depend on i inside the
sum — λ w_{k,j} written inside Σ_i, a mistake people make with the L2 penalty — adds up n
times, so it is taken out as n times itself: Σ_i (A_i + c) = Σ_i A_i + n c.
"""

from __future__ import annotations

import sympy

from ...model import LOSS_I, N_OBS, OBS


def _per_observation(expr) -> bool:
    """Depends on the observation: holds i (e_{i,j}, x_{i,k}, ...) or one observation's J_i."""
    return bool(expr.free_symbols & {OBS, LOSS_I})


def _split(expr) -> tuple:
    """-> (c, A) with expr = c + A, c free of the observation; A keeps what cannot be split
    without expanding (a product of two per-observation factors is left whole)."""
    if not _per_observation(expr):
        return expr, sympy.Integer(0)
    if isinstance(expr, sympy.Add):
        parts = [_split(term) for term in expr.args]
        return sympy.Add(*(c for c, _ in parts)), sympy.Add(*(a for _, a in parts))
    if isinstance(expr, sympy.Mul):
        constant, varying = expr.as_independent(OBS, LOSS_I, as_Add=False)
        if isinstance(varying, sympy.Add):
            c, a = _split(varying)
            return constant * c, constant * a
    return sympy.Integer(0), expr


def observation_sum(body):
    """Σ_{i=1}^n body, its observation-free part taken out n times."""
    constant, varying = _split(body)
    total = sympy.Sum(varying, (OBS, 1, N_OBS)) if varying != 0 else sympy.Integer(0)
    return total + N_OBS * constant if constant != 0 else total
