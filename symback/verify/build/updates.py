"""Update rules: ``p^1 = p^0 - δ G`` (or ``W ← W - α G``) -> the gradient G the rule uses.

The learning rate is a symbol; a rule must be linear in it and start from the current
value, and then G is compared with ∂J/∂p like any gradient formula.
"""

from __future__ import annotations

import dataclasses

import sympy

from ...derive import OBJECTIVE
from ...model import LAMBDA, THETA, W, Partial
from .. import tree as ast
from ..verdict import Unreadable
from .shapes import ShapeMismatch, shape_of
from .values import RATE, Invalid


@dataclasses.dataclass(frozen=True)
class UpdateForm:
    """The gradient an update rule uses, or the key of what is wrong with its form."""

    gradient: object
    problem: str | None = None


def _zero(expr) -> bool:
    return expr == 0 or sympy.expand(expr) == 0


def update_gradient(value, parameter, rate):
    """-> UpdateForm (or ShapeMismatch when the rule's sides have different shapes)."""
    if shape_of(value) != shape_of(parameter):
        return ShapeMismatch("update", shape_of(parameter), shape_of(value), 1)
    entries = list(value) if isinstance(value, sympy.MatrixBase) else [value]
    starts = list(parameter) if isinstance(parameter, sympy.MatrixBase) else [parameter]
    for entry, start in zip(entries, starts):
        if rate not in entry.free_symbols:
            return UpdateForm(None, "update_without_rate")
        if not _zero(sympy.diff(entry, rate, 2)):
            return UpdateForm(None, "update_not_linear")
        base = entry.xreplace({rate: 0}) - start
        if not _zero(base):  # p⁰ − λ p⁰ − δ G: weight decay written without the learning rate
            return UpdateForm(None, "update_penalty_without_rate" if _zero(base + LAMBDA * start) else "update_base")
    gradient = -sympy.diff(value, rate)
    return UpdateForm(gradient)


def is_update(formula: ast.Formula) -> bool:
    """``p ← p - α G``, or a first side with the iteration superscript 1 (``ŵ¹``)."""
    first = formula.sides[0]
    if formula.relations and formula.relations[0] == "<-":
        return True
    return isinstance(first, ast.Sym) and first.iteration == "1"


def build_sides(builder, formula: ast.Formula, env: dict, update: bool) -> list:
    """Every side of ``formula`` for one assignment of its free letters.

    A side whose shapes do not fit is its ShapeMismatch (a verdict, not an error); on an
    update rule the first side is the parameter and the others become UpdateForms.

    Raises:
        Unreadable: when a symbol of a sum does not exist, or an update rule's left side is
            no parameter.
    """
    values = []
    for position, side in enumerate(formula.sides):
        try:
            value = builder.build(side, env, allow_next=update and position == 0)
        except ShapeMismatch as mismatch:
            value = mismatch
        except Invalid:
            raise Unreadable(f"{formula.side_text(position)[:40]}: a symbol in a sum does not exist "
                             "in this network", side.col, "", ()) from None
        if update and position > 0 and not isinstance(value, ShapeMismatch):
            value = update_gradient(value, values[0], RATE)
        if update and position == 0:
            value = _parameter(value, side)
        values.append(value)
    return values


def _parameter(value, side):
    entries = list(value) if isinstance(value, sympy.MatrixBase) else [value]
    if not all(isinstance(e, sympy.Indexed) and e.base in (W, THETA) for e in entries):
        raise Unreadable("the left side of an update rule must be a weight or a threshold", side.col, "", ())
    return value


def gradient_of(parameter):
    """∂J/∂p of a parameter (entry by entry for a matrix of parameters)."""
    if isinstance(parameter, sympy.MatrixBase):
        return parameter.applyfunc(lambda p: Partial(OBJECTIVE, p))
    return Partial(OBJECTIVE, parameter)
