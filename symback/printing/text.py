"""Plain text for derivation expressions (the CLI's default output and JSON ``expression``)."""

from __future__ import annotations

from sympy import Indexed, Symbol
from sympy.printing.str import StrPrinter

from ..model import OBS
from ..notation import Namer
from .named import NamedSymbols


class TextPrinter(NamedSymbols, StrPrinter):
    """SymPy's str printer with the notation's plain-text names (w_{1,4}, Theta_{F}, ...)."""

    style = "text"
    # Indexed defines _sympystr, which would win over _print_Indexed.
    printmethod = "_symback_text"

    def _print_Partial(self, expr):
        """d(X)/d(p): a derivative not yet taken, one link of a chain."""
        quantity, wrt = expr.args
        if isinstance(quantity, (Indexed, Symbol)):
            return f"d{self._print(quantity)}/d{self._print(wrt)}"
        return f"d({self._print(quantity)})/d{self._print(wrt)}"

    def _print_ActivationBase(self, expr):
        return f"{self.namer.activation(expr.layer, expr.prime, 'text')}({self._print(expr.args[0])})"

    def _print_KroneckerDelta(self, expr):
        a, b = (self._index(arg) for arg in expr.args)
        return f"[{a} = {b}]"

    def _print_Sum(self, expr):
        """Handout notation in plain text: sum_i over the observations, sum_{m=6..8} over a
        layer with the notation's bounds; the body in parentheses when it is a sum itself."""
        heads = []
        for variable, first, last in reversed(expr.limits):
            if variable == OBS:
                heads.append(f"sum_{self._print(variable)}")
            else:
                heads.append(f"sum_{{{variable.name}={self.namer.bound(variable.layer, 'first')}.."
                             f"{self.namer.bound(variable.layer, 'last')}}}")
        body = self._print(expr.function)
        if expr.function.is_Add:
            body = f"({body})"
        return " ".join(heads) + " " + body



def text(expr, namer: Namer) -> str:
    """Plain text of one derivation expression."""
    return TextPrinter(namer).doprint(expr)
