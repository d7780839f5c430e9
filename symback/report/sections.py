"""The opening and closing sections of a report: the network, the forward pass, the objective
and gradient descent, the algorithm, and how the document was checked."""

from __future__ import annotations

import dataclasses

from sympy import Integer

from ..model import OBJECTIVE
from .figure import MAX_DRAWN, network_figure
from ..limits import REPORT_FULL_CHAIN_LAYERS
from ..losses import LOSSES
from ..model import OBS, THETA, W, X, Model
from .activation import custom_activation_blocks
from .blocks import Block, Row, Section, Table, display, paragraph
from .context import Context
from .escape import table_words
from .ledger import Verification

NESTED_NAMES = "mqrtuvhd"  # not c: the output index (printing.layout.RENAMED_INDICES)


def _list_symbols(ctx: Context, symbol, numbers: range) -> str:
    """``$x_{i,1}, x_{i,2}, x_{i,3}$``, or ``$x_{i,1}, \\ldots, x_{i,784}$`` when long; only the
    symbols shown are built (a layer may have 100,000 neurons)."""
    shown = list(numbers) if len(numbers) <= 4 else [numbers[0], None, numbers[-1]]
    spelled = [r"\ldots" if n is None else ctx.namer.spell(symbol(Integer(n)), "latex") for n in shown]
    return "$" + ", ".join(spelled) + "$"


def layer_name(ctx: Context, layer: int, prefix: str) -> str:
    """input / hidden l / output (``prefix`` selects the table or the figure wording)."""
    if layer == 0:
        return ctx.m(f"{prefix}_input")
    if layer == ctx.model.depth:
        return ctx.m(f"{prefix}_output")
    return ctx.m(f"{prefix}_hidden", l=layer)


def network_section(ctx: Context) -> Section:
    model, m = ctx.model, ctx.m
    inputs = _list_symbols(ctx, lambda k: X[OBS, k], model.ranges[0].numbers())
    targets = _list_symbols(ctx, model.y, model.outputs.numbers())
    blocks = [paragraph(m("network_text", inputs=inputs, targets=targets, depth=model.depth,
                          target_word=m("target_one" if model.single_output else "target_many")))]
    weight = _generic(ctx, "weight")
    if ctx.neurons:
        output_name = m("output_name") if model.single_output else ""
        blocks.append(paragraph(m("network_neurons", output_name=output_name, theta=_generic(ctx, "threshold"),
                                  weight=weight)))
        if not model.single_output:
            blocks.append(paragraph(_outputs_by_position(ctx)))
    else:
        blocks.append(paragraph(m("network_layers", weight=weight)))
    columns = [layer_name(ctx, layer, "column") for layer in range(model.depth + 1)]
    figure = dataclasses.replace(network_figure(model, ctx.namer, columns), markdown_caption=m(
        "markdown_caption", shorthand=ctx.arch.shorthand, numbering=m("numbering")))
    caption = m("figure_caption", shorthand=ctx.arch.shorthand, detail=m("figure_detail"))
    if figure.ellipsis:
        caption += m("figure_ellipsis", limit=MAX_DRAWN)
    if figure.hidden_layers:
        caption += m("figure_layers_ellipsis", first=figure.hidden_layers[0], last=figure.hidden_layers[1])
    blocks.append(Block("figure", text=caption, figure=figure))
    blocks.append(Block("table", table=_layers_table(ctx)))
    blocks += custom_activation_blocks(ctx)
    loss = LOSSES[ctx.arch.loss]
    blocks.append(paragraph(m("loss_text", loss=getattr(loss, f"display_{m.lang}"),
                              source=loss.handout_equation)))
    return Section(m("sec_network"), "sec:network", tuple(blocks))


def _outputs_by_position(ctx: Context) -> str:
    """The neuron notation numbers neurons through the network but outputs by position:
    ``y_{i,1}`` and ``ŷ_{i,1} = s_{i,8}`` belong to the first output neuron."""
    model, spell = ctx.model, lambda symbol: ctx.namer.spell(symbol, "latex")
    first, last = (Integer(model.outputs.first), Integer(model.outputs.last))
    return ctx.m("outputs_by_position", first_y=spell(model.y(first)), first_yhat=spell(model.yhat(first)),
                 first_s=spell(model.s(first)), last_y=spell(model.y(last)), last_yhat=spell(model.yhat(last)),
                 last_s=spell(model.s(last)))


