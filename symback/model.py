"""The SymPy model of one architecture: parameter symbols, signals, forward equations, J.

Neurons are numbered globally and consecutively in layer order (inputs 1..n0, then each
layer), as handout 004 numbers them; the notation decides how a number is printed (``F`` for
a single output, or a layer-local index in the layer notation). Signals are per observation
``i``: ``e[i, j]`` enters the activation of neuron ``j`` and ``s[i, j]`` leaves it.
"""

from __future__ import annotations

import dataclasses
from functools import cached_property

import sympy
from sympy import Dummy, Function, IndexedBase, Integer, Symbol

from .losses import LOSSES
from .notations import Notation, notation_named
from .spec import Architecture
from .trees import closed_sum

OBS = Symbol("i", integer=True, positive=True)
N_OBS = Symbol("n", integer=True, positive=True)
W = IndexedBase("w")
THETA = IndexedBase("Theta")
E = IndexedBase("e")
S = IndexedBase("s")
X = IndexedBase("x")
Y = IndexedBase("y")
YHAT = IndexedBase("yhat")
F = IndexedBase("f")
DELTA = IndexedBase("delta")
LAMBDA = Symbol("lambda", positive=True)  # λ of the L2 penalty (its value is the spec's)
OBJECTIVE = Symbol("J")    # the objective, Σ_i J_i (+ the penalty)
LOSS_I = Symbol("J_i")     # one observation's part of it


class NeuronIndex(Dummy):
    """A free or summation index that stands for every neuron of one layer."""

    def __new__(cls, name: str, layer: int):
        obj = Dummy.__new__(cls, name, integer=True, positive=True)
        obj.layer = layer
        return obj


class Partial(Function):
    """∂(first argument)/∂(second argument), kept unevaluated: one link of a chain."""

    nargs = 2


class ActivationBase(Function):
    """Base of g_l(e) and g'_l(e): the activation of layer ``layer`` kept abstract.

    (SymPy's printers only dispatch on Function subclasses named like the class itself or
    ending in "Base", hence the name.)"""

    layer: int = 0
    prime: bool = False


class Softmax(Function):
    """softmax_o of the output layer: exp(e_o) / Σ_m exp(e_m), as one symbol per output."""

    nargs = 1


def drop_observation_sum(expr):
    """Σ_i body -> body, keeping any other limits SymPy merged into the same Sum."""
    def strip(node):
        limits = [limit for limit in node.limits if limit[0] != OBS]
        return sympy.Sum(node.function, *limits) if limits else node.function
    return expr.replace(lambda e: isinstance(e, sympy.Sum) and any(l[0] == OBS for l in e.limits), strip)


@dataclasses.dataclass(frozen=True)
class LayerRange:
    """Global neuron numbers of one layer: ``first`` to ``last`` inclusive."""

    index: int
    first: int
    last: int

    @property
    def size(self) -> int:
        return self.last - self.first + 1

    def numbers(self) -> range:
        return range(self.first, self.last + 1)


