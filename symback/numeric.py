"""High-precision numbers for the Proof: an mpmath forward pass and an expression evaluator.

∂X/∂p is evaluated by the complex step, Im X(p + ih) / h, which has no cancellation error,
so 60 working digits give derivatives good to about 50 digits. The forward pass here is
written from the model's structure with numbers, independently of the Derivation. Values
are stored per layer by position and looked up by (symbol, neuron numbers), so evaluating a
sum over a layer never builds SymPy objects.
"""

from __future__ import annotations

import bisect
import random

import mpmath
import sympy
from mpmath.libmp import from_rational, round_nearest

from .formula import mp_function
from .limits import DIGITS
from .model import LAMBDA, LOSS_I, N_OBS, OBJECTIVE, OBS, ActivationBase, Model, Partial, Softmax

STEP = mpmath.mpf(10) ** -40


PARAMETERS = ("w", "Theta")
SIGNALS = ("e", "s", "x")
PREDICTIONS = ("yhat", "f")


class Signals:
    """Values of one forward pass, per layer by position; ``overrides`` holds a shifted
    parameter as {(base, indices): value}."""

    def __init__(self, point: "NumericPoint", e, s, overrides):
        self.point, self.e, self.s, self.overrides = point, e, s, overrides
        self.loss = self.penalty = None
        self.memo: dict = {}  # g and g' values per (function, neuron)
        self.sums: dict = {}  # Σ values per (Sum, values of the indices bound outside it)

    def get(self, name: str, idx: tuple):
        """Value of the symbol named ``name`` (w, Theta, e, s, x, yhat, f, y) at concrete
        neuron numbers ``idx`` (observation dropped). Names, not SymPy objects, are compared:
        SymPy equality costs more than the arithmetic here."""
        point = self.point
        if (name, idx) in self.overrides:
            return self.overrides[(name, idx)]
        if name in PARAMETERS:
            return point.parameter(name, idx)
        if name in SIGNALS:
            layer, j = point.local(idx[-1])
            return (self.e if name == "e" else self.s)[layer][j]
        if name in PREDICTIONS:
            j = point.local(idx[-1])[1] if idx else 0
            return self.s[point.model.depth][j]
        if name == "y":
            return point.targets[point.local(idx[-1])[1] if idx else 0]
        raise KeyError(name)


def _drawer(rng: random.Random):
    """Draws n / 10^12 for a random integer |n| <= 10^12, rounded at the working precision:
    the value of mpf(n) / 10**12 built directly from its mantissa, at half the cost of that
    division, which counts when the 1,000,000 parameters of a network are drawn at two points."""
    scale, precision, make = 10**12, mpmath.mp.prec, mpmath.mp.make_mpf
    return lambda: make(from_rational(rng.randint(-scale, scale), scale, precision, round_nearest))


