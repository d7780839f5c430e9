"""Identities and equalities of functions of one real variable, with the conventions of a
user's activation: sign(0) = 0, the step [z > 0] is 0 at 0 (Heaviside(z, 0)), max(0, z).

``rewrite_identities`` applies identities that hold at every real point, 0 included
(u sign u = |u|, |u| sign u = u, u [u > 0] = max(0, u), max(0, u) [u > 0] = max(0, u),
[u > 0]^k = [u > 0]); ``vanishes_on_real_line`` proves that an expression is 0 for every real
z, splitting the line at 0 where |z|, sign z, [z > 0] or max(0, z) stand in it.
"""

from __future__ import annotations

import sympy

from .activations import ReLU, Sigmoid

NONSMOOTH = (sympy.Abs, sympy.sign, sympy.Heaviside, ReLU, sympy.Max)


def _pair_rules(factor):
    """(partner, replacement): ``factor`` times the partner factor equals the replacement."""
    if isinstance(factor, sympy.sign):
        u = factor.args[0]
        yield from ((u, sympy.Abs(u)), (sympy.Abs(u), u))
    elif isinstance(factor, sympy.Heaviside):
        u = factor.args[0]
        yield from ((u, ReLU(u)), (ReLU(u), ReLU(u)))


def _rewrite_product(product: sympy.Mul, used: list):
    """One identity applied to a pair of factors of ``product``, or None."""
    factors = list(product.args)
    for position, factor in enumerate(factors):
        others = factors[:position] + factors[position + 1:]
        for partner, replacement in _pair_rules(factor):
            if partner in others:
                left = sympy.Mul(partner, factor, evaluate=False)  # u sign u, as written by hand
                used.append((left, replacement))
                others.remove(partner)
                return sympy.Mul(*others, replacement)
    return None


def rewrite_identities(expr):
    """``expr`` with the identities above applied until none applies, and the identities used
    (as (left, right) pairs, in the order first used)."""
    used: list = []

    def visit(node):
        if isinstance(node, sympy.Pow) and isinstance(node.base, sympy.Heaviside) and node.exp.is_Integer \
                and node.exp > 1:
            used.append((node, node.base))
            return node.base
        if isinstance(node, sympy.Mul):
            rewritten = _rewrite_product(node, used)
            return node if rewritten is None else rewritten
        return node

    previous = None
    while previous != expr:
        previous, expr = expr, expr.replace(lambda node: isinstance(node, (sympy.Mul, sympy.Pow)), visit)
    return expr, tuple(dict.fromkeys(used))


def vanishes_on_real_line(expr, z: sympy.Symbol) -> bool:
    """True when ``expr`` is proved 0 for every real z; False when SymPy cannot prove it
    (which does not mean it is not 0: the caller then evaluates it at points).

    Where a kink function of z itself stands in it, the line is split at 0: z = p and z = -p
    with p > 0, where |·|, sign, the step and max(0, ·) evaluate, and z = 0 exactly.
    """
    expr = _explicit(expr)
    if expr == 0:
        return True
    arguments = {argument for node in expr.atoms(*NONSMOOTH) for argument in node.args[:2] if not argument.is_Number}
    if arguments - {z}:
        return False
    if not arguments:
        return _is_zero(expr)
    positive = sympy.Symbol("p", positive=True)
    return all(_is_zero(expr.xreplace({z: value})) for value in (positive, -positive, sympy.Integer(0)))


def _explicit(expr):
    """d/dz parts evaluated, max(0, ·) as SymPy's Max and σ as its exponential form, so that
    every function evaluates where the sign of its argument is known."""
    expr = sympy.sympify(expr).doit()
    expr = expr.replace(lambda node: isinstance(node, ReLU), lambda node: sympy.Max(0, node.args[0]))
    return expr.replace(lambda node: isinstance(node, Sigmoid), lambda node: 1 / (1 + sympy.exp(-node.args[0])))


# simplify is tried only on a difference at most this long (SymPy's count_ops): beyond, it can
# take minutes, and the caller evaluates the difference at points instead.
SIMPLIFY_OPS = 80


def _is_zero(expr) -> bool:
    if expr == 0:
        return True
    if expr.has(sympy.zoo, sympy.nan):
        return False
    if sympy.expand(expr) == 0 or sympy.cancel(sympy.together(expr)) == 0:
        return True
    return sympy.count_ops(expr) <= SIMPLIFY_OPS and sympy.simplify(expr) == 0