def _generic(ctx: Context, kind: str) -> str:
    """w_{k,j} / Theta_j (or W^{(l)}_{k,j} / b^{(l)}_j) with letters for indices."""
    if ctx.neurons:
        return r"w_{k,j}" if kind == "weight" else r"\Theta_{j}"
    row_col = "k,j" if ctx.arch.layout == "in-out" else "j,k"
    return rf"W^{{(l)}}_{{{row_col}}}" if kind == "weight" else r"b^{(l)}_{j}"


# A layers table longer than this (a float cannot break across pages) writes each run of
# hidden layers of the same size and activation as one row.
MAX_TABLE_ROWS = 30


def _layers_table(ctx: Context) -> Table:
    model, m = ctx.model, ctx.m
    rows = []
    for first, last in _table_runs(ctx):
        if first == last:
            rows.append((layer_name(ctx, first, "layer"), f"${', '.join(_table_names(ctx, first))}$",
                         _table_activation(ctx, first)))
            continue
        names = _table_names(ctx, first)[:1] + [r"\ldots"] + _table_names(ctx, last)[-1:]
        rows.append((m("layer_hidden_range", first=first, last=last),
                     m("table_run_neurons", names=f"${', '.join(names)}$", size=model.ranges[first].size),
                     _table_activation(ctx, first)))
    header = (m("col_layer"), m("col_neurons"), m("col_activation"))
    return Table(m("table_caption"), "tab:layers", header, tuple(rows))


def _table_runs(ctx: Context) -> list[tuple[int, int]]:
    """(first, last) layer of each table row: one layer each, or in a long table each run of
    hidden layers alike in size and activation."""
    model, activations = ctx.model, ctx.arch.activations
    if model.depth + 1 <= MAX_TABLE_ROWS:
        return [(layer, layer) for layer in range(model.depth + 1)]
    alike = lambda a, b: (model.ranges[a].size, activations[a - 1]) == (model.ranges[b].size, activations[b - 1])
    runs = [(0, 0)]
    for layer in range(1, model.depth):
        first, last = runs[-1]
        runs[-1:] = [(first, layer)] if first > 0 and alike(first, layer) else [(first, last), (layer, layer)]
    return runs + [(model.depth, model.depth)]


def _table_names(ctx: Context, layer: int) -> list[str]:
    numbers = ctx.model.ranges[layer].numbers()
    names = [ctx.namer.index(Integer(n)) for n in (numbers if len(numbers) <= MAX_DRAWN else numbers[:2])]
    if len(numbers) > MAX_DRAWN:
        names += [r"\ldots", ctx.namer.index(Integer(numbers[-1]))]
    return names


def _table_activation(ctx: Context, layer: int) -> str:
    if layer == 0:
        return "--"
    activation = ctx.arch.activation_table[ctx.arch.activations[layer - 1]]
    return table_words(getattr(activation, f"display_{ctx.m.lang}"))


# -- forward --------------------------------------------------------------------------------
def forward_section(ctx: Context) -> Section:
    model, m = ctx.model, ctx.m
    blocks = [paragraph(m("forward_text"))]
    for layer in range(1, model.depth + 1):
        j = model.index_for(layer, "j")
        free = [j] if not j.is_Integer else []
        blocks.append(paragraph(m("forward_layer", layer=layer, where=ctx.where(free))))
        rows = ctx.chain(f"e of layer {layer}", model.e(j), [(model.e_definition(j, "k"), None)],
                         ctx.plain, declared=free).blocks[-1].rows
        s_value = (model.g[layer](model.e(j)) if model.activation(layer).elementwise
                   else model.softmax_expression(j))
        rows += ctx.chain(f"s of layer {layer}", model.s(j), [(s_value, None)], ctx.plain,
                          declared=free).blocks[-1].rows
        if layer == model.depth:
            rows += ctx.chain("prediction", model.yhat(j), [(model.s(j), None)], ctx.plain,
                              declared=free).blocks[-1].rows
        blocks.append(display(rows))
    floor = nested_floor(model)
    blocks.append(paragraph(m("nested_text_deep", layers=model.depth - floor, floor=floor) if floor
                            else m("nested_text")))
    blocks += nested_blocks(ctx)
    return Section(m("sec_forward"), "sec:forward", tuple(blocks))


