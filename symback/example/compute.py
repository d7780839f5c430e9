"""One iteration worked out by evaluating the Derivation's formulas: signals, objective,
error terms, gradients, updated parameters. ``check.py`` holds the independent computation
every number is compared with.
"""

from __future__ import annotations

import dataclasses
from functools import cached_property

import mpmath
from sympy import Integer

from ..derive import Derivation
from ..model import OBS, NeuronIndex
from .evaluate import Values, evaluate
from .values import PRECISION, Problem


@dataclasses.dataclass(frozen=True)
class Iteration:
    """The numbers of one iteration (the Values hold signals and error terms)."""

    before: dict             # parameter symbol -> value at the start of the iteration
    values: Values
    objective: mpmath.mpf
    gradients: dict          # parameter symbol -> ∂J/∂p from the gradient's final form
    delta_gradients: dict    # parameter symbol -> ∂J/∂p from Σ_i δ s
    after: dict              # parameter symbol -> updated value
    objective_after: mpmath.mpf


class Worker:
    """Evaluates a Derivation at the numbers of a Problem, one iteration after another."""

    def __init__(self, derivation: Derivation, problem: Problem):
        self.derivation, self.problem = derivation, problem
        self.model = derivation.model
        self.gradients = tuple(derivation.gradients())

    @cached_property
    def forward_equations(self):
        """The model's forward equations, every e of a layer before its s (softmax needs them all)."""
        layer = lambda pair: (self.model.layer_of(pair[0].indices[-1]), pair[0].base.name != "e")
        return sorted(self.model.forward_equations(), key=layer)

    @cached_property
    def objective(self):
        return self.model.objective()

    def run(self):
        """Every iteration of the problem, one after another (a generator)."""
        parameters = dict(self.problem.initial)
        for _ in range(self.problem.iterations):
            iteration = self.iteration(parameters)
            yield iteration
            parameters = iteration.after

    def forward(self, parameters: dict) -> Values:
        """Every e and s of every observation, from the model's forward equations."""
        values = Values(self.model, parameters, self.problem.x, self.problem.y)
        for i in range(1, self.problem.observations + 1):
            for signal, definition in self.forward_equations:
                neuron = int(signal.indices[-1])
                if signal.base.name == "s" and not self.model.activation(self.model.layer_of(neuron)).elementwise:
                    definition = self.model.softmax_expression(Integer(neuron))
                values.signals[(signal.base.name, i, neuron)] = evaluate(definition, values, {OBS: i})
        return values

    def backward(self, values: Values) -> None:
        """Every error term, from the output layer back, from each layer's derived δ."""
        for term in self.derivation.error_terms:
            for j in self.model.ranges[term.layer].numbers():
                mapping = {term.neuron: Integer(j)} if isinstance(term.neuron, NeuronIndex) else {}
                expression = term.chain.final.xreplace(mapping)
                for i in range(1, self.problem.observations + 1):
                    values.deltas[(i, j)] = evaluate(expression, values, {OBS: i})

    def iteration(self, parameters: dict) -> Iteration:
        values = self.forward(parameters)
        objective = evaluate(self.objective, values)
        self.backward(values)
        gradients = {g.parameter: evaluate(g.expression, values) for g in self.gradients}
        delta_gradients = {g.parameter: evaluate(g.delta_form, values) for g in self.gradients}
        rate = self.problem.learning_rate
        with mpmath.workdps(PRECISION):
            after = {p: parameters[p] - rate * gradients[p] for p in self.model.parameters}
        next_values = self.forward(after)
        return Iteration(parameters, values, objective, gradients, delta_gradients, after,
                         evaluate(self.objective, next_values))
