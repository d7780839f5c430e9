"""Mistakes about the activation: a g′ dropped, doubled, taken at s, at another neuron or
layer, or written as the derivative of another activation of the table; and a wrong sign
said precisely (y − ŷ for ŷ − y, the learning rate added).

A mixin of the Mutator (diagnose.py): each rule yields (Diagnosis, mutated expression).
"""

from __future__ import annotations

import sympy
from sympy import Integer

from ...activations import ACTIVATIONS
from ...model import E, OBS, S, ActivationBase
from ..verdict import Diagnosis


class ActivationMistakes:
    """Rules on the g′ atoms of a correct expression (``self.model``, ``self.text`` from the Mutator)."""

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


def _elementwise_activations(other_than: str):
    """Every activation of the table with a derivative, except ``other_than``."""
    return [entry for name, entry in sorted(ACTIVATIONS.items())
            if entry.elementwise and entry.sympy_derivative is not None and name != other_than]


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
