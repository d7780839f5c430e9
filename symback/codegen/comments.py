"""Comments of generated code: the derivation's formulas in the handouts' plain-text notation.

``dJ/dTheta_F = sum_i eps_{i,F}`` rather than SymPy's ``d(J)/d(Theta_{F}) = Sum(eps_{i,F},
(i, 1, n))``; each block names the equation or handout step it implements; every line fits in
the generated file's width.
"""

from __future__ import annotations

import re
import textwrap

from sympy import Add, Integer

from ..derive import CANONICAL, DELTA_DEF, DELTA_RECURSION, Derivation
from ..model import OBS
from ..notation import Namer
from ..printing.text import TextPrinter
from .records import Block

WIDTH = 99  # longest line of the generated file
COMMENT_WIDTH = WIDTH - len("    # ")
EQUATIONS = {  # the equation or handout step each kind of statement implements
    "e": "handout 004 step 2 (forward computation); handout 000 eqs. 1-3",
    DELTA_DEF: "output error: handout 000 eqs. 15-16, loss derivative eqs. 7/9",
    CANONICAL: "handout 000 eq. 11: the output error collapses to (yhat - y)/n",
    DELTA_RECURSION: "handout 000 eq. 17; handout 004's sum over the next layer",
    "threshold": "handout 000 eqs. 20-21; handout 004's threshold updates",
    "weight": "handout 000 eqs. 18-19; handout 004's synaptic-weight updates",
}


class CommentPrinter(TextPrinter):
    """Plain handout notation: dJ/dw_{k,j}, sum_i, sum_{m=6..8}, products as juxtaposition."""

    def _print_Partial(self, expr):
        """dJ/dTheta_F: no parentheses around a name."""
        quantity, wrt = (self._print(arg) for arg in expr.args)
        wrap = lambda text: text if re.fullmatch(r"[\w{},^()']+", text) else f"({text})"
        return f"d{wrap(quantity)}/d{wrap(wrt)}"

    def _print_Sum(self, expr):
        """sum_i body over the observations, sum_{m=6..8} body over the neurons of a layer."""
        body = self._print(expr.function)
        body = f"({body})" if isinstance(expr.function, Add) else body
        for variable, first, last in reversed(expr.limits):
            if variable == OBS:
                body = f"sum_{self._print(variable)} {body}"
            else:
                bounds = f"{self.namer.bound(variable.layer, 'first')}..{self.namer.bound(variable.layer, 'last')}"
                body = f"sum_{{{variable.name}={bounds}}} {body}"
        return body


def plain(expr, namer: Namer) -> str:
    """One expression in comment notation: x^2 for powers, juxtaposition for products, and
    single subscripts without braces (Theta_F, yhat_i)."""
    text = CommentPrinter(namer).doprint(expr).replace("**", "^")
    text = re.sub(r"(?<=[\w)}'])\*(?=[\w(])", " ", text)
    return re.sub(r"_\{(\w+)\}", r"_\1", text)


def wrap(lines) -> tuple[str, ...]:
    """Comment lines no wider than COMMENT_WIDTH, continued lines indented."""
    return tuple(part for line in lines for part in textwrap.wrap(
        line, COMMENT_WIDTH, subsequent_indent="    ", break_long_words=False, break_on_hyphens=False))


def block(comment, lines) -> Block:
    """A Block with its comment wrapped to the file's width and its statements too."""
    return Block(wrap(comment), statements(lines))


def statements(lines, indent: int = 4) -> tuple[str, ...]:
    """Statements (inside a function: ``indent``) each split to fit the file's width."""
    return tuple(part for line in lines for part in wrap_code(line, WIDTH - indent))


def wrap_code(line: str, width: int) -> list[str]:
    """A statement split inside its brackets (after ", ", before " + " and " - ") to fit."""
    if len(line) <= width:
        return [line]
    lhs, sep, rhs = line.partition(" = ")
    if sep and ", " in lhs and not lhs.startswith("("):  # unpacking many names
        lhs = f"({lhs})"
    if sep and not re.match(r"[\w.]*[(\[]", rhs):
        rhs = f"({rhs})"
    line = f"{lhs}{sep}{rhs}"
    lines, current = [], ""
    for piece in _pieces(line):
        if current.strip() and len(current) + len(piece.rstrip()) > width - (4 if lines else 0):
            lines.append(current.rstrip())
            current = piece.lstrip()
        else:
            current += piece
    lines.append(current)
    return [lines[0]] + ["    " + line for line in lines[1:]]


def _pieces(line: str) -> list[str]:
    """The statement cut where a line may break: inside brackets, between terms or arguments."""
    pieces, depth, start, quote = [], 0, 0, None
    for position, char in enumerate(line):
        if quote or char in "'\"":
            quote = None if char == quote else quote or char
            continue
        depth += (char in "([") - (char in ")]")
        if depth and line.startswith(", ", position):
            pieces.append(line[start:position + 2])
            start = position + 2
        elif depth and (line.startswith(" + ", position) or line.startswith(" - ", position)):
            pieces.append(line[start:position + 1])
            start = position + 1
    return pieces + [line[start:]]


class Comments:
    """The comment of each kind of block, for one derivation in one notation."""

    def __init__(self, derivation: Derivation, namer: Namer):
        self.derivation, self.model, self.namer = derivation, derivation.model, namer

    def text(self, expr) -> str:
        return plain(expr, self.namer)

    def title(self, layer: int) -> str:
        rng, index = self.model.ranges[layer], self.namer.index
        where = "output layer" if layer == self.model.depth else f"hidden layer {layer}"
        first, last = index(Integer(rng.first)), index(Integer(rng.last))
        neurons = f"neuron {first}" if rng.size == 1 else f"neurons {first}..{last}"
        return f"layer {layer} ({where}): {rng.size} {self.model.activation(layer).name}, {neurons}"

    def network(self) -> tuple[str, ...]:
        inputs = self.derivation.arch.inputs
        return (f"inputs: {inputs} (neurons 1..{inputs})",) + tuple(
            self.title(layer) for layer in range(1, self.model.depth + 1))

    def objective(self) -> str:
        return self.text(self.model.objective())

    def forward(self, layer: int) -> tuple[str, ...]:
        j, model = self.model.index_for(layer, "j"), self.model
        e = f"{self.text(model.e(j))} = {self.text(model.e_definition(j))}"
        return (self.title(layer),) + cited(e, "e") + (f"{self.text(model.s(j))} = {self.text(model.s_definition(j))}",)

    def error(self, layer: int) -> tuple[str, ...]:
        chain = self.derivation.error_term(layer).chain
        return (self.title(layer),) + tuple(line for step in chain.steps for line in cited(
            f"{self.text(chain.lhs)} = {self.text(step.expr)}", step.rule))

    def gradient(self, group) -> tuple[str, ...]:
        return cited(f"{self.text(group.delta_chain.lhs)} = {self.text(group.delta_form)}", group.kind)


def cited(formula: str, kind) -> tuple[str, ...]:
    """The formula and, on the same line when it fits, the equation it implements."""
    reference = f"[{EQUATIONS[kind]}]"
    together = f"{formula}   {reference}"
    return (together,) if len(together) <= COMMENT_WIDTH else (formula, f"  {reference}")
