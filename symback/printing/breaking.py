"""Long display math broken into lines that fit the page (the reports' printer).

A line is broken at the terms of a sum or between the factors of a product:
``A (t1 + t2 + t3) B`` becomes ``A \\left( t1 \\right.`` / ``\\left. + t2 \\right.`` /
``\\left. + t3 \\right) B``, so every line keeps its delimiters balanced (TeX and MathJax both
need that). Fractions and single symbols never break.
"""

from __future__ import annotations

import re

import sympy
from sympy.printing.latex import LatexPrinter as SympyLatexPrinter

from ..model import ActivationBase, Partial
from ..notation import Namer
from .latex import LatexPrinter
from .layout import ordered_factors, positive_first, visual_width

LINE_WIDTH = 52.0  # in "characters" of display math (see visual_width), on a 16 cm text width
# A display's room, in the same units (about 6.5 pt each): the 16 cm text width less the
# indent of left-aligned displays (fleqn), with a margin for the estimate's error.
DISPLAY_WIDTH = 61.0
RELATION_WIDTH = 2.5     # " = " between the columns
CONTINUATION_INDENT = 2.5  # \quad: continuation lines sit under the right-hand side, indented
TAG_GAP = 2.5            # least room between an equation and its rule name
TAG_LETTER = 0.62        # one letter of a rule name (footnotesize italic)
ORPHAN_SLACK = 4.0  # how far a line may run over LINE_WIDTH rather than leave a tiny last line


def _nested_activation(expr) -> bool:
    """g(...) applied to an expression rather than to a signal (the nested prediction)."""
    return any(isinstance(f, ActivationBase) and not isinstance(f.args[0], sympy.Indexed) for f in expr.args)


def ordered(model, expr: sympy.Mul) -> list:
    """Factors in the core's path order; SymPy's order where that order is undefined."""
    return list(expr.args) if _nested_activation(expr) else ordered_factors(model, expr)


class BreakingPrinter(LatexPrinter):
    """The core printer, keeping SymPy's factor order inside a nested prediction."""

    def _print_Mul(self, expr):
        """The path order needs signals as activation arguments; nested g(...) keeps SymPy's."""
        if _nested_activation(expr):
            return SympyLatexPrinter._print_Mul(self, expr)
        return super()._print_Mul(expr)


PRODUCT_LEAD = r"\cdot "  # a product broken between factors: the continuation starts with ·


def _led(split, lead: str):
    """A splitter whose first piece starts with ``lead``."""
    if not lead:
        return split

    def led(room, width):
        pieces = split(room - visual_width(lead), width)
        return pieces if not pieces[0] else [lead + pieces[0], *pieces[1:]]
    return led


_OPENERS = re.compile(r"^(?:\\left\.\s*)*")
_CLOSERS = re.compile(r"(?:\s*\\right\.)*$")


def _only_closing(line: str) -> bool:
    """A line with nothing but closing delimiters (``\\left.\\right)\\right)``)."""
    rest = re.sub(r"\\left\.|\\right[.)\]]|\\right\\\}|[\s)\]]", "", line)
    return not rest


def _joined(before: str, after: str) -> str | None:
    """Two consecutive lines as one: the ``\\right.`` closing the first and the ``\\left.``
    reopening the second cancel; None when they do not pair up."""
    closers = _CLOSERS.search(before).group(0).count(r"\right.")
    openers = _OPENERS.match(after).group(0).count(r"\left.")
    if closers != openers:
        return None
    after = _OPENERS.sub("", after)
    after = after[len(PRODUCT_LEAD):] if after.startswith(PRODUCT_LEAD) else after  # · only begins a line
    return f"{_CLOSERS.sub('', before)} {after}".strip()


