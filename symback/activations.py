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


LEAKY_SLOPE = sympy.Rational(1, 100)


class LeakyReLU(sympy.Function):
    """x for x > 0, 0.01 x otherwise; its derivative at 0 is taken as 0.01 (the slope left of 0)."""

    def fdiff(self, argindex=1):
        """0.01 + 0.99 H(x) with H(0) = 0: 1 right of 0, 0.01 at 0 and left of it."""
        return LEAKY_SLOPE + (1 - LEAKY_SLOPE) * sympy.Heaviside(self.args[0], 0)

    def _eval_evalf(self, prec):
        return sympy.Max(self.args[0], LEAKY_SLOPE * self.args[0]).evalf(prec_to_dps(prec))


class ELU(sympy.Function):
    """x for x > 0, exp(x) - 1 otherwise (α = 1)."""

    def fdiff(self, argindex=1):
        """1 right of 0, exp(x) at 0 and left of it (both 1 at 0: the derivative is continuous)."""
        x = self.args[0]
        step = sympy.Heaviside(x, 0)
        return step + (1 - step) * sympy.exp(x)

    def _eval_evalf(self, prec):
        x = self.args[0]
        return sympy.Piecewise((x, x > 0), (sympy.exp(x) - 1, True)).evalf(prec_to_dps(prec))


class Softplus(sympy.Function):
    """log(1 + exp(x)), whose derivative is the sigmoid."""

    def fdiff(self, argindex=1):
        return Sigmoid(self.args[0])

    def _eval_evalf(self, prec):
        return sympy.log(1 + sympy.exp(self.args[0])).evalf(prec_to_dps(prec))


class SiLU(sympy.Function):
    """x σ(x), also called swish."""

    def fdiff(self, argindex=1):
        """σ(x) (1 + x (1 - σ(x))), the product rule written with σ."""
        x = self.args[0]
        return Sigmoid(x) * (1 + x * (1 - Sigmoid(x)))

    def _eval_evalf(self, prec):
        return (self.args[0] / (1 + sympy.exp(-self.args[0]))).evalf(prec_to_dps(prec))


def _mp_right(z) -> bool:
    """Which branch a piecewise activation takes: the real part decides, so that the complex
    step of the numeric proof passes through the branch unchanged."""
    return mpmath.re(z) > 0


