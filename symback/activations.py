"""Activation functions as a table: one entry per activation, SymPy forms and display names.

The SymPy function classes carry their own derivative (``fdiff``) so that differentiating a
nested expression with SymPy yields the same building blocks (``Sigmoid(x)``, ``tanh(x)``,
``Heaviside(x, 0)``) that the layer-by-layer derivation writes; the Proof can then compare
the two forms by expansion alone.
"""

from __future__ import annotations

import dataclasses
from typing import Callable

import mpmath
import sympy


class Sigmoid(sympy.Function):
    """The logistic function 1 / (1 + exp(-x)), kept unevaluated for readable expressions."""

    def fdiff(self, argindex=1):
        """σ' = σ (1 - σ): written with σ itself, as the handouts use it."""
        return Sigmoid(self.args[0]) * (1 - Sigmoid(self.args[0]))

    def _eval_rewrite_as_exp(self, x, **kwargs):
        return 1 / (1 + sympy.exp(-x))

    def _eval_evalf(self, prec):
        return (1 / (1 + sympy.exp(-self.args[0]))).evalf(prec_to_dps(prec))


class ReLU(sympy.Function):
    """max(0, x); its derivative is Heaviside(x, 0), i.e. relu'(0) = 0 by convention."""

    def fdiff(self, argindex=1):
        """relu' = H(x) with H(0) = 0, the convention the generated code documents."""
        return sympy.Heaviside(self.args[0], 0)

    def _eval_evalf(self, prec):
        return sympy.Max(0, self.args[0]).evalf(prec_to_dps(prec))


def prec_to_dps(prec: int) -> int:
    """Convert SymPy's binary precision to decimal digits for a nested evalf."""
    return max(15, int(prec * 0.30103))


def _mp_sigmoid(z):
    return 1 / (1 + mpmath.exp(-z))


def _mp_step(z):
    """relu' with relu'(0) = 0; the real part decides, so the complex step passes through."""
    return mpmath.mpf(1) if mpmath.re(z) > 0 else mpmath.mpf(0)


@dataclasses.dataclass(frozen=True)
class Activation:
    """One activation: every form the program needs, and how people name it.

    ``sympy_form``/``sympy_derivative`` build expressions; ``mp_form``/``mp_derivative`` give
    60-digit numbers (complex arguments allowed, for the complex step); softmax couples a
    whole layer, so it has none of these scalar forms.
    """

    name: str
    elementwise: bool
    sympy_form: Callable[[sympy.Expr], sympy.Expr] | None
    sympy_derivative: Callable[[sympy.Expr], sympy.Expr] | None
    mp_form: Callable | None
    mp_derivative: Callable | None
    display_en: str
    display_pt: str

    def derivative_in_signals(self, e: sympy.Expr, s: sympy.Expr) -> sympy.Expr:
        """g'(e) written with s = g(e) wherever the derivative contains g(e) itself:
        σ' = s (1 - s), tanh' = 1 - s², relu' = H(e) with H(0) = 0, linear' = 1."""
        value = self.sympy_form(e)
        derivative = self.sympy_derivative(e)
        return derivative if value == e else derivative.xreplace({value: s})


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation("sigmoid", True, Sigmoid, lambda x: Sigmoid(x) * (1 - Sigmoid(x)),
                          _mp_sigmoid, lambda z: _mp_sigmoid(z) * (1 - _mp_sigmoid(z)),
                          "sigmoid", "sigmoide"),
    "tanh": Activation("tanh", True, sympy.tanh, lambda x: 1 - sympy.tanh(x) ** 2,
                       mpmath.tanh, lambda z: 1 - mpmath.tanh(z) ** 2,
                       "hyperbolic tangent", "tangente hiperbólica"),
    "relu": Activation("relu", True, ReLU, lambda x: sympy.Heaviside(x, 0),
                       lambda z: z if mpmath.re(z) > 0 else mpmath.mpf(0), _mp_step, "ReLU", "ReLU"),
    "linear": Activation("linear", True, lambda x: x, lambda x: sympy.Integer(1),
                         lambda z: z, lambda z: mpmath.mpf(1),
                         "identity (linear)", "identidade (linear)"),
    # softmax couples the outputs of a layer, so it has no scalar derivative g'(e).
    "softmax": Activation("softmax", False, None, None, None, None, "softmax", "softmax"),
}
