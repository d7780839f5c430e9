"""Numbers for the Derivation's own expressions: its symbols looked up in one iteration's values.

Σ_i runs over the example's observations and Σ over a layer over its neurons; g and g' are
the mpmath forms of the layer's activation. Nothing here knows a formula: whatever the
Derivation wrote is what gets evaluated.
"""

from __future__ import annotations

import mpmath
import sympy

from ..formula import mp_function
from ..model import LAMBDA, N_OBS, OBS, ActivationBase, Model, Softmax
from .values import PRECISION


class Values:
    """The numbers of one iteration, looked up by (symbol name, observation, neuron numbers).

    Args:
        model: the network.
        parameters: {parameter symbol: value}.
        x, y: rows of inputs and targets (observation i is row i - 1).
    """

    def __init__(self, model: Model, parameters: dict, x, y):
        self.model, self.x, self.y = model, x, y
        self.parameters = {(p.base.name,) + tuple(int(i) for i in p.indices): v for p, v in parameters.items()}
        self.signals: dict = {}   # ("e" | "s", i, j) -> value
        self.deltas: dict = {}    # (i, j) -> value

    @property
    def n(self) -> int:
        return len(self.x)

    def lookup(self, name: str, i: int | None, idx: tuple[int, ...]):
        """Value of symbol ``name`` for observation ``i`` at neuron numbers ``idx``."""
        model = self.model
        if name in ("w", "Theta"):
            return self.parameters[(name,) + idx]
        if name == "x":
            return self.x[i - 1][idx[-1] - 1]
        if name in ("e", "s"):
            if name == "s" and model.layer_of(idx[-1]) == 0:
                return self.x[i - 1][idx[-1] - 1]
            return self.signals[(name, i, idx[-1])]
        output = idx[-1] if idx else model.outputs.first
        if name in ("yhat", "f"):
            return self.signals[("s", i, output)]
        if name == "y":
            return self.y[i - 1][output - model.outputs.first]
        if name == "delta":
            return self.deltas[(i, idx[-1])]
        raise KeyError(name)


def evaluate(expr, values: Values, env: dict | None = None):
    """The value of a Derivation expression; ``env`` binds OBS and summation indices."""
    with mpmath.workdps(PRECISION):
        return _run(expr, values, env or {})


def _run(expr, values: Values, env: dict):
    if isinstance(expr, sympy.Sum):
        return _sum(expr.function, list(expr.limits), values, env)
    if expr.is_Number:
        rational = sympy.Rational(expr)
        return mpmath.mpf(rational.p) / rational.q
    if isinstance(expr, sympy.Indexed):
        idx = tuple(env[index] if index in env else int(index) for index in expr.indices if index is not OBS)
        return values.lookup(expr.base.name, env.get(OBS), idx)
    if isinstance(expr, sympy.Add):
        return mpmath.fsum(_run(arg, values, env) for arg in expr.args)
    if isinstance(expr, sympy.Mul):
        result = mpmath.mpf(1)
        for arg in expr.args:
            result *= _run(arg, values, env)
        return result
    if isinstance(expr, sympy.Pow):
        return _run(expr.base, values, env) ** _run(expr.exp, values, env)
    return _function(expr, values, env)


def _sum(body, limits, values: Values, env: dict):
    if not limits:
        return _run(body, values, env)
    (variable, first, last), rest = limits[0], limits[1:]
    last = values.n if last == N_OBS else int(last)
    return mpmath.fsum(_sum(body, rest, values, {**env, variable: value})
                       for value in range(int(first), last + 1))


def activation_value(model: Model, layer: int, prime: bool, argument):
    """g_l(argument) or g_l'(argument) in mpmath."""
    entry = model.activation(layer)
    return (entry.mp_derivative if prime else entry.mp_form)(argument)


def _function(expr, values: Values, env: dict):
    if expr == N_OBS:
        return mpmath.mpf(values.n)
    if expr == LAMBDA:
        return mpmath.mpf(values.model.arch.l2)
    if isinstance(expr, ActivationBase):
        return activation_value(values.model, expr.layer, expr.prime, _run(expr.args[0], values, env))
    if isinstance(expr, Softmax):
        e = expr.args[0]
        return _run(values.model.softmax_expression(e.indices[-1]), values, env)
    if isinstance(expr, sympy.exp):
        return mpmath.exp(_run(expr.args[0], values, env))
    if isinstance(expr, sympy.log):
        return mpmath.log(_run(expr.args[0], values, env))
    if isinstance(expr, sympy.KroneckerDelta):
        a, b = (env[arg] if arg in env else int(arg) for arg in expr.args)
        return mpmath.mpf(1 if a == b else 0)
    # A derivative written out for its activation: steps, sigmoids, abs, tanh, ...
    return mp_function(expr, [_run(arg, values, env) for arg in expr.args])
