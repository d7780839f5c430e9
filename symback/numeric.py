"""High-precision numbers for the Proof: an mpmath forward pass and an expression evaluator.

∂X/∂p is evaluated by the complex step, Im X(p + ih) / h, which has no cancellation error,
so 60 working digits give derivatives good to about 50 digits. The forward pass here is
written from the model's structure with numbers, independently of the Derivation.
"""

from __future__ import annotations

import random
from functools import cached_property

import mpmath
import sympy
from sympy import Indexed, Integer

from .model import DELTA, E, N_OBS, OBS, S, THETA, W, X, Y, ActivationBase, Model, Partial, Softmax

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
        if key not in self._cache:
            with mpmath.workdps(DIGITS):
                self._cache[key] = self._forward(perturb)
        return self._cache[key]

    @cached_property
    def _wiring(self) -> list:
        """Per layer: (name, [(j, Θ_j, e_j, s_j, [(w_kj, s_k), ...]), ...]) built once,
        so forward passes do dictionary look-ups instead of creating SymPy objects."""
        model, wiring = self.model, []
        for layer in model.ranges[1:]:
            sources = [Integer(k) for k in model.ranges[layer.index - 1].numbers()]
            neurons = []
            for j in layer.numbers():
                j = Integer(j)
                neurons.append((j, THETA[j], E[OBS, j], S[OBS, j],
                                [(W[k, j], model.s(k)) for k in sources]))
            wiring.append((model.activation(layer.index).name, neurons))
        return wiring

    def _forward(self, perturb) -> dict:
        """Forward pass; with a perturbation, layers below it are reused from the base pass
        and only the perturbed neuron of its own layer is recomputed."""
        if perturb is None:
            values = dict(self.inputs)
            values.update(self.params)
            start, only = 0, None
        else:
            values = dict(self.signals())
            target, shift = perturb
            if target in self.params:
                values[target] = self.params[target] + shift
                neuron = target.indices[-1]
            else:
                neuron = target.indices[1]
            start, only = self.model.layer_of(neuron) - 1, neuron
        for position, (name, neurons) in enumerate(self._wiring[start:], start=start):
            for j, theta, e_key, s_key, incoming in neurons:
                if only is not None and position == start and j != only:
                    continue
                total = values[theta]
                for w_key, source in incoming:
                    total += values[w_key] * values[source]
                if perturb is not None and perturb[0] == e_key:
                    total += perturb[1]
                values[e_key] = total
            self._activate(name, neurons, values)
        loss = 0
        for o in self.model.outputs.numbers():
            o = Integer(o)
            values[self.model.yhat(o)] = values[self.model.f(o)] = values[S[OBS, o]]
            loss += self._loss_term(values[S[OBS, o]], self.targets[self.model.y(o)])
        values["J"] = loss
        return values

    @staticmethod
    def _activate(name, neurons, values) -> None:
        if name == "softmax":
            exps = [mpmath.exp(values[e_key]) for _, _, e_key, _, _ in neurons]
            total = sum(exps)
            for (_, _, _, s_key, _), value in zip(neurons, exps):
                values[s_key] = value / total
            return
        forward = MP_FORMS[name][0]
        for _, _, e_key, s_key, _ in neurons:
            values[s_key] = forward(values[e_key])

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
            return self._sum(expr.function, list(expr.limits))
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

    def _sum(self, body, limits):
        """Σ over neurons term by term; Σ_i reads as the one observation of this point."""
        if not limits:
            return self.run(body)
        (variable, first, last), rest = limits[0], limits[1:]
        if variable == OBS:
            return self._sum(body, rest)
        return sum((self._sum(body.xreplace({variable: Integer(value)}), rest)
                    for value in range(int(first), int(last) + 1)), mpmath.mpf(0))

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
