"""The derivative of a user's activation as a short chain of its own.

One differentiation rule is applied at the top of the formula's tree (a sum, a product, a
quotient, a power, or the chain rule through exp, log, √, tanh, σ, |·| or max(0, ·)); the
parts it leaves under d/dz are then differentiated (by SymPy); the result is simplified when
that makes it shorter:

    d/dz [z/(1+|z|)] = ((1+|z|) d/dz z - z d/dz (1+|z|)) / (1+|z|)²   quotient rule
                     = (1 + |z| - z sign z) / (1+|z|)²                 the parts differentiated
                     = 1/(1+|z|)²                                      simplification

The last expression of the chain is the activation's derivative everywhere else (formula.py
builds the table entry from it), so the report's chain and the derivation's g' are one fact.
A simplification is kept only when ``vanishes_on_real_line`` proves it; the report proves
every link again before it is written.
"""

from __future__ import annotations

import dataclasses

import sympy

from .activations import ReLU, Sigmoid
from .real_line import rewrite_identities, vanishes_on_real_line

# Rule keys of the links (worded by the report's message tables).
DEFINITION = "definition"       # g'(z) = d/dz g(z)
SUM = "sum"
CONSTANT_FACTOR = "constant-factor"
PRODUCT = "product"
QUOTIENT = "quotient"
POWER = "power"
EXPONENTIAL = "exponential"     # a^u with a constant base
CHAIN = "chain"                 # f(u): f' at u times du/dz, ``function`` names f
ELEMENTARY = "elementary"       # f(z) itself: the derivative of f, ``function`` names f
PARTS = "parts"                 # the parts left under d/dz differentiated
SIMPLIFY = "simplify"

# A derivative longer than this (SymPy's count_ops) is not simplified: handout formulas are
# far shorter, and factoring grows quickly with the length.
SIMPLIFY_OPS = 40

# The functions a formula can hold, by the name the message tables use.
FUNCTIONS = {sympy.exp: "exp", sympy.log: "log", sympy.tanh: "tanh", Sigmoid: "sigmoid",
             sympy.Abs: "abs", ReLU: "relu"}


@dataclasses.dataclass(frozen=True)
class DerivativeStep:
    """One link of the chain: the expression it arrives at and the rule that justifies it.

    ``functions`` names the functions a rule works through (the chain rule's f, or every
    function differentiated in the parts); ``identities`` the (left, right) equalities a
    simplification used, each true for every real z.
    """

    expr: sympy.Expr
    rule: str
    functions: tuple[str, ...] = ()
    identities: tuple[tuple[sympy.Expr, sympy.Expr], ...] = ()


def derivative_steps(form: sympy.Expr, z: sympy.Symbol) -> tuple[DerivativeStep, ...]:
    """The chain d/dz form = (top rule) = (parts differentiated) = (simplified).

    Consecutive equal expressions are not repeated, so the chain is two to four links long.
    """
    start = sympy.Derivative(form, z)
    top, rule, functions = top_rule(form, z)
    steps = [DerivativeStep(start, DEFINITION), DerivativeStep(top, rule, functions)]
    parts = differentiate_parts(top, z)
    if parts != top:
        steps.append(DerivativeStep(parts, PARTS, parts_functions(top, z)))
    simpler, identities = simplified(parts, z)
    if simpler != parts:
        steps.append(DerivativeStep(simpler, SIMPLIFY, (), identities))
    return tuple(steps)


def _d(expr, z):
    """d/dz expr, left unevaluated (a part still to differentiate); 0 for a constant."""
    return sympy.Derivative(expr, z) if expr.has(z) else sympy.Integer(0)