class NumericPoint:
    """Random values of every parameter, input and target for one observation i."""

    def __init__(self, model: Model, seed: int, observations: int = 3):
        self.model = model
        rng = random.Random(seed)
        draw = _drawer(rng)
        sizes = model.arch.sizes
        self.weights = [None] + [[[draw() for _ in range(sizes[l])] for _ in range(sizes[l - 1])]
                                 for l in range(1, len(sizes))]
        self.biases = [None] + [[draw() for _ in range(sizes[l])] for l in range(1, len(sizes))]
        self.inputs = [draw() for _ in range(sizes[0])]
        self._firsts = [rng_.first for rng_ in model.ranges]
        with mpmath.workdps(DIGITS):
            self.targets = self._targets(rng, sizes[-1])
        self.n = mpmath.mpf(observations)
        self._cache: dict = {}
        self.partials: dict = {}
        self._bound: dict = {}

    def bound_indices(self, node) -> tuple:
        """The summation indices a node depends on (its free Dummy symbols), cached."""
        if node not in self._bound:
            self._bound[node] = tuple(sorted((symbol for symbol in node.free_symbols
                                              if isinstance(symbol, sympy.Dummy)), key=str))
        return self._bound[node]

    def _targets(self, rng, outputs: int) -> list:
        raw = [mpmath.mpf(rng.randint(1, 10**12)) / 10**12 for _ in range(outputs)]
        if self.model.loss.name == "cce":  # probability targets: Σ_o y_{i,o} = 1
            total = mpmath.fsum(raw)
            return [value / total for value in raw]
        if self.model.loss.name == "bce":
            return raw
        return [2 * value - 1 for value in raw]

    def local(self, neuron: int) -> tuple[int, int]:
        """(layer, position in the layer) of a neuron number."""
        layer = bisect.bisect_right(self._firsts, neuron) - 1
        return layer, neuron - self._firsts[layer]

    def parameter(self, name: str, idx: tuple):
        layer, j = self.local(idx[-1])
        if name == "w":
            return self.weights[layer][self.local(idx[0])[1]][j]
        return self.biases[layer][j]

    def signals(self, perturb=None) -> Signals:
        """Every signal's value; ``perturb`` = ((base, indices), complex shift) of a
        parameter or of an e-signal."""
        key = None if perturb is None else perturb[0]
        if key not in self._cache:
            with mpmath.workdps(DIGITS):
                self._cache[key] = self._forward(perturb)
        return self._cache[key]

    def _forward(self, perturb) -> Signals:
        """Forward pass; with a perturbation, layers below it are reused from the base pass
        and only the perturbed neuron of its own layer is recomputed."""
        depth = self.model.depth
        overrides = {}
        if perturb is None:
            e, s, start, only = [None] * (depth + 1), [list(self.inputs)] + [None] * depth, 1, None
        else:
            base = self.signals()
            e, s = list(base.e), list(base.s)
            (symbol, idx), shift = perturb
            start, only = self.local(idx[-1])
            if symbol in PARAMETERS:
                overrides[(symbol, idx)] = self.parameter(symbol, idx) + shift
        for layer in range(start, depth + 1):
            row = [None] * len(self.biases[layer]) if e[layer] is None else list(e[layer])
            for j in range(len(row)):
                if only is None or layer > start or j == only:
                    row[j] = self._pre_activation(layer, j, s[layer - 1], overrides)
            if perturb is not None and perturb[0][0] == "e" and layer == start:
                row[only] += perturb[1]
            e[layer] = row
            s[layer] = self._activate(self.model.activation(layer), row)
        values = Signals(self, e, s, overrides)
        values.loss = mpmath.fsum(self._loss_term(s[depth][o], self.targets[o]) for o in range(len(s[depth])))
        values.penalty = self._penalty(overrides)
        return values

    def _penalty(self, overrides):
        """(λ/2) Σ w² with λ the spec's, a perturbed weight taken at its shifted value."""
        if not self.model.regularized:
            return mpmath.mpf(0)
        total = mpmath.fsum(w * w for layer in self.weights[1:] for row in layer for w in row)
        for (symbol, idx), value in overrides.items():
            if symbol == "w":
                total += value * value - self.parameter(symbol, idx) ** 2
        return mpmath.mpf(self.model.arch.l2) / 2 * total

    def _pre_activation(self, layer, j, sources, overrides):
        weights = [self.weights[layer][k][j] for k in range(len(sources))]
        bias = self.biases[layer][j]
        if overrides:
            ((symbol, idx), value), = overrides.items()
            if self.local(idx[-1]) == (layer, j):
                if symbol == "w":
                    weights[self.local(idx[0])[1]] = value
                else:
                    bias = value
        return bias + mpmath.fdot(weights, sources)

    @staticmethod
    def _activate(entry, row):
        if not entry.elementwise:  # softmax
            exps = [mpmath.exp(value) for value in row]
            total = mpmath.fsum(exps)
            return [value / total for value in exps]
        return [entry.mp_form(value) for value in row]

    def _loss_term(self, yhat, y):
        return self.model.loss.term(yhat, y, self.n, log=mpmath.log)

    def derivative(self, quantity, wrt) -> mpmath.mpf:
        """∂quantity/∂wrt by the complex step; ``wrt`` = (symbol name, neuron numbers)."""
        with mpmath.workdps(DIGITS):
            shifted = self.signals((wrt, mpmath.mpc(0, STEP)))
            return mpmath.im(quantity(shifted)) / STEP

    def evaluate(self, expr, values=None):
        """Value of a derivation expression at this point (Σ_i reads as one observation)."""
        values = self.signals() if values is None else values
        with mpmath.workdps(DIGITS):
            return _Evaluator(self, values).run(expr, {})


