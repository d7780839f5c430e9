"""The Derivation: for every group of parameters, the chain of steps from ∂f/∂p to its final
form, the error terms (δ) per layer, and the gradient of the objective. SymPy only.

A group is "the threshold of every neuron of layer l" or "every weight into layer l"; its
chain is written once with free indices (j for the neuron, k for the source neuron), the way
handout 004 writes "for j = 6, 7, 8", and instantiated for each parameter by substitution.
The chain descends layer by layer through named signals, so its size grows with depth, not
with the number of paths: nothing here differentiates the nested expression.
"""

from __future__ import annotations

import dataclasses
import functools
from functools import cached_property
from typing import Callable, Iterator

import sympy
from sympy import Integer, KroneckerDelta

from .chains import Chain, ErrorTerm, Gradient, Group, Step
from .model import LAMBDA, LOSS_I, N_OBS, OBJECTIVE, OBS, THETA, W, ActivationBase, Model, NeuronIndex, Partial
from .rules import (CANONICAL, CHAIN, DE_DP, DEF_E, DEF_J, DEF_S, DEF_YHAT, DELTA_DEF, DELTA_GRADIENT,
                    DELTA_RECURSION, ONLY_TERM, PENALTY, SPECIFIC, SUBSTITUTE, SUM_RULE)
from .spec import Architecture
from .trees import closed_sum, substitute