def top_rule(form, z):
    """(the rule applied at the top of ``form``, parts under d/dz; the rule; its functions)."""
    if form == z or not form.has(z):
        return sympy.diff(form, z), ELEMENTARY, ()
    if isinstance(form, sympy.Add):
        return sympy.Add(*(_d(term, z) for term in form.args)), SUM, ()
    numerator, denominator = sympy.fraction(form, exact=True)
    if denominator.has(z):
        return (denominator * _d(numerator, z) - numerator * _d(denominator, z)) / denominator ** 2, QUOTIENT, ()
    if isinstance(form, sympy.Mul):
        return _product(form, z)
    if isinstance(form, sympy.Pow):
        return _power(form, z)
    function = FUNCTIONS.get(type(form))
    if function is None:
        raise ValueError(f"no differentiation rule for {type(form).__name__}")
    (inner,) = form.args
    outer = sympy.Dummy("u", real=True)
    derivative = sympy.diff(type(form)(outer), outer).xreplace({outer: inner})
    if inner == z:
        return derivative, ELEMENTARY, (function,)
    return derivative * _d(inner, z), CHAIN, (function,)


def _product(form, z):
    """c u v...: the constant factor taken out, then the product rule over what depends on z."""
    constant, rest = form.as_independent(z, as_Add=False)
    if constant != 1:
        return constant * _d(rest, z), CONSTANT_FACTOR, ()
    factors = rest.args
    terms = [sympy.Mul(*factors[:k], _d(factor, z), *factors[k + 1:]) for k, factor in enumerate(factors)]
    return sympy.Add(*terms), PRODUCT, ()


def _power(form, z):
    """u^n (n constant; √u named as such), or a^u with a constant base."""
    base, exponent = form.args
    if not exponent.has(z):
        derivative = exponent * base ** (exponent - 1) * _d(base, z)
        if exponent != sympy.Rational(1, 2):
            return derivative, POWER, ()
        return derivative, (ELEMENTARY if base == z else CHAIN), ("sqrt",)  # √u named as such
    if not base.has(z):
        return form * sympy.log(base) * _d(exponent, z), EXPONENTIAL, ()
    # u^v with both depending on z: through exp(v log u), as SymPy differentiates it
    return sympy.diff(form, z), POWER, ()


def differentiate_parts(expr, z):
    """Every d/dz part left by the top rule, differentiated."""
    return expr.replace(lambda node: isinstance(node, sympy.Derivative),
                        lambda node: sympy.diff(node.expr, *node.variables))


def parts_functions(expr, z) -> tuple[str, ...]:
    """The functions (and √) differentiated inside the parts, in order of appearance."""
    found = []
    for part in sympy.preorder_traversal(expr):
        if isinstance(part, sympy.Derivative):
            for node in sympy.preorder_traversal(part.expr):
                name = FUNCTIONS.get(type(node)) or ("sqrt" if _is_sqrt(node) else None)
                if name and node.has(z):
                    found.append(name)
    return tuple(dict.fromkeys(found))


def _is_sqrt(node) -> bool:
    return isinstance(node, sympy.Pow) and node.exp == sympy.Rational(1, 2)


def simplified(expr, z):
    """(the shortest of a few rewritings of ``expr`` that is proved equal to it, the identities
    of real functions it used); ``expr`` itself when none is shorter."""
    if sympy.count_ops(expr) > SIMPLIFY_OPS:
        return expr, ()  # factoring a long derivative can take minutes; it is shown as derived
    rewritten, identities = rewrite_identities(expr)
    candidates = [rewritten, sympy.factor_terms(rewritten), sympy.factor(rewritten)]
    if sympy.fraction(sympy.together(rewritten))[1] != 1:
        candidates.append(sympy.cancel(sympy.together(rewritten)))  # expands: only for quotients
    best, best_size = expr, _size(expr)
    for candidate in candidates:
        if _size(candidate) < best_size and vanishes_on_real_line(candidate - expr, z):
            best, best_size = candidate, _size(candidate)
    if best == expr:
        return expr, ()
    return best, identities  # every candidate starts from the rewritten form


def _size(expr):
    return (sympy.count_ops(expr), len(str(expr)))
