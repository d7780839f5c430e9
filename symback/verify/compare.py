"""Deciding ``left == right``: symbolically with the core's Prover where SymPy can, otherwise
(or when SymPy cannot show it) at random 60-digit points with complex-step derivatives.

A formula is only ever called wrong on numeric evidence: the symbolic method treats g, g',
exp, ... as opaque atoms, so ``1/(1+e^{-x})`` and ``g(x)`` differ for it although they are
the same function; "not shown equal" then falls through to the numbers, which decide, and
give the counterexample.
"""

from __future__ import annotations

import dataclasses

import mpmath
import sympy

from ..derive import Derivation
from ..model import OBS
from ..numeric import DIGITS, NumericPoint
from ..proof import Prover

SYMBOLIC_PARAMETERS = 40   # symbolic checks take ~10 ms at 21 parameters, ~300 ms at 59
SEEDS = (101, 202)
TOLERANCE = mpmath.mpf(10) ** -30
SYMBOLIC, NUMERIC = "symbolic", "numeric"


class EvaluationError(Exception):
    """An expression the numeric points cannot evaluate (a symbol with no value)."""


@dataclasses.dataclass(frozen=True)
class Outcome:
    equal: bool
    method: str


def per_observation(expr) -> bool:
    """True when an expression still depends on the observation i (not summed over i)."""
    return OBS in getattr(expr, "free_symbols", ())


class Comparator:
    """Equality of concrete expressions of one derivation's model.

    Args:
        derivation: supplies the model (and the Prover for the symbolic method).
        method: ``auto`` (symbolic up to 40 parameters), ``symbolic`` or ``numeric``.
    """

    def __init__(self, derivation: Derivation, method: str = "auto"):
        self.model = derivation.model
        count = self.model.arch.parameter_count
        self.symbolic = method == SYMBOLIC or (method == "auto" and count <= SYMBOLIC_PARAMETERS)
        self.prover = Prover(derivation, SYMBOLIC) if self.symbolic else None
        self.points = [NumericPoint(self.model, seed) for seed in SEEDS]
        self._cache: dict = {}

    def values(self, expr) -> list:
        """The value of ``expr`` at every numeric point.

        Raises:
            EvaluationError: when some symbol of ``expr`` has no value.
        """
        key = expr
        if key not in self._cache:
            try:
                with mpmath.workdps(DIGITS):
                    self._cache[key] = [point.evaluate(sympy.sympify(expr)) for point in self.points]
            except (KeyError, ValueError, TypeError, ZeroDivisionError, AttributeError,
                    NotImplementedError, RecursionError, OverflowError) as error:
                raise EvaluationError(str(error)) from None
        return self._cache[key]

    def numeric_equal(self, left, right) -> bool:
        """Equal at every point within 30 digits (relative to the larger side)."""
        with mpmath.workdps(DIGITS):
            for a, b in zip(self.values(left), self.values(right)):
                scale = max(abs(a), abs(b), mpmath.mpf(1))
                if abs(a - b) > TOLERANCE * scale:
                    return False
        return True

    def equal(self, left, right) -> Outcome:
        """Decide left == right: symbolic proof when possible, else the numeric points."""
        if self.symbolic and self._symbolic_equal(left, right):
            return Outcome(True, SYMBOLIC)
        return Outcome(self.numeric_equal(left, right), NUMERIC)

    def _symbolic_equal(self, left, right) -> bool:
        if sympy.sympify(left) == sympy.sympify(right):
            return True
        try:
            return self.prover.equal(left, right)[0]
        except Exception:  # noqa: BLE001 - any SymPy failure only means "not shown symbolically"
            return False
