"""The derivation parameter group by parameter group (handout 004's order), and the error terms.

Each group shows the derivative of the prediction, the derivative of the objective, the update
rule (``ŵ¹ = ŵ⁰ − δ Σ_i [...]`` in the neuron notation, ``W ← W − α Σ_i [...]`` in the layer
notation), and the same derivative through the error terms.
"""

from __future__ import annotations

import sympy

from ..derive import Group
from ..limits import REPORT_FULL_CHAIN_LAYERS
from ..model import LOSS_I, OBJECTIVE
from ..model import N_OBS, OBS, Partial
from .blocks import Block, Row, Section, display, paragraph, subsection
from .context import Context, tag_width
from ..printing.breaking import CONTINUATION_INDENT, DISPLAY_WIDTH, RELATION_WIDTH, continuation
from ..printing.layout import visual_width


def _group_title(ctx: Context, group: Group) -> str:
    model, m = ctx.model, ctx.m
    if group.layer == model.depth:
        plural = "s" if model.outputs.size > 1 else ""
        return m(f"group_{group.kind}{plural}_output")
    title = m(f"group_{group.kind}_hidden", l=group.layer)
    if group.layer == model.depth - 1:
        return title + m("last_hidden")
    return title + m("first_hidden") if group.layer == 1 else title


def derivation_section(ctx: Context) -> Section:
    text = ctx.m("derivation_text")
    if not all(written_in_full(ctx.model, group) for group in ctx.derivation.groups):
        text += ctx.m("deep_groups_text", full=REPORT_FULL_CHAIN_LAYERS)
    blocks: list[Block] = [paragraph(text)]
    for group in ctx.derivation.groups:
        blocks += group_blocks(ctx, group)
    return Section(ctx.m("sec_derivation"), "sec:derivation", tuple(blocks))


def written_in_full(model, group: Group) -> bool:
    """Whether the group's chains descend every layer from the output down to it (handout 004's
    way), or, deeper than REPORT_FULL_CHAIN_LAYERS below the output, go through the error terms
    only: a full chain has a step per layer crossed, each as long as the path."""
    return model.depth - group.layer < REPORT_FULL_CHAIN_LAYERS


def group_blocks(ctx: Context, group: Group) -> list[Block]:
    """Everything shown for one group of parameters."""
    m, p = ctx.m, group.parameter
    name = f"{group.kind}s into layer {group.layer}"
    declared = group.free
    blocks = [subsection(_group_title(ctx, group)),
              paragraph(m("group_intro", parameter=ctx.current.latex(p), where=ctx.where(declared)))]
    if not written_in_full(ctx.model, group):
        blocks.append(paragraph(m("deep_group_text", below=ctx.model.depth - group.layer)))
        return blocks + _delta_blocks(ctx, group, name, declared)
    prediction = group.prediction_chain
    blocks.append(paragraph(m("prediction_text")))
    blocks += ctx.chain(f"{name}: prediction", prediction.lhs,
                        [(step.expr, step.rule) for step in prediction.steps], declared=declared).blocks
    objective = group.objective_chain
    blocks.append(paragraph(m("objective_chain_text")))
    laid = ctx.chain(f"{name}: objective", objective.lhs,
                     [(step.expr, step.rule) for step in objective.steps], declared=declared)
    blocks += laid.blocks
    gradient = laid.exprs[-1]
    blocks.append(paragraph(m("update_text")))
    blocks.append(display(update_rows(ctx, f"{name}: update", p, gradient, factor=True)))
    blocks.append(paragraph(m("delta_text")))
    return blocks + _delta_blocks(ctx, group, name, declared)


def _delta_blocks(ctx: Context, group: Group, name: str, declared) -> list[Block]:
    """The derivative through the error terms, the update with them in the same display."""
    delta, p = group.delta_chain, group.parameter
    laid = ctx.chain(f"{name}: error terms", delta.lhs, [(step.expr, step.rule) for step in delta.steps],
                     declared=declared).blocks
    # the update with the error terms in the same display, right under the derivative
    chain_display = next(n for n, block in enumerate(laid) if block.kind == "display")
    rows = laid[chain_display].rows + tuple(update_rows(ctx, f"{name}: update with error terms", p, delta.final))
    laid[chain_display] = display(rows)
    return laid