class Model:
    """Symbols and forward equations of one architecture (SymPy only, nothing printed)."""

    def __init__(self, arch: Architecture):
        self.arch = arch
        self.ranges: tuple[LayerRange, ...] = self._number_neurons(arch.sizes)
        self.depth = arch.depth
        self.g = {l: type(f"g_{l}", (ActivationBase,), {"layer": l, "prime": False}) for l in self._layers()}
        self.g_prime = {l: type(f"gp_{l}", (ActivationBase,), {"layer": l, "prime": True}) for l in self._layers()}
        self.loss = LOSSES[arch.loss]
        self.notation: Notation = notation_named(arch.notation)  # the object: spellings travel with it

    @staticmethod
    def _number_neurons(sizes) -> tuple[LayerRange, ...]:
        ranges, first = [], 1
        for index, size in enumerate(sizes):
            ranges.append(LayerRange(index, first, first + size - 1))
            first += size
        return tuple(ranges)

    def _layers(self) -> range:
        return range(1, self.depth + 1)

    # -- neurons --------------------------------------------------------------------------
    def layer_of(self, neuron) -> int:
        """Layer of a concrete neuron number or of a NeuronIndex."""
        if isinstance(neuron, NeuronIndex):
            return neuron.layer
        number = int(neuron)
        for layer in self.ranges:
            if layer.first <= number <= layer.last:
                return layer.index
        raise ValueError(f"no neuron {number}")

    def activation(self, layer: int):
        return self.arch.activation_table[self.arch.layers[layer - 1].activation]

    @property
    def outputs(self) -> LayerRange:
        return self.ranges[-1]

    @property
    def single_output(self) -> bool:
        return self.outputs.size == 1

    def index_for(self, layer: int, name: str):
        """The neuron of a one-neuron layer, otherwise a free index over the layer."""
        rng = self.ranges[layer]
        return Integer(rng.first) if rng.size == 1 else NeuronIndex(name, layer)

    def layer_sum(self, layer: int, body, name: str = "m"):
        """Σ over every neuron of ``layer`` of ``body(m)``; a single term for one neuron."""
        rng = self.ranges[layer]
        if rng.size == 1:
            return body(Integer(rng.first))
        index = NeuronIndex(name, layer)
        return closed_sum(body(index), index, Integer(rng.first), Integer(rng.last))

    # -- signals --------------------------------------------------------------------------
    def s(self, neuron):
        """Output signal of a neuron; for an input neuron it is the covariate x."""
        return X[OBS, neuron] if self.layer_of(neuron) == 0 else S[OBS, neuron]

    def e(self, neuron):
        return E[OBS, neuron]

    def y(self, neuron):
        return Y[OBS] if self.single_output else Y[OBS, neuron]

    def yhat(self, neuron):
        return YHAT[OBS] if self.single_output else YHAT[OBS, neuron]

    def f(self, neuron):
        return F[OBS] if self.single_output else F[OBS, neuron]

    def delta(self, neuron):
        return DELTA[OBS, neuron]

    def e_definition(self, neuron, name: str = "k"):
        """e_{i,j} = Σ_k w_{k,j} s_{i,k} + Θ_j (the definition of the input signal)."""
        layer = self.layer_of(neuron)
        return self.layer_sum(layer - 1, lambda k: W[k, neuron] * self.s(k), name) + THETA[neuron]

    def s_definition(self, neuron):
        """s_{i,j} = g(e_{i,j}); softmax outputs couple the whole output layer."""
        layer = self.layer_of(neuron)
        if not self.activation(layer).elementwise:
            return Softmax(self.e(neuron))
        return self.g[layer](self.e(neuron))

    def softmax_expression(self, neuron, name: str = "q"):
        """exp(e_o) / Σ_q exp(e_q) written out over the output layer."""
        return sympy.exp(self.e(neuron)) / self.layer_sum(self.depth, lambda q: sympy.exp(self.e(q)), name)

    # -- equations ------------------------------------------------------------------------
    def forward_equations(self) -> list[tuple[sympy.Expr, sympy.Expr]]:
        """(signal, definition) pairs for every neuron, in layer order."""
        equations = []
        for layer in self.ranges[1:]:
            for neuron in layer.numbers():
                equations.append((self.e(Integer(neuron)), self.e_definition(Integer(neuron)).doit()))
                equations.append((self.s(Integer(neuron)), self.s_definition(Integer(neuron))))
        return equations

    def loss_term(self, neuron):
        """The objective's term for one observation and one output (yhat written as ŷ)."""
        return self.loss.term(self.yhat(neuron), self.y(neuron), N_OBS)

    def objective(self):
        """J = Σ_i Σ_o term(ŷ_{i,o}, y_{i,o}), plus (λ/2) Σ w² with L2 regularization."""
        return sympy.Sum(self.layer_sum(self.depth, self.loss_term, "o"), (OBS, 1, N_OBS)) + self.penalty()

    @property
    def regularized(self) -> bool:
        return self.arch.l2 > 0

    def penalty(self):
        """(λ/2) Σ over every weight of w²: thresholds are not penalised; 0 without L2."""
        if not self.regularized:
            return Integer(0)
        squares = [self.layer_sum(layer - 1, lambda k, layer=layer: self.layer_sum(
                       layer, lambda j: W[k, j] ** 2, "b"), "a") for layer in self._layers()]
        return LAMBDA / 2 * sympy.Add(*squares)

    @cached_property
    def parameters(self) -> tuple[sympy.Indexed, ...]:
        """Every weight and threshold: layer by layer, weights (by source, target) then thresholds."""
        params = []
        for layer in self._layers():
            previous, current = self.ranges[layer - 1], self.ranges[layer]
            params += [W[k, j] for k in previous.numbers() for j in current.numbers()]
            params += [THETA[j] for j in current.numbers()]
        return tuple(params)

    # -- nested ---------------------------------------------------------------------------
    def realized_signals(self, functions: dict | None = None, exp=sympy.exp) -> dict:
        """Every signal of observation i written in parameters and inputs only.

        Args:
            functions: activation class per layer (default: the real SymPy activations).
            exp: the exponential used by softmax (the Proof passes one that never merges).
        Returns:
            mapping from e/s/yhat/f Indexed objects to their nested expressions.
        """
        values: dict = {}
        for layer in self.ranges[1:]:
            real = functions[layer.index] if functions else self.activation(layer.index).sympy_form
            for neuron in layer.numbers():
                j = Integer(neuron)
                e_expr = self.e_definition(j).doit().xreplace(values)
                values[self.e(j)] = e_expr
                if real is not None:
                    values[self.s(j)] = real(e_expr)
            if real is None:  # softmax: needs every e of the layer first
                total = sum(exp(values[self.e(Integer(m))]) for m in layer.numbers())
                for neuron in layer.numbers():
                    values[self.s(Integer(neuron))] = exp(values[self.e(Integer(neuron))]) / total
        for neuron in self.outputs.numbers():
            j = Integer(neuron)
            values[self.yhat(j)] = values[self.s(j)]
            values[self.f(j)] = values[self.s(j)]
        return values

    def nested(self) -> dict:
        """The fully substituted prediction ŷ_{i,o} per output (eq. 12 of handout 000)."""
        values = self.realized_signals()
        return {int(o): values[self.s(Integer(o))] for o in self.outputs.numbers()}
