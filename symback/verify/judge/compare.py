"""Deciding ``left == right``: symbolically, one level down (local.py), within a time budget
per formula, and otherwise (or when SymPy cannot show it) at random 60-digit points with
complex-step derivatives.

A formula is only ever called wrong on numeric evidence: "not shown equal" symbolically
falls through to the numbers, which decide, and give the counterexample.
"""

from __future__ import annotations

import dataclasses

import mpmath
import sympy
from sympy import Integer

from ...derive import Derivation
from ...limits import DIGITS, close
from ...model import E, OBS, THETA, W, ActivationBase, Partial, Softmax
from ...numeric import NumericPoint
from ...proof import Prover
from ..limits import SYMBOLIC_SECONDS
from .budget import Budget, OutOfTime
from .local import LocalEquality
from .subject import Subjects

SEEDS = (101, 202)
RELU_SEEDS = (303, 404, 505, 606, 707)
WITNESS_SEEDS = range(1000, 1032)
ACTIVE_SEARCH = 300
SYMBOLIC, NUMERIC = "symbolic", "numeric"


class EvaluationError(Exception):
    """An expression the numeric points cannot evaluate (a symbol with no value)."""


@dataclasses.dataclass(frozen=True)
class Outcome:
    equal: bool
    method: str


def as_basic(value) -> sympy.Basic:
    """A SymPy object for a value that may be a plain Python number (never text)."""
    if isinstance(value, sympy.Basic):
        return value
    if isinstance(value, int):
        return sympy.Integer(value)
    raise EvaluationError(f"not an expression: {type(value).__name__}")


def _check_parameters(comparator, expr) -> None:
    """Only the model's weights and thresholds have values (a mutation may name others)."""
    known = comparator.parameter_set
    for atom in expr.atoms(sympy.Indexed):
        if atom.base in (W, THETA) and atom not in known:
            raise EvaluationError(f"{atom} is not a parameter of this network")


# Functions the core's 60-digit points evaluate themselves; any other (a table activation a
# writer named, tanh, a step) is evaluated here from its arguments' values.
KNOWN_FUNCTIONS = (ActivationBase, Softmax, sympy.exp, sympy.log, sympy.KroneckerDelta)


def _foreign(expr):
    """The outermost function applications of ``expr`` that the points do not evaluate."""
    if isinstance(expr, Partial):
        return
    if isinstance(expr, sympy.Function) and not isinstance(expr, KNOWN_FUNCTIONS):
        yield expr
        return
    for arg in expr.args:
        yield from _foreign(arg)


def evaluate(point: NumericPoint, expr):
    """The 60-digit value of ``expr`` at ``point``, foreign functions included."""
    mapping = {}
    for atom in set(_foreign(expr)):
        values = [sympy.Float(mpmath.re(evaluate(point, arg)), DIGITS) for arg in atom.args]
        mapping[atom] = atom.func(*values).evalf(DIGITS)
    return point.evaluate(expr.xreplace(mapping) if mapping else expr)


def per_observation(expr) -> bool:
    """True when an expression still depends on the observation i (not summed over i)."""
    return OBS in getattr(expr, "free_symbols", ())


def _active_point(model) -> NumericPoint:
    """The first seeded point where every ReLU unit is active: at a point where a unit is off,
    its error term is 0 and formulas that differ only through it would look equal. (The
    second point is an ordinary random one, where some units are off, so a missing or wrong
    ReLU derivative still shows.)"""
    relu = [rng for rng in model.ranges[1:] if model.activation(rng.index).name == "relu"]
    best, best_active = NumericPoint(model, SEEDS[0]), -1
    if not relu:
        return best
    units = [E[OBS, Integer(n)] for rng in relu for n in rng.numbers()]
    for seed in range(SEEDS[0], SEEDS[0] + ACTIVE_SEARCH):
        point = NumericPoint(model, seed)
        active = sum(1 for unit in units if mpmath.re(point.evaluate(unit)) > 0)
        if active > best_active:
            best, best_active = point, active
        if active == len(units):
            break
    return best