def _split_constant(body):
    """(factors that do not depend on the observation i, the rest) of a product."""
    if not isinstance(body, sympy.Mul):
        return sympy.Integer(1), body
    constant = [f for f in body.args if OBS not in f.free_symbols and not f.is_Number]
    rest = [f for f in body.args if f not in constant]
    return sympy.Mul(*constant), sympy.Mul(*rest)


def _observation_sum(gradient):
    """(body, True) when the derivative is Σ_i body (other Σ SymPy merged into the same Sum
    stay in the body), else (gradient, False)."""
    if not isinstance(gradient, sympy.Sum) or all(limit[0] != OBS for limit in gradient.limits):
        return gradient, False
    limits = [limit for limit in gradient.limits if limit[0] != OBS]
    return (sympy.Sum(gradient.function, *limits) if limits else gradient.function), True


def update_rows(ctx: Context, what: str, p, gradient, factor: bool = False) -> list[Row]:
    """``p¹ = p⁰ − δ Σ_i [...]`` (checked: the Σ is ∂J/∂p), or ``p ← p − α Σ_i [...]``.

    Args:
        what: name of the equality in error messages.
        p: the parameter (with free indices).
        gradient: the derivative of the objective exactly as displayed above.
        factor: also show the factors independent of i taken out of the sum (handout 004).
    """
    breaker = ctx.current
    rate = r"\delta" if ctx.neurons else r"\alpha"
    now = breaker.latex(p)
    left = ctx.next_namer.spell(p, "latex") if ctx.neurons else now
    relation, note = ("=", ctx.m.rule("update")) if ctx.neurons else (r"\leftarrow", "")
    room = DISPLAY_WIDTH - RELATION_WIDTH - visual_width(left)
    body, summed = _observation_sum(gradient)
    rows = _bracket_rows(ctx, f"{now} - {rate} ", body, summed, room, note)
    rows[0] = Row(left, relation, rows[0].right, note)
    if not ctx.neurons:
        return rows
    ctx.ledger.claim(what, Partial(OBJECTIVE, p), gradient)
    constant, rest = _split_constant(body)
    if factor and summed and constant != 1:
        ctx.ledger.claim(f"{what}, factored", gradient, constant * sympy.Sum(rest, (OBS, 1, N_OBS)))
        note = ctx.m.rule("factor-out")
        more = _bracket_rows(ctx, f"{now} - {rate} {breaker.latex(constant)} ", rest, True, room, note)
        rows.append(Row("", "=", more[0].right, note))
        rows += more[1:]
    return rows


def _bracket_rows(ctx: Context, prefix: str, body, summed: bool, room: float, note: str) -> list[Row]:
    """``prefix Σ_{i=1}^{n} [ body ]`` (or ``prefix ( body )`` when the derivative is not a
    sum over observations), the body broken into lines when long: the continuation lines
    indented under the right-hand side, each starting with its operator."""
    head, close = (prefix + r"\sum_{i=1}^{n} \left[", r"\right]") if summed else (prefix + r"\left(", r"\right)")
    lines = ctx.current.display_lines(body, room - CONTINUATION_INDENT - 1.5,
                                      room - visual_width(head) - 1.5 - tag_width(note))
    if len(lines) == 1:
        return [Row("", "", head + lines[0] + close)]
    rows = [Row("", "", head + lines[0] + r"\right.")]
    rows += [Row("", "", r"\quad " + continuation(r"\left." + line + r"\right."), joined=True) for line in lines[1:-1]]
    rows.append(Row("", "", r"\quad " + continuation(r"\left." + lines[-1] + close), joined=True))
    return rows


# -- error terms ------------------------------------------------------------------------------
def errors_section(ctx: Context) -> Section:
    model, m = ctx.model, ctx.m
    blocks: list[Block] = [paragraph(m("errors_text"))]
    for term in ctx.derivation.error_terms:
        j = term.neuron
        free = ctx.free([j])
        blocks.append(paragraph(m("errors_layer", layer=term.layer, where=ctx.where(free))))
        steps = [(Partial(LOSS_I, model.e(j)), "error-term")]
        steps += [(step.expr, step.rule) for step in term.chain.steps]
        blocks += ctx.chain(f"error term of layer {term.layer}", term.chain.lhs, steps, declared=free).blocks
    return Section(m("sec_errors"), "sec:errors", tuple(blocks))
