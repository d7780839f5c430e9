"""A user's own activation: its formula read by a grammar, derived by SymPy, checked.

The text of a formula never reaches ``eval`` or ``sympify``: formula.lark admits numbers,
``z``, ``+ - * / ^``, parentheses, exp, log, sqrt, abs, tanh, sigmoid and max(0, ·), and the
transformer below builds the SymPy expression node by node. The same expression then gives
every form the program needs: the derivative (SymPy), 60-digit values for the proof (a small
evaluator over the expression tree, which lets the complex step pass through abs and max) and,
in codegen, NumPy code printed from it.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from pathlib import Path

import lark
import mpmath
import sympy

from .activation_steps import derivative_steps
from .activations import Activation, ReLU, Sigmoid
from .errors import SpecError

Z = sympy.Symbol("z", real=True)
MAX_DIGITS = 30          # a longer number in a formula is refused
MAX_LENGTH = 500         # characters in one formula
SAMPLE_POINTS = ("-2", "-0.5", "0.5", "2")
FUNCTIONS = {"exp": sympy.exp, "log": sympy.log, "sqrt": sympy.sqrt, "abs": sympy.Abs,
             "tanh": sympy.tanh, "sigmoid": Sigmoid}


@dataclasses.dataclass(frozen=True)
class CustomActivation:
    """``[activations.NAME]`` of a spec: the formula in z and an optional LaTeX name."""

    name: str
    formula: str
    latex: str | None = None


@lru_cache(maxsize=1)
def _parser() -> lark.Lark:
    return lark.Lark((Path(__file__).parent / "formula.lark").read_text(encoding="utf-8"),
                     parser="lalr", maybe_placeholders=False)


class _ToSympy(lark.Transformer):
    """Parse tree -> SymPy expression, one rule per node kind."""

    def __init__(self, field: str):
        super().__init__()
        self.field = field

    def number(self, items):
        (token,) = items
        if sum(ch.isdigit() for ch in token) > MAX_DIGITS:
            raise SpecError(f"{self.field}: the number at column {token.column} has more than {MAX_DIGITS} "
                            "digits; write it shorter")
        return sympy.Rational(str(token))

    def variable(self, items):
        return Z

    def call(self, items):
        name, argument = items
        return FUNCTIONS[str(name)](argument)

    def maximum(self, items):
        first, second = items
        if first == 0 or second == 0:
            return ReLU(second if first == 0 else first)
        raise SpecError(f"{self.field}: max is read only as max(0, ·); write max(0, ...)")

    add = lambda self, items: items[0] + items[1]
    sub = lambda self, items: items[0] - items[1]
    mul = lambda self, items: items[0] * items[1]
    div = lambda self, items: items[0] / items[1]
    neg = lambda self, items: -items[0]
    pow = lambda self, items: items[0] ** items[1]


def parse_formula(text: str, field: str) -> sympy.Expr:
    """The SymPy expression of a formula in z.

    Raises:
        SpecError: naming ``field``, the column and what could stand there.
    """
    if not isinstance(text, str) or not text.strip():
        raise SpecError(f"{field}: {text!r} is not accepted; give a formula in z, like \"z / (1 + abs(z))\"")
    if len(text) > MAX_LENGTH:
        raise SpecError(f"{field}: the formula has {len(text)} characters; at most {MAX_LENGTH}")
    try:
        tree = _parser().parse(text)
    except lark.exceptions.UnexpectedInput as error:
        raise SpecError(f"{field}: cannot read the formula at column {error.column}: {_unexpected(text, error)}; "
                        "a formula uses numbers, z, + - * / ^, parentheses, exp, log, sqrt, abs, tanh, "
                        "sigmoid and max(0, ·)") from None
    try:
        return _ToSympy(field).transform(tree)
    except lark.exceptions.VisitError as error:
        if isinstance(error.orig_exc, SpecError):
            raise error.orig_exc from None
        raise


def _unexpected(text: str, error) -> str:
    token = getattr(error, "token", None)
    if (isinstance(error, lark.exceptions.UnexpectedEOF) or getattr(token, "type", "") == "$END"
            or error.pos_in_stream >= len(text)):
        return "the formula ends too early (an unclosed parenthesis or a missing operand?)"
    return f"{text[error.pos_in_stream]!r} is not expected there"


def custom_activation(custom: CustomActivation, field: str) -> Activation:
    """The activation table entry of a user's formula, after checking that it uses z, that
    SymPy writes its derivative in closed form, and that both are real numbers at sample points.

    Raises:
        SpecError: naming ``field`` (``activations.NAME.formula``).
    """
    form = parse_formula(custom.formula, field)
    if not form.has(Z):
        raise SpecError(f"{field}: {custom.formula!r} does not use z; an activation is a function of z")
    # the end of the chain the report shows: g' is one fact, derived once
    derivative = derivative_steps(form, Z)[-1].expr
    if derivative.has(sympy.Derivative, sympy.Subs):
        raise SpecError(f"{field}: SymPy cannot write the derivative of {custom.formula!r} in closed form")
    for point in SAMPLE_POINTS:
        for what, expr in (("value", form), ("derivative", derivative)):
            value = mp_value(expr, mpmath.mpf(point))
            if not (isinstance(value, mpmath.mpf) and mpmath.isfinite(value)):
                raise SpecError(f"{field}: the {what} of {custom.formula!r} at z = {point} is not a finite real "
                                "number; an activation must be defined for every real z")
    return Activation(
        custom.name, True,
        lambda x: form.xreplace({Z: x}), lambda x: derivative.xreplace({Z: x}),
        lambda v: mp_value(form, v), lambda v: mp_value(derivative, v),
        custom.name, custom.name, formula=form, latex_name=custom.latex)


def mp_value(expr, z):
    """``expr`` at z in mpmath; abs, max(0, ·) and the step branch on the real part, so that a
    complex step passes through them as through their real branch."""
    if expr == Z:
        return z
    if expr.is_Number:
        return mpmath.mpf(sympy.Rational(expr).p) / sympy.Rational(expr).q
    if not expr.free_symbols:  # a constant such as e = exp(1), or log(-2) = log 2 + iπ
        real, imaginary = sympy.N(expr, mpmath.mp.dps + 10).as_real_imag()
        return mpmath.mpf(real) if imaginary == 0 else mpmath.mpc(real, imaginary)
    args = [mp_value(arg, z) for arg in expr.args]
    if isinstance(expr, sympy.Add):
        return mpmath.fsum(args)
    if isinstance(expr, sympy.Mul):
        return mpmath.fprod(args)
    if isinstance(expr, sympy.Pow):
        return args[0] ** args[1]
    return mp_function(expr, args)


def mp_function(expr, args):
    """A function node of an activation's formula or derivative applied to 60-digit values;
    abs, max(0, ·), the step and the sign branch on the real part (the complex step)."""
    real = mpmath.re(args[0]) if args else 0
    table = {sympy.exp: mpmath.exp, sympy.log: mpmath.log, sympy.tanh: mpmath.tanh,
             Sigmoid: lambda v: 1 / (1 + mpmath.exp(-v)),
             sympy.Abs: lambda v: v if real >= 0 else -v,
             ReLU: lambda v: v if real > 0 else mpmath.mpf(0),
             sympy.Heaviside: lambda v: mpmath.mpf(1 if real > 0 else 0),
             sympy.sign: lambda v: mpmath.mpf((real > 0) - (real < 0))}
    for function, evaluate in table.items():
        if isinstance(expr, function):
            return evaluate(*args[:1])
    raise SpecError(f"no 60-digit form for {type(expr).__name__} in an activation's formula")
