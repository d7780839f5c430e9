"""Familiar mistakes as a table of mutations of the correct expression.

Each entry turns the correct expression into the wrong one a person writes by that mistake
(drop a g', take g' at s, drop a path of the sum over the next layer, ...). A wrong formula
is diagnosed by finding the first mutation of the correct formula that equals it at the
numeric points: the diagnosis is then a fact about values, not a guess about spelling.
"""

from __future__ import annotations

from typing import Callable, Iterator

import sympy
from sympy import Integer

from ...model import DELTA, E, N_OBS, OBS, S, W, X, Model
from ...notation import Namer
from ...printing import text as text_of
from ...printing.layout import expand_neuron_sums
from ..verdict import Diagnosis
from .activation_mistakes import ActivationMistakes
from .compare import Comparator, EvaluationError
from .penalty_mistakes import penalty_mistakes
from .subject import transposed_weight

MAX_MUTATIONS = 400
Mutation = tuple[Diagnosis, sympy.Expr]


class Mutator(ActivationMistakes):
    """The mutation table for one model; ``focus`` are the neurons the formula is about."""

    def __init__(self, model: Model, namer: Namer):
        self.model = model
        self.namer = namer
        self.n = N_OBS
        self.table: tuple[Callable[[sympy.Expr, tuple], Iterator[Mutation]], ...] = (
            self.sign, self.missing_gprime, self.gprime_at_s, self.extra_gprime,
            self.other_activation, self.wrong_derivative, self.missing_path, self.swapped_index,
            self.constant, self.gprime_elsewhere)

    def text(self, expr) -> str:
        """A short plain-text label of an expression (for diagnoses)."""
        try:
            return text_of(expr, self.namer)
        except Exception:  # noqa: BLE001 - a label that cannot be printed falls back to SymPy's
            return str(expr)

    def prepared(self, correct):
        """Neuron sums written out, and each derivative the Derivation writes in signals
        (s(1 − s), 1 − s², [e > 0]) as the g′ atom it stands for, which the rules mutate."""
        expr = expand_neuron_sums(correct)
        for rng in self.model.ranges[1:]:
            activation = self.model.activation(rng.index)
            if not activation.elementwise:
                continue
            for m in rng.numbers():
                e, s = E[OBS, Integer(m)], self.model.s(Integer(m))
                written = activation.derivative_in_signals(e, s)
                if written.free_symbols and (written.has(s) or written.has(e)):
                    expr = expr.subs(written, self.model.g_prime[rng.index](e))
        return expr

    # -- the table ------------------------------------------------------------------------
    def sign(self, expr, focus):
        """−C: a wrong sign (y − ŷ for ŷ − y)."""
        yield Diagnosis("wrong_sign"), -expr

    def constant(self, expr, focus):
        """C times 2, ½, 1/n, n, 2/n or n/2: ½ versus a mean, a forgotten 1/n."""
        n = self.n
        yield Diagnosis("missing_mean"), expr * n
        yield Diagnosis("extra_mean"), expr / n
        for factor, label in ((2, "2"), (sympy.Rational(1, 2), "1/2"), (2 / n, "2/n"), (n / 2, "n/2")):
            yield Diagnosis("constant_factor", (("factor", label),)), expr * factor

    def missing_path(self, expr, focus):
        """A term dropped from a sum (a path over the next layer), or a factor from a product."""
        for node in sympy.preorder_traversal(expr):
            if isinstance(node, sympy.Add) and len(node.args) > 1:
                for term in node.args:
                    has_weight = any(a.base == W for a in term.atoms(sympy.Indexed))
                    key = "missing_path" if has_weight else "missing_term"
                    yield Diagnosis(key, (("term", self.text(term)),)), expr.xreplace({node: node - term})
            if isinstance(node, sympy.Mul):
                for factor in node.args:
                    if isinstance(factor, sympy.Indexed):
                        rest = sympy.Mul(*[f for f in node.args if f is not factor])
                        key, field = ("missing_weight", "weight") if factor.base == W else ("missing_factor", "factor")
                        yield Diagnosis(key, ((field, self.text(factor)),)), expr.xreplace({node: rest})

    def swapped_index(self, expr, focus):
        """Transposed weights, or signals of the wrong one of the parameter's neurons."""
        atoms = sorted(expr.atoms(sympy.Indexed), key=sympy.default_sort_key)
        by_layer: dict[int, dict] = {}
        for atom in atoms:
            if atom.base == W:
                other = transposed_weight(self.model, atom, diagonal=atom)
                by_layer.setdefault(self.model.layer_of(atom.indices[1]), {})[atom] = other
        for layer, mapping in sorted(by_layer.items()):
            if any(k != v for k, v in mapping.items()) and all(v is not None for v in mapping.values()):
                yield Diagnosis("transposed_weights", (("layer", str(layer)),)), expr.xreplace(mapping)
        for atom in atoms:
            if atom.base == W:
                other = self._transposed(atom)
                if other is not None:
                    yield Diagnosis("swapped_index", (("symbol", self.text(atom)), ("written", self.text(other)))), \
                        expr.xreplace({atom: other})
        for atom in atoms:
            if atom.base in (S, E, X, DELTA) and len(focus) > 1 and int(atom.indices[1]) in focus:
                for value in focus:
                    if value != int(atom.indices[1]):
                        other = self._signal(atom, value)
                        if other is not None:
                            yield Diagnosis("swapped_index", (("symbol", self.text(atom)),
                                                              ("written", self.text(other)))), \
                                expr.xreplace({atom: other})
        if len(focus) == 2:
            swap = {}
            for atom in atoms:
                if atom.base in (S, E, X, DELTA) and int(atom.indices[1]) in focus:
                    other = self._signal(atom, focus[1] if int(atom.indices[1]) == focus[0] else focus[0])
                    if other is not None:
                        swap[atom] = other
            if swap:
                first, second = (self.namer.index(Integer(n)) for n in focus)
                yield Diagnosis("swapped_index", (("symbol", f"({first}, {second})"),
                                                  ("written", f"({second}, {first})"))), expr.xreplace(swap)

    # -- helpers -------------------------------------------------------------------------
    def _transposed(self, weight):
        return transposed_weight(self.model, weight)

    def _signal(self, atom, value):
        layer = self.model.layer_of(value)
        if atom.base in (E, DELTA) and layer < 1:
            return None
        if atom.base in (S, X):
            return self.model.s(Integer(value))
        return atom.base[OBS, Integer(value)]


def diagnose(comparator: Comparator, mutator: Mutator, forms, wrong, focus: tuple,
             subject=None) -> Diagnosis | None:
    """The first familiar mistake that turns a correct form into something equal to ``wrong``
    (``subject``: what the formula is about, ∂J/∂p for the penalty's mistakes)."""
    for count, (diagnosis, mutated) in enumerate(_mutations(mutator, forms, focus, subject)):
        if count >= MAX_MUTATIONS:
            return None
        try:
            if comparator.numeric_equal(mutated, wrong):
                return diagnosis
        except EvaluationError:
            continue
    return None


def _mutations(mutator: Mutator, forms, focus: tuple, subject) -> Iterator[Mutation]:
    """The penalty's mistakes first (a dropped λ w would otherwise read as a missing path),
    then the table's rules on every correct form."""
    prepared = [mutator.prepared(correct) for correct in forms]
    yield from penalty_mistakes(mutator.model, mutator.text, subject, prepared[0])
    for rule in mutator.table:
        for correct in prepared:
            yield from rule(correct, focus)
