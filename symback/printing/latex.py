"""LaTeX for derivation expressions, in either notation (reports, JSON, notebooks)."""

from __future__ import annotations

import sympy
from sympy.printing.latex import LatexPrinter as SympyLatexPrinter

from ..model import N_OBS, OBS, ActivationBase, Model, NeuronIndex, Partial, Softmax
from ..notation import Namer
from .layout import ordered_factors, positive_first


class LatexPrinter(SympyLatexPrinter):
    """SymPy's LaTeX printer with the model's symbols spelled by a Namer."""

    def __init__(self, namer: Namer, **settings):
        settings.setdefault("order", "none")
        super().__init__(settings)
        self.namer = namer
        self.model: Model = namer.model

    def _print_Indexed(self, expr):
        """Every model symbol is an Indexed object; the Namer knows its spelling."""
        return self.namer.spell(expr, "latex")

    def _print_Dummy(self, expr):
        """A free or summation index prints as its letter, without SymPy's underscore."""
        return expr.name

    _print_NeuronIndex = _print_Dummy

    def _print_Symbol(self, expr, style="plain"):
        """J and J_i follow the notation (J in handout 004, C in handout 000)."""
        if expr.name == "J":
            return self.namer.notation.objective.latex
        if expr.name == "J_i":
            return self.namer.notation.objective_i.latex
        return super()._print_Symbol(expr, style)

    def _print_Partial(self, expr):
        """∂X/∂p for a symbol X; ∂/∂p (X) for an expression, as the handouts write it."""
        quantity, wrt = expr.args
        bottom = self._print(wrt)
        if isinstance(quantity, (sympy.Indexed, sympy.Symbol)):
            return rf"\frac{{\partial {self._print(quantity)}}}{{\partial {bottom}}}"
        return rf"\frac{{\partial}}{{\partial {bottom}}} \left({self._print(quantity)}\right)"

    def _print_ActivationBase(self, expr):
        """g(e) and g'(e): the activation of one layer kept abstract."""
        name = self.namer.activation(expr.layer, expr.prime, "latex")
        return rf"{name}\left({self._print(expr.args[0])}\right)"

    def _print_exp(self, expr, exp=None):
        r"""\exp(e_{i,o}) rather than e^{e_{i,o}}: e is also the input signal in handout 004."""
        base = rf"\exp\left({self._print(expr.args[0])}\right)"
        return base if exp is None else rf"{base}^{{{exp}}}"

    def _print_Softmax(self, expr):
        return rf"\operatorname{{softmax}}\left({self._print(expr.args[0])}\right)"

    def _print_KroneckerDelta(self, expr, exp=None):
        """Iverson bracket [o = q]: δ is the learning rate in handout 004's notation."""
        a, b = (self._index(arg) for arg in expr.args)
        return rf"\left[{a} = {b}\right]"

    def _index(self, index) -> str:
        """A neuron index as the notation numbers it (F, a layer position, or a letter)."""
        return self.namer.index(index) if index.is_Integer or isinstance(index, NeuronIndex) else self._print(index)

    def _print_Sum(self, expr):
        """Σ with the notation's bounds (neuron numbers, or positions in the layer)."""
        body = self._print(expr.function)
        if isinstance(expr.function, sympy.Add):
            body = rf"\left({body}\right)"
        heads = []
        for variable, first, last in reversed(expr.limits):
            heads.append(rf"\sum_{{{self._print(variable)}={self._bound(variable, first, 'first')}}}"
                         rf"^{{{self._bound(variable, last, 'last')}}}")
        return " ".join(heads) + " " + body

    def _bound(self, variable, value, which):
        if variable == OBS:
            return self._print(value)
        return self.namer.bound(variable.layer, which)

    def _print_Add(self, expr, order=None):
        """Positive terms first: (ŷ_i - y_i) as the handouts write it, not (-y_i + ŷ_i)."""
        return super()._print_Add(positive_first(expr), order="none")

    def _print_Mul(self, expr):
        """Factors in path order (output first), as handout 004 writes its products."""
        numerator, denominator = sympy.fraction(expr, exact=True)
        if denominator != 1:
            return super()._print_Mul(expr)
        factors = ordered_factors(self.model, expr)
        return super()._print_Mul(sympy.Mul(*factors, evaluate=False))


def latex(expr, namer: Namer, **settings) -> str:
    """LaTeX of one derivation expression."""
    return LatexPrinter(namer, **settings).doprint(expr)
