"""Normal forms for the Proof: every ∂X/∂v written out through the forward equations.

A derivative is unfolded the way the handouts differentiate: one forward equation at a time
(e = Σ_h w s_h + Θ, s = g(e), ŷ = s, J = Σ_i Σ_o term), each signal depending on the variable
exactly when the variable lies upstream of it, which the model knows. Sums over a layer stay
closed (Σ with a bound index), so an unfolded derivative grows with the depth of the network
and never with the number of paths through it.

Levels of unfolding, each an identity of the model:
1. ``plain``: ∂X/∂v unfolded, ∂J_i/∂e_{i,m} read as δ_{i,m} (its definition), δ kept whole;
2. ``deltas``: every δ replaced by ∂J_i/∂e unfolded, as the δ recursion unrolls it;
3. ``output``: besides, the output layer's g'(e) written with s = g(e) (σ' = s(1 − s)),
   which is where the loss and the output activation combine into (ŷ − y)/n;
4. ``specific``: every g'(e) written so.
"""

from __future__ import annotations

import sympy
from sympy import Add, Indexed, Integer, KroneckerDelta, Mul, Pow, Sum, default_sort_key

from .errors import ProofError
from .model import (DELTA, E, F, LOSS_I, N_OBS, OBJECTIVE, OBS, S, THETA, W, X, Y, YHAT, ActivationBase, Model,
                    NeuronIndex, Partial, Softmax)
from .trees import closed_sum, substitute, sum_over

LEVELS = ("plain", "deltas", "output", "specific")


class Exp(sympy.Function):
    """exp kept as one atom per argument: SymPy merges exp(a)·exp(b) into exp(a + b), which
    would hide the softmax's exp(e_o)/Σ_q exp(e_q) = s_o from the canonical form."""

    def fdiff(self, argindex=1):
        return Exp(self.args[0])


def _kronecker(a, b):
    """[a = b] as SymPy writes it (arguments in canonical order), without the assumptions
    queries KroneckerDelta makes on every build (about 10 ms for two symbolic indices)."""
    if a == b:
        return Integer(1)
    if a.is_Integer and b.is_Integer:
        return Integer(0)
    if default_sort_key(b) < default_sort_key(a):
        a, b = b, a
    return KroneckerDelta(a, b, evaluate=False)


