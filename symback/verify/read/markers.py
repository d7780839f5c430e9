"""Operators that wait for what follows them (Σ, ∇_a), Iverson brackets and indicators.

``\\sum_{i=1}^n`` (observations) or
``\\sum_{m=6}^{8}`` (neurons) the rest of their product; ``\\nabla_a`` the cost after it.
Each reads the state of one ``SymbolReader`` (which letters index observations).
"""

from __future__ import annotations

from .. import tree as ast
from ..verdict import Unreadable
from . import scripts as sc
from .nodes import Group, Marker, RawRelation, Tok
from .vectors import gradient_layer

OBSERVATION_COUNT = ("n", "N")


def nabla_marker(symbols, tok: Tok, scripts) -> Marker:
    """\\nabla_a: the gradient of the cost in the output activations."""
    subs = [s.arg for s in scripts if s.kind == "sub"]
    if len(scripts) != 1 or not subs:
        raise Unreadable("only \\nabla_a C (the gradient in the output activations) is read",
                         tok.col, "\\nabla", ("\\nabla_a",))
    return Marker("nabla", tok.col, last=gradient_layer(symbols, subs[0], tok.col))


def sum_marker(symbols, tok: Tok, scripts) -> Marker:
    """\\sum_{i=1}^n (observations), \\sum_{m=6}^{8} (neurons), \\sum_x."""
    subs = [s.arg for s in scripts if s.kind == "sub"]
    sups = [s.arg for s in scripts if s.kind == "sup"]
    if len(subs) != 1 or len(sups) > 1 or len(subs) + len(sups) != len(scripts):
        raise Unreadable("write a sum as \\sum_{i=1}^{n} or \\sum_{m=6}^{8}", tok.col, "\\sum", ("_",))
    var, first = _sum_start(symbols, subs[0], tok)
    last = _sum_end(symbols, sups[0], tok) if sups else None
    if last is None and var in ("i", "x", "n"):
        last = "n"
    if last is None:
        raise Unreadable(f"\\sum_{{{var}}}: give its range, like \\sum_{{{var}=6}}^{{8}}", tok.col, "\\sum", ("^",))
    if last == "n":
        if first is not None and not (first.kind == "number" and first.value == 1):
            raise Unreadable("a sum over observations runs from 1 to n", tok.col, "\\sum", ())
        symbols.observation_letters.add(var)
    elif first is None:
        raise Unreadable(f"\\sum_{{{var}}}: give its first value", tok.col, "\\sum", ("=",))
    return Marker("sum", tok.col, var=var, first=first, last=last)


def _sum_start(symbols, arg, tok):
    if isinstance(arg, Tok) and arg.kind == "LETTER":
        return arg.text, None
    if isinstance(arg, Group) and len(arg.items) == 1 and isinstance(arg.items[0], RawRelation):
        relation = arg.items[0]
        parts = [_simple(symbols, RawRelation([side], [], [])) for side in relation.sides]
        if len(parts) in (1, 2) and all(parts) and parts[0].kind == "letter":
            return parts[0].value, (parts[1] if len(parts) == 2 else None)
    raise Unreadable("write a sum as \\sum_{i=1}^{n} or \\sum_{m=6}^{8}", tok.col, "\\sum", ("_",))


def _sum_end(symbols, arg, tok):
    value = sc.plain_text(arg)
    if value in OBSERVATION_COUNT:
        return "n"
    tokens = sc.chunks(arg)
    if tokens and len(tokens) == 1:
        return sc.index_of(tokens[0], symbols.output_name)
    raise Unreadable("the upper bound of a sum must be n or a number", tok.col, "\\sum", ("n",))


def _simple(symbols, relation) -> ast.Index | None:
    tokens = sc.chunks(Group("brace", [relation], 0, 0, 0))
    if tokens and len(tokens) == 1:
        return sc.index_of(tokens[0], symbols.output_name)
    return None


# An indicator [a > b] is the step function of a - b; which side is larger, and whether
# equality counts, by the comparison written.
COMPARISONS = {">": (1, "step"), "\\gt": (1, "step"), "<": (-1, "step"), "\\lt": (-1, "step"),
               "\\geq": (1, "step_eq"), "\\ge": (1, "step_eq"), "\\leq": (-1, "step_eq"),
               "\\le": (-1, "step_eq")}


def is_comparison(relation) -> bool:
    return isinstance(relation, RawRelation) and len(relation.sides) == 2 and relation.rels[0] in COMPARISONS


def indicator(symbols, relation: RawRelation, column: int) -> ast.Apply:
    """[e > 0], \\mathbb{1}_{z > 0}, (x \\geq 0): 1 where the comparison holds, else 0."""
    sign, func = COMPARISONS[relation.rels[0]]
    left, right = (symbols.reader.side(side) for side in relation.sides)
    difference = ast.Add(((sign, left), (-sign, right)), col=column)
    return ast.Apply(func, None, difference, col=column)


def iverson(symbols, relation: RawRelation, column: int) -> ast.Node:
    """[o = q]: 1 when the two indices name the same neuron, else 0 (or an indicator [e > 0])."""
    if is_comparison(relation):
        return indicator(symbols, relation, column)
    parts = [_simple(symbols, RawRelation([side], [], [])) for side in relation.sides]
    if not all(parts):
        raise Unreadable("an Iverson bracket compares two indices, like [o = q]", column, "[", ())
    for part in parts:
        if part.kind == "letter":
            symbols.index_letters.setdefault(part.value, part.col)
    return ast.Iverson(parts[0], parts[1], col=column)
