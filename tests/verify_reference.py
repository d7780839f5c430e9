"""Numbers for verify's built formulas from the independent reference (tests/reference.py).

Every symbol of a built side gets its value per observation (one array entry per row of
the data): parameters, signals and outputs from the reference forward pass, δ_{i,j} from the
reference backprop run on row i alone (scaled by how the loss weighs one row), ∂J/∂p from the
reference backprop on all rows (with the spec's L2 penalty, λ its value), g and g' from the
reference activations (g' by central differences). Nothing here uses symback's derivation,
proof or numeric points; ``reference_label`` says whether a formula holds on those numbers.
"""

import numpy as np
import sympy

from symback.derive import LOSS_I, OBJECTIVE
from symback.model import (DELTA, E, F, LAMBDA, N_OBS, OBS, S, THETA, W, X, Y, YHAT, ActivationBase,
                           Partial, Softmax)

from symback.verify.build.indices import instances, parse_where
from symback.verify.build.shapes import ShapeMismatch
from symback.verify.build.updates import build_sides, is_update
from symback.verify.build.values import RATE
from symback.verify.read import read, split

import reference

STEP = 1e-6
RATES = (sympy.Rational(1, 10), sympy.Rational(3, 10))
FUNCTIONS = {
    sympy.exp: np.exp, sympy.log: np.log, sympy.tanh: np.tanh,
    sympy.cosh: np.cosh, sympy.sinh: np.sinh,
}


class ReferenceValues:
    """Values of one model's symbols on a random problem, from the reference only."""

    def __init__(self, model, seed=3, n=4):
        self.model = model
        self.activations = list(model.arch.activations)
        self.loss = model.arch.loss
        self.l2 = model.arch.l2
        sizes = list(model.arch.sizes)
        self.params, self.X, y = reference.random_problem(sizes, self.activations, self.loss, n=n, seed=seed)
        self.n = n
        self.zs, self.acts = reference.forward(self.params, self.X, self.activations)
        self.y = np.asarray(y, dtype=float).reshape(n, -1)
        self.gradients = reference.backprop(self.params, self.X, y, self.activations, self.loss, l2=self.l2)
        self.rows = [reference.backprop(self.params, self.X[r:r + 1], self.y[r:r + 1], self.activations, self.loss)
                     for r in range(n)]
        total = sum(reference.loss(self.params, self.X[r:r + 1], self.y[r:r + 1], self.activations, self.loss)
                    for r in range(n))
        self.row_weight = reference.loss(self.params, self.X, y, self.activations, self.loss) / total

    def local(self, neuron):
        layer = self.model.layer_of(sympy.Integer(neuron))
        return layer, int(neuron) - self.model.ranges[layer].first

    def symbol(self, atom):
        base, idx = atom.base, atom.indices
        if base == W:
            layer, j = self.local(idx[1])
            return self.params[f"W{layer}"][self.local(idx[0])[1], j]
        if base == THETA:
            layer, j = self.local(idx[0])
            return self.params[f"b{layer}"][j]
        if base in (E, S, X):
            layer, j = self.local(idx[1])
            return self.X[:, j] if layer == 0 else (self.zs[layer - 1] if base == E else self.acts[layer])[:, j]
        if base in (Y, YHAT, F):
            j = self.local(idx[1])[1] if len(idx) > 1 else 0
            return (self.y if base == Y else self.acts[-1])[:, j]
        if base == DELTA:
            layer, j = self.local(idx[1])
            return np.array([row[f"b{layer}"][j] for row in self.rows]) * self.row_weight
        raise ValueError(f"no reference value for {atom}")

    def gradient(self, parameter):
        if parameter.base == W:
            layer, j = self.local(parameter.indices[1])
            return self.gradients[f"W{layer}"][self.local(parameter.indices[0])[1], j]
        layer, j = self.local(parameter.indices[0])
        return self.gradients[f"b{layer}"][j]

    def value(self, expr):
        """Array over the observations (or a number) of a built side; Σ_i adds the rows."""
        if isinstance(expr, sympy.Sum):
            inner = [limit for limit in expr.limits if limit[0] != OBS]
            body = sympy.Sum(expr.function, *inner).doit() if inner else expr.function
            total = self.value(body)
            if len(inner) == len(expr.limits):
                return total
            return np.sum(np.broadcast_to(total, (self.n,)))  # a term free of i counts n times
        if expr.is_Number:
            return float(expr)
        if expr == N_OBS:
            return float(self.n)
        if expr == LAMBDA:
            return float(self.l2)
        if expr == OBJECTIVE:
            return reference.loss(self.params, self.X, self.y, self.activations, self.loss, l2=self.l2)
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
        return self.function(expr)

    def function(self, expr):
        if isinstance(expr, Partial):
            quantity, wrt = expr.args
            if quantity == OBJECTIVE:
                return self.gradient(wrt)
            if quantity == LOSS_I:
                return self.symbol(DELTA[OBS, wrt.indices[1]])
        if isinstance(expr, ActivationBase):
            name, z = self.activations[expr.layer - 1], self.value(expr.args[0])
            if expr.prime:
                return (reference._act(name, z + STEP) - reference._act(name, z - STEP)) / (2 * STEP)
            return reference._act(name, z)
        if isinstance(expr, Softmax):
            return self.symbol(S[OBS, expr.args[0].indices[1]])
        if isinstance(expr, sympy.Heaviside):
            return (np.asarray(self.value(expr.args[0])) > 0).astype(float)
        if isinstance(expr, sympy.KroneckerDelta):
            return float(expr.args[0] == expr.args[1])
        if type(expr).__name__ in ("Sigmoid", "ReLU"):
            name = type(expr).__name__.lower()
            return reference._act("sigmoid" if name == "sigmoid" else "relu", self.value(expr.args[0]))
        if expr.func in FUNCTIONS:
            return FUNCTIONS[expr.func](self.value(expr.args[0]))
        raise ValueError(f"no reference value for {expr}")


