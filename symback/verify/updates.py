"""Update rules: ``p^1 = p^0 - δ G`` (or ``W ← W - α G``) -> the gradient G the rule uses.

The learning rate is a symbol; a rule must be linear in it and start from the current
value, and then G is compared with ∂J/∂p like any gradient formula.
"""

from __future__ import annotations

import dataclasses

import sympy

from .build import ShapeMismatch, shape_of


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
        if not _zero(entry.xreplace({rate: 0}) - start):
            return UpdateForm(None, "update_base")
    gradient = -sympy.diff(value, rate)
    return UpdateForm(gradient)