class _Evaluator:
    """Walks a derivation expression; ``env`` binds summation indices to neuron numbers."""

    def __init__(self, point: NumericPoint, values: Signals):
        self.point, self.values, self.model = point, values, point.model

    def run(self, expr, env):
        if isinstance(expr, sympy.Sum):
            return self.closed_sum(expr, env)
        if expr.is_Number:
            return mpmath.mpf(sympy.Rational(expr).p) / sympy.Rational(expr).q
        if isinstance(expr, sympy.Indexed):
            return self.indexed(expr, env)
        if isinstance(expr, sympy.Add):
            return mpmath.fsum(self.run(arg, env) for arg in expr.args)
        if isinstance(expr, sympy.Mul):
            result = mpmath.mpf(1)
            for arg in expr.args:
                result *= self.run(arg, env)
            return result
        if isinstance(expr, sympy.Pow):
            return self.run(expr.base, env) ** self.run(expr.exp, env)
        if isinstance(expr, Partial):
            return self.partial(*expr.args, env)
        return self.function(expr, env)

    def closed_sum(self, expr, env):
        """Σ over a layer, memoised per binding of the indices bound outside it: the steps of
        a chain repeat the same sums (each side of a link is the next link's side), and one
        over a wide layer costs as many terms as the layer has neurons."""
        memo = (expr, tuple(env.get(index) for index in self.point.bound_indices(expr)))
        if memo not in self.values.sums:
            self.values.sums[memo] = self._sum(expr.function, list(expr.limits), env)
        return self.values.sums[memo]

    def _sum(self, body, limits, env):
        """Σ over neurons term by term; Σ_i reads as the one observation of this point."""
        if not limits:
            return self.run(body, env)
        (variable, first, last), rest = limits[0], limits[1:]
        if variable is OBS:
            return self._sum(body, rest, env)
        return mpmath.fsum(self._sum(body, rest, {**env, variable: value})
                           for value in range(int(first), int(last) + 1))

    def resolve(self, indices, env) -> tuple:
        """Neuron numbers of an Indexed symbol (the observation index i dropped)."""
        return tuple(env[index] if index in env else int(index) for index in indices if index is not OBS)

    def indexed(self, expr, env):
        idx = self.resolve(expr.indices, env)
        name = expr.base.name
        if name == "delta":
            return self.point.derivative(lambda values: values.loss, ("e", idx))
        return self.values.get(name, idx)

    def partial(self, quantity, wrt, env):
        """∂quantity/∂wrt, memoised per binding of the indices it depends on: inside nested
        sums the same link recurs once per path, and it costs a sum over a whole layer."""
        node = Partial(quantity, wrt)
        bound = self.point.bound_indices(node)
        memo = (node, tuple(env.get(index) for index in bound))
        if memo not in self.point.partials:
            key = (wrt.base.name, self.resolve(wrt.indices, env))
            self.point.partials[memo] = self.point.derivative(
                lambda values: _Evaluator(self.point, values).run(quantity, env), key)
        return self.point.partials[memo]

    def activation(self, expr, env):
        """g or g' of a signal, memoised per neuron: nested sums ask for it once per path."""
        argument = expr.args[0]
        memo = None
        if isinstance(argument, sympy.Indexed):
            memo = (expr.func, argument.base.name, self.resolve(argument.indices, env))
            if memo in self.values.memo:
                return self.values.memo[memo]
        entry = self.model.activation(expr.layer)
        forward, derivative = entry.mp_form, entry.mp_derivative
        value = (derivative if expr.prime else forward)(self.run(argument, env))
        if memo is not None:
            self.values.memo[memo] = value
        return value

    def function(self, expr, env):
        if expr == N_OBS:
            return self.point.n
        if expr == LOSS_I:
            return self.values.loss
        if expr == OBJECTIVE:  # Σ_i reads as one observation, the penalty once
            return self.values.loss + self.values.penalty
        if expr == LAMBDA:
            return mpmath.mpf(self.model.arch.l2)
        if isinstance(expr, ActivationBase):
            return self.activation(expr, env)
        if isinstance(expr, Softmax):
            return self.values.get("s", self.resolve(expr.args[0].indices, env))
        if isinstance(expr, sympy.exp):
            return mpmath.exp(self.run(expr.args[0], env))
        if isinstance(expr, sympy.log):
            return mpmath.log(self.run(expr.args[0], env))
        if isinstance(expr, sympy.KroneckerDelta):
            a, b = (env.get(arg, arg) for arg in expr.args)
            return mpmath.mpf(1 if int(a) == int(b) else 0)
        # A derivative written out for its activation: steps, sigmoids, abs, tanh, ...
        return mp_function(expr, [self.run(arg, env) for arg in expr.args])
