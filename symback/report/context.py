"""The Context every section builder writes through.

The Context lays out a chain of equalities and registers each ``=`` it displays with the
Ledger, so a display cannot show an equality the Ledger will not check.
"""

from __future__ import annotations

from typing import Iterable

import sympy

from ..derive import Derivation
from ..activations import Sigmoid
from ..model import ActivationBase, NeuronIndex
from ..rules import CANONICAL, SPECIFIC
from ..notation import Namer
from ..printing.breaking import (CONTINUATION_INDENT, DISPLAY_WIDTH, RELATION_WIDTH, TAG_GAP,
                                 TAG_LETTER, Breaker)
from ..printing.layout import distinct_indices, index_values, pull_constants, visual_width, written_chain
from .blocks import Block, Laid, Row, display, paragraph
from .ledger import Ledger
from .messages import Messages

MAX_STEP_LINES = 4  # a written-out step longer than this is shown with its sums instead


class Context:
    """What every section builder needs: the model, the words, the printers and the Ledger.

    Args:
        derivation: the derivation to report.
        lang: ``en`` or ``pt``.
        ledger: where displayed equalities are registered.
    """

    def __init__(self, derivation: Derivation, lang: str, ledger: Ledger):
        self.derivation = derivation
        self.model = derivation.model
        self.arch = derivation.arch
        self.notation = self.arch.notation
        self.neurons = self.notation == "neurons"
        self.m = Messages(lang, self.notation, self.arch.references)
        self.ledger = ledger
        self.namer = Namer(self.model, self.notation)
        self.plain = Breaker(self.namer)
        current = Namer(self.model, self.notation, iteration="0")
        self.current = Breaker(current)
        self.next_namer = Namer(self.model, self.notation, iteration="1")
        self.renamed: dict = {}
        self.defined: set[str] = set()

    def readable(self, expr):
        """``expr`` with index letters that would collide with a symbol's name replaced."""
        return distinct_indices(expr, self.renamed)

    def definitions(self, exprs) -> list[Block]:
        """A sentence defining each notation the expressions use for the first time in the
        document: the Iverson bracket [a = b], the step [e > 0], the logistic function σ."""
        blocks = []
        exprs = [sympy.sympify(expr) for expr in exprs]
        for key, kind in (("iverson", sympy.KroneckerDelta), ("heaviside", sympy.Heaviside), ("logistic", Sigmoid)):
            if key not in self.defined and any(expr.has(kind) for expr in exprs):
                self.defined.add(key)
                blocks.append(paragraph(self.m(key, sigma=self.namer.notation.logistic.latex)))
        return blocks

    def note(self, rule: str | None, before) -> str:
        """The rule's name; the specific-derivative step names the activations it writes out
        (``derivative of tanh``), or stays general for more than two; the canonical step
        names the output and the loss it combines."""
        if not rule:
            return ""
        output = f"canonical_{self.arch.activations[-1]}"
        if rule == CANONICAL and self.m.has(output):
            return self.m(output)  # the output activation and the loss that combine
        if rule != SPECIFIC:
            return self.m.rule(rule)
        layers = sorted({node.layer for node in sympy.sympify(before).atoms(ActivationBase) if node.prime})
        names = list(dict.fromkeys(self.arch.activations[layer - 1] for layer in layers))
        if not names or len(names) > 2 or not all(self.m.has(f"act_{name}") for name in names):
            return self.m.rule(rule)  # several, or a user's own activation: the general name
        first, *second = (self.m(f"act_{name}") for name in names)
        return self.m("specific_two", first=first, second=second[0]) if second else self.m("specific_one", first=first)

    # -- indices ---------------------------------------------------------------------------
    def values_text(self, index: NeuronIndex) -> str:
        """``j = 6, 7, 8`` (or ``j = 1, 2, \\ldots, 128``) for a free index, in inline math."""
        values = ", ".join(index_values(self.namer, index, r"\ldots"))
        return f"${index.name} = {values}$"

    def ranges(self, indices: Iterable[NeuronIndex]) -> str:
        """``$k = 4, 5$ and $j = 6, 7, 8$``: the values each free index stands for."""
        ordered = sorted(set(indices), key=lambda index: (index.layer, index.name))
        return self.m("and").join(self.values_text(index) for index in ordered)

    def where(self, indices: Iterable[NeuronIndex]) -> str:
        indices = list(indices)
        return self.m("where", ranges=self.ranges(indices)) if indices else ""

    @staticmethod
    def free(expressions: Iterable) -> set[NeuronIndex]:
        found: set[NeuronIndex] = set()
        for expr in expressions:
            found |= {s for s in sympy.sympify(expr).free_symbols if isinstance(s, NeuronIndex)}
        return found

    # -- displays -------------------------------------------------------------------------
    def chain(self, what: str, lhs, steps, breaker: Breaker | None = None,
              declared: Iterable[NeuronIndex] = ()) -> "Laid":
        """A chain ``lhs = e1 = e2 = ...`` laid out one step per line, each ``=`` registered.

        Sums are written out when the whole chain stays short and readable that way (one
        decision per chain); otherwise every Σ stays, with constant factors taken out.

        Args:
            what: name of the chain in error messages.
            lhs: the left-hand side.
            steps: (expression, rule key or None) pairs.
            breaker: printer to use (default: current values, as handout 004 derives).
            declared: free indices already stated by the surrounding text.
        Returns:
            the blocks (a sentence for free indices not yet declared, then the display) and the
            expressions as displayed.
        """
        breaker = breaker or self.current
        plain = [self.readable(expr) for expr in [lhs] + [expr for expr, _ in steps]]
        exprs = written_chain(plain)
        rows = self._rows(breaker, exprs, steps)
        if exprs != plain and not self._readable(rows):
            exprs = [pull_constants(expr) for expr in plain]
            rows = self._rows(breaker, exprs, steps)
        rules = [rule for _, rule in steps]
        for number, (left, right) in enumerate(zip(exprs, exprs[1:]), start=1):
            self.ledger.claim(f"{what}, step {number}", left, right, rules[number - 1],
                              (plain[number - 1], plain[number]))
        return Laid(self._with_where(exprs, declared, display(rows)) + self.definitions(exprs), exprs)

    def _rows(self, breaker: Breaker, exprs, steps) -> list[Row]:
        rows: list[Row] = []
        left_text = breaker.latex(exprs[0])
        for number, ((_, rule), right) in enumerate(zip(steps, exprs[1:]), start=1):
            note = self.note(rule, exprs[number - 1])
            rows += step_rows(breaker, left_text if number == 1 else "", right, note,
                              left_width=visual_width(left_text))
        return rows

    @staticmethod
    def _readable(rows: list[Row]) -> bool:
        """No line wider than the page and no step longer than MAX_STEP_LINES lines."""
        steps, longest = 0, 0
        for row in rows:
            steps = 1 if row.relation else steps + 1
            longest = max(longest, steps)
            if visual_width(row.right) > DISPLAY_WIDTH:
                return False
        return longest <= MAX_STEP_LINES

    def _with_where(self, exprs, declared, block: Block) -> list[Block]:
        extra = self.free(exprs) - set(declared)
        if not extra:
            return [block]
        return [paragraph(self.m("where_sentence", ranges=self.ranges(extra))), block]

    def claim_rows(self, what: str, left_expr, right_expr, left: str, right: str,
                   note: str = "") -> Row:
        """A composed row (matrix form) whose equality is the scalar ``left_expr = right_expr``."""
        self.ledger.claim(what, self.readable(left_expr), self.readable(right_expr))
        return Row(left, "=", right, note)


