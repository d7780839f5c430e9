"""Activation functions as a table: one entry per activation, SymPy forms and display names.

The SymPy function classes carry their own derivative (``fdiff``) so that differentiating a
nested expression with SymPy yields the same building blocks (``Sigmoid(x)``, ``tanh(x)``,
``Heaviside(x, 0)``) that the layer-by-layer derivation writes; the Proof can then compare
the two forms by expansion alone.
"""

from __future__ import annotations

import dataclasses
from typing import Callable

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


class Softplus(sympy.Function):
    """log(1 + exp(x)) = -log σ(-x): the stable form of the logarithm of a sigmoid."""

    nargs = 1


class LogSumExp(sympy.Function):
    """log Σ_q exp(e_q) over the output layer, so that log softmax_o = e_o - LogSumExp."""

    @classmethod
    def eval(cls, *args):
        """Vectorised, all the e_q are one array: keep it once."""
        unique = tuple(dict.fromkeys(args))
        return cls(*unique) if len(unique) < len(args) else None


def prec_to_dps(prec: int) -> int:
    """Convert SymPy's binary precision to decimal digits for a nested evalf."""
    return max(15, int(prec * 0.30103))


@dataclasses.dataclass(frozen=True)
class Activation:
    """One activation: how SymPy writes it and its derivative, and how people name it."""

    name: str
    elementwise: bool
    sympy_form: Callable[[sympy.Expr], sympy.Expr] | None
    sympy_derivative: Callable[[sympy.Expr], sympy.Expr] | None
    display_en: str
    display_pt: str
    # Generated NumPy: s = g(z) written into the buffer a (layers style) and as an expression
    # (neurons style; for softmax {z} is the layer's columns); the helper template it calls.
    numpy_into: str = "{z}"
    numpy_expr: str = "{z}"
    numpy_helper: str | None = None
    # log ŷ (and log(1 - ŷ)) from the pre-activation e, so that no log 0 or overflow occurs:
    # stable_logs(ŷ, e, the layer's e's) -> {log-term: stable form}.
    stable_logs: Callable[..., dict] = lambda yhat, e, layer: {}


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation("sigmoid", True, Sigmoid, lambda x: Sigmoid(x) * (1 - Sigmoid(x)),
                          "sigmoid", "sigmoide", numpy_into="_sigmoid({z}, out={a})",
                          numpy_expr="_sigmoid({z})", numpy_helper="sigmoid",
                          stable_logs=lambda yhat, e, layer: {sympy.log(yhat): -Softplus(-e),
                                                              sympy.log(1 - yhat): -Softplus(e)}),
    "tanh": Activation("tanh", True, sympy.tanh, lambda x: 1 - sympy.tanh(x) ** 2,
                       "hyperbolic tangent", "tangente hiperbólica",
                       numpy_into="np.tanh({z}, out={a})", numpy_expr="np.tanh({z})"),
    "relu": Activation("relu", True, ReLU, lambda x: sympy.Heaviside(x, 0), "ReLU", "ReLU",
                       numpy_into="np.maximum({z}, 0.0, out={a})", numpy_expr="np.maximum({z}, 0.0)"),
    "linear": Activation("linear", True, lambda x: x, lambda x: sympy.Integer(1),
                         "identity (linear)", "identidade (linear)"),
    # softmax couples the outputs of a layer, so it has no scalar derivative g'(e).
    "softmax": Activation("softmax", False, None, None, "softmax", "softmax",
                          numpy_into="_softmax({z}, out={a})", numpy_expr="_softmax({z})",
                          numpy_helper="softmax",
                          stable_logs=lambda yhat, e, layer: {sympy.log(yhat): e - LogSumExp(*layer)}),
}
