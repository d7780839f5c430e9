"""Numbers as printed: ``digits`` significant digits, shorter only when the short form is exact.

A value is kept at full precision and rounded only where it is printed. A number that is
exactly a short decimal (the data, initial values, 0.2 · 1.0 + 0.4 · 0.5 = 0.4) prints short;
any other prints every requested digit, trailing zeros included (0.598687660), so a reader
can tell a rounded value from an exact one.
"""

from __future__ import annotations

import mpmath

from .values import PRECISION

EXACT = mpmath.mpf(10) ** -(PRECISION - 15)


def number_text(value, digits: int) -> str:
    """Plain text: ``0.4``, ``-0.598687660``, ``1.23456789e-5``."""
    with mpmath.workdps(PRECISION):
        value = mpmath.mpf(value)
        full = mpmath.nstr(value, digits, strip_zeros=False, min_fixed=-5, max_fixed=digits + 1)
        short = mpmath.nstr(value, digits, min_fixed=-5, max_fixed=digits + 1)
        if abs(mpmath.mpf(short) - value) <= EXACT * max(1, abs(value)):
            return short if any(c in short for c in ".e") else short + ".0"
        return full


def number_latex(value, digits: int) -> str:
    """LaTeX: ``1.23456789 \\cdot 10^{-5}`` for an exponent."""
    text = number_text(value, digits)
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    return rf"{mantissa} \cdot 10^{{{int(exponent)}}}"


def operand_latex(value, digits: int) -> str:
    """A number inside arithmetic: negative numbers in parentheses, so 0.2 · (-0.3) reads
    unambiguously; an exponent form in braces."""
    text = number_latex(value, digits)
    if "cdot" in text:
        text = rf"\left({text}\right)"
    return rf"\left({text}\right)" if text.startswith("-") else text
