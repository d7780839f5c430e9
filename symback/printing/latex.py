"""LaTeX for derivation expressions, in either notation (reports, JSON, notebooks)."""

from __future__ import annotations

import sympy
from sympy.printing.latex import LatexPrinter as SympyLatexPrinter

from ..model import OBS
from ..notation import Namer
from .named import NamedSymbols


class LatexPrinter(NamedSymbols, SympyLatexPrinter):
    """SymPy's LaTeX printer with the model's symbols spelled by a Namer."""

    style = "latex"

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

    def _print_Pow(self, expr, *args, **kwargs):
        """w² of a symbol spelled with scripts (W^{(1)}_{1,1}) in parentheses: (W^{(1)}_{1,1})^{2}."""
        base, exponent = expr.args
        if isinstance(base, sympy.Indexed) and exponent.is_Integer and exponent > 1:
            return rf"\left({self._print(base)}\right)^{{{self._print(exponent)}}}"
        return super()._print_Pow(expr, *args, **kwargs)

    def _print_Derivative(self, expr):
        """d/dz (f): the function in parentheses unless it is the variable itself (the chain of
        a user's activation's derivative, report/activation.py)."""
        body = self._print(expr.expr)
        if not expr.expr.is_Symbol:
            body = rf"\left({body}\right)"
        return rf"\frac{{d}}{{d {self._print(expr.variables[0])}}} {body}"

    def _print_Softmax(self, expr):
        return rf"\operatorname{{softmax}}\left({self._print(expr.args[0])}\right)"

    def _print_KroneckerDelta(self, expr, exp=None):
        """Iverson bracket [o = q]: δ is the learning rate in handout 004's notation."""
        a, b = (self._index(arg) for arg in expr.args)
        return rf"\left[{a} = {b}\right]"

    def _print_Sum(self, expr):
        """Σ with the notation's bounds (neuron numbers, or positions in the layer)."""
        body = self._print(expr.function)
        if isinstance(expr.function, sympy.Add) or expr.function.could_extract_minus_sign():
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



def latex(expr, namer: Namer, **settings) -> str:
    """LaTeX of one derivation expression."""
    return LatexPrinter(namer, **settings).doprint(expr)
