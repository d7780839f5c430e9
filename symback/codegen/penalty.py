"""The L2 penalty in generated code, for both styles.

The derivation gives the objective's penalty (λ/2) Σ_k Σ_j w_{k,j}² (model.penalty) and each
weight's gradient Σ_i δ_{i,j} s_{i,k} + λ w_{k,j} (its δ form). Here λ becomes the program's
constant L2 (its value is the spec's; train --l2 sets another), a gradient is split into the
part that comes from the loss and the penalty's λ w, and in the layers style Σ_k Σ_j w_{k,j}²
over a whole layer becomes that layer's array summed: np.sum(W1**2).
"""

from __future__ import annotations

from sympy import Add, Function, Indexed, Integer, Sum, Symbol

from ..model import LAMBDA, W, Model
from . import naming


def coded(expr):
    """``expr`` with λ written as the generated program's constant L2."""
    return expr.xreplace({LAMBDA: Symbol(naming.L2)})


def penalty_split(expr) -> tuple:
    """(the terms of ``expr`` without λ, the terms with λ), each a sum, 0 when there is none:
    a weight's gradient as the loss's part and the L2 penalty's λ w_{k,j}."""
    terms = Add.make_args(expr)
    has_lambda = lambda term: term.has(LAMBDA) or term.has(Symbol(naming.L2))
    return Add(*[t for t in terms if not has_lambda(t)]), Add(*[t for t in terms if has_lambda(t)])


class EntrySum(Function):
    """The sum of every entry of an array expression: np.sum(W1**2) for Σ_k Σ_j w_{k,j}²."""

    nargs = 1

    def _numpycode(self, printer) -> str:
        """NumPyPrinter calls this (its printmethod) rather than failing on an unknown function."""
        return f"np.sum({printer._print(self.args[0])})"


def as_arrays(penalty, model: Model):
    """The penalty with each layer's Σ_k Σ_j w_{k,j}² written as EntrySum(W_l**2).

    Raises:
        NotImplementedError: a sum of squares that does not cover one whole layer of weights
            (the derivation's penalty always does: this would be a bug).
    """
    return penalty.xreplace({node: EntrySum(naming.weights(_whole_layer(node, model)) ** 2)
                             for node in _layer_squares(penalty)})


def _layer_squares(node):
    """The outermost Σ w² (or the lone w² of a one-weight layer) in ``node``."""
    body = node.function if isinstance(node, Sum) else node
    if body.is_Pow and body.exp == 2 and isinstance(body.base, Indexed) and body.base.base == W:
        yield node
        return
    for arg in node.args:
        yield from _layer_squares(arg)


def _whole_layer(node, model: Model) -> int:
    """The layer whose every weight the Σ w² node squares: each index summed over its whole
    layer, or the one neuron of its layer."""
    body, limits = (node.function, node.limits) if isinstance(node, Sum) else (node, ())
    summed = {variable: (first, last) for variable, first, last in limits}
    for index in body.base.indices:
        layer = model.ranges[model.layer_of(index)]
        if summed.get(index, (index, index)) != (Integer(layer.first), Integer(layer.last)):
            raise NotImplementedError(f"no array form for the penalty's {node}")
    return model.layer_of(body.base.indices[1])