class Derivation:
    """Everything derived for one architecture; chains are built per group, not per scalar."""

    def __init__(self, model: Model):
        self.model = model
        self.arch = model.arch

    def __repr__(self) -> str:
        from .printing.notebook import derivation_text
        return derivation_text(self)

    def _repr_latex_(self) -> str:
        """Rendered math in a notebook: the error terms and each group's gradient."""
        from .printing.notebook import derivation_repr_latex
        return derivation_repr_latex(self)

    @cached_property
    def groups(self) -> tuple[Group, ...]:
        """In handout 004's order: output threshold, weights into the output, ... first layer."""
        groups = []
        for layer in range(self.model.depth, 0, -1):
            groups.append(self._group(layer, "threshold"))
            groups.append(self._group(layer, "weight"))
        return tuple(groups)

    @cached_property
    def error_terms(self) -> tuple[ErrorTerm, ...]:
        """δ per layer from the output back to the first hidden layer."""
        return tuple(self._error_term(layer) for layer in range(self.model.depth, 0, -1))

    def gradients(self) -> Iterator[Gradient]:
        """One Gradient per parameter, in the model's parameter order (first layer first)."""
        for layer in range(1, self.model.depth + 1):
            for kind in ("weight", "threshold"):
                group = self.group(layer, kind)
                yield from self.instances(group)

    def group(self, layer: int, kind: str) -> Group:
        return next(g for g in self.groups if g.layer == layer and g.kind == kind)

    def instances(self, group: Group) -> Iterator[Gradient]:
        """Every concrete parameter of a group with the substitution of its free indices."""
        ranges = self.model.ranges
        sources = ranges[group.layer - 1].numbers() if group.kind == "weight" else [None]
        for k in sources:
            for j in ranges[group.layer].numbers():
                yield self.instance(group, k, j)

    def instance(self, group: Group, k: int | None, j: int) -> Gradient:
        """The parameter of a group from neuron k (None for a threshold) into neuron j."""
        mapping = {}
        if isinstance(group.j, NeuronIndex):
            mapping[group.j] = Integer(j)
        if isinstance(group.k, NeuronIndex):
            mapping[group.k] = Integer(k)
        parameter = W[k, j] if group.kind == "weight" else THETA[j]
        return Gradient(parameter, group, mapping, self.model)

    def extreme_instances(self, group: Group) -> list[Gradient]:
        """The first and the last parameter of a group (one when they coincide), without
        walking the others: a group of 2000-2000-10 has four million."""
        target = self.model.ranges[group.layer]
        source = self.model.ranges[group.layer - 1] if group.kind == "weight" else None
        first = self.instance(group, source and source.first, target.first)
        last = self.instance(group, source and source.last, target.last)
        return [first] if last.parameter == first.parameter else [first, last]

    # -- chains -----------------------------------------------------------------------------
    def _group(self, layer: int, kind: str) -> Group:
        model = self.model
        j = model.index_for(layer, "j")
        k = model.index_for(layer - 1, "k") if kind == "weight" else None
        parameter = W[k, j] if kind == "weight" else THETA[j]
        output_layer = model.depth
        elementwise_output = model.activation(output_layer).elementwise
        if layer == output_layer and elementwise_output:
            output = j  # only ŷ_j depends on a parameter of output neuron j
        else:
            output = model.index_for(output_layer, "o")
        prediction = self._prediction_chain(layer, kind, j, k, output, parameter)
        objective = self._objective_chain((layer, kind, j, k), parameter, output, prediction.generic,
                                          summed=output is not j)
        delta = self._delta_chain(parameter, j, k)
        return Group(layer, kind, j, k, output, parameter, prediction, objective, delta)

    def _prediction_chain(self, layer, kind, j, k, output, p) -> Chain:
        """∂f_{i,o}/∂p = ∂g(e_{i,o})/∂p = g'(e_{i,o}) ∂e_{i,o}/∂p = ... as handout 004 writes it."""
        model = self.model
        c = model.depth
        if model.activation(c).elementwise:
            first = Step(Partial(model.g[c](model.e(output)), p), DEF_YHAT)
            wrap, m = _Product().times(model.g_prime[c](model.e(output))), output
        else:
            first = Step(Partial(model.softmax_expression(output), p), DEF_YHAT)
            wrap, m = self._descend(_Product(), c, layer, j,
                                    lambda q: model.s(output) * (KroneckerDelta(output, q) - model.s(q)), "q")
        steps = [first] + self._signal_steps(wrap, m, layer, kind, j, k, p, first.expr)
        return Chain(Partial(model.f(output), p), tuple(_with_specific(self.model, steps)))

    def _signal_steps(self, wrap, m, layer, kind, j, k, p, before) -> list[Step]:
        """From wrap(∂e_{i,m}/∂p), m in the output layer, down to the parameter's layer;
        ``before`` is the part the first of these steps rewrites."""
        model, c = self.model, self.model.depth
        links = _Links(_Product(), before)
        links.add(wrap, Partial(model.e(m), p), CHAIN)
        names = _summation_letters()
        while True:
            links.add(wrap, Partial(model.e_definition(m, "h"), p), DEF_E)
            if c == layer:
                links.add(wrap, model.s(k) if kind == "weight" else Integer(1), DE_DP)
                return links.steps
            wrap, m = self._descend(wrap, c - 1, layer, j, lambda q, m=m: W[q, m], next(names))
            c -= 1
            links.add(wrap, Partial(model.s(m), p), ONLY_TERM if c == layer else SUM_RULE)
            links.add(wrap, Partial(model.g[c](model.e(m)), p), DEF_S)
            wrap = wrap.times(model.g_prime[c](model.e(m)))
            links.add(wrap, Partial(model.e(m), p), CHAIN)

    def _descend(self, wrap, layer, param_layer, j, coefficient, name):
        """Sum over the neurons q of ``layer`` of coefficient(q)·(inner in q); only q = j when
        ``layer`` holds the parameter, since no other neuron of that layer depends on it."""
        if layer == param_layer:
            return wrap.times(coefficient(j)), j
        rng = self.model.ranges[layer]
        if rng.size == 1:
            q = Integer(rng.first)
            return wrap.times(coefficient(q)), q
        q = NeuronIndex(name, layer)
        return wrap.summed((q, rng.first, rng.last)).times(coefficient(q)), q

    def _output_sum(self, output, body, summed: bool):
        if summed and isinstance(output, NeuronIndex):
            rng = self.model.outputs
            return closed_sum(body(output), output, Integer(rng.first), Integer(rng.last))
        return body(output)

    def _objective_chain(self, group_indices, p, output, prediction_final, summed: bool) -> Chain:
        """∂J/∂p = Σ_i ∂J_i/∂p = Σ_i Σ_o ∂J_i/∂ŷ_{i,o} ∂f_{i,o}/∂p = ...

        ``summed`` is False when only output ``output`` depends on p (then Σ_o has one term).
        """
        model = self.model
        over_o = lambda body: self._output_sum(output, body, summed)
        term = model.loss_term
        dterm = lambda o: model.loss.dterm(model.yhat(o), model.y(o), N_OBS)
        over_i = lambda body: closed_sum(body, OBS, Integer(1), N_OBS)
        penalty, weight_decay = model.penalty(), self._weight_decay(p)
        steps = [Step(Partial(over_i(over_o(term)) + penalty, p), DEF_J),
                 Step(over_i(over_o(lambda o: Partial(term(o), p))) + _partial_or_zero(penalty, p), SUM_RULE)]
        if model.regularized:  # (λ/2) Σ w² gives λ w_{k,j} for a weight, nothing for a threshold
            steps.append(Step(over_i(over_o(lambda o: Partial(term(o), p))) + weight_decay, PENALTY))
        steps += [
            Step(over_i(over_o(lambda o: dterm(o) * Partial(model.yhat(o), p))) + weight_decay, CHAIN),
            Step(over_i(over_o(lambda o: dterm(o) * Partial(model.f(o), p))) + weight_decay, DEF_YHAT),
            Step(over_i(over_o(lambda o: dterm(o) * prediction_final)) + weight_decay, SUBSTITUTE),
        ]
        if model.loss.canonical_output == model.activation(model.depth).name:
            steps.append(Step(over_i(self._canonical_sum(*group_indices, p)) + weight_decay, CANONICAL))
        return Chain(Partial(OBJECTIVE, p), tuple(_with_specific(model, steps)))

    def _weight_decay(self, p):
        """∂/∂p of the L2 penalty: λ w_{k,j} for a weight, 0 for a threshold or without L2."""
        return LAMBDA * p if self.model.regularized and p.base == W else Integer(0)

    def _canonical_sum(self, layer, kind, j, k, p):
        """Σ_m (ŷ_{i,m} - y_{i,m})/n ∂e_{i,m}/∂p over the outputs m that depend on p: the loss
        and the output activation combined (eqs. 11 and 15 of handout 000)."""
        model = self.model
        error = lambda m: (model.yhat(m) - model.y(m)) / N_OBS
        tail = lambda m: self._signal_steps(_Product(), m, layer, kind, j, k, p, None)[-1].expr
        if layer == model.depth:
            return error(j) * tail(j)
        return model.layer_sum(model.depth, lambda m: error(m) * tail(m), "q")

    def _delta_chain(self, p, j, k) -> Chain:
        """∂J/∂p = Σ_i ∂J/∂e_{i,j} ∂e_{i,j}/∂p = Σ_i δ_{i,j} s_{i,k} (eqs. 18 and 20)."""
        model = self.model
        factor = model.s(k) if k is not None else Integer(1)
        over_i = lambda body: closed_sum(body, OBS, Integer(1), N_OBS)
        weight_decay = self._weight_decay(p)
        steps = (
            Step(over_i(Partial(LOSS_I, model.e(j)) * Partial(model.e(j), p)) + weight_decay, CHAIN),
            Step(over_i(model.delta(j) * factor) + weight_decay, DELTA_GRADIENT),
        )
        return Chain(Partial(OBJECTIVE, p), steps)

    def _error_term(self, layer: int) -> ErrorTerm:
        """δ_{i,j} = ∂J_i/∂e_{i,j}: eq. 15 at the output, eq. 17 below it."""
        model = self.model
        j = model.index_for(layer, "j")
        steps: list[Step] = []
        if layer == model.depth:
            dterm = lambda o: model.loss.dterm(model.yhat(o), model.y(o), N_OBS)
            if model.activation(layer).elementwise:
                steps.append(Step(dterm(j) * model.g_prime[layer](model.e(j)), DELTA_DEF))
            else:
                steps.append(Step(model.layer_sum(layer, lambda q: dterm(q) * model.s(q)
                                                  * (KroneckerDelta(q, j) - model.s(j)), "q"), DELTA_DEF))
            if model.loss.canonical_output == model.activation(layer).name:
                steps.append(Step((model.yhat(j) - model.y(j)) / N_OBS, CANONICAL))
        else:
            steps.append(Step(model.g_prime[layer](model.e(j))
                              * model.layer_sum(layer + 1, lambda m: W[j, m] * model.delta(m), "m"),
                              DELTA_RECURSION))
        return ErrorTerm(layer, j, Chain(model.delta(j), tuple(_with_specific(model, steps))))

    def error_term(self, layer: int) -> ErrorTerm:
        return next(term for term in self.error_terms if term.layer == layer)


