"""Deciding one link of a chain on the part it rewrote (the Proof's fast path).

A link rewrites one small part of a large expression by one rule; the rest is the same on
both sides (congruence). The part is compared with the derivatives of the signals it does not
rewrite kept whole, so its size does not grow with the depth of the network. Links that say
the same thing about different parameters — ∂e_m/∂p by its definition, for every parameter p
below layer m — are decided once: the decision uses only p's kind and that it lies below
every signal of the part, so the part is remembered with p and the bound indices renamed.
Failing here proves nothing: the Proof then compares the whole link.
"""

from __future__ import annotations

from sympy import Indexed

from .canonical import alpha_equal
from .model import DELTA, LOSS_I, OBJECTIVE, OBS, E, NeuronIndex, Partial, S
from .rules import (CANONICAL, CHAIN, DE_DP, DEF_E, DEF_J, DEF_S, DEF_YHAT, DELTA_DEF, DELTA_GRADIENT,
                    DELTA_RECURSION, ONLY_TERM, PENALTY, SPECIFIC, SUM_RULE)

# Rules that rewrite one derivative one level: checked first with every other derivative kept whole.
ONE_LEVEL_RULES = (DEF_J, SUM_RULE, PENALTY, CHAIN, DEF_YHAT, DEF_S, DEF_E, ONLY_TERM, DE_DP, DELTA_GRADIENT)
# The level of unfolding each rule needs first (every rule may fall back to the next levels).
START_LEVEL = {DELTA_DEF: "deltas", DELTA_RECURSION: "deltas", CANONICAL: "output", SPECIFIC: "specific"}


def _is_error_term(partial: Partial) -> bool:
    """∂J_i/∂e_{i,j}: what ε_{i,j} names."""
    variable = partial.args[1]
    return partial.args[0] == LOSS_I and isinstance(variable, Indexed) and variable.base == E


class LocalProof:
    """Decides rewritten parts for one Prover (its unfolders, canonical forms and levels)."""

    def __init__(self, prover):
        self.prover = prover
        self.model = prover.model
        self._decided: dict = {}

    def holds(self, left, right, rule: str) -> bool:
        """left = right as the part a link of ``rule`` rewrote."""
        if left == right:
            return True
        key = self._key(left, right, rule)
        if key not in self._decided:
            self._decided[key] = self._decide(left, right, rule)
        return self._decided[key]

    def _decide(self, left, right, rule: str) -> bool:
        if self._definition_applied(left, right) or self.through_layer_equal(left, right):
            return True
        floors = (self.model.depth + 1,) if rule in ONE_LEVEL_RULES else ()
        floors += (0,) if rule in START_LEVEL else (lowest_layer(self.model, left, right),)
        return any(self.prover.equal_in_normal_form(left, right, rule, self.prover.unfolder_from(floor))
                   for floor in floors)

    def _definition_applied(self, left, right) -> bool:
        """∂X/∂v = ∂(X's forward equation)/∂v, the equation written as the model writes it."""
        if not (isinstance(left, Partial) and isinstance(right, Partial) and left.args[1] == right.args[1]):
            return False
        definition = self.prover.unfolder.definition(left.args[0])
        return definition is not None and alpha_equal(definition, right.args[0])

    def through_layer_equal(self, left, right) -> bool:
        """∂J/∂p or δ_{i,j} (= ∂J_i/∂e_{i,j}) taken one layer up by the chain rule, every δ
        above kept whole, against the other side with δ read as its definition."""
        if isinstance(left, Indexed) and left.base == DELTA:
            left = Partial(LOSS_I, E[OBS, left.indices[1]])
        elif not (isinstance(left, Partial) and (left.args[0] == OBJECTIVE or _is_error_term(left))):
            return False
        one_layer = self.prover.unfolder_from(0, through_layer=True)
        return self.prover.same(one_layer.normal(left), self.prover.unfolder_from(self.model.depth + 1).normal(right),
                                thorough=True, display=False)

    def _key(self, left, right, rule: str):
        """The part as a plain tuple tree, its bound and free neuron indices renamed in order of
        appearance (each name keeps its layer), a parameter below every signal of it named by
        its kind."""
        lowest = lowest_layer(self.model, left, right)
        renamed: dict = {}

        def shape(node):
            if isinstance(node, Partial):
                variable = node.args[1]
                if variable.base != E and self.model.layer_of(variable.indices[-1]) < lowest:
                    renamed.setdefault(variable, f"parameter {variable.base} below")
            if isinstance(node, NeuronIndex):
                renamed.setdefault(node, f"n{len(renamed)}@{node.layer}")
            if node in renamed:
                return renamed[node]
            return (node.func, tuple(shape(arg) for arg in node.args)) if node.args else node

        return rule, shape(left), shape(right)


def lowest_layer(model, left, right) -> int:
    """The lowest layer whose signals (e, s) appear on either side."""
    return min((model.layer_of(node.indices[1]) for side in (left, right) for node in side.atoms(Indexed)
                if node.base in (E, S)), default=0)