class Unfolder:
    """Writes derivation expressions in normal form for one model."""

    def __init__(self, model: Model, floor: int = 0, through_layer: bool = False):
        self.model = model
        self.floor = floor  # derivatives of signals below this layer are kept whole
        # ∂J_i/∂v as Σ_m δ_m ∂e_m/∂v over the first layer of pre-activations that v enters
        # (every path from v to J crosses it), δ_m kept whole: the chain rule one layer at a time.
        self.through_layer = through_layer
        self._cache: dict = {}
        self._normal: dict = {}
        self._definitions: dict = {}

    # -- public --------------------------------------------------------------------------------
    def normal(self, expr, level: str = "plain"):
        """``expr`` with every ∂X/∂v unfolded, ŷ and f read as the output s, exp as Exp."""
        key = (expr, level)
        if key not in self._normal:
            self._normal[key] = self._rewrite(expr, level)
        return self._normal[key]

    def definition(self, signal):
        """The forward equation's right side for a signal, ŷ, f, J or J_i; None for anything else."""
        if signal == OBJECTIVE:
            return self.model.objective()
        if signal == LOSS_I:
            return self.model.layer_sum(self.model.depth, self.model.loss_term, "o")
        if not isinstance(signal, Indexed):
            return None
        if signal.base in (YHAT, F):
            neuron = signal.indices[-1] if len(signal.indices) > 1 else Integer(self.model.outputs.first)
            return S[OBS, neuron]
        if signal.base in (E, S) and self.model.layer_of(signal.indices[1]) > 0:
            return self._definition(signal)
        return None

    def realize(self, expr, floor: int = 0):
        """Every signal above layer ``floor`` replaced by its forward equation, down to the
        inputs by default, sums closed: the nested expression of handout 000's eq. 12, as deep
        as the network, as wide as one neuron. One walk, each Σ rebuilt in constant time."""
        done: dict = {}

        def rebuild(node):
            if node not in done:
                done[node] = self._realized(node, floor, rebuild)
            return done[node]

        return rebuild(expr)

    def _realized(self, node, floor: int, rebuild):
        if isinstance(node, Indexed):
            above = node.base in (YHAT, F) or (node.base in (E, S) and self.model.layer_of(node.indices[1]) > floor)
            definition = self.definition(node) if above else None
            return node if definition is None else rebuild(definition)
        if not node.args:
            return node
        args = tuple(rebuild(arg) for arg in node.args)
        if args == node.args:
            return node
        return sum_over(args[0], args[1:]) if type(node) is Sum else node.func(*args)

    def specific(self, expr):
        """Every g'_l(e_{i,m}) written with s_{i,m} = g_l(e_{i,m}) (the activation table's lemma)."""
        primes = {node: self._specific(node) for node in expr.atoms(ActivationBase) if node.prime}
        return substitute(expr, primes)

    def derivative(self, quantity, variable):
        """∂quantity/∂variable; ``variable`` is a weight, a threshold or a pre-activation e."""
        key = (quantity, variable)
        if key not in self._cache:
            self._cache[key] = self._d(quantity, variable)
        return self._cache[key]

    # -- rewriting -----------------------------------------------------------------------------
    def _rewrite(self, expr, level: str):
        """One pass over ``expr``: each node rewritten once its arguments are."""
        if isinstance(expr, Partial):
            unfolded = self._partial(*expr.args)
            return expr if unfolded == expr else self._rewrite(unfolded, level)
        if isinstance(expr, Indexed):
            return self._indexed(expr, level)
        if expr.is_Atom:
            return expr
        args = [self._rewrite(arg, level) if not isinstance(arg, tuple) else arg for arg in expr.args]
        if isinstance(expr, Softmax):
            return S[OBS, expr.args[0].indices[1]]
        if isinstance(expr, sympy.exp):
            return Exp(*args)
        if isinstance(expr, ActivationBase) and expr.prime and (
                level == "specific" or (level == "output" and expr.layer == self.model.depth)):
            return self._specific(expr.func(*args))
        if isinstance(expr, Sum):
            return sum_over(args[0], expr.limits)
        return expr.func(*args)

    def _indexed(self, node, level):
        """ŷ and f are the output s; δ is ∂J_i/∂e unfolded from the deltas level on."""
        if node.base in (YHAT, F):
            neuron = node.indices[-1] if len(node.indices) > 1 else Integer(self.model.outputs.first)
            return S[OBS, neuron]
        if node.base == DELTA and level != "plain":
            return self._rewrite(self.derivative(LOSS_I, E[OBS, node.indices[1]]), level)
        return node

    def _partial(self, quantity, variable):
        if quantity == LOSS_I and self._crosses_a_layer(variable):
            return self._through_next_layer(variable)
        if quantity == LOSS_I and isinstance(variable, Indexed) and variable.base == E:
            return DELTA[OBS, variable.indices[1]]  # the definition of δ: ∂J_i/∂e_{i,m}
        return self.derivative(quantity, variable)

    def _crosses_a_layer(self, variable) -> bool:
        """In through_layer mode: a variable below the output's pre-activations."""
        if not self.through_layer or not isinstance(variable, Indexed):
            return False
        return variable.base in (W, THETA) or self.model.layer_of(variable.indices[1]) < self.model.depth

    def _through_next_layer(self, variable):
        """Σ_m δ_{i,m} ∂e_{i,m}/∂v over the first layer whose pre-activations v enters."""
        layer = self.model.layer_of(variable.indices[-1]) + (variable.base == E)
        m, rng = self.model.index_for(layer, "m"), self.model.ranges[layer]
        term = DELTA[OBS, m] * self.derivative(E[OBS, m], variable)
        return term if m.is_Integer else self._sum(term, ((m, rng.first, rng.last),))

    def _specific(self, node):
        argument = node.args[0]
        if not (isinstance(argument, Indexed) and argument.base == E):
            return node
        entry = self.model.activation(node.layer)
        return entry.derivative_in_signals(argument, S[OBS, argument.indices[1]])

    # -- derivatives ---------------------------------------------------------------------------
    def _d(self, expr, v):
        if expr == OBJECTIVE and self._crosses_a_layer(v):
            return closed_sum(self._through_next_layer(v), OBS, Integer(1), N_OBS) + self._d(self.model.penalty(), v)
        if expr == OBJECTIVE:
            return self._d(self.model.objective(), v)
        if expr == LOSS_I:
            return self._d(self.model.layer_sum(self.model.depth, self.model.loss_term, "o"), v)
        if isinstance(expr, Indexed):
            return self._d_indexed(expr, v)
        if expr.is_Atom or isinstance(expr, KroneckerDelta):
            return Integer(0)
        if isinstance(expr, Sum):
            inner = self._d(expr.function, v)
            return Integer(0) if inner == 0 else self._sum(inner, expr.limits)
        through = self._single_signal(expr)
        if through is not None:  # the chain rule through the one signal expr depends on
            inner = self._d(through, v)
            return Integer(0) if inner == 0 else sympy.diff(expr, through) * inner
        if isinstance(expr, Add):
            return Add(*[self._d(arg, v) for arg in expr.args])
        if isinstance(expr, Mul):
            args = expr.args
            return Add(*[Mul(*args[:index], self._d(arg, v), *args[index + 1:])
                         for index, arg in enumerate(args)])
        if isinstance(expr, Pow):
            base, exponent = expr.args
            if self._d(exponent, v) != 0:
                raise ProofError(f"no derivative rule for a variable exponent in {expr}")
            # One Mul of three factors: 2·(ŷ - y) alone would have SymPy distribute the 2.
            return Mul(exponent, base ** (exponent - 1), self._d(base, v))
        return self._d_function(expr, v)

    @staticmethod
    def _single_signal(expr):
        """The one prediction ŷ/f an expression of several terms depends on (a loss term), if
        it depends on no other symbol that can carry the variable."""
        if not isinstance(expr, (Add, Mul)) or expr.has(Sum, Partial, ActivationBase):
            return None
        carriers = {atom for atom in expr.atoms(Indexed) if atom.base not in (X, Y)}
        if len(carriers) == 1:
            (signal,) = carriers
            if signal.base in (YHAT, F):
                return signal
        return None

    def _sum(self, body, limits):
        """Σ body, with Σ_h [h = x] f(h) = f(x) taken at once where x lies in h's layer (the
        only neuron of a layer that depends on the variable)."""
        if len(limits) != 1 or not body.has(KroneckerDelta):
            return sum_over(body, limits)
        (variable, low, high), = limits
        if isinstance(body, Add):
            return Add(*[self._sum(term, limits) for term in body.args])
        for factor in Mul.make_args(body):
            if isinstance(factor, KroneckerDelta) and variable in factor.args:
                other = factor.args[1] if factor.args[0] == variable else factor.args[0]
                if other.is_Integer:
                    return substitute(body, {variable: other}) if low <= other <= high else Integer(0)
                if isinstance(other, NeuronIndex) and self.model.layer_of(other) == self.model.layer_of(low):
                    return substitute(body, {variable: other})
        return sum_over(body, limits)

    def _d_function(self, expr, v):
        """The chain rule for the functions a derivation applies: g_l, exp, log, softmax."""
        if isinstance(expr, Softmax):
            return self._d(S[OBS, expr.args[0].indices[1]], v)
        (argument,) = expr.args
        if isinstance(expr, ActivationBase) and not expr.prime:
            outer = self.model.g_prime[expr.layer](argument)
        elif isinstance(expr, (sympy.exp, Exp)):
            outer = expr
        elif isinstance(expr, sympy.log):
            outer = 1 / argument
        else:
            raise ProofError(f"no derivative rule for {type(expr).__name__} in {expr}")
        inner = self._d(argument, v)
        return Integer(0) if inner == 0 else outer * inner

    def _d_indexed(self, x, v):
        model, base = self.model, x.base
        if base in (YHAT, F):
            neuron = x.indices[-1] if len(x.indices) > 1 else Integer(model.outputs.first)
            return self._d(S[OBS, neuron], v)
        if base in (X, Y):
            return Integer(0)
        if base in (W, THETA):
            return self._d_parameter(x, v)
        if base not in (E, S):
            raise ProofError(f"no derivative rule for {x}")
        neuron = x.indices[1]
        layer, variable_layer = model.layer_of(neuron), model.layer_of(v.indices[-1])
        if layer < variable_layer or layer == 0:
            return Integer(0)  # downstream of nothing that v changes
        if base == E and v.base == E and layer == variable_layer:
            return KroneckerDelta(neuron, v.indices[1])
        if variable_layer < layer < self.floor:
            return Partial(x, v)  # below the part a link rewrote: the same on both sides
        return self._d(self._definition(x), v)

    def _d_parameter(self, x, v):
        """∂w_{a,b}/∂w_{k,j} = [a = k][b = j]; ∂Θ_b/∂Θ_j = [b = j]; any other pair is 0."""
        if x.base != v.base:
            return Integer(0)
        layer_of = self.model.layer_of
        if any(layer_of(a) != layer_of(b) for a, b in zip(x.indices, v.indices)):
            return Integer(0)
        return Mul(*[_kronecker(a, b) for a, b in zip(x.indices, v.indices)])

    def _definition(self, signal):
        """The forward equation of e_{i,m} or s_{i,m}, one level down (one object per signal,
        so that equal derivatives come out as equal objects)."""
        if signal not in self._definitions:
            self._definitions[signal] = self._new_definition(signal)
        return self._definitions[signal]

    def _new_definition(self, signal):
        model, neuron = self.model, signal.indices[1]
        if signal.base == E:
            return model.e_definition(neuron, "h")
        layer = model.layer_of(neuron)
        if model.activation(layer).elementwise:
            return model.g[layer](E[OBS, neuron])
        return model.softmax_expression(neuron, "r")