@dataclasses.dataclass(frozen=True)
class _Product:
    """What surrounds ∂e_{i,m}/∂p in a step: factors inside the Σ over the layers above.

    Called on the inner part, it builds one flat product per Σ level: a product grown one
    binary multiplication at a time is re-sorted at every factor, which made a chain through
    35 layers of width 1 take a minute.
    """

    factors: tuple = ()
    limits: tuple = ()  # the Σ this level closes; () at the top
    parent: "_Product | None" = None

    def __call__(self, inner):
        product = sympy.Mul(*self.factors, inner)
        return product if self.parent is None else self.parent(closed_sum(product, *self.limits))

    def times(self, factor) -> "_Product":
        return _Product(self.factors + (factor,), self.limits, self.parent)

    def summed(self, limits) -> "_Product":
        return _Product((), limits, self)

    def beyond(self, older: "_Product") -> Callable:
        """What this product puts around the inner part beyond ``older``, which it extends
        (more factors at older's level, then one more Σ level at most)."""
        if older == _Product():
            return self
        if self.parent is older.parent and self.limits == older.limits:
            extra = self.factors[len(older.factors):]
            return lambda inner: sympy.Mul(*extra, inner)
        if self.parent is older:
            return lambda inner: closed_sum(sympy.Mul(*self.factors, inner), *self.limits)
        raise ValueError("not an extension of that product")


