"""What the LaTeX and text printers share: the Namer's spellings and the handout's order."""

from __future__ import annotations

import sympy

from ..model import Model, NeuronIndex
from ..notation import Namer
from .layout import ordered_factors, positive_first


class NamedSymbols:
    """Mixin for a SymPy printer: model symbols spelled by a Namer in ``style``."""

    style = "text"

    def __init__(self, namer: Namer, **settings):
        settings.setdefault("order", "none")
        super().__init__(settings)
        self.namer = namer
        self.model: Model = namer.model

    def _print_Indexed(self, expr):
        """Every model symbol is an Indexed object; the Namer knows its spelling."""
        return self.namer.spell(expr, self.style)

    def _print_Dummy(self, expr):
        """A free or summation index prints as its letter, without SymPy's underscore."""
        return expr.name

    _print_NeuronIndex = _print_Dummy

    def _print_Symbol(self, expr, *args, **kwargs):
        """J and J_i follow the notation (J in handout 004, C in handout 000)."""
        spelling = {"J": self.namer.notation.objective, "J_i": self.namer.notation.objective_i}.get(expr.name)
        if spelling is not None:
            return spelling.latex if self.style == "latex" else spelling.text
        return super()._print_Symbol(expr, *args, **kwargs)

    def _print_Heaviside(self, expr, exp=None):
        """The step H(e) with H(0) = 0 as the Iverson bracket [e > 0] (defined in the reports)."""
        inner = f"{self._print(expr.args[0])} > 0"
        return rf"\left[{inner}\right]" if self.style == "latex" else f"[{inner}]"

    def _print_Sigmoid(self, expr, exp=None):
        """σ(x) inside a derivative written out (softplus' = σ, silu' = σ (1 + x(1 - σ)))."""
        argument = self._print(expr.args[0])
        spelling = self.namer.notation.logistic
        text = (rf"{spelling.latex}\left({argument}\right)" if self.style == "latex"
                else f"{spelling.text}({argument})")
        return text if exp is None else rf"{text}^{{{exp}}}"

    def _index(self, index) -> str:
        """A neuron index as the notation numbers it (F, a layer position, or a letter)."""
        if index.is_Integer or isinstance(index, NeuronIndex):
            return self.namer.index(index)
        return self._print(index)

    def _print_Add(self, expr, order=None):
        """Positive terms first: (ŷ_i - y_i) as the handouts write it, not (-y_i + ŷ_i)."""
        return super()._print_Add(positive_first(expr), order="none")

    def _print_Mul(self, expr):
        """Factors in path order (output first), as handout 004 writes its products."""
        numerator, denominator = sympy.fraction(expr, exact=True)
        if denominator != 1:
            if self.style != "latex" or not isinstance(numerator, sympy.Mul):
                return super()._print_Mul(expr)
            if expr.could_extract_minus_sign():
                return "- " + self._print_Mul(-expr)
            # the numerator's factors in path order too, as the handouts write them
            return rf"\frac{{{self._print_Mul(numerator)}}}{{{super()._print_Mul(denominator)}}}"
        return super()._print_Mul(sympy.Mul(*ordered_factors(self.model, expr), evaluate=False))
