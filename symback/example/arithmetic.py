"""A derived formula printed three ways: in symbols, with the numbers substituted (g'(0.4)
still shown as a function of its argument), and as plain arithmetic (g'(0.4) replaced by its
value). The printer is the report's LaTeX printer, so factors keep the handout's order; only
symbols, sums over observations and neurons, and functions print differently.
"""

from __future__ import annotations

import re

import sympy

from ..model import N_OBS, OBS, ActivationBase
from ..notation import Namer
from ..printing.latex import LatexPrinter
from .evaluate import Values, activation_value, evaluate
from .numbers import number_latex, operand_latex

SYMBOLS, OPERANDS, NUMBERS = "symbols", "operands", "numbers"
WIDTH = 64  # visible characters of math per displayed row


class NumberPrinter(LatexPrinter):
    """LaTeX of a derivation expression at one iteration's numbers.

    Args:
        namer: spells symbols (SYMBOLS mode) with the observation's number.
        values: the iteration's numbers.
        observation: the observation i stands for (None inside a Σ over observations).
        digits: significant digits of every printed number.
        mode: SYMBOLS, OPERANDS or NUMBERS.
    """

    def __init__(self, namer: Namer, values: Values, observation: int | None, digits: int, mode: str):
        super().__init__(namer, mul_symbol=None if mode == SYMBOLS else "dot")
        self.values, self.observation, self.digits, self.mode = values, observation, digits, mode

    def _value(self, expr):
        return evaluate(expr, self.values, {OBS: self.observation} if self.observation else {})

    def _number(self, value) -> str:
        return operand_latex(value, self.digits)

    def _print_Indexed(self, expr):
        """A symbol: its name with the observation's number, or its value."""
        if self.mode == SYMBOLS:
            return self.namer.spell(expr, "latex", observation=str(self.observation or "i"))
        return self._number(self._value(expr))

    def doprint(self, expr):
        self._top = expr
        return super().doprint(expr)

    def _print_Sum(self, expr):
        """Σ written out term by term (over observations too) once numbers are shown; in
        parentheses unless it is the whole expression (then a row may break between terms)."""
        if self.mode == SYMBOLS:
            return super()._print_Sum(expr)
        terms = self._terms(expr.function, list(expr.limits))
        # A term that prints its own minus sign joins with it: "a - b", not "a + - b".
        text = terms[0] + "".join(f" {t}" if t.startswith("-") else f" + {t}" for t in terms[1:])
        # \bigl( \bigr) rather than \left( \right): a display row may break inside them.
        return text if expr is self._top else rf"\bigl({text}\bigr)"

    def _needs_mul_brackets(self, expr, first=False, last=False):
        """A written-out Σ brings its own parentheses."""
        if self.mode != SYMBOLS and isinstance(expr, sympy.Sum):
            return False
        return super()._needs_mul_brackets(expr, first, last)

    def _terms(self, body, limits) -> list[str]:
        if not limits:
            text = self._print(body)
            return [rf"\left({text}\right)" if isinstance(body, sympy.Add) else text]
        (variable, first, last), rest = limits[0], limits[1:]
        last = self.values.n if last == N_OBS else int(last)
        terms = []
        for value in range(int(first), last + 1):
            if variable == OBS:
                saved, self.observation = self.observation, value
                terms += self._terms(body, rest)
                self.observation = saved
            else:
                terms += self._terms(body.xreplace({variable: sympy.Integer(value)}), rest)
        return terms

    def _print_Symbol(self, expr, *args, **kwargs):
        """n is the number of observations."""
        if expr == N_OBS and self.mode != SYMBOLS:
            return str(self.values.n)
        return super()._print_Symbol(expr, *args, **kwargs)

    def _print_ActivationBase(self, expr):
        if self.mode == NUMBERS:
            argument = self._value(expr.args[0])
            return self._number(activation_value(self.model, expr.layer, expr.prime, argument))
        if self.mode == OPERANDS and isinstance(expr.args[0], sympy.Indexed):
            name = self.namer.activation(expr.layer, expr.prime, "latex")
            return rf"{name}\left({number_latex(self._value(expr.args[0]), self.digits)}\right)"
        return super()._print_ActivationBase(expr)

    def _print_exp(self, expr, exp=None):
        if self.mode == NUMBERS:
            return self._power(self._number(self._value(expr)), exp)
        if self.mode == OPERANDS and isinstance(expr.args[0], sympy.Indexed):
            return self._power(rf"\exp\left({number_latex(self._value(expr.args[0]), self.digits)}\right)", exp)
        return super()._print_exp(expr, exp)

    def _print_log(self, expr, exp=None):
        if self.mode == NUMBERS:
            return self._power(self._number(self._value(expr)), exp)
        return rf"\log\left({self._print(expr.args[0])}\right)" + (f"^{{{exp}}}" if exp else "")

    @staticmethod
    def _power(text: str, exp) -> str:
        return text if exp is None else rf"\left({text}\right)^{{{exp}}}"


FUNCTIONS = (ActivationBase, sympy.exp, sympy.log)


def has_functions(expr) -> bool:
    """True when a NUMBERS row says more than the OPERANDS row and the value: the
    expression applies a function somewhere below its top."""
    return not isinstance(expr, FUNCTIONS) and any(isinstance(node, FUNCTIONS) for node in sympy.preorder_traversal(expr))


def rows(expr, namer: Namer, values: Values, observation: int | None, digits: int) -> list[str]:
    """The formula, the numbers substituted, and (when it has functions) plain arithmetic."""
    printed = [NumberPrinter(namer, values, observation, digits, mode).doprint(expr)
               for mode in (SYMBOLS, OPERANDS) + ((NUMBERS,) if has_functions(expr) else ())]
    return list(dict.fromkeys(printed))


def visible_width(latex: str) -> int:
    """Roughly how many characters a row of math takes on the page."""
    text = re.sub(r"\\(left|right)|\\(cdot|hat|varepsilon|Theta|delta|alpha|sigma|exp|log)", "x", latex)
    return len(re.sub(r"[{}]|\\[a-zA-Z]+|_|\^", "", text))


def split_row(latex: str, width: int = WIDTH) -> list[str]:
    """A long row cut at + and - signs outside braces and \\left( \\right) (inside
    \\bigl( \\bigr) is allowed) into lines of about ``width`` characters."""
    cuts, depth, index = [0], 0, 0
    while index < len(latex):
        if latex.startswith(r"\left", index) or latex[index] == "{":
            depth += 1
        elif latex.startswith(r"\right", index) or latex[index] == "}":
            depth -= 1
        elif depth == 0 and latex[index:index + 3] in (" + ", " - ") and index:
            cuts.append(index + 1)
        index += 1
    pieces = [latex[a:b].strip() for a, b in zip(cuts, cuts[1:] + [len(latex)])]
    lines: list[str] = []
    for piece in pieces:
        if lines and visible_width(lines[-1] + piece) <= width:
            lines[-1] += " " + piece
        else:
            lines.append(piece)
    return lines
