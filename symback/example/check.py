"""Every number of a worked example against an independent computation, before anything is
written: a forward pass written here from the sizes and the parameter values (not from the
model's equations) for the signals and the objective, and central finite differences of that
objective for every error term and every gradient.

At 60 digits with a step of 1e-20, a central difference is good to about 1e-40, so a relative
disagreement above 1e-9 is a wrong formula, never rounding.
"""

from __future__ import annotations

import mpmath
from sympy import Integer

from ..errors import ProofError, SpecError
from ..model import DELTA, E, S, Model
from ..notation import Namer
from .compute import Iteration
from .values import PRECISION, Problem

TOLERANCE = mpmath.mpf("1e-9")
FLOOR = mpmath.mpf("1e-30")   # below the finite differences' own error: an exact zero
STEP = mpmath.mpf("1e-20")


def _xlogy(y, p):
    return 0 if y == 0 else y * mpmath.log(p)


# The losses written again, per observation and output, independently of losses.py.
LOSS_TERMS = {
    "sse": lambda yhat, y, n: (yhat - y) ** 2 / 2,
    "mse": lambda yhat, y, n: (yhat - y) ** 2 / (2 * n),
    "bce": lambda yhat, y, n: -(_xlogy(y, yhat) + _xlogy(1 - y, 1 - yhat)) / n,
    "cce": lambda yhat, y, n: -_xlogy(y, yhat) / n,
}


def agree(a, b) -> bool:
    """Relative agreement to 1e-9 (an absolute 1e-30 for values that are exactly zero)."""
    difference = abs(a - b)
    return difference <= TOLERANCE * max(abs(a), abs(b)) or difference <= FLOOR


class Independent:
    """A plain forward pass and objective over lists of numbers."""

    def __init__(self, model: Model, problem: Problem):
        self.model, self.problem = model, problem
        self.names = [model.activation(layer).name for layer in range(1, model.depth + 1)]

    def _matrices(self, parameters: dict):
        ranges = self.model.ranges
        weights, biases = [], []
        for layer in range(1, len(ranges)):
            weights.append([[parameters[("w", k, j)] for j in ranges[layer].numbers()]
                            for k in ranges[layer - 1].numbers()])
            biases.append([parameters[("Theta", j)] for j in ranges[layer].numbers()])
        return weights, biases

    def forward(self, parameters: dict, row, shift=None):
        """(pre-activations, activations) per layer for one observation; ``shift`` =
        (layer, position, amount) added to one pre-activation."""
        weights, biases = self._matrices(parameters)
        a, pre, post = list(row), [], []
        for layer, (matrix, bias, name) in enumerate(zip(weights, biases, self.names), start=1):
            z = [bias[j] + mpmath.fsum(matrix[k][j] * a[k] for k in range(len(a))) for j in range(len(bias))]
            if shift is not None and shift[0] == layer:
                z[shift[1]] += shift[2]
            if name == "softmax":
                exps = [mpmath.exp(value) for value in z]
                a = [value / mpmath.fsum(exps) for value in exps]
            else:
                a = [self.model.activation(layer).mp_form(value) for value in z]
            pre.append(z)
            post.append(a)
        return pre, post

    def objective(self, parameters: dict, observation: int | None = None, shift=None):
        term, n, total = LOSS_TERMS[self.model.arch.loss], len(self.problem.x), []
        for i, (row, targets) in enumerate(zip(self.problem.x, self.problem.y), start=1):
            _, post = self.forward(parameters, row, shift if i == observation else None)
            total += [term(yhat, y, n) for yhat, y in zip(post[-1], targets)]
        l2 = mpmath.mpf(self.model.arch.l2)  # (λ/2) Σ w², thresholds not penalised
        total += [l2 / 2 * value ** 2 for key, value in parameters.items() if _is_weight(key)]
        return mpmath.fsum(total)

    def derivative(self, parameters: dict, key=None, observation=None, neuron=None):
        """Central difference of the objective in one parameter (``key``) or one
        pre-activation (observation, neuron number)."""
        if key is not None:
            plus, minus = dict(parameters), dict(parameters)
            plus[key] += STEP
            minus[key] -= STEP
            return (self.objective(plus) - self.objective(minus)) / (2 * STEP)
        layer = self.model.layer_of(neuron)
        position = neuron - self.model.ranges[layer].first
        high = self.objective(parameters, observation, (layer, position, STEP))
        low = self.objective(parameters, observation, (layer, position, -STEP))
        return (high - low) / (2 * STEP)


def check_iteration(model: Model, problem: Problem, iteration: Iteration, namer: Namer) -> None:
    """Raise ProofError naming the first number that disagrees with the independent one.

    Raises:
        SpecError: a relu pre-activation is exactly 0, where relu has no derivative.
        ProofError: a derived value disagrees.
    """
    with mpmath.workdps(PRECISION):
        independent = Independent(model, problem)
        values = iteration.values
        parameters = values.parameters
        _check_signals(model, problem, independent, values, namer)
        _compare(namer.notation.objective.text, iteration.objective, independent.objective(parameters),
                 "a separate forward pass")
        # From the output back, so that the first disagreement named is where an error starts.
        for (i, j), delta in sorted(values.deltas.items(), key=lambda item: (-item[0][1], item[0][0])):
            name = namer.spell(_delta(model, i, j), "text", observation=str(i))
            _compare(name, delta, independent.derivative(parameters, observation=i, neuron=j),
                     "finite differences of the objective")
        for p, value in iteration.gradients.items():
            key = (p.base.name,) + tuple(int(index) for index in p.indices)
            numeric = independent.derivative(parameters, key=key)
            name = f"d{namer.notation.objective.text}/d{namer.parameter_text(p)}"
            _compare(name, value, numeric, "finite differences of the objective")
            _compare(name + " (error-term form)", iteration.delta_gradients[p], numeric,
                     "finite differences of the objective")
        after = {(p.base.name,) + tuple(int(i) for i in p.indices): v for p, v in iteration.after.items()}
        _compare(namer.notation.objective.text + " after the update", iteration.objective_after,
                 independent.objective(after), "a separate forward pass")


def _delta(model: Model, i: int, j: int):
    return DELTA[Integer(i), Integer(j)]


def _check_signals(model, problem, independent, values, namer) -> None:
    for i, row in enumerate(problem.x, start=1):
        pre, post = independent.forward(values.parameters, row)
        for layer in range(1, model.depth + 1):
            for position, j in enumerate(model.ranges[layer].numbers()):
                for base, table in ((E, pre), (S, post)):
                    name = namer.spell(base[Integer(i), Integer(j)], "text", observation=str(i))
                    _compare(name, values.signals[(base.name, i, j)], table[layer - 1][position],
                             "a separate forward pass")
                if model.activation(layer).name == "relu" and abs(pre[layer - 1][position]) <= FLOOR:
                    raise SpecError(f"{namer.spell(E[Integer(i), Integer(j)], 'text', observation=str(i))} "
                                    "is 0, where relu has no derivative; change the data or the initial values")


def _compare(name: str, derived, independent, method: str) -> None:
    if not agree(derived, independent):
        raise ProofError(f"{name} = {mpmath.nstr(derived, 15)} from the derived formulas, but "
                         f"{mpmath.nstr(independent, 15)} from {method}; nothing was written")


def _is_weight(key) -> bool:
    return key[0] == "w"