class Comparator:
    """Equality of concrete expressions of one derivation's model.

    Args:
        derivation: supplies the model and the forms one level down.
        method: ``auto`` or ``symbolic`` (symbolic first, within the time budget of each formula),
            or ``numeric`` (the 60-digit points only).
        subjects: the derivation's forms (shared with the rest of a run).
    """

    def __init__(self, derivation: Derivation, method: str = "auto", subjects: Subjects | None = None):
        self.model = derivation.model
        self.symbolic = method in ("auto", SYMBOLIC)
        self.local = LocalEquality(derivation, subjects) if self.symbolic else None
        self.prover = Prover(derivation, SYMBOLIC) if self.symbolic else None
        self.budget = Budget(SYMBOLIC_SECONDS)
        self.points = [_active_point(self.model), NumericPoint(self.model, SEEDS[1])]
        if any(self.model.activation(rng.index).name == "relu" for rng in self.model.ranges[1:]):
            # A unit that is on at every point hides a missing or wrong relu' factor.
            self.points += [NumericPoint(self.model, seed) for seed in RELU_SEEDS]
        self.parameter_set = frozenset(self.model.parameters)
        self._cache: dict = {}

    def values(self, expr) -> list:
        """The value of ``expr`` at every numeric point.

        Raises:
            EvaluationError: when some symbol of ``expr`` has no value.
        """
        key = as_basic(expr)
        if key not in self._cache:
            _check_parameters(self, key)
            try:
                with mpmath.workdps(DIGITS):
                    self._cache[key] = [evaluate(point, key) for point in self.points]
            except (KeyError, IndexError, ValueError, TypeError, ZeroDivisionError, AttributeError,
                    NotImplementedError, RecursionError, OverflowError) as error:
                raise EvaluationError(str(error)) from None
        return self._cache[key]

    def numeric_equal(self, left, right) -> bool:
        """Equal at every point within 30 digits (relative to the larger side)."""
        with mpmath.workdps(DIGITS):
            for a, b in zip(self.values(left), self.values(right)):
                if not close(a, b):
                    return False
        return True

    def equal(self, left, right) -> Outcome:
        """Decide left == right: the numeric points first (only they can show a difference),
        then, when they agree, a symbolic proof within the formula's time budget.

        When SymPy does not show equal what the points do not tell apart (a piecewise
        derivative equal at every point tried), more points are searched for a witness before
        the numbers are believed; a witness found joins the points for the counterexample.
        """
        if not self.numeric_equal(left, right):
            return Outcome(False, NUMERIC)
        if not self.symbolic:
            return Outcome(True, NUMERIC)
        if self._symbolic_equal(left, right):
            return Outcome(True, SYMBOLIC)
        if not self.budget.exhausted and self._witness(left, right):
            return Outcome(False, NUMERIC)
        return Outcome(True, NUMERIC)

    def _witness(self, left, right) -> bool:
        for seed in WITNESS_SEEDS:
            point = NumericPoint(self.model, seed)
            try:
                with mpmath.workdps(DIGITS):
                    a, b = evaluate(point, as_basic(left)), evaluate(point, as_basic(right))
            except (KeyError, IndexError, ValueError, TypeError, ZeroDivisionError):
                return False
            if not close(a, b):
                self.points.insert(0, point)
                self._cache.clear()
                return True
        return False

    def _shown(self, left, right) -> bool:
        """The core Prover's local method first (the one that proves the derivation), then
        verify's own level-by-level substitution for what a writer may add (named signals
        of other levels, functions written out)."""
        try:
            if self.prover.equal(left, right)[0]:
                return True
        except Exception:  # noqa: BLE001 - a form the Prover does not take is tried below
            pass
        return self.local.equal(left, right)

    def _symbolic_equal(self, left, right) -> bool:
        if as_basic(left) == as_basic(right):
            return True
        try:
            return self.budget.run(self._shown, left, right)
        except OutOfTime:
            return False
        except Exception:  # noqa: BLE001 - any SymPy failure only means "not shown symbolically"
            return False
