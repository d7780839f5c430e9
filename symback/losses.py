"""Loss functions as a table: the per-observation term and its derivative in ŷ.

``term(yhat, y, n, log)`` is the contribution of one output of one observation to the
objective, so that the objective is the sum of ``term`` over observations and outputs; the
same formula serves SymPy (``log=sympy.log``, the default) and 60-digit numbers
(``log=mpmath.log``). ``dterm(yhat, y, n)`` is its derivative with respect to ``yhat``.
"""

from __future__ import annotations

import dataclasses
from typing import Callable

import sympy


@dataclasses.dataclass(frozen=True)
class Loss:
    """One loss: its term, derivative, objective letter, and the output it requires."""

    name: str
    formula: Callable  # (yhat, y, n, log) -> one term of the objective
    dterm: Callable[[sympy.Expr, sympy.Expr, sympy.Symbol], sympy.Expr]
    objective: str
    requires_output: str | None
    # The output error δ = ∂J/∂e collapses to (ŷ - y)/n for the canonical pairing.
    canonical_output: str | None
    handout_equation: str
    display_en: str
    display_pt: str
    # Generated NumPy: (a condition on the (n, outputs) array y that must hold, what it accepts).
    numpy_targets: tuple[str, str] | None = None

    def term(self, yhat, y, n, log=sympy.log):
        """One observation's, one output's term of the objective."""
        return self.formula(yhat, y, n, log)


LOSSES: dict[str, Loss] = {
    "sse": Loss("sse",
                lambda yh, y, n, log: (yh - y) ** 2 / 2,
                lambda yh, y, n: yh - y,
                "J", None, None, "004",
                "sum of squared errors", "soma dos erros quadráticos"),
    "mse": Loss("mse",
                lambda yh, y, n, log: (yh - y) ** 2 / (2 * n),
                lambda yh, y, n: (yh - y) / n,
                "C", None, None, "000 eq. 6",
                "mean squared error", "erro quadrático médio"),
    "bce": Loss("bce",
                lambda yh, y, n, log: -(y * log(yh) + (1 - y) * log(1 - yh)) / n,
                lambda yh, y, n: (-y / yh + (1 - y) / (1 - yh)) / n,
                "C", "sigmoid", "sigmoid", "000 eq. 8",
                "binary cross-entropy", "entropia cruzada binária",
                numpy_targets=("(y >= 0) & (y <= 1)", "bce targets must lie between 0 and 1")),
    "cce": Loss("cce",
                lambda yh, y, n, log: -y * log(yh) / n,
                lambda yh, y, n: -y / (n * yh),
                "C", "softmax", "softmax", "000 eq. 10",
                "categorical cross-entropy", "entropia cruzada categórica",
                numpy_targets=("(y >= 0) & np.isclose(y.sum(axis=1), 1.0)[:, None]",
                               "cce targets must be one-hot (or probability) rows: "
                               "no value below 0, each row summing to 1")),
}
