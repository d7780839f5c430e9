"""A counterexample: the values of a link's symbols at a numeric point, and both sides there.

Values are those of the first numeric point of the Comparator (one observation i, n = 3
observations): parameters, inputs and targets drawn at random, signals from the forward
pass, error terms and derivatives by the complex step. Sums over i are compared term by
term, so both sides are shown for one observation.
"""

from __future__ import annotations

import mpmath
import sympy

from ...derive import LOSS_I, OBJECTIVE
from ...model import DELTA, LAMBDA, N_OBS, THETA, W, X, Y, Partial
from ...notation import Namer
from .compare import Comparator, EvaluationError, as_basic
from ...printing.layout import expand_neuron_sums
from ..verdict import Counterexample

MAX_VALUES = 40  # symbols shown; a link of a wide layer names more, and says how many
SHOWN_DIGITS = 12


def _show(value) -> str:
    value = mpmath.mpmathify(value)
    if isinstance(value, mpmath.mpc) and value.imag == 0:
        value = value.real
    if abs(value) < 10 ** 6 and value == int(value):  # magnitude first: int() of 1e434294 is slow
        return str(int(value))
    return mpmath.nstr(value, SHOWN_DIGITS)


def _order(atom) -> tuple:
    # Parameters first, then inputs and targets, then signals: the way a reader checks by hand.
    rank = {W: 0, THETA: 1, X: 2, Y: 3}.get(atom.base, 4 if atom.base != DELTA else 5)
    return rank, sympy.default_sort_key(atom)


def _depends_on_n(model, left, right) -> bool:
    """n is shown when a side holds it, or holds the objective (or δ, or ∂J) whose loss does."""
    sides = [as_basic(side) for side in (left, right)]
    if any(N_OBS in side.free_symbols for side in sides):
        return True
    objective = any(side.atoms(Partial) or any(a.base == DELTA for a in side.atoms(sympy.Indexed))
                    or side.free_symbols & {OBJECTIVE, LOSS_I} for side in sides)
    return bool(objective) and N_OBS in model.loss_term(model.outputs.first).free_symbols


def _depends_on_lambda(model, left, right) -> bool:
    """λ is shown when a side holds it, J (the penalty is part of it) outside a derivative, or
    a weight's ∂J/∂w, which the penalty's derivative enters (∂J/∂Θ does not hold λ)."""
    if not model.regularized:
        return False
    for side in (as_basic(left), as_basic(right)):
        partials = side.atoms(Partial)
        if any(p.args[0] == OBJECTIVE and getattr(p.args[1], "base", None) == W for p in partials):
            return True
        if {LAMBDA, OBJECTIVE} & side.xreplace({p: sympy.Integer(0) for p in partials}).free_symbols:
            return True
    return False


def counterexample(comparator: Comparator, namer: Namer, left, right) -> Counterexample | None:
    """Both sides' values at the first point where they differ, and the symbols' values there."""
    try:
        pairs = list(zip(comparator.values(left), comparator.values(right)))
    except EvaluationError:
        return None
    differing = [k for k, (a, b) in enumerate(pairs) if a != b] or [0]
    left_value, right_value = pairs[differing[0]]
    point = comparator.points[differing[0]]
    atoms = set()
    for side in (left, right):
        atoms |= expand_neuron_sums(as_basic(side)).atoms(sympy.Indexed)
    values = []
    for atom in sorted(atoms, key=_order)[:MAX_VALUES]:
        try:
            shown = _show(point.evaluate(atom))
            values.append((namer.spell(atom, "text"), shown))
        except (KeyError, IndexError, ValueError, TypeError, ZeroDivisionError):
            continue
    if len(atoms) > MAX_VALUES:
        values.append(("…", f"{len(atoms) - MAX_VALUES} more symbols"))
    if _depends_on_lambda(comparator.model, left, right):
        values.append(("lambda", _show(point.evaluate(LAMBDA))))
    if _depends_on_n(comparator.model, left, right):
        values.append(("n", _show(point.n)))
    return Counterexample(tuple(values), _show(left_value), _show(right_value))