def continuation(line: str) -> str:
    """A continuation line with its leading + − · moved before the ``\\left.`` that reopen
    its brackets: inside them TeX would set it as a sign, outside it stays a binary operator
    (the aligned column starts with an empty atom), and it is the first thing on the line."""
    opened = _OPENERS.match(line).group(0)
    rest = line[len(opened):]
    operator = re.match(r"(\+|-|\\cdot)\s*", rest)
    if not opened or operator is None:
        return line
    return f"{operator.group(1)} {opened}{rest[operator.end():]}"


# -- line breaking ------------------------------------------------------------------------------
class Breaker:
    """Prints an expression as one line, or as several when it is wider than the page."""

    def __init__(self, namer: Namer, width: float = LINE_WIDTH):
        self.printer = BreakingPrinter(namer)
        self.model = namer.model
        self.width = width

    def latex(self, expr) -> str:
        return self.printer.doprint(expr)

    def lines(self, expr, width: float | None = None, first: float | None = None) -> list[str]:
        """The LaTeX of ``expr`` in lines: the first no wider than ``first``, the others (which
        start at the left margin of the display) no wider than ``width``. Breaks happen at the
        outermost sum or product that allows one; fractions and symbols never break."""
        width = self.width if width is None else width
        first = width if first is None else first
        whole = self.latex(expr)
        if visual_width(whole) <= first:
            return [whole]
        parts = self._parts(expr)
        if parts is not None:
            prefix, inner, suffix, wrap = parts
            extra = 1.5 if wrap else 0.0
            inner_first = first - visual_width(prefix) - extra
            alone = inner_first < width / 4  # too little room: the prefix gets its own line
            if alone:
                inner_first = width - extra - (visual_width(PRODUCT_LEAD) if isinstance(expr, sympy.Mul) else 0)
            if isinstance(inner, list):
                inner_lines = self._pack(inner, width - extra, inner_first)
            else:
                inner_lines = self.lines(inner, width - extra, inner_first)
            if alone and not isinstance(expr, sympy.Mul) and first < width:
                # Σ, ∂/∂p or g' alone at a line's end reads badly: start the whole on a new line
                return ["", *self.lines(expr, width, width)]
            if not inner_lines[0]:  # the inner part starts on a new line
                if not isinstance(expr, sympy.Mul) or not prefix.strip():
                    return ["", *self.lines(expr, width, width)] if first < width else inner_lines
                return [prefix.rstrip(), *self._join("", [PRODUCT_LEAD + inner_lines[1], *inner_lines[2:]],
                                                     suffix, False)]
            if len(inner_lines) > 1 or alone:
                if alone and isinstance(expr, sympy.Mul) and prefix.strip():
                    # the factors before the long one leave it too little room: the product
                    # flows factor by factor, each line after the first starting with ·
                    if sympy.fraction(expr, exact=True)[1] == 1:
                        return self._pack_factors(ordered(self.model, expr), width, first)
                    rest = self._join("", inner_lines, suffix, wrap)
                    return [prefix.rstrip(), PRODUCT_LEAD + rest[0], *rest[1:]]
                return self._join(prefix, inner_lines, suffix, wrap, alone)
        if isinstance(expr, sympy.Mul) and sympy.fraction(expr, exact=True)[1] == 1:
            return self._pack_factors(ordered(self.model, expr), width, first)
        return [whole]

    def display_lines(self, expr, width: float | None = None, first: float | None = None) -> list[str]:
        """``lines`` made fit for a display: no line of closing brackets only and no tiny last
        line (both joined to the line before), and every continuation line starting with its
        operator (see ``continuation``)."""
        width = self.width if width is None else width
        lines = [line for line in self.lines(expr, width, first) if line]
        while len(lines) > 1 and (_only_closing(lines[-1]) or (
                visual_width(lines[-1]) < width / 6 and visual_width(lines[-2] + lines[-1]) <= width + ORPHAN_SLACK)):
            joined = _joined(lines[-2], lines[-1])
            if joined is None:
                break
            lines[-2:] = [joined]
        for number, line in enumerate(lines[1:], start=1):
            if _only_closing(line) and (joined := _joined(lines[number - 1], line)) is not None:
                lines[number - 1], lines[number] = joined, ""
        lines = [line for line in lines if line]
        return [lines[0], *(continuation(line) for line in lines[1:])]

    def _pack_factors(self, factors, width, first) -> list[str]:
        """A product broken between its factors; a Σ that is not the last factor keeps its
        parentheses (as the printer writes it), a factor too wide alone is broken itself."""
        items = []
        for position, factor in enumerate(factors):
            wrap = isinstance(factor, sympy.Add) or (isinstance(factor, sympy.Sum) and position < len(factors) - 1)
            items.append(self._item(factor, "", wrap))
        return self._flow(items, width, first, PRODUCT_LEAD)

    def _item(self, expr, sign: str, wrap: bool):
        """(whole text, splitter(room, width) -> lines) of one term or factor."""
        whole = self.latex(expr)
        whole = sign + (rf"\left({whole}\right)" if wrap else whole)

        def split(room, width):
            extra = visual_width(sign) + (1.5 if wrap else 0.0)
            pieces = self.lines(expr, width - extra, room - extra)
            if not pieces[0] and room < width:
                return ["", *split(width, width)]  # a fresh line gives it the whole width
            pieces = pieces if pieces[0] else pieces[1:] or [whole]  # wider than any line: as it is
            if wrap:
                pieces = self._join("", pieces, "", True) if len(pieces) > 1 else [rf"\left({pieces[0]}\right)"]
            return [sign + pieces[0], *pieces[1:]]
        return whole, split

    @staticmethod
    def _flow(items, width, first, lead: str = "") -> list[str]:
        """Items laid out like words: as many per line as fit (the first line is ``first``
        wide, the others ``width``); an item wider than a line is split by its splitter.
        An item that starts a line after the first gets ``lead`` (a product's ``\\cdot``)
        in front, so every continuation line starts with its operator."""
        lines: list[str] = []
        current = ""
        for whole, split in items:
            limit = first if not lines else width
            candidate = f"{current} {whole}".strip()
            if visual_width(candidate) <= limit and (current or not lines):
                current = candidate
                continue
            if lines and not current:
                whole, split = lead + whole, _led(split, lead)
                if visual_width(whole) <= width:
                    current = whole
                    continue
            elif current and visual_width(lead + whole) <= width:
                lines.append(current)
                current = lead + whole
                continue
            room = limit - visual_width(current) - 1 if current else limit
            if current and room < width / 4:
                lines.append(current)
                current, room = "", width
                whole, split = lead + whole, _led(split, lead)
            pieces = split(room, width)
            if not pieces[0]:  # the item starts on a line of its own
                if current:
                    lines.append(current)
                current = ""
                pieces = [pieces[1] if pieces[1].startswith(lead) else lead + pieces[1], *pieces[2:]]
            if len(pieces) > 1 and visual_width(pieces[-1]) < width / 6 \
                    and visual_width(candidate) <= limit + ORPHAN_SLACK:
                pieces = [whole]  # a few characters over beat an orphan like "+ Θ_j)"
            lines.append(f"{current} {pieces[0]}".strip())
            lines += pieces[1:-1]
            current = pieces[-1] if len(pieces) > 1 else ""
            if len(pieces) == 1:
                current = lines.pop()
        if current:
            lines.append(current)
        return lines

    @staticmethod
    def _join(prefix, inner_lines, suffix, wrap, alone=False) -> list[str]:
        """Prefix, broken inner part and suffix as balanced lines (parentheses if ``wrap``)."""
        if alone:
            head = prefix + (r"\left(\right." if wrap else "")
            if wrap:
                inner_lines = ([r"\left." + line + r"\right." for line in inner_lines[:-1]]
                               + [r"\left." + inner_lines[-1] + r"\right)"])
            return [head.rstrip(), *inner_lines[:-1], inner_lines[-1] + suffix]
        if len(inner_lines) == 1:
            inner = rf"\left({inner_lines[0]}\right)" if wrap else inner_lines[0]
            return [prefix + inner + suffix]
        if not wrap:
            return [prefix + inner_lines[0], *inner_lines[1:-1], inner_lines[-1] + suffix]
        out = [prefix + r"\left(" + inner_lines[0] + r"\right."]
        out += [r"\left." + line + r"\right." for line in inner_lines[1:-1]]
        out.append(r"\left." + inner_lines[-1] + r"\right)" + suffix)
        return out

    def _parts(self, expr):
        """(prefix, inner expression or list of terms, suffix, wrap in parentheses) or None."""
        if isinstance(expr, sympy.Add):
            return "", list(positive_first(expr).args), "", False
        if isinstance(expr, sympy.Sum):
            body = expr.function
            return self._sum_heads(expr) + " ", body, "", isinstance(body, sympy.Add) or body.could_extract_minus_sign()
        if isinstance(expr, sympy.Mul):
            plain = sympy.fraction(expr, exact=True)[1] == 1 and not any(
                f.is_Number and f < 0 for f in expr.args)
            return self._mul_parts(expr) if plain else self._fraction_parts(expr)
        if isinstance(expr, Partial) and isinstance(expr.args[0], sympy.Add):
            head = rf"\frac{{\partial}}{{\partial {self.latex(expr.args[1])}}} "
            return head, list(positive_first(expr.args[0]).args), "", True
        if isinstance(expr, ActivationBase):
            return self.printer.namer.activation(expr.layer, expr.prime, "latex"), expr.args[0], "", True
        return None

    def _sum_heads(self, expr) -> str:
        """The Σ signs of a sum, as the core printer writes them (innermost limit last)."""
        printer = self.printer
        return " ".join(rf"\sum_{{{printer._print(variable)}={printer._bound(variable, first, 'first')}}}"
                        rf"^{{{printer._bound(variable, last, 'last')}}}"
                        for variable, first, last in reversed(expr.limits))

    def _mul_parts(self, expr):
        factors = ordered(self.model, expr)
        widest = max(range(len(factors)), key=lambda n: visual_width(self.latex(factors[n])))
        target = factors[widest]
        if not isinstance(target, (sympy.Add, sympy.Sum, Partial)) and not target.args:
            return None
        before = " ".join(self._factor(f) for f in factors[:widest])
        after = " ".join(self._factor(f) for f in factors[widest + 1:])
        prefix = before + " " if before else ""
        suffix = " " + after if after else ""
        if isinstance(target, sympy.Add):
            return prefix, list(positive_first(target).args), suffix, True
        return prefix, target, suffix, False

    def _fraction_parts(self, expr):
        """-y/(n ŷ) · (long sum): the coefficient printed first, the long factor broken."""
        candidates = [f for f in expr.args if isinstance(f, (sympy.Add, sympy.Sum, Partial))]
        if not candidates:
            return None
        target = max(candidates, key=lambda f: visual_width(self.latex(f)))
        rest = sympy.Mul(*[f for f in expr.args if f is not target])
        prefix = {1: "", -1: "- "}.get(rest, self.latex(rest) + " ")
        if isinstance(target, sympy.Add):
            return prefix, list(positive_first(target).args), "", True
        return prefix, target, "", False

    def _factor(self, factor) -> str:
        text = self.latex(factor)
        return rf"\left({text}\right)" if isinstance(factor, sympy.Add) else text

    def _pack(self, terms, width, first=None) -> list[str]:
        """Terms of a sum, as many per line as fit; a term too wide alone is broken itself."""
        items = []
        for position, term in enumerate(terms):
            negative = position > 0 and term.could_extract_minus_sign()
            sign = "" if position == 0 else ("- " if negative else "+ ")
            items.append(self._item(-term if negative else term, sign, False))
        return self._flow(items, width, width if first is None else first)