class LogSumExp(sympy.Function):
    """log Σ_q exp(e_q) over the output layer, so that log softmax_o = e_o - LogSumExp
    (the stable form of the logarithm of a softmax output)."""

    @classmethod
    def eval(cls, *args):
        """Vectorised, all the e_q are one array: keep it once."""
        unique = tuple(dict.fromkeys(args))
        return cls(*unique) if len(unique) < len(args) else None


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
    # Generated NumPy: s = g(z) written into the buffer a (layers style) and as an expression
    # (neurons style; for softmax {z} is the layer's columns), and the helper templates
    # (templates/numpy/helpers) that these and the derivative call. None for a user's
    # activation: the generated code prints its formula.
    numpy_into: str | None = None
    numpy_expr: str | None = None
    numpy_helpers: tuple[str, ...] = ()
    # g'(e) for NumPy written with s = g(e), when derivative_in_signals would not be stable.
    numpy_derivative: Callable[[sympy.Expr, sympy.Expr], sympy.Expr] | None = None
    # log ŷ (and log(1 - ŷ)) from the pre-activation e, so that no log 0 or overflow occurs:
    # stable_logs(ŷ, e, the layer's e's) -> {log-term: stable form}.
    stable_logs: Callable[..., dict] = lambda yhat, e, layer: {}
    formula: sympy.Expr | None = None   # a user's activation: its expression in z
    latex_name: str | None = None       # a user's activation: its LaTeX name, if given

    def derivative_in_signals(self, e: sympy.Expr, s: sympy.Expr) -> sympy.Expr:
        """g'(e) written with s = g(e) wherever the derivative contains g(e) itself:
        σ' = s (1 - s), tanh' = 1 - s², relu' = H(e) with H(0) = 0, linear' = 1."""
        value = self.sympy_form(e)
        derivative = self.sympy_derivative(e)
        return derivative if value == e else derivative.xreplace({value: s})


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation("sigmoid", True, Sigmoid, lambda x: Sigmoid(x) * (1 - Sigmoid(x)),
                          _mp_sigmoid, lambda z: _mp_sigmoid(z) * (1 - _mp_sigmoid(z)),
                          "sigmoid", "sigmoide", "_sigmoid({z}, out={a})", "_sigmoid({z})",
                          numpy_helpers=("sigmoid",),
                          stable_logs=lambda yhat, e, layer: {sympy.log(yhat): -Softplus(-e),
                                                              sympy.log(1 - yhat): -Softplus(e)}),
    "tanh": Activation("tanh", True, sympy.tanh, lambda x: 1 - sympy.tanh(x) ** 2,
                       mpmath.tanh, lambda z: 1 - mpmath.tanh(z) ** 2,
                       "hyperbolic tangent", "tangente hiperbólica", "np.tanh({z}, out={a})", "np.tanh({z})"),
    "relu": Activation("relu", True, ReLU, lambda x: sympy.Heaviside(x, 0),
                       lambda z: z if mpmath.re(z) > 0 else mpmath.mpf(0), _mp_step, "ReLU", "ReLU",
                       "np.maximum({z}, 0.0, out={a})", "np.maximum({z}, 0.0)"),
    "leaky_relu": Activation("leaky_relu", True, LeakyReLU, lambda x: LeakyReLU(x).fdiff(),
                             lambda z: z if _mp_right(z) else z / 100,
                             lambda z: mpmath.mpf(1) if _mp_right(z) else mpmath.mpf(1) / 100,
                             "leaky ReLU (slope 0.01 below 0)", "ReLU com vazamento (inclinação 0,01 abaixo de 0)",
                             "np.maximum({z}, 0.01 * {z}, out={a})", "np.maximum({z}, 0.01 * {z})"),
    "elu": Activation("elu", True, ELU, lambda x: ELU(x).fdiff(),
                      lambda z: z if _mp_right(z) else mpmath.exp(z) - 1,
                      lambda z: mpmath.mpf(1) if _mp_right(z) else mpmath.exp(z),
                      "ELU (α = 1)", "ELU (α = 1)", "_elu({z}, out={a})", "_elu({z})", numpy_helpers=("elu",),
                      # exp(e) = s + 1 where e <= 0: no exp(e) to overflow where e is large
                      numpy_derivative=lambda e, s: sympy.Heaviside(e, 0) + (1 - sympy.Heaviside(e, 0)) * (s + 1)),
    "softplus": Activation("softplus", True, Softplus, Sigmoid,
                           lambda z: mpmath.log(1 + mpmath.exp(z)), _mp_sigmoid, "softplus", "softplus",
                           "np.logaddexp(0.0, {z}, out={a})", "np.logaddexp(0.0, {z})",
                           numpy_helpers=("sigmoid",)),
    "silu": Activation("silu", True, SiLU, lambda x: SiLU(x).fdiff(),
                       lambda z: z * _mp_sigmoid(z),
                       lambda z: _mp_sigmoid(z) * (1 + z * (1 - _mp_sigmoid(z))),
                       "SiLU (swish)", "SiLU (swish)", "_silu({z}, out={a})", "_silu({z})",
                       numpy_helpers=("sigmoid", "silu")),
    "linear": Activation("linear", True, lambda x: x, lambda x: sympy.Integer(1),
                         lambda z: z, lambda z: mpmath.mpf(1),
                         "identity (linear)", "identidade (linear)", "{z}", "{z}"),
    # softmax couples the outputs of a layer, so it has no scalar derivative g'(e).
    "softmax": Activation("softmax", False, None, None, None, None, "softmax", "softmax",
                          "_softmax({z}, out={a})", "_softmax({z})", numpy_helpers=("softmax",),
                          stable_logs=lambda yhat, e, layer: {sympy.log(yhat): e - LogSumExp(*layer)}),
}
