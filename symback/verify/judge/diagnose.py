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

from ...activations import ACTIVATIONS
from ...model import DELTA, E, N_OBS, OBS, S, W, X, ActivationBase, Model
from ...notation import Namer
from ...printing import text as text_of
from ...printing.layout import expand_neuron_sums
from .compare import Comparator, EvaluationError
from .subject import transposed_weight
from ..verdict import Diagnosis

MAX_MUTATIONS = 400
Mutation = tuple[Diagnosis, sympy.Expr]


class Mutator:
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

    def mutations(self, correct, focus: tuple) -> Iterator[Mutation]:
        """Every (Diagnosis, mutated expression) of the table, in order."""
        correct = expand_neuron_sums(correct)
        for rule in self.table:
            yield from rule(correct, focus)

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

    def _primes_by_layer(self, expr) -> dict:
        by_layer: dict[int, list] = {}
        for atom in self._primes(expr):
            by_layer.setdefault(atom.layer, []).append(atom)
        return by_layer

    def _primes(self, expr):
        return sorted((a for a in expr.atoms(ActivationBase) if a.prime), key=sympy.default_sort_key)

    def missing_gprime(self, expr, focus):
        """C without one g′ factor (or without all of them)."""
        primes = self._primes(expr)
        for atom in primes:
            yield Diagnosis("missing_gprime", (("factor", self.text(atom)),)), expr.xreplace({atom: 1})
        if len(primes) > 1:
            yield Diagnosis("missing_gprime", (("factor", "every g'"),)), expr.xreplace({a: 1 for a in primes})

    def gprime_at_s(self, expr, focus):
        """g′(s) where g′(e) is due, one factor or all."""
        swaps = {}
        for atom in self._primes(expr):
            arg = atom.args[0]
            if isinstance(arg, sympy.Indexed) and arg.base == E:
                swaps[atom] = type(atom)(self.model.s(arg.indices[1]))
        for atom, wrong in swaps.items():
            yield Diagnosis("gprime_at_s", (("factor", self.text(atom)), ("written", self.text(wrong)))), \
                expr.xreplace({atom: wrong})
        if len(swaps) > 1:
            yield Diagnosis("gprime_at_s", (("factor", "every g'"), ("written", "g'(s)"))), expr.xreplace(swaps)

    def extra_gprime(self, expr, focus):
        """C times a g′ of a neuron on the path (or of the parameter's source)."""
        neurons = {int(a.indices[1]) for a in expr.atoms(sympy.Indexed) if a.base in (E, S)}
        neurons |= {int(n) for n in focus}
        for m in sorted(neurons):
            layer = self.model.layer_of(m)
            if layer < 1 or not self.model.activation(layer).elementwise:
                continue
            factor = self.model.g_prime[layer](E[OBS, Integer(m)])
            yield Diagnosis("extra_gprime", (("factor", self.text(factor)),)), expr * factor

    def wrong_derivative(self, expr, focus):
        """Every g′ of a layer written as another function of s = g(e)."""
        for layer, atoms in sorted(self._primes_by_layer(expr).items()):
            g = self.model.g[layer]
            for label, form in (("s(1+s)", lambda s: s * (1 + s)), ("s(1-s)", lambda s: s * (1 - s)),
                                ("1-s^2", lambda s: 1 - s ** 2), ("1+s^2", lambda s: 1 + s ** 2),
                                ("s", lambda s: s), ("1-s", lambda s: 1 - s), ("1", lambda s: Integer(1))):
                mapping = {atom: form(g(atom.args[0])) for atom in atoms}
                yield Diagnosis("wrong_derivative", (("layer", str(layer)), ("written", label))), \
                    expr.xreplace(mapping)

    def other_activation(self, expr, focus):
        """Another activation's derivative written for a layer's (tanh's 1 − s² for a sigmoid),
        or, at a softmax output, an elementwise derivative multiplied in (σ's s(1 − s))."""
        for layer, atoms in sorted(self._primes_by_layer(expr).items()):
            own = self.model.activation(layer)
            for other in _elementwise_activations(own.name):
                mapping = {atom: other.derivative_in_signals(atom.args[0], self.model.g[layer](atom.args[0]))
                           for atom in atoms}
                written = self.text(other.derivative_in_signals(atoms[0].args[0], self._s_of(atoms[0])))
                yield self._other(layer, other, own, written), expr.xreplace(mapping)
                # the other activation's own derivative at e, as 1 - tanh^2(e) in a sigmoid layer
                literal = {atom: other.sympy_derivative(atom.args[0]) for atom in atoms}
                written = self.text(other.sympy_derivative(atoms[0].args[0]))
                yield self._other(layer, other, own, written), expr.xreplace(literal)
        depth = self.model.depth
        if not self.model.activation(depth).elementwise:
            for o in self._outputs(expr, focus):
                for other in _elementwise_activations(""):
                    factor = other.derivative_in_signals(self.model.e(o), self.model.s(o))
                    yield self._other(depth, other, self.model.activation(depth), self.text(factor)), expr * factor

    def _other(self, layer, other, own, written) -> Diagnosis:
        return Diagnosis("wrong_activation_derivative", (("layer", str(layer)), ("activation", other.name),
                                                         ("actual", own.name), ("written", written)))

    def _s_of(self, atom):
        arg = atom.args[0]
        if isinstance(arg, sympy.Indexed) and arg.base == E:
            return self.model.s(arg.indices[1])
        return self.model.g[atom.layer](arg)

    def _outputs(self, expr, focus):
        """Output neurons an expression is about: those of its signals and of the focus."""
        outputs = set(self.model.outputs.numbers())
        found = {int(a.indices[-1]) for a in expr.atoms(sympy.Indexed) if len(a.indices) > 1
                 and a.indices[-1].is_Integer and int(a.indices[-1]) in outputs}
        found |= {int(n) for n in focus if int(n) in outputs}
        return [Integer(o) for o in sorted(found)]

    def gprime_elsewhere(self, expr, focus):
        """One g′ factor taken at another neuron, of this layer or another (g′(e_F) for g′(e_3))."""
        for atom in self._primes(expr):
            arg = atom.args[0]
            if not (isinstance(arg, sympy.Indexed) and arg.base == E):
                continue
            for rng in self.model.ranges[1:]:
                if not self.model.activation(rng.index).elementwise:
                    continue
                for m in rng.numbers():
                    if m != int(arg.indices[1]):
                        wrong = self.model.g_prime[rng.index](E[OBS, Integer(m)])
                        yield Diagnosis("gprime_wrong_neuron", (("factor", self.text(atom)),
                                                                ("written", self.text(wrong)))), \
                            expr.xreplace({atom: wrong})

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


