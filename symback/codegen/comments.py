"""Comments of generated code: the derivation's formulas in the handouts' plain-text notation.

``dJ/dTheta_F = sum_i eps_{i,F}`` rather than SymPy's ``d(J)/d(Theta_{F}) = Sum(eps_{i,F},
(i, 1, n))``; each block names the equation or handout step it implements.
"""

from __future__ import annotations

import re

from sympy import Add, Integer

from ..derive import Derivation
from ..model import OBS
from ..notation import Namer
from ..printing.text import TextPrinter
from ..rules import CANONICAL, DELTA_DEF, DELTA_RECURSION, PENALTY, SPECIFIC
from .lines import COMMENT_WIDTH
from .penalty import penalty_split
EQUATIONS = {  # the equation or handout step each kind of statement implements
    "e": "handout 004 step 2 (forward computation); handout 000 eqs. 1-3",
    DELTA_DEF: "output error: handout 000 eqs. 15-16, loss derivative eqs. 7/9",
    CANONICAL: "handout 000 eq. 11: the output error collapses to (yhat - y)/n",
    DELTA_RECURSION: "handout 000 eq. 17; handout 004's sum over the next layer",
    SPECIFIC: "g' of the layer's activation, written with s = g(e)",
    "threshold": "handout 000 eqs. 20-21; handout 004's threshold updates",
    "weight": "handout 000 eqs. 18-19; handout 004's synaptic-weight updates",
    "penalty": "L2 regularization: every weight, no threshold",
    PENALTY: "the derivative of the L2 penalty (lambda/2) sum w^2; thresholds are not penalised",
}


class CommentPrinter(TextPrinter):
    """Plain handout notation: dJ/dw_{k,j}, sum_i, sum_{m=6..8}, products as juxtaposition."""

    def _print_Partial(self, expr):
        """dJ/dTheta_F: no parentheses around a name."""
        quantity, wrt = (self._print(arg) for arg in expr.args)
        wrap = lambda text: text if re.fullmatch(r"[\w{},^()']+", text) else f"({text})"
        return f"d{wrap(quantity)}/d{wrap(wrt)}"

    def _print_Sum(self, expr):
        """sum_i body over the observations, sum_{m=6..8} body over the neurons of a layer."""
        body = self._print(expr.function)
        body = f"({body})" if isinstance(expr.function, Add) else body
        for variable, first, last in reversed(expr.limits):
            if variable == OBS:
                body = f"sum_{self._print(variable)} {body}"
            else:
                first, last = (self.namer.bound(variable.layer, end) for end in ("first", "last"))
                bounds = f"{first}..{last}"
                body = f"sum_{{{variable.name}={bounds}}} {body}"
        return body


def plain(expr, namer: Namer) -> str:
    """One expression in comment notation: x^2 for powers, juxtaposition for products, and
    single subscripts without braces (Theta_F, yhat_i)."""
    text = CommentPrinter(namer).doprint(expr).replace("**", "^")
    text = re.sub(r"(?<=[\w)}'])\*(?=[\w(])", " ", text)
    return re.sub(r"_\{(\w+)\}", r"_\1", text)


class Comments:
    """The comment of each kind of block, for one derivation in one notation."""

    def __init__(self, derivation: Derivation, namer: Namer):
        self.derivation, self.model, self.namer = derivation, derivation.model, namer

    def text(self, expr) -> str:
        return plain(expr, self.namer)

    def title(self, layer: int) -> str:
        rng, index = self.model.ranges[layer], self.namer.index
        where = "output layer" if layer == self.model.depth else f"hidden layer {layer}"
        first, last = index(Integer(rng.first)), index(Integer(rng.last))
        neurons = f"neuron {first}" if rng.size == 1 else f"neurons {first}..{last}"
        return f"layer {layer} ({where}): {rng.size} {self.model.activation(layer).name}, {neurons}"

    def network(self) -> tuple[str, ...]:
        inputs = self.derivation.arch.inputs
        return (f"inputs: {inputs} (neurons 1..{inputs})",) + tuple(
            self.title(layer) for layer in range(1, self.model.depth + 1))

    def objective(self) -> str:
        """The whole objective: the loss summed over the observations, then any penalty."""
        return " + ".join(filter(None, (self.data_term(), self.penalty())))

    def data_term(self) -> str:
        """The objective without its penalty: what _objective computes from the signals."""
        return self.text(penalty_split(self.model.objective())[0])

    def penalty(self) -> str:
        """(lambda/2) sum w^2 over every weight, or "" without L2 regularization."""
        return self.text(penalty_split(self.model.objective())[1]) if self.model.regularized else ""

    def penalty_block(self) -> tuple[str, ...]:
        """The comment of _penalty's statement: the penalty and what it covers."""
        return cited(self.penalty(), "penalty")

    def forward(self, layer: int) -> tuple[str, ...]:
        j, model = self.model.index_for(layer, "j"), self.model
        e = f"{self.text(model.e(j))} = {self.text(model.e_definition(j))}"
        s = f"{self.text(model.s(j))} = {self.text(model.s_definition(j))}"
        return (self.title(layer),) + cited(e, "e") + (s,)

    def error(self, layer: int) -> tuple[str, ...]:
        chain = self.derivation.error_term(layer).chain
        return (self.title(layer),) + tuple(line for step in chain.steps for line in cited(
            f"{self.text(chain.lhs)} = {self.text(step.expr)}", step.rule))

    def gradient(self, group, decay_note: str = "") -> tuple[str, ...]:
        """dJ/dp = its δ form; with L2, a weight's λ w term named as the penalty's derivative
        (``decay_note`` says how the code treats that term)."""
        data, decay = penalty_split(group.delta_form)
        formula = f"{self.text(group.delta_chain.lhs)} = {self.text(data)}"
        if decay == 0:
            return cited(formula, group.kind)
        return cited(f"{formula} + {self.text(decay)}", group.kind) + cited(
            f"{self.text(decay)}{decay_note}", PENALTY)


def cited(formula: str, kind) -> tuple[str, ...]:
    """The formula and, on the same line when it fits, the equation it implements."""
    reference = f"[{EQUATIONS[kind]}]"
    together = f"{formula}   {reference}"
    return (together,) if len(together) <= COMMENT_WIDTH else (formula, f"  {reference}")
