"""How a Derivation and a Gradient show themselves: ``str``/``repr`` in the notation's plain
text, and the notebook display (``_repr_latex_``), each group once with the range of its free
indices."""

from __future__ import annotations

from ..notation import Namer
from .latex import latex
from .layout import distinct_indices, index_values
from .text import text


def _ranges(namer: Namer, indices, ellipsis: str) -> str:
    """``k = 4, 5; j = 6, 7, 8`` for the free indices of a group ('' when there are none)."""
    return "; ".join(f"{index.name} = {', '.join(index_values(namer, index, ellipsis))}" for index in indices)


def _group_lines(derivation, printer, ellipsis: str):
    """(lhs, gradient, ranges) of every group, in the printer's style and readable index letters."""
    namer = Namer(derivation.model, derivation.arch.notation)
    renamed: dict = {}
    for group in derivation.groups:
        lhs = distinct_indices(group.objective_chain.lhs, renamed)
        gradient = distinct_indices(group.gradient, renamed)
        yield printer(lhs, namer), printer(gradient, namer), _ranges(namer, group.free, ellipsis)


def derivation_text(derivation) -> str:
    """A readable repr: the network, then each group's gradient with the range of its indices."""
    arch = derivation.arch
    lines = [f"Derivation of the {arch.shorthand} network ({', '.join(arch.activations)}; loss {arch.loss}; "
             f"notation {arch.notation}): {arch.parameter_count} parameters in {len(derivation.groups)} groups"]
    for lhs, gradient, ranges in _group_lines(derivation, text, "..."):
        lines.append(f"  {lhs} = {gradient}" + (f"   for {ranges}" if ranges else ""))
    return "\n".join(lines)


def gradient_text(gradient, model) -> str:
    """``d(J)/d(w_{1,4}) = Sum(...)``: one parameter's gradient in the notation's plain text."""
    namer = Namer(model, model.arch.notation)
    lhs = gradient.chain("objective_chain").lhs
    return f"{text(lhs, namer)} = {text(distinct_indices(gradient.expression, {}), namer)}"


def derivation_repr_latex(derivation) -> str:
    """``$$\\begin{aligned} ∂J/∂p &= ... \\quad (j = 6, 7, 8) \\end{aligned}$$``: each group once."""
    rows = [rf"{lhs} &= {gradient}" + (rf" \quad ({ranges})" if ranges else "")
            for lhs, gradient, ranges in _group_lines(derivation, latex, r"\ldots")]
    return "$$\\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}$$"


def gradient_repr_latex(gradient, model) -> str:
    """``$\\displaystyle ∂J/∂p = ...$`` for one concrete parameter (Jupyter display).

    Args:
        gradient: one parameter's gradient.
        model: the model it belongs to (a Gradient does not keep it).
    """
    namer = Namer(model, model.arch.notation)
    lhs = gradient.chain("objective_chain").lhs
    expression = distinct_indices(gradient.expression, {})
    return rf"$\displaystyle {latex(lhs, namer)} = {latex(expression, namer)}$"
