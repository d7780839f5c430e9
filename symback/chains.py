"""The records of a Derivation: a Step of a chain, a Chain, a Group of parameters derived
once with free indices, an ErrorTerm, and one parameter's Gradient. SymPy only."""

from __future__ import annotations

import dataclasses
from typing import Iterator

import sympy

from .congruence import differing_parts
from .model import Model, NeuronIndex
from .rules import SPECIFIC
from .trees import substitute


class Step:
    """One link ``= expr`` of a chain of equalities and the rule that justifies it.

    A step of a deep chain is built only when asked for (its expression is as large as the
    network is deep), and it may carry ``rewrote``: the part (x, y) of the previous expression
    the rule rewrote and what it became, the rest being the same expression around it — the
    Proof checks x = y, whose size does not grow with the depth.
    """

    __slots__ = ("rule", "rewrote", "_expr", "_build")

    def __init__(self, expr=None, rule: str = "", *, build=None, rewrote=None):
        self.rule, self.rewrote, self._expr, self._build = rule, rewrote, expr, build

    @property
    def expr(self) -> sympy.Expr:
        if self._expr is None:
            self._expr, self._build = self._build(), None
        return self._expr

    def __eq__(self, other) -> bool:
        return isinstance(other, Step) and (self.expr, self.rule) == (other.expr, other.rule)

    def __hash__(self) -> int:
        return hash((self.expr, self.rule))

    def __repr__(self) -> str:
        return f"Step({self.expr!r}, {self.rule!r})"

    def substituted(self, mapping: dict) -> "Step":
        rewrote = self.rewrote and tuple(substitute(part, mapping) for part in self.rewrote)
        return Step(build=lambda: substitute(self.expr, mapping), rule=self.rule, rewrote=rewrote)


@dataclasses.dataclass(frozen=True)
class Chain:
    """lhs = steps[0].expr = steps[1].expr = ... ; every link is checked by the Proof."""

    lhs: sympy.Expr
    steps: tuple[Step, ...]

    @property
    def final(self) -> sympy.Expr:
        return self.steps[-1].expr

    @property
    def generic(self) -> sympy.Expr:
        """The last form that still writes g'(e): the final form before the specific step."""
        steps = self.steps[:-1] if self.steps[-1].rule == SPECIFIC and len(self.steps) > 1 else self.steps
        return steps[-1].expr

    def equalities(self) -> Iterator[tuple[sympy.Expr, sympy.Expr, str]]:
        """Each displayed equality as (left, right, rule)."""
        left = self.lhs
        for step in self.steps:
            yield left, step.expr, step.rule
            left = step.expr

    def rewritten(self) -> Iterator[tuple[sympy.Expr, sympy.Expr, str]]:
        """Each link as (the part it rewrote, what that became, rule): the smallest such pair
        the step records, or that its two sides differ in."""
        previous = None
        for step in self.steps:
            if step.rewrote:
                yield (*step.rewrote, step.rule)
            else:
                yield (*differing_parts(self.lhs if previous is None else previous.expr, step.expr), step.rule)
            previous = step

    def xreplace(self, mapping: dict) -> "Chain":
        return Chain(substitute(self.lhs, mapping), tuple(step.substituted(mapping) for step in self.steps))


@dataclasses.dataclass(frozen=True)
class Group:
    """Every threshold of one layer, or every weight into it, derived once with free indices."""

    layer: int
    kind: str  # "threshold" | "weight"
    j: sympy.Expr
    k: sympy.Expr | None
    output: sympy.Expr
    parameter: sympy.Indexed
    prediction_chain: Chain   # ∂f_{i,o}/∂p down to g', w, s, e
    objective_chain: Chain    # ∂J/∂p from the objective to the final form
    delta_chain: Chain        # ∂J/∂p = Σ_i δ_{i,j} s_{i,k}

    @property
    def free(self) -> tuple[NeuronIndex, ...]:
        return tuple(index for index in (self.k, self.j) if isinstance(index, NeuronIndex))

    @property
    def gradient(self) -> sympy.Expr:
        """∂J/∂p in the step form, with g' still generic."""
        return self.objective_chain.generic

    @property
    def specific(self) -> sympy.Expr:
        """∂J/∂p in the step form, every g' written out for its activation."""
        return self.objective_chain.final

    @property
    def delta_form(self) -> sympy.Expr:
        return self.delta_chain.final


@dataclasses.dataclass(frozen=True)
class ErrorTerm:
    """δ of one layer (eqs. 15-17 of handout 000) for a free neuron index."""

    layer: int
    neuron: sympy.Expr
    chain: Chain


@dataclasses.dataclass(frozen=True)
class Gradient:
    """∂J/∂p for one concrete parameter: the step form and the δ form."""

    parameter: sympy.Indexed
    group: Group
    substitution: dict
    model: Model | None = dataclasses.field(default=None, repr=False, compare=False)

    def __str__(self) -> str:
        """``w_{1,4} = …`` in the notation's plain-text spelling."""
        from .printing.notebook import gradient_text
        return gradient_text(self, self.model)

    def _repr_latex_(self) -> str:
        """Rendered math in a notebook: ∂J/∂p = its final form."""
        from .printing.notebook import gradient_repr_latex
        return gradient_repr_latex(self, self.model)

    @property
    def expression(self) -> sympy.Expr:
        return substitute(self.group.gradient, self.substitution)

    @property
    def delta_form(self) -> sympy.Expr:
        return substitute(self.group.delta_form, self.substitution)

    @property
    def specific(self) -> sympy.Expr:
        return substitute(self.group.specific, self.substitution)

    def chain(self, which: str = "objective_chain") -> Chain:
        return getattr(self.group, which).xreplace(self.substitution)