def nested_signal(model: Model, layer: int, neuron, depth_names: str = NESTED_NAMES, floor: int = 0):
    """s of ``neuron`` written in the inputs and parameters, with one Σ per layer below it; with
    ``floor``, the signals of that layer are kept as they are."""
    if layer == floor:
        return model.s(neuron)
    return model.g[layer](nested_e(model, layer, neuron, depth_names, floor))


def nested_e(model: Model, layer: int, neuron, depth_names: str = NESTED_NAMES, floor: int = 0):
    name = depth_names[(model.depth - layer) % len(depth_names)]
    return model.layer_sum(layer - 1, lambda h: W[h, neuron] * nested_signal(model, layer - 1, h, depth_names, floor),
                           name) + THETA[neuron]


def nested_floor(model: Model) -> int:
    """The layer whose signals the report's nested prediction keeps whole: the inputs, or in a
    deep network the layer REPORT_FULL_CHAIN_LAYERS below the output (each of its signals nests
    the same way down to the inputs)."""
    return max(0, model.depth - REPORT_FULL_CHAIN_LAYERS)


def nested_blocks(ctx: Context) -> list[Block]:
    """ŷ as one nested expression (eq. 12 of handout 000), checked against the signals."""
    model = ctx.model
    top, floor = model.depth, nested_floor(model)
    o = model.index_for(top, "o")
    if model.activation(top).elementwise:
        steps = [(model.s(o), "signal"), (nested_signal(model, top, o, floor=floor), "nested")]
        return ctx.chain("nested prediction", model.yhat(o), steps, ctx.plain).blocks
    blocks = ctx.chain("softmax prediction", model.yhat(o),
                       [(model.s(o), "signal"), (model.softmax_expression(o), None)], ctx.plain).blocks
    blocks += ctx.chain("nested input of the output", model.e(o), [(nested_e(model, top, o, floor=floor), "nested")],
                        ctx.plain, declared=ctx.free([o])).blocks
    return blocks


# -- objective --------------------------------------------------------------------------------
def objective_section(ctx: Context) -> Section:
    model, m = ctx.model, ctx.m
    loss = LOSSES[ctx.arch.loss]
    blocks = [paragraph(m("objective_text", loss=getattr(loss, f"display_{m.lang}")))]
    blocks += ctx.chain("objective", OBJECTIVE, [(model.objective(), None)], ctx.plain).blocks
    blocks.append(paragraph(m("descent_text")))
    blocks.append(display(_descent_rows(ctx)))
    blocks.append(paragraph(m("descent_after")))
    return Section(m("sec_objective"), "sec:objective", tuple(blocks))


def _descent_rows(ctx: Context) -> list[Row]:
    """The update as a definition (``:=``) or an assignment (``<-``): not an equality claim."""
    if ctx.neurons:
        point = r"\left(\hat{\mathbf{w}}^{0}, \hat{\boldsymbol{\Theta}}^{0}\right)"
        return [Row(r"\hat{w}^{1}", r"\mathrel{:=}",
                    rf"\hat{{w}}^{{0}} - \delta \frac{{\partial J}}{{\partial \hat{{w}}}}{point}"),
                Row(r"\hat{\Theta}^{1}", r"\mathrel{:=}",
                    rf"\hat{{\Theta}}^{{0}} - \delta \frac{{\partial J}}{{\partial \hat{{\Theta}}}}{point}")]
    return [Row(r"W^{(l)}", r"\leftarrow", r"W^{(l)} - \alpha \frac{\partial C}{\partial W^{(l)}}"),
            Row(r"b^{(l)}", r"\leftarrow", r"b^{(l)} - \alpha \frac{\partial C}{\partial b^{(l)}}")]


# -- algorithm and checking ----------------------------------------------------------------
def algorithm_section(ctx: Context) -> Section:
    steps = Block("steps", items=tuple(ctx.m("algorithm")))
    return Section(ctx.m("sec_algorithm"), "sec:algorithm", (steps,))


def checked_section(ctx: Context, verification: Verification) -> Section:
    """How many equalities were checked, how many checks, and by which method (as the Prover's
    checks name it; a mixed proof lists its methods)."""
    methods = ", ".join(f"{count} {method}" for method, count in verification.methods)
    text = ctx.m(f"checked_{verification.method}", count=verification.equalities, checks=verification.checks,
                 digits=verification.digits, points=verification.points, methods=methods)
    return Section(ctx.m("sec_checked"), "sec:checked", (paragraph(text),))