def _elementwise_activations(other_than: str):
    """Every activation of the table with a derivative, except ``other_than``."""
    return [entry for name, entry in sorted(ACTIVATIONS.items())
            if entry.elementwise and entry.sympy_derivative is not None and name != other_than]


def diagnose(comparator: Comparator, mutator: Mutator, forms, wrong, focus: tuple) -> Diagnosis | None:
    """The first familiar mistake that turns a correct form into something equal to ``wrong``."""
    count = 0
    for rule in mutator.table:
        for correct in forms:
            for diagnosis, mutated in rule(expand_neuron_sums(correct), focus):
                count += 1
                if count > MAX_MUTATIONS:
                    return None
                try:
                    if comparator.numeric_equal(mutated, wrong):
                        return diagnosis
                except EvaluationError:
                    continue
    return None


def refine_sign(found: Diagnosis | None, wrong, model, update: bool) -> Diagnosis | None:
    """A wrong sign said more precisely: the learning rate added in an update rule, or y − ŷ
    written where ŷ − y is due."""
    if found is None or found.key != "wrong_sign":
        return found
    if update:
        return Diagnosis("update_rate_sign")
    for node in sympy.preorder_traversal(wrong):
        if isinstance(node, sympy.Add) and _target_minus_prediction(node, model):
            return Diagnosis("target_minus_prediction")
    return found


def _target_minus_prediction(add, model) -> bool:
    coefficients = add.as_coefficients_dict()
    for o in model.outputs.numbers():
        o = Integer(o)
        if coefficients.get(model.y(o)) == 1 and any(coefficients.get(p) == -1
                                                     for p in (model.yhat(o), model.s(o))):
            return True
    return False
