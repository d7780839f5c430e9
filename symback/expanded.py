"""The expanded cross-check: both sides written in parameters and inputs only, then compared.

Every signal is replaced by its fully nested expression, every ∂X/∂p by SymPy's own
derivative of it, and the difference must vanish (activation applications are opaque atoms,
so the difference is a rational function that ``expand``/``cancel`` decide). This is the
method the Proof used first; it grows with the number of paths through the network, so it
serves as an independent check on small networks (tests, ``--check expanded``).
"""

from __future__ import annotations

from functools import cached_property

import sympy
from sympy import Integer

from .model import DELTA, LOSS_I, OBJECTIVE, ActivationBase, Model, Partial, Softmax, drop_observation_sum
from .normal_form import Exp
from .real_line import rewrite_identities


class ExpandedComparison:
    """Decides equalities between derivation expressions of one model by full expansion."""

    def __init__(self, model: Model):
        self.model = model
        self._diff_cache: dict = {}

    def equal(self, left, right) -> bool:
        difference = (self._plain(left) - self._plain(right)).xreplace(self._targets_constraint())
        difference = difference.replace(sympy.exp, Exp)  # SymPy's diff brings exp back in
        if self._rational_zero(difference):
            return True
        # a user's activation's derivative may be simplified by identities of |u|, sign u and
        # the step [u > 0] (u sign u = |u|, max(0, u) [u > 0] = max(0, u)): apply them too
        rewritten, used = rewrite_identities(difference)
        return bool(used) and self._rational_zero(rewritten)

    def _rational_zero(self, difference) -> bool:
        """The difference vanishes as a rational function of the activation applications."""
        difference = difference.xreplace(self._opaque_atoms)
        if difference == 0 or sympy.expand(difference) == 0:
            return True
        return sympy.cancel(sympy.together(difference)) == 0

    @cached_property
    def _signals(self) -> dict:
        return self.model.realized_signals(exp=Exp)

    @cached_property
    def _per_observation_loss(self):
        terms = [self.model.loss_term(Integer(o)) for o in self.model.outputs.numbers()]
        return sympy.Add(*terms).xreplace(self._signals)

    def _plain(self, expr):
        """Signals, δ, J and activations replaced by expressions in parameters and inputs.

        Structural replacements run on the small derivation expression; the large realized
        pieces go in with one final xreplace, so no pass ever walks a realized tree.
        """
        # Σ_i of per-observation terms: both sides are compared term by term in i.
        expr = drop_observation_sum(expr).doit().replace(sympy.exp, Exp)
        expr = expr.replace(lambda e: isinstance(e, ActivationBase), self._real_activation)
        expr = expr.replace(lambda e: isinstance(e, Softmax), lambda e: self.model.s(e.args[0].indices[1]))
        mapping = dict(self._signals)
        mapping[LOSS_I] = self._per_observation_loss
        # Σ_i is compared term by term, so J reads as one observation's loss and the penalty.
        mapping[OBJECTIVE] = self._per_observation_loss + self.model.penalty().doit()
        for node in sympy.preorder_traversal(expr):
            if isinstance(node, Partial):
                mapping[node] = self._derivative(*node.args)
            elif isinstance(node, sympy.Indexed) and node.base == DELTA:
                mapping[node] = self._derivative(LOSS_I, self.model.e(node.indices[1]))
        return expr.xreplace(mapping)

    def _real_activation(self, applied):
        entry = self.model.activation(applied.layer)
        form = entry.sympy_derivative if applied.prime else entry.sympy_form
        return form(applied.args[0]).replace(sympy.exp, Exp)

    def _derivative(self, quantity, wrt):
        key = (quantity, wrt)
        if key not in self._diff_cache:
            if wrt.base == sympy.IndexedBase("e"):
                self._diff_cache[key] = self._derivative_by_e(quantity, wrt)
            else:
                self._diff_cache[key] = sympy.diff(self._plain(quantity), wrt)
        return self._diff_cache[key]

    def _derivative_by_e(self, quantity, e_signal):
        """∂J_i/∂e_{i,j}: J_i rebuilt with e_{i,j} as a free symbol, then differentiated."""
        free = sympy.Symbol("epsilon_free")
        model = self.model
        layer = model.layer_of(e_signal.indices[1])
        signals = self._signals
        shifted = dict(signals)
        shifted[e_signal] = free
        for rng in model.ranges[layer:]:
            for m in rng.numbers():
                m = Integer(m)
                if rng.index > layer:
                    shifted[model.e(m)] = model.e_definition(m).doit().xreplace(shifted)
                if model.activation(rng.index).elementwise:
                    shifted[model.s(m)] = model.activation(rng.index).sympy_form(shifted[model.e(m)])
            if not model.activation(rng.index).elementwise:
                total = sum(Exp(shifted[model.e(Integer(q))]) for q in rng.numbers())
                for q in rng.numbers():
                    shifted[model.s(Integer(q))] = Exp(shifted[model.e(Integer(q))]) / total
        for o in model.outputs.numbers():
            shifted[model.yhat(Integer(o))] = shifted[model.s(Integer(o))]
        loss = sympy.Add(*[model.loss_term(Integer(o)) for o in model.outputs.numbers()]).xreplace(shifted)
        return sympy.diff(loss, free).xreplace({free: signals[e_signal]})

    def _targets_constraint(self) -> dict:
        """cce's targets are probabilities: the last y_{i,o} is 1 minus the others."""
        if self.model.loss.name != "cce":
            return {}
        outputs = [Integer(o) for o in self.model.outputs.numbers()]
        last = self.model.y(outputs[-1])
        return {last: 1 - sum(self.model.y(o) for o in outputs[:-1])}

    @cached_property
    def _opaque_atoms(self) -> dict:
        """Every activation application the realized signals can contain, each as a symbol,
        so that the difference of two sides becomes a rational function of plain symbols."""
        atoms = {}
        for rng in self.model.ranges[1:]:
            entry = self.model.activation(rng.index)
            for m in rng.numbers():
                argument = self._signals[self.model.e(Integer(m))]
                candidates = [Exp(argument)]
                if entry.elementwise:
                    candidates += [entry.sympy_form(argument),
                                   entry.sympy_derivative(argument).replace(sympy.exp, Exp)]
                for candidate in candidates:
                    if isinstance(candidate, sympy.Function):
                        atoms[candidate] = sympy.Symbol(f"atom{len(atoms)}")
                    for sub in candidate.atoms(sympy.Function):
                        atoms.setdefault(sub, sympy.Symbol(f"atom{len(atoms)}"))
        return atoms
