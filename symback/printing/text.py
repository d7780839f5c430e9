"""Plain text for derivation expressions (the CLI's default output and JSON ``expression``)."""

from __future__ import annotations

import sympy
from sympy.printing.str import StrPrinter

from ..model import OBS, Model, NeuronIndex
from ..notation import Namer
from .layout import ordered_factors, positive_first


class TextPrinter(StrPrinter):
    """SymPy's str printer with the notation's plain-text names (w_{1,4}, Theta_{F}, ...)."""

    # Indexed defines _sympystr, which would win over _print_Indexed below.
    printmethod = "_symback_text"

    def __init__(self, namer: Namer, **settings):
        settings.setdefault("order", "none")
        super().__init__(settings)
        self.namer = namer
        self.model: Model = namer.model

    def _print_Indexed(self, expr):
        """Every model symbol is an Indexed object; the Namer knows its spelling."""
        return self.namer.spell(expr, "text")

    def _print_Dummy(self, expr):
        """A free or summation index prints as its letter, without SymPy's underscore."""
        return expr.name

    _print_NeuronIndex = _print_Dummy

    def _print_Symbol(self, expr):
        if expr.name == "J":
            return self.namer.notation.objective.text
        if expr.name == "J_i":
            return self.namer.notation.objective_i.text
        return super()._print_Symbol(expr)

    def _print_Partial(self, expr):
        """d(X)/d(p): a derivative not yet taken, one link of a chain."""
        quantity, wrt = expr.args
        return f"d({self._print(quantity)})/d({self._print(wrt)})"

    def _print_ActivationBase(self, expr):
        return f"{self.namer.activation(expr.layer, expr.prime, 'text')}({self._print(expr.args[0])})"

    def _print_KroneckerDelta(self, expr):
        a, b = (self.namer.index(arg) if arg.is_Integer or isinstance(arg, NeuronIndex) else self._print(arg)
                for arg in expr.args)
        return f"[{a} = {b}]"

    def _print_Sum(self, expr):
        """Sum(body, (m, first, last)) with the notation's bounds."""
        limits = []
        for variable, first, last in expr.limits:
            if variable == OBS:
                limits.append(f"({self._print(variable)}, {self._print(first)}, {self._print(last)})")
            else:
                limits.append(f"({variable.name}, {self.namer.bound(variable.layer, 'first')}, "
                              f"{self.namer.bound(variable.layer, 'last')})")
        return f"Sum({self._print(expr.function)}, {', '.join(limits)})"

    def _print_Add(self, expr, order=None):
        """Positive terms first: (ŷ_i - y_i) as the handouts write it, not (-y_i + ŷ_i)."""
        return super()._print_Add(positive_first(expr), order="none")

    def _print_Mul(self, expr):
        """Factors in path order (output first), as handout 004 writes its products."""
        numerator, denominator = sympy.fraction(expr, exact=True)
        if denominator != 1:
            return super()._print_Mul(expr)
        return super()._print_Mul(sympy.Mul(*ordered_factors(self.model, expr), evaluate=False))


def text(expr, namer: Namer) -> str:
    """Plain text of one derivation expression."""
    return TextPrinter(namer).doprint(expr)
