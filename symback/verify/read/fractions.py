"""Fractions: a quotient, or a derivative as the handouts write one.

``\\frac{\\partial J}{\\partial w_{1,4}}`` is ∂J/∂w; ``\\frac{\\partial}{\\partial p}`` is the
operator form, which takes the rest of its product (``\\frac{\\partial}{\\partial p} g(e)``);
``\\frac{\\partial f_i(\\mathbf{\\hat w}^0, \\mathbf{\\hat\\Theta}^0)}{\\partial p}`` keeps f_i.
"""

from __future__ import annotations

from .. import tree as ast
from ..verdict import Unreadable
from .nodes import Frac, Group, Marker, Pending, Postfix, RawRelation, Tok, Wrap


def fraction(reader, frac: Frac):
    """-> Div, Deriv, or the Marker of the operator form ∂/∂p."""
    top, bottom = partial_parts(frac.num), partial_parts(frac.den)
    if top is None and bottom is None:
        total = total_derivative(reader, frac)
        if total is not None:
            return total
        return ast.Div(reader.argument(frac.num), reader.argument(frac.den), col=frac.col)
    if top is None or bottom is None or not bottom:
        raise Unreadable("a derivative is written \\frac{\\partial X}{\\partial p}", frac.col, "\\frac", ())
    wrt = reader.product(bottom)
    if isinstance(wrt, Pending):
        raise Unreadable("the denominator must be ∂ of a symbol", frac.col, "\\partial", ())
    if not top:
        return Marker("deriv", frac.col, wrt=wrt)
    quantity = reader.product(top)
    if isinstance(quantity, Pending):
        raise Unreadable("the numerator must be ∂ of a quantity", frac.col, "\\partial", ())
    return ast.Deriv(quantity, wrt, col=frac.col)


def total_derivative(reader, frac: Frac) -> Marker | None:
    """``\\frac{dg}{de}``, ``\\frac{\\mathrm{d}\\sigma}{\\mathrm{d}z}``: the derivative of the activation,
    waiting for the point it is taken at; None when the fraction is no such derivative."""
    top, bottom = _d_parts(frac.num), _d_parts(frac.den)
    if top is None or bottom is None:
        return None
    function = reader.postfix(top[0][1]) if len(top) == 1 else None
    if not (isinstance(function, Marker) and function.kind == "func" and bottom):
        raise Unreadable("a derivative of the activation is written \\frac{dg}{de}(e_{i,j})", frac.col,
                         "\\frac", ("\\frac{dg}{de}",))
    derivative = {"g": "gp"}.get(function.func) or function.func.replace("act:", "actp:", 1)
    if derivative == function.func or function.power is not None:
        raise Unreadable("only the derivative of an activation is read as d/d here", frac.col, "\\frac", ())
    return Marker("func", frac.col, func=derivative, layer=function.layer)


def _d_parts(arg):
    """``{d X}`` or ``{\\mathrm{d} X}`` -> the items of X; None without a leading d."""
    items = _single_items(arg)
    if not items:
        return None
    first = items[0][1]
    if not isinstance(first, Postfix) or first.scripts:
        return None
    primary = first.primary
    if isinstance(primary, Tok) and primary.text == "d" or \
            isinstance(primary, Wrap) and primary.kind == "operatorname" and primary.inner.text == "d":
        return items[1:]
    return None


def _single_items(arg):
    """The items of a braced argument that is one unsigned product (None otherwise)."""
    if not isinstance(arg, Group) or len(arg.items) != 1:
        return None
    relation = arg.items[0]
    if not isinstance(relation, RawRelation) or len(relation.sides) != 1 or len(relation.sides[0]) != 1:
        return None
    sign, products = relation.sides[0][0]
    if sign != "+" or len(products) != 1 or not products[0]:
        return None
    return products[0]


def partial_parts(arg):
    """``{\\partial X}`` -> the items of X ([] for ``{\\partial}``); None if no leading ∂."""
    if isinstance(arg, Tok):
        return [] if arg.kind == "PARTIAL" else None
    items = _single_items(arg)
    if not items:
        return None
    first = items[0][1]
    if isinstance(first, Postfix) and isinstance(first.primary, Tok) and first.primary.kind == "PARTIAL":
        if first.scripts:
            raise Unreadable("only first derivatives are read", first.col, "\\partial^", ())
        return items[1:]
    return None
