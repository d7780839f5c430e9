"""Notebook display (``_repr_latex_``) of a Derivation and of one Gradient."""

from __future__ import annotations

from ..notation import Namer
from .latex import latex


def derivation_repr_latex(derivation) -> str:
    """``$$\\begin{aligned} ∂J/∂p &= ... \\end{aligned}$$`` for every group (Jupyter display)."""
    namer = Namer(derivation.model, derivation.arch.notation)
    rows = [rf"{latex(group.objective_chain.lhs, namer)} &= {latex(group.gradient, namer)}"
            for group in derivation.groups]
    return "$$\\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}$$"


def gradient_repr_latex(gradient, model) -> str:
    """``$\\displaystyle ∂J/∂p = ...$`` for one concrete parameter (Jupyter display).

    Args:
        gradient: one parameter's gradient.
        model: the model it belongs to (a Gradient does not keep it).
    """
    namer = Namer(model, model.arch.notation)
    lhs = gradient.chain("objective_chain").lhs
    return rf"$\displaystyle {latex(lhs, namer)} = {latex(gradient.expression, namer)}$"
