"""Mistakes about the L2 penalty (λ/2) Σ w²: its derivative λ w_{k,j} left out, halved,
doubled, with the wrong sign, not differentiated, inside the sum over the observations or
divided by n; or a threshold penalised, which the objective does not do.

Each rule yields (Diagnosis, mutated expression) like the Mutator's table (diagnose.py), but
needs the parameter the formula is about, which only its subject ∂J/∂p names.
"""

from __future__ import annotations

from typing import Iterator

import sympy

from ...derive import OBJECTIVE
from ...model import LAMBDA, N_OBS, THETA, W, Model, Partial
from ..verdict import Diagnosis

# λ w_{k,j} times each factor is a familiar wrong derivative of the penalty (λ/2) w².
WRONG_FACTORS = ((0, "penalty_missing"), (-1, "penalty_sign"), (sympy.Rational(1, 2), "penalty_half"),
                 (2, "penalty_double"), (N_OBS, "penalty_per_observation"), (1 / N_OBS, "penalty_mean"))


def parameter_of(subject):
    """The weight or threshold p of a subject ∂J/∂p (None for any other subject)."""
    if isinstance(subject, Partial) and subject.args[0] == OBJECTIVE:
        wrt = subject.args[1]
        if isinstance(wrt, sympy.Indexed) and wrt.base in (W, THETA):
            return wrt
    return None


def penalty_mistakes(model: Model, text, subject, correct) -> Iterator[tuple[Diagnosis, sympy.Expr]]:
    """The wrong forms of ``correct`` (the gradient of ``subject``) made by a penalty mistake;
    ``text`` spells an expression for the diagnosis. Nothing without L2 or for another subject."""
    parameter = parameter_of(subject)
    if not model.regularized or parameter is None:
        return
    decay = LAMBDA * parameter
    term = (("term", text(decay)),)
    if parameter.base == THETA:
        yield Diagnosis("penalty_on_threshold", term), correct + decay
        return
    for factor, key in WRONG_FACTORS:
        yield Diagnosis(key, term), correct + (factor - 1) * decay
    yield Diagnosis("penalty_not_differentiated", term), correct - decay + decay * parameter / 2
