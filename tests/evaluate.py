"""Test-side evaluation of derived formulas with NumPy, on the reference forward pass.

Signals come from tests/reference.py (written independently of symback); this module only
maps the derivation's symbols to those arrays, one column per neuron, one row per
observation, and sums over the rows for Σ_i.
"""

import numpy as np
import sympy
from sympy import Integer

from symback.activations import Sigmoid
from symback.model import (DELTA, E, LAMBDA, N_OBS, OBS, S, THETA, W, X, Y, YHAT, ActivationBase,
                           Model)

import reference

DERIVATIVES = {
    "sigmoid": lambda z: (1 / (1 + np.exp(-z))) * (1 - 1 / (1 + np.exp(-z))),
    "tanh": lambda z: 1 - np.tanh(z) ** 2,
    "relu": lambda z: (z > 0).astype(float),
    "linear": lambda z: np.ones_like(z),
    "leaky_relu": lambda z: np.where(z > 0, 1.0, 0.01),
    "elu": lambda z: np.where(z > 0, 1.0, np.exp(np.minimum(z, 0.0))),
    "softplus": lambda z: 1 / (1 + np.exp(-z)),
    "silu": lambda z: (1 / (1 + np.exp(-z))) * (1 + z * (1 - 1 / (1 + np.exp(-z)))),
}
# The functions a derivative written out for its activation may contain (H(0) = 0).
FUNCTIONS = {sympy.Heaviside: lambda z, *_: (z > 0).astype(float), Sigmoid: lambda z: 1 / (1 + np.exp(-z)),
             sympy.Abs: np.abs, sympy.sign: np.sign, sympy.tanh: np.tanh, sympy.exp: np.exp,
             sympy.log: np.log}


class Evaluator:
    """Numbers for every symbol of ``model`` at reference parameters and data."""

    def __init__(self, model: Model, params, X, y):
        self.model, self.params, self.X = model, params, X
        self.n = X.shape[0]
        zs, acts = reference.forward(params, X, list(model.arch.activations))
        self.zs, self.acts = zs, acts
        self.y = np.asarray(y, dtype=float).reshape(self.n, -1)
        self.delta_cache = {}

    def local(self, neuron) -> tuple[int, int]:
        layer = self.model.layer_of(Integer(neuron))
        return layer, int(neuron) - self.model.ranges[layer].first

    def symbol(self, expr):
        base, idx = expr.base, expr.indices
        if base == W:
            layer, j = self.local(idx[1])
            return self.params[f"W{layer}"][self.local(idx[0])[1], j]
        if base == THETA:
            layer, j = self.local(idx[0])
            return self.params[f"b{layer}"][j]
        if base in (E, S, X):
            layer, j = self.local(idx[1])
            if layer == 0:
                return self.X[:, j]
            return (self.zs[layer - 1] if base == E else self.acts[layer])[:, j]
        if base in (Y, YHAT):
            j = self.local(idx[1])[1] if len(idx) > 1 else 0
            return (self.y if base == Y else self.acts[-1])[:, j]
        if base == DELTA:
            return self.delta(int(idx[1]))
        raise ValueError(f"no value for {expr}")

    def delta(self, neuron):
        """δ from the derivation's own error terms (checked here against the reference)."""
        if neuron not in self.delta_cache:
            layer = self.model.layer_of(Integer(neuron))
            derivation_term = self.error_terms[layer]
            expr = derivation_term.chain.final
            if not derivation_term.neuron.is_Integer:
                expr = expr.xreplace({derivation_term.neuron: Integer(neuron)})
            self.delta_cache[neuron] = self.value(expr)
        return self.delta_cache[neuron]

    def value(self, expr):
        """Array over observations (or scalar) of a derivation expression, Σ_i excluded."""
        if isinstance(expr, sympy.Sum):
            body, limits = expr.function, [l for l in expr.limits if l[0] != OBS]
            inner = sympy.Sum(body, *limits).doit() if limits else body
            total = self.value(inner)
            return np.sum(total) if any(l[0] == OBS for l in expr.limits) else total
        if expr.is_Number:
            return float(expr)
        if expr == N_OBS:
            return float(self.n)
        if expr == LAMBDA:
            return float(self.model.arch.l2)
        if isinstance(expr, sympy.Indexed):
            return self.symbol(expr)
        if isinstance(expr, sympy.Add):
            return sum(self.value(arg) for arg in expr.args)
        if isinstance(expr, sympy.Mul):
            result = 1.0
            for arg in expr.args:
                result = result * self.value(arg)
            return result
        if isinstance(expr, sympy.Pow):
            return self.value(expr.base) ** self.value(expr.exp)
        if isinstance(expr, ActivationBase) and expr.prime:
            name = self.model.activation(expr.layer).name
            derivative = DERIVATIVES.get(name) or reference.CUSTOM[name][1]
            return derivative(self.value(expr.args[0]))
        for function, evaluate in FUNCTIONS.items():
            if isinstance(expr, function):
                return evaluate(*[self.value(arg) for arg in expr.args])
        if isinstance(expr, sympy.KroneckerDelta):
            return float(expr.args[0] == expr.args[1])
        raise ValueError(f"cannot evaluate {expr}")


def derived_gradients(derivation, params, X, y, form="expression"):
    """Every derived gradient as a dict shaped like the reference's (W1, b1, ...)."""
    evaluator = Evaluator(derivation.model, params, X, y)
    evaluator.error_terms = {term.layer: term for term in derivation.error_terms}
    grads = {key: np.zeros_like(value) for key, value in params.items()}
    for gradient in derivation.gradients():
        expr = getattr(gradient, form)
        value = float(np.sum(evaluator.value(expr)))
        p = gradient.parameter
        if p.base == W:
            layer, j = evaluator.local(p.indices[1])
            grads[f"W{layer}"][evaluator.local(p.indices[0])[1], j] = value
        else:
            layer, j = evaluator.local(p.indices[0])
            grads[f"b{layer}"][j] = value
    return grads