def tag_width(note: str) -> float:
    """Room a rule name takes at the right of its line (with the gap before it)."""
    return TAG_GAP + TAG_LETTER * len(note) if note else 0.0


def step_rows(breaker: Breaker, left: str, right, note: str, relation: str = "=",
              left_width: float | None = None) -> list[Row]:
    """One step of a chain: the first line carries the relation and the rule name, the others
    are continuations under the right-hand side, indented, each starting with its operator.

    Args:
        left_width: width of the display's left column (default: ``left``'s own).
    """
    room = DISPLAY_WIDTH - RELATION_WIDTH - (visual_width(left) if left_width is None else left_width)
    rest = room - CONTINUATION_INDENT
    lines = breaker.display_lines(right, rest, room - tag_width(note))
    wide = breaker.display_lines(right, rest, room)
    # A long rule name would cut the first line short: when that costs a line, it goes on
    # the last line (TeX sets it under that line when it does not fit beside it).
    last = len(wide) < len(lines)
    lines = wide if last else lines
    notes = [""] * len(lines)
    notes[-1 if last else 0] = note
    below = last and visual_width(lines[-1]) + tag_width(note) > (room if len(lines) == 1 else rest)
    rows = [Row(left, relation, lines[0], notes[0], note_below=below and len(lines) == 1)]
    rows += [Row("", "", r"\quad " + line, note, joined=True, note_below=below and bool(note))
             for line, note in zip(lines[1:], notes[1:])]
    return rows