def agrees(values: ReferenceValues, left, right, per_observation_cost: bool) -> bool:
    """left == right on the reference numbers; with ``per_observation_cost`` (the layer
    notation, where handout 000 writes ∂C/∂W for one observation) the per-observation terms
    of a right side are added over the observations when the left side is a total (a term
    free of i, such as the penalty's λ W, is not: it belongs to the total once)."""
    a = np.asarray(values.value(left), dtype=float)
    b = np.asarray(values.value(right), dtype=float)
    if per_observation_cost and a.ndim == 0 and b.ndim == 1:
        once, per_row = sympy.sympify(right).as_independent(OBS, LOSS_I, as_Add=True)
        b = np.sum(values.value(per_row)) + values.value(once)
    return bool(np.allclose(a, b, rtol=1e-6, atol=1e-9))


def reference_label(context, values: ReferenceValues, text: str) -> str:
    """"correct" or "wrong" for a formula on the reference numbers, every instance and entry.

    verify's reader and builder only turn the text into SymPy (what each symbol is); the
    truth comes from the reference. An update rule p¹ = R(rate) holds when R equals
    p⁰ − rate · ∂J/∂p (the reference gradient) at two learning rates.
    """
    body, ranges = split(text)
    formula = read(body, context.notation, context.layout)
    where = parse_where(ranges, context.notation, context.derivation.model)
    envs, _, _ = instances(formula, context.builder.values, where)
    layers = context.notation.name == "layers"
    for env in envs:
        for left, right in _pairs(context, formula, env):
            assert not isinstance(left, ShapeMismatch) and not isinstance(right, ShapeMismatch)
            entries = zip(left, right) if isinstance(left, sympy.MatrixBase) else [(left, right)]
            if not all(agrees(values, a, b, layers) for a, b in entries):
                return "wrong"
    return "correct"


def _pairs(context, formula, env):
    """(left, right) to compare: adjacent sides, or an update rule at each of RATES."""
    if not is_update(formula):
        sides = build_sides(context.builder, formula, env, False)
        return list(zip(sides, sides[1:]))
    build = context.builder.build
    parameter = build(formula.sides[0], env, allow_next=True)
    gradient = (parameter.applyfunc(lambda p: Partial(OBJECTIVE, p)) if isinstance(parameter, sympy.MatrixBase)
                else Partial(OBJECTIVE, parameter))
    rule = build(formula.sides[1], env)
    return [(parameter - rate * gradient, _at_rate(rule, rate)) for rate in RATES]


def _at_rate(value, rate):
    if isinstance(value, sympy.MatrixBase):
        return value.applyfunc(lambda entry: entry.xreplace({RATE: rate}))
    return value.xreplace({RATE: rate})
