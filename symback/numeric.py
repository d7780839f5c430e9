"""High-precision numbers for the Proof: an mpmath forward pass and an expression evaluator.

∂X/∂p is evaluated by the complex step, Im X(p + ih) / h, which has no cancellation error,
so 60 working digits give derivatives good to about 50 digits. The forward pass here is
written from the model's structure with numbers, independently of the Derivation.
"""

from __future__ import annotations

import random

import mpmath
import sympy
from sympy import Indexed, Integer

from .model import DELTA, E, N_OBS, OBS, S, THETA, W, X, Y, ActivationBase, Model, Partial, Softmax, drop_observation_sum

DIGITS = 60
STEP = mpmath.mpf(10) ** -40


def _sigmoid(z):
    return 1 / (1 + mpmath.exp(-z))


def _relu(z):
    return z if mpmath.re(z) > 0 else mpmath.mpf(0)


MP_FORMS = {
    "sigmoid": (_sigmoid, lambda z: _sigmoid(z) * (1 - _sigmoid(z))),
    "tanh": (mpmath.tanh, lambda z: 1 - mpmath.tanh(z) ** 2),
    "relu": (_relu, lambda z: mpmath.mpf(1) if mpmath.re(z) > 0 else mpmath.mpf(0)),
    "linear": (lambda z: z, lambda z: mpmath.mpf(1)),
}


class NumericPoint:
    """Random values of every parameter, input and target for one observation i."""

    def __init__(self, model: Model, seed: int, observations: int = 3):
        self.model = model
        rng = random.Random(seed)
        draw = lambda: mpmath.mpf(rng.randint(-10**12, 10**12)) / 10**12
        self.params = {p: draw() for p in model.parameters}
        self.inputs = {X[OBS, Integer(k)]: draw() for k in model.ranges[0].numbers()}
        with mpmath.workdps(DIGITS):
            self.targets = self._targets(rng)
        self.n = mpmath.mpf(observations)
        self._cache: dict = {}

    def _targets(self, rng):
        outputs = [Integer(o) for o in self.model.outputs.numbers()]
        raw = [mpmath.mpf(rng.randint(1, 10**12)) / 10**12 for _ in outputs]
        if self.model.loss.name == "cce":  # probability targets: Σ_o y_{i,o} = 1
            total = sum(raw)
            raw = [value / total for value in raw]
        elif self.model.loss.name not in ("bce",):
            raw = [2 * value - 1 for value in raw]
        return {self.model.y(o): value for o, value in zip(outputs, raw)}

    def signals(self, perturb=None) -> dict:
        """Every signal's value; ``perturb`` = (parameter or e-signal, complex shift)."""
        key = None if perturb is None else perturb[0]
        if key in self._cache:
            return self._cache[key]
        with mpmath.workdps(DIGITS):
            values = self._forward(perturb)
        self._cache[key] = values
        return values

    def _forward(self, perturb) -> dict:
        model = self.model
        params = dict(self.params)
        shift_e = None
        if perturb is not None and perturb[0] in params:
            params[perturb[0]] = params[perturb[0]] + perturb[1]
        elif perturb is not None:
            shift_e = perturb
        values = dict(self.inputs)
        values.update(params)
        for layer in model.ranges[1:]:
            for j in layer.numbers():
                total = params[THETA[Integer(j)]]
                for k in model.ranges[layer.index - 1].numbers():
                    total += params[W[Integer(k), Integer(j)]] * values[model.s(Integer(k))]
                if shift_e is not None and shift_e[0] == E[OBS, Integer(j)]:
                    total += shift_e[1]
                values[E[OBS, Integer(j)]] = total
            name = model.activation(layer.index).name
            if name == "softmax":
                exps = {j: mpmath.exp(values[E[OBS, Integer(j)]]) for j in layer.numbers()}
                total = sum(exps.values())
                for j in layer.numbers():
                    values[S[OBS, Integer(j)]] = exps[j] / total
            else:
                forward = MP_FORMS[name][0]
                for j in layer.numbers():
                    values[S[OBS, Integer(j)]] = forward(values[E[OBS, Integer(j)]])
        loss = 0
        for o in model.outputs.numbers():
            o = Integer(o)
            values[model.yhat(o)] = values[model.f(o)] = values[S[OBS, o]]
            loss += self._loss_term(values[S[OBS, o]], self.targets[model.y(o)])
        values["J"] = loss
        return values

    def _loss_term(self, yhat, y):
        name, n = self.model.loss.name, self.n
        if name == "sse":
            return (yhat - y) ** 2 / 2
        if name == "mse":
            return (yhat - y) ** 2 / (2 * n)
        if name == "bce":
            return -(y * mpmath.log(yhat) + (1 - y) * mpmath.log(1 - yhat)) / n
        return -y * mpmath.log(yhat) / n

    def derivative(self, quantity, wrt) -> mpmath.mpf:
        """∂quantity/∂wrt by the complex step, wrt a parameter or an e-signal."""
        with mpmath.workdps(DIGITS):
            shifted = self.signals((wrt, mpmath.mpc(0, STEP)))
            return mpmath.im(quantity(shifted)) / STEP

    def evaluate(self, expr, values=None):
        """Value of a derivation expression at this point (Σ_i reads as one observation)."""
        values = self.signals() if values is None else values
        with mpmath.workdps(DIGITS):
            return _Evaluator(self, values).run(expr)


class _Evaluator:
    def __init__(self, point: NumericPoint, values: dict):
        self.point, self.values, self.model = point, values, point.model

    def run(self, expr):
        if isinstance(expr, sympy.Sum):
            return self.run(drop_observation_sum(expr).doit())
        if expr.is_Number:
            return mpmath.mpf(sympy.Rational(expr).p) / sympy.Rational(expr).q
        if isinstance(expr, Indexed):
            return self.indexed(expr)
        if isinstance(expr, sympy.Add):
            return sum((self.run(arg) for arg in expr.args), mpmath.mpf(0))
        if isinstance(expr, sympy.Mul):
            result = mpmath.mpf(1)
            for arg in expr.args:
                result *= self.run(arg)
            return result
        if isinstance(expr, sympy.Pow):
            return self.run(expr.base) ** self.run(expr.exp)
        if isinstance(expr, Partial):
            return self.partial(*expr.args)
        return self.function(expr)

    def indexed(self, expr):
        if expr.base == Y:
            return self.point.targets[expr]
        if expr.base == DELTA:
            return self.point.derivative(lambda v: v["J"], E[OBS, expr.indices[1]])
        return self.values[expr]

    def partial(self, quantity, wrt):
        evaluate = lambda values: _Evaluator(self.point, values).run(quantity)
        return self.point.derivative(evaluate, wrt)

    def function(self, expr):
        if expr == N_OBS:
            return self.point.n
        if isinstance(expr, sympy.Symbol) and expr.name in ("J", "J_i"):
            return self.values["J"]
        if isinstance(expr, ActivationBase):
            forward, derivative = MP_FORMS[self.model.activation(expr.layer).name]
            return (derivative if expr.prime else forward)(self.run(expr.args[0]))
        if isinstance(expr, Softmax):
            return self.values[S[OBS, expr.args[0].indices[1]]]
        if isinstance(expr, sympy.exp):
            return mpmath.exp(self.run(expr.args[0]))
        if isinstance(expr, sympy.log):
            return mpmath.log(self.run(expr.args[0]))
        if isinstance(expr, sympy.KroneckerDelta):
            return mpmath.mpf(1 if expr.args[0] == expr.args[1] else 0)
        raise ValueError(f"cannot evaluate {type(expr).__name__}: {expr}")
