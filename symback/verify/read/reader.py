"""Raw LaTeX structure -> formula tree: what each product, fraction and operator means.

Handouts write operators the way people read them: ``\\frac{\\partial}{\\partial p}`` and
``\\sum`` apply to the rest of their product (``\\sum_i a b + c`` is ``(Σ a b) + c``), a
function name applies to the group after it (``g'(e)``), and ``(\\mathbf{\\hat w}^0,
\\mathbf{\\hat\\Theta}^0)`` after ``J``, ``f_i`` or a derivative only says where it is taken.
The printers write ``\\sum_{o=1}^{2} - \\frac{...}{n}``: an operator with nothing after it
in its product takes the next signed term.
"""

from __future__ import annotations

import sympy

from ...notation import Notation
from .. import tree as ast
from ..verdict import Unreadable
from . import fractions, functions, markers
from .nodes import Frac, Group, Marker, Pending, Postfix, RawRelation, Tok
from .symbols import SymbolReader

RELATIONS = {"=": "=", ":=": "=", "\\coloneqq": "=", "\\gets": "<-", "\\leftarrow": "<-"}


class Reader:
    """Reads raw structure in one notation (``neurons``/``layers``) and layout."""

    def __init__(self, notation: Notation, layout: str, text: str, vectors: bool = False):
        self.notation = notation
        self.text = text
        self.symbols = SymbolReader(notation, layout, text, self, vectors)

    # -- relations, sums, terms ------------------------------------------------------------
    def formula(self, raw: RawRelation) -> ast.Formula:
        """The sides of a relation, and the relations between them (= or ←)."""
        sides = tuple(self.side(side) for side in raw.sides)
        for rel, span in zip(raw.rels, raw.spans[1:]):
            if rel not in RELATIONS:
                raise Unreadable(f"{rel!r} is read only inside an indicator, like [e > 0]", span[0], rel, ("=",))
        relations = tuple(RELATIONS[rel] for rel in raw.rels)
        self.symbols.check_letters()
        return ast.Formula(self.text, sides, relations, tuple(tuple(span) for span in raw.spans))

    def side(self, terms) -> ast.Node:
        """One side of a formula; an operator left without operand is unreadable."""
        node = self.sum(terms)
        if isinstance(node, Pending):
            raise Unreadable("an operator (Σ or ∂/∂p) has nothing to apply to", node.col, "", ())
        return node

    def relation(self, raw: RawRelation) -> ast.Node:
        """A relation inside a group: only one side is a value there."""
        if len(raw.sides) != 1:
            raise Unreadable("'=' is accepted only between the sides of a formula (or in [o = q])",
                             self._column(raw), "=", ())
        return self.side(raw.sides[0])

    def sum(self, terms) -> ast.Node | Pending:
        """Signed terms; an operator ending a term takes the next signed term."""
        out: list[tuple[int, ast.Node]] = []
        pending: tuple[int, Pending] | None = None
        for sign, term in terms:
            node = self.term(term)
            value = 1 if sign == "+" else -1
            if pending is not None:
                outer_sign, waiting = pending
                node = waiting.complete(node if value == 1 else ast.Add(((-1, node),)))
                value, pending = outer_sign, None
            if isinstance(node, Pending):
                pending = (value, node)
                continue
            out.append((value, node))
        if pending is not None:
            if out:
                raise Unreadable("an operator (Σ or ∂/∂p) has nothing to apply to", pending[1].col, "", ())
            return pending[1]
        if len(out) == 1 and out[0][0] == 1:
            return out[0][1]
        return ast.Add(tuple(out), col=out[0][1].col if out else 0)

    def term(self, products) -> ast.Node | Pending:
        """Products joined by ⊙ (which binds looser than juxtaposition)."""
        nodes = [self.product(items) for items in products]
        if len(nodes) == 1:
            return nodes[0]
        for node in nodes:
            if isinstance(node, Pending):
                raise Unreadable("an operator (Σ or ∂/∂p) has nothing to apply to before \\odot", node.col, "\\odot", ())
        return ast.Hadamard(tuple(nodes), col=nodes[0].col)

    # -- products ---------------------------------------------------------------------------
    def product(self, items) -> ast.Node | Pending:
        """Factors in a row: operators, function names and points folded in."""
        factors: list[ast.Node] = []
        ops: list[str | None] = []
        position = 0
        while position < len(items):
            op, raw = items[position]
            value = self.postfix(raw)
            position += 1
            if isinstance(value, Marker) and value.kind in ("deriv", "sum"):
                rest = self.product(items[position:]) if position < len(items) else None
                node = self._operator(value, rest)
                if isinstance(node, Pending):
                    return self._prefix_pending(factors, ops + [op], node)
                factors.append(node)
                ops.append(op)
                break
            if isinstance(value, Marker) and value.kind == "func":
                if position >= len(items):
                    raise Unreadable(f"{value.func} needs an argument", value.col, "", ("(",))
                value, position = self._application(value, items[position][1]), position + 1
            elif isinstance(value, Marker) and value.kind == "nabla":
                value, position = self._nabla(value, items, position), position + 1
            elif isinstance(value, Marker) and value.kind == "dgrad":
                value, position = self._delta_of(value, items, position), position + 1
            elif isinstance(value, Marker):
                raise Unreadable("a list (a, b) is not a value here", value.col, "(", ())
            if isinstance(value, ast.Point):
                if not factors or not self._pointable(factors[-1]):
                    raise Unreadable("(ŵ, Θ̂) is accepted only after J, f_i or a derivative", value.col, "(", ())
                continue
            if self._called(value, items, position):
                position += 1  # C(a^L), J(ŵ, Θ̂), f_i(...): the arguments only name what it depends on
            factors.append(value)
            ops.append(op)
        return self._combine(factors, ops)

    @staticmethod
    def _called(value, items, position) -> bool:
        if not (isinstance(value, ast.Sym) and value.kind in ("objective", "objective_i", "predf")):
            return False
        if position >= len(items) or items[position][0] is not None:
            return False
        following = items[position][1]
        return (isinstance(following, Postfix) and not following.scripts
                and isinstance(following.primary, Group) and following.primary.kind == "paren")

    def _delta_of(self, marker: Marker, items, position) -> ast.Node:
        """Handout 000's δb^l (eq. 20): the derivative of the cost with respect to b^l."""
        target = self.postfix(items[position][1]) if position < len(items) else None
        if not (isinstance(target, ast.Sym) and target.kind in ("weight", "threshold")):
            raise Unreadable("\\delta without a layer is read only as \\delta b^l or \\delta W^l "
                             "(the derivative of the cost)", marker.col, "\\delta", ("\\delta^{l}",))
        cost = ast.Sym("objective", ((),), (), None, None, "C", col=marker.col)
        return ast.Deriv(cost, target, col=marker.col)

    def _prefix_pending(self, factors, ops, pending: Pending) -> Pending:
        """a b Σ (nothing): a b times whatever the operator receives."""
        before = factors
        if not before:
            return pending
        return Pending(lambda operand: self._combine(before + [pending.complete(operand)], ops), pending.col)

    def _combine(self, factors, ops) -> ast.Node:
        if not factors:
            raise Unreadable("an empty product", 1, "", ())
        out = [factors[0]]
        for factor, op in zip(factors[1:], ops[1:]):
            if op == "/":
                out[-1] = ast.Div(out[-1], factor, col=out[-1].col)
            else:
                out.append(factor)
        return out[0] if len(out) == 1 else ast.Mul(tuple(out), col=out[0].col)

    @staticmethod
    def _pointable(node: ast.Node) -> bool:
        if isinstance(node, ast.Deriv):
            return True
        return isinstance(node, ast.Sym) and node.kind in ("objective", "objective_i", "predf", "pred")

    def _operator(self, marker: Marker, rest) -> ast.Node | Pending:
        def complete(operand):
            if marker.kind == "deriv":
                return ast.Deriv(operand, marker.wrt, col=marker.col)
            return ast.SumOver(marker.var, marker.first, marker.last, operand, col=marker.col)
        if rest is None:
            return Pending(complete, marker.col)
        if isinstance(rest, Pending):
            return Pending(lambda operand: complete(rest.complete(operand)), marker.col)
        return complete(rest)

    def _application(self, marker: Marker, raw) -> ast.Node:
        """g(x), g'(x), \\log x, \\exp(x), \\tanh^2(x): the argument is the next group or factor."""
        scripts = []
        if marker.func == "max":
            return self._max(marker, raw)
        if isinstance(raw, Postfix) and isinstance(raw.primary, Group) and raw.primary.kind in ("paren", "brace"):
            if len(raw.primary.items) != 1:
                raise Unreadable(f"{marker.func} takes one argument", raw.col, "(", ())
            arg, scripts = self.relation(raw.primary.items[0]), raw.scripts
        else:
            arg = self.postfix(raw)
            if isinstance(arg, (Marker, ast.Point)):
                raise Unreadable(f"{marker.func} needs an argument", raw.col, "", ("(",))
        node = ast.Apply(marker.func, marker.layer, arg, col=marker.col)
        if marker.power is not None:
            node = ast.Pow(node, marker.power, col=marker.col)
        return self.symbols.apply_scripts(node, scripts, "the function value")

    def _max(self, marker: Marker, raw) -> ast.Node:
        """\\max(0, x) (or max(x, 0)): the ReLU."""
        group = raw.primary if isinstance(raw, Postfix) else None
        if isinstance(group, Group) and group.kind == "paren" and len(group.items) == 2 and not raw.scripts:
            first, second = (self.relation(item) for item in group.items)
            zero = [isinstance(value, ast.Num) and value.value == 0 for value in (first, second)]
            if any(zero):
                return ast.Apply("act:relu", None, second if zero[0] else first, col=marker.col)
        raise Unreadable("\\max is read as \\max(0, x), the ReLU", marker.col, "\\max", ("(0, x)",))

    def _nabla(self, marker: Marker, items, position) -> ast.Node:
        if position >= len(items):
            raise Unreadable("\\nabla_a needs the cost after it", marker.col, "", ("C",))
        target = self.postfix(items[position][1])
        if not (isinstance(target, ast.Sym) and target.kind in ("objective", "objective_i")):
            raise Unreadable("\\nabla_a must be followed by the cost", marker.col, "", ("C",))
        return ast.GradA(col=marker.col, layer=marker.last)

    # -- primaries ----------------------------------------------------------------------------
    def postfix(self, raw) -> ast.Node | Marker:
        """A primary with its scripts -> a node or a Marker."""
        if not isinstance(raw, Postfix):
            raise Unreadable("unexpected structure", getattr(raw, "col", 1), "", ())
        primary = raw.primary
        if isinstance(primary, Group):
            return self.group(primary, raw.scripts)
        if isinstance(primary, Frac):
            return self.symbols.apply_scripts(self.frac(primary), raw.scripts, "the fraction")
        if isinstance(primary, Tok) and primary.kind == "NUMBER" or isinstance(primary, Tok) and primary.kind == "DIGIT":
            number = ast.Num(sympy.Rational(primary.text), col=primary.col)
            return self.symbols.apply_scripts(number, raw.scripts, primary.text)
        if isinstance(primary, Tok) and primary.kind == "SUM":
            return markers.sum_marker(self.symbols, primary, raw.scripts)
        if isinstance(primary, Tok) and primary.kind == "NABLA":
            return markers.nabla_marker(self.symbols, primary, raw.scripts)
        if isinstance(primary, Tok) and primary.kind == "PARTIAL":
            raise Unreadable("\\partial is read only inside \\frac{\\partial ...}{\\partial ...}",
                             primary.col, "\\partial", ("\\frac",))
        if isinstance(primary, Tok) and primary.kind == "FUNC":
            return functions.function_marker(self.symbols, primary.text[1:], primary.col, raw.scripts, primary.text)
        return self.symbols.symbol(primary, raw.scripts, raw)

    def group(self, group: Group, scripts) -> ast.Node | Marker:
        """( ), [ ] or { }: grouping, an Iverson bracket, or a point (ŵ⁰, Θ̂⁰)."""
        if group.kind == "matrix":
            rows = tuple(tuple(self.relation(entry) for entry in row) for row in group.items)
            if len({len(row) for row in rows}) > 1:
                raise Unreadable("every row of a matrix needs the same number of entries", group.col, "\\\\", ())
            return self.symbols.apply_scripts(ast.Matrix(rows, col=group.col), scripts, "the matrix")
        if not group.items:
            raise Unreadable("an empty group", group.col, "{}" if group.kind == "brace" else "()", ())
        if len(group.items) > 1:
            if group.kind != "paren" or scripts:
                raise Unreadable("a list (a, b) is not a value here", group.col, ",", ())
            values = [self.relation(item) for item in group.items]
            if all(isinstance(v, ast.Sym) and v.kind in ("point", "generic_w", "generic_theta") for v in values):
                return ast.Point(col=group.col)
            raise Unreadable("a list (a, b) is not a value here", group.col, ",", ())
        item = group.items[0]
        if group.kind == "bracket" and isinstance(item, RawRelation) and len(item.sides) == 2:
            return self.symbols.apply_scripts(markers.iverson(self.symbols, item, group.col), scripts, "[...]")
        if group.kind == "paren" and markers.is_comparison(item):
            return self.symbols.apply_scripts(markers.indicator(self.symbols, item, group.col), scripts, "(...)")
        value = self.relation(item)
        if isinstance(value, ast.Sym) and value.kind == "point" and not scripts:
            return ast.Point(col=group.col)
        return self.symbols.apply_scripts(value, scripts, "the group")

    def frac(self, frac: Frac) -> ast.Node | Marker:
        """\\frac{a}{b}, or a derivative \\frac{\\partial X}{\\partial p} / operator \\frac{\\partial}{\\partial p}."""
        return fractions.fraction(self, frac)

    def argument(self, arg) -> ast.Node:
        """A one-token or braced argument (of \\frac, \\hat, ...) as a value."""
        if isinstance(arg, Group):
            if len(arg.items) != 1:
                raise Unreadable("expected one value in braces", arg.col, "{", ())
            return self.relation(arg.items[0])
        if isinstance(arg, Tok) and arg.kind in ("DIGIT", "NUMBER"):
            return ast.Num(sympy.Rational(arg.text), col=arg.col)
        value = self.postfix(Postfix(arg, [], arg.col, arg.pos, arg.pos + len(arg.text)))
        if isinstance(value, Marker):
            raise Unreadable("expected a value", arg.col, arg.text, ())
        return value

    def _column(self, raw) -> int:
        for side in getattr(raw, "sides", []):
            for _, products in side:
                for items in products:
                    for _, item in items:
                        return getattr(item, "col", 1)
        return 1

