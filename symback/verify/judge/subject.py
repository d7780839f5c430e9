"""What a formula is about, and the correct expression for it, from the Derivation.

The first side of a formula names its subject: ∂J/∂p (the gradient), ∂f_i/∂p (the
prediction chain of handout 004), ε_{i,j} / δ^l_{i,j} or ∂J_i/∂e_{i,j} (an error term); an
update rule is about ∂J/∂p of its parameter. The Derivation's final form of that subject is
what the mistake catalogue mutates.
"""

from __future__ import annotations

from functools import cached_property

import sympy
from sympy import Integer

from ...derive import LOSS_I, OBJECTIVE, Derivation, Gradient
from ...model import DELTA, E, F, THETA, W, YHAT, NeuronIndex, Partial


def focus(expr) -> tuple[int, ...]:
    """The neurons a subject is about: (k, j) of a weight, j of a threshold or signal."""
    if isinstance(expr, Partial):
        expr = expr.args[1]
    if isinstance(expr, sympy.Indexed) and expr.base == W:
        return tuple(int(i) for i in expr.indices)
    if isinstance(expr, sympy.Indexed) and expr.base in (THETA, E, DELTA):
        return (int(expr.indices[-1]),)
    return ()


class Subjects:
    """Correct forms of gradients, prediction derivatives and error terms of one derivation."""

    def __init__(self, derivation: Derivation):
        self.derivation = derivation
        self.model = derivation.model

    @cached_property
    def gradients(self) -> dict:
        """Every parameter's Gradient, by parameter."""
        return {gradient.parameter: gradient for gradient in self.derivation.gradients()}

    def head(self, first, update: bool):
        """The subject of a formula from the value of its first side (None if unknown)."""
        if isinstance(first, Exception):
            return None
        if update:
            if isinstance(first, sympy.MatrixBase):
                return first.applyfunc(lambda p: Partial(OBJECTIVE, p))
            return Partial(OBJECTIVE, first)
        return first

    def correct(self, subject, left) -> tuple:
        """-> (correct expressions, focus neurons); the link's left side when the subject is unknown."""
        forms = self.forms(subject) if subject is not None else None
        if not forms:
            return [left], focus(left)
        return forms, focus(subject)

    def forms(self, subject) -> list:
        """The Derivation's final forms of a subject (step form first, then the δ form)."""
        if isinstance(subject, Partial):
            quantity, wrt = subject.args
            gradient: Gradient | None = self.gradients.get(wrt)
            if quantity == OBJECTIVE and gradient is not None:
                return [gradient.expression, gradient.delta_form]
        form = self.form(subject)
        return [form] if form is not None else []

    def transposed(self, subject):
        """(the transposed weight, its gradient) when the subject is ∂J/∂W of a weight whose
        transpose exists (layer notation, W^{(l)}_{a,b} versus W^{(l)}_{b,a})."""
        if not (isinstance(subject, Partial) and subject.args[0] == OBJECTIVE):
            return None
        wrt = subject.args[1]
        if not (isinstance(wrt, sympy.Indexed) and wrt.base == W):
            return None
        other = transposed_weight(self.model, wrt)
        if other is None or other not in self.gradients:
            return None
        return other, self.gradients[other].expression

    def form(self, subject):
        """The final form of one subject (None when the Derivation has none)."""
        if isinstance(subject, Partial):
            quantity, wrt = subject.args
            gradient: Gradient | None = self.gradients.get(wrt)
            if quantity == OBJECTIVE and gradient is not None:
                return gradient.expression
            if quantity == LOSS_I and isinstance(wrt, sympy.Indexed) and wrt.base == E:
                return self.error_term(int(wrt.indices[1]))
            if isinstance(quantity, sympy.Indexed) and quantity.base in (F, YHAT) and gradient is not None:
                output = self.model.outputs.first if len(quantity.indices) == 1 else int(quantity.indices[1])
                return self.prediction(gradient, output)
        if isinstance(subject, sympy.Indexed) and subject.base == DELTA:
            return self.error_term(int(subject.indices[1]))
        return None

    def prediction(self, gradient: Gradient, output: int):
        """The final form of ∂f_o/∂p (handout 004's prediction chain)."""
        chain = gradient.chain("prediction_chain")
        symbol = gradient.group.output.xreplace(gradient.substitution)
        if isinstance(symbol, NeuronIndex):
            chain = chain.xreplace({symbol: Integer(output)})
        elif int(symbol) != output:
            return sympy.Integer(0)  # ŷ_o does not depend on a parameter of another output neuron
        return chain.final

    def error_term(self, neuron: int):
        """The final form of δ_j (eq. 15 at the output, eq. 17 below it)."""
        term = self.derivation.error_term(self.model.layer_of(neuron))
        chain = term.chain
        if isinstance(term.neuron, NeuronIndex):
            chain = chain.xreplace({term.neuron: Integer(neuron)})
        return chain.final


def transposed_weight(model, weight, diagonal=None):
    """W[k, j] with the positions of k and j in their layers exchanged (None if that is no
    weight); a weight on the diagonal gives ``diagonal``."""
    k, j = int(weight.indices[0]), int(weight.indices[1])
    layer = model.layer_of(j)
    source, target = model.ranges[layer - 1], model.ranges[layer]
    pk, pj = k - source.first, j - target.first
    if pk == pj:
        return diagonal
    if pj >= source.size or pk >= target.size:
        return None
    return W[Integer(source.first + pj), Integer(target.first + pk)]