class _Links:
    """Steps built on demand, each recording the part the previous one had and what it became."""

    def __init__(self, wrap: _Product, inner):
        self.steps: list[Step] = []
        self.wrap, self.inner = wrap, inner

    def add(self, wrap: _Product, inner, rule: str) -> None:
        rewrote = (self.inner, wrap.beyond(self.wrap)(inner))
        self.steps.append(Step(build=lambda: wrap(inner), rule=rule, rewrote=rewrote))
        self.wrap, self.inner = wrap, inner


def _partial_or_zero(expr, p):
    """∂expr/∂p kept as a link to take, or nothing for a constant such as the absent penalty."""
    return Partial(expr, p) if expr.has(p.base) else Integer(0)


def _with_specific(model: Model, steps: list[Step]) -> list[Step]:
    """The steps and, where g' is left, one more: each g'(e) written for its activation
    (σ' = s(1 - s), tanh' = 1 - s², relu' = [e > 0], linear' = 1)."""
    final = steps[-1].expr
    primes = {node: _specific_derivative(model, node) for node in final.atoms(ActivationBase) if node.prime}
    specific = substitute(final, primes)
    return steps + [Step(specific, SPECIFIC)] if specific != final else steps


@functools.lru_cache(maxsize=1 << 14)
def _specific_derivative(model: Model, prime):
    e = prime.args[0]
    return model.activation(prime.layer).derivative_in_signals(e, model.s(e.indices[1]))


def _summation_letters() -> Iterator[str]:
    """m, q, r, t, u, v, then m_2, q_2, ...: one letter per nested Σ, however deep the net."""
    letters, round_ = "mqrtuv", 1
    while True:
        for letter in letters:
            yield letter if round_ == 1 else f"{letter}_{round_}"
        round_ += 1


def derive(arch: Architecture) -> Derivation:
    """Architecture -> Derivation (chains are built lazily, per group)."""
    return Derivation(Model(arch))
