"""Symbolic equality one level down: signals stay opaque symbols, and definitions are
substituted only as far as the two sides need.

A hand-written formula and the Derivation's forms are both written in named signals (e, s or
z, a), so most links hold as rational functions of the signals as they stand. When they do
not, the definitions come in one level at a time — ∂J/∂p by its δ form, the δ of the lowest
layer present by its recursion, ŷ and f by the output s, and last s by g(e) and g, g′ by the
activation table's forms — and the difference is tried again. Nothing expands the nested
network, so the work does not grow with its depth.
"""

from __future__ import annotations

from functools import cached_property

import sympy
from sympy import Integer

from ...derive import LOSS_I, OBJECTIVE, Derivation
from ...model import DELTA, E, F, OBS, S, YHAT, ActivationBase, Partial, Softmax, drop_observation_sum
from .subject import Subjects


def vanishes(difference) -> bool:
    """True when SymPy shows ``difference`` is zero as a rational function of its atoms."""
    if difference == 0:
        return True
    if sympy.expand(difference) == 0:
        return True
    return sympy.cancel(sympy.together(difference)) == 0


class LocalEquality:
    """``left == right`` for one derivation's model, definitions substituted level by level."""

    def __init__(self, derivation: Derivation, subjects: Subjects | None = None):
        self.model = derivation.model
        self.subjects = subjects or Subjects(derivation)

    def equal(self, left, right) -> bool:
        """Shown equal symbolically (False: not shown; the numbers then decide)."""
        difference = self._first(left) - self._first(right)
        for step in (self._gradients, self._errors, self._activations):
            if vanishes(difference):
                return True
            difference = step(difference)
        return vanishes(difference.rewrite(sympy.exp)) if difference != 0 else True

    # -- levels ------------------------------------------------------------------------------
    def _first(self, expr):
        """Σ_i term by term, neuron sums written out, ŷ and f as the output s, cce's targets."""
        expr = drop_observation_sum(sympy.Integer(expr) if isinstance(expr, int) else expr).doit()
        return expr.xreplace(self._outputs)

    @cached_property
    def _outputs(self) -> dict:
        model, mapping = self.model, {}
        for o in model.outputs.numbers():
            mapping[model.yhat(Integer(o))] = mapping[model.f(Integer(o))] = model.s(Integer(o))
        if model.loss.name == "cce":  # targets are probabilities: the last is 1 minus the others
            outputs = [Integer(o) for o in model.outputs.numbers()]
            mapping[model.y(outputs[-1])] = 1 - sum(model.y(o) for o in outputs[:-1])
        return mapping

    def _gradients(self, expr):
        """∂J/∂p by its δ form, ∂J_i/∂e_j by δ_j, ∂f/∂p by the prediction chain."""
        mapping = {}
        for node in expr.atoms(Partial):
            quantity, wrt = node.args
            if quantity == LOSS_I and isinstance(wrt, sympy.Indexed) and wrt.base == E:
                mapping[node] = DELTA[OBS, wrt.indices[1]]
                continue
            gradient = self.subjects.gradients.get(wrt)
            if quantity == OBJECTIVE and gradient is not None:
                mapping[node] = gradient.delta_form
            elif isinstance(quantity, sympy.Indexed) and quantity.base in (F, YHAT):
                form = self.subjects.form(node)
                if form is not None:
                    mapping[node] = form
        return self._first(expr.xreplace(mapping)) if mapping else expr

    def _errors(self, expr):
        """δ of the lowest layer present by its recursion, layer after layer upwards, each
        time only as far as the difference still needs."""
        for _ in range(self.model.depth):
            deltas = [a for a in expr.atoms(sympy.Indexed) if a.base == DELTA]
            if not deltas or vanishes(expr):
                return expr
            lowest = min(self.model.layer_of(a.indices[1]) for a in deltas)
            mapping = {a: self.subjects.error_term(int(a.indices[1])) for a in deltas
                       if self.model.layer_of(a.indices[1]) == lowest}
            expr = self._first(expr.xreplace(mapping))
        return expr

    def _activations(self, expr):
        """s by g(e), softmax by s, and g, g′ by the table's SymPy forms."""
        model, mapping = self.model, {}
        for atom in expr.atoms(sympy.Indexed):
            if atom.base == S and model.layer_of(atom.indices[1]) >= 1:
                layer = model.layer_of(atom.indices[1])
                if model.activation(layer).elementwise:
                    mapping[atom] = model.g[layer](E[OBS, atom.indices[1]])
        expr = expr.xreplace(mapping)
        expr = expr.replace(lambda e: isinstance(e, Softmax), lambda e: S[OBS, e.args[0].indices[1]])
        return expr.replace(lambda e: isinstance(e, ActivationBase), self._real)

    def _real(self, applied):
        activation = self.model.activation(applied.layer)
        return (activation.sympy_derivative if applied.prime else activation.sympy_form)(applied.args[0])
