"""The sections of a worked example: starting values, forward pass, objective, error terms,
gradients, update, and the further iterations; each a function of the Context."""

from __future__ import annotations

import dataclasses
import re

from sympy import Integer

from ..derive import OBJECTIVE, Derivation
from ..losses import LOSSES
from ..model import DELTA, E, OBS, S, THETA, W, Partial
from ..notation import Namer
from ..printing.latex import latex
from .arithmetic import NumberPrinter, SYMBOLS
from .compute import Iteration
from .figure import network_figure
from .messages import message
from .numbers import number_latex, operand_latex
from .records import Block, Row, Section, chain, worked_rows
from .values import Problem


@dataclasses.dataclass(frozen=True)
class Context:
    derivation: Derivation
    problem: Problem
    iterations: tuple[Iteration, ...]
    namer: Namer
    lang: str
    digits: int

    @property
    def model(self):
        return self.derivation.model

    def m(self, key: str, **fields) -> str:
        return message(self.lang, key, **fields)

    def spell(self, symbol, i: int | None = None) -> str:
        return self.namer.spell(symbol, "latex", observation=str(i) if i else "i")

    def network_words(self) -> dict:
        """shorthand, activations and loss as the reader's language names them."""
        arch = self.model.arch
        names = dict.fromkeys(getattr(arch.activation_table[name], f"display_{self.lang}") for name in arch.activations)
        return {"shorthand": arch.shorthand, "activations": ", ".join(names),
                "loss": getattr(LOSSES[arch.loss], f"display_{self.lang}")}

    def number(self, value) -> str:
        return number_latex(value, self.digits)

    @property
    def letters(self) -> dict:
        """The bare letters of the notation (e, s, ε or z, a, δ; J or C; δ or α) for sentences."""
        notation, neuron = self.namer.notation, Integer(self.model.ranges[1].first)
        bare = lambda base: re.split(r"[_^]", self.spell(base[OBS, neuron]))[0]
        return {"e": bare(E), "s": bare(S), "error": bare(DELTA), "j": notation.objective.latex,
                "rate": notation.rate.latex}


def _parameter_rows(ctx: Context, parameters: dict) -> list[Row]:
    """One row per neuron: the weights into it and its threshold."""
    rows = []
    for rng in ctx.model.ranges[1:]:
        for j in rng.numbers():
            items = [W[Integer(k), Integer(j)] for k in ctx.model.ranges[rng.index - 1].numbers()]
            items.append(THETA[Integer(j)])
            text = r",\quad ".join(f"{ctx.spell(p)} = {ctx.number(parameters[p])}" for p in items)
            rows.append(Row("", text))
    return rows


def setup_section(ctx: Context) -> Section:
    model, problem, first = ctx.model, ctx.problem, ctx.iterations[0]
    drawn = " ".join(ctx.m(f"drawn_{part}", seed=problem.seed) for part in problem.drawn)
    text = ctx.m("setup_text", **ctx.network_words(), rate=ctx.letters["rate"], rate_value=ctx.number(problem.learning_rate),
                 n=problem.observations, drawn=drawn)
    header = (ctx.m("observation"),) + tuple(
        f"${ctx.spell(model.s(Integer(k)))}$" for k in model.ranges[0].numbers()) + tuple(
        f"${ctx.spell(model.y(Integer(o)))}$" for o in model.outputs.numbers())
    cells = tuple((str(i),) + tuple(f"${ctx.number(v)}$" for v in x + y)
                  for i, (x, y) in enumerate(zip(problem.x, problem.y), start=1))
    figure = _figure(ctx, "initial", first.values, ctx.m("figure_initial"), (ctx.m("neuron"), ""))
    return Section(ctx.m("setup"), (
        Block("paragraph", text), Block("table", ctx.m("data_caption"), header=header, cells=cells),
        Block("paragraph", ctx.m("initial")), Block("display", rows=tuple(_parameter_rows(ctx, first.before))),
        Block("figure", figure=figure)))


def _figure(ctx: Context, stage: str, values, caption: str, header: tuple[str, ...]):
    """The network figure of one stage; a deep network's caption names the layers not drawn."""
    figure = network_figure(ctx.model, ctx.namer, stage, values, caption, header)
    if figure.hidden_layers:
        first, last = figure.hidden_layers
        figure = dataclasses.replace(figure, caption=caption + ctx.m("figure_hidden_layers", first=first, last=last))
    return figure


def forward_section(ctx: Context) -> Section:
    model, values = ctx.model, ctx.iterations[0].values
    blocks = [Block("paragraph", ctx.m("forward_text"))]
    for i in range(1, ctx.problem.observations + 1):
        rows = []
        for rng in model.ranges[1:]:
            for j in map(Integer, rng.numbers()):
                rows += worked_rows(ctx.spell(E[OBS, j], i), model.e_definition(j).doit(), ctx.namer, values, i,
                                    values.signals[("e", i, int(j))], ctx.digits)
                definition = model.s_definition(j) if model.activation(rng.index).elementwise \
                    else model.softmax_expression(j)
                rows += worked_rows(ctx.spell(S[OBS, j], i), definition, ctx.namer, values, i,
                                    values.signals[("s", i, int(j))], ctx.digits)
        blocks += [Block("subsection", ctx.m("observation_heading", i=i)), Block("display", rows=tuple(rows))]
    letters = ctx.letters
    blocks.append(Block("figure", figure=_figure(
        ctx, "forward", values, ctx.m("figure_forward", e=letters["e"], s=letters["s"]), (ctx.m("neuron"), "", ""))))
    return Section(ctx.m("forward"), tuple(blocks))


def objective_section(ctx: Context) -> Section:
    first = ctx.iterations[0]
    rows = worked_rows(ctx.namer.notation.objective.latex, ctx.model.objective(), ctx.namer, first.values,
                       None, first.objective, ctx.digits)
    return Section(ctx.m("objective"), (Block("display", rows=tuple(rows)),))


def backward_section(ctx: Context) -> Section:
    model, values = ctx.model, ctx.iterations[0].values
    blocks = [Block("paragraph", ctx.m("backward_text"))]
    for i in range(1, ctx.problem.observations + 1):
        rows = []
        for term in ctx.derivation.error_terms:
            for j in map(Integer, model.ranges[term.layer].numbers()):
                expression = term.chain.final.xreplace({term.neuron: j})
                rows += worked_rows(ctx.spell(DELTA[OBS, j], i), expression, ctx.namer, values, i,
                                    values.deltas[(i, int(j))], ctx.digits)
        blocks += [Block("subsection", ctx.m("observation_heading", i=i)), Block("display", rows=tuple(rows))]
    blocks.append(Block("figure", figure=_figure(
        ctx, "backward", values, ctx.m("figure_backward", error=ctx.letters["error"]), (ctx.m("neuron"), ""))))
    return Section(ctx.m("backward"), tuple(blocks))


def ordered_gradients(derivation: Derivation) -> list:
    """Every parameter's Gradient in handout 004's order: output threshold first."""
    return [g for group in derivation.groups for g in derivation.instances(group)]


def gradients_section(ctx: Context) -> Section:
    first, rows = ctx.iterations[0], []
    for gradient in ordered_gradients(ctx.derivation):
        full = NumberPrinter(ctx.namer, first.values, None, ctx.digits, SYMBOLS).doprint(gradient.expression)
        left = latex(Partial(OBJECTIVE, gradient.parameter), ctx.namer)
        rows += worked_rows(left, gradient.delta_form, ctx.namer, first.values, None,
                            first.gradients[gradient.parameter], ctx.digits, lead=(full,))
    return Section(ctx.m("gradients"), (Block("paragraph", ctx.m("gradients_text")),
                                        Block("display", rows=tuple(rows))))


def update_section(ctx: Context) -> Section:
    first, rate = ctx.iterations[0], ctx.letters["rate"]
    neurons = ctx.namer.notation.global_indices
    new = Namer(ctx.model, ctx.namer.notation, iteration="1") if neurons else ctx.namer
    old = Namer(ctx.model, ctx.namer.notation, iteration="0") if neurons else ctx.namer
    rows = []
    for gradient in ordered_gradients(ctx.derivation):
        p = gradient.parameter
        partial = latex(Partial(OBJECTIVE, p), ctx.namer)
        rights = [rf"{old.spell(p, 'latex')} - {rate} {partial}",
                  rf"{operand_latex(first.before[p], ctx.digits)} - {operand_latex(ctx.problem.learning_rate, ctx.digits)}"
                  rf" \cdot {operand_latex(first.gradients[p], ctx.digits)}", ctx.number(first.after[p])]
        rows += chain(new.spell(p, "latex"), rights, "=" if neurons else r"\leftarrow")
    after = ctx.m("after_text", j=ctx.letters["j"], before=ctx.number(first.objective),
                  after=ctx.number(first.objective_after))
    return Section(ctx.m("update"), (Block("paragraph", ctx.m("update_text")), Block("display", rows=tuple(rows)),
                                     Block("paragraph", after)))


def iterations_section(ctx: Context) -> Section:
    count = len(ctx.iterations)
    header = (ctx.m("iteration"), f"${ctx.letters['j']}$ ({ctx.m('before')})", f"${ctx.letters['j']}$ ({ctx.m('after')})")
    cells = tuple((str(index), f"${ctx.number(it.objective)}$", f"${ctx.number(it.objective_after)}$")
                  for index, it in enumerate(ctx.iterations, start=1))
    return Section(ctx.m("iterations"), (
        Block("paragraph", ctx.m("iterations_text", count=count)),
        Block("table", ctx.m("iterations"), header=header, cells=cells),
        Block("paragraph", ctx.m("final", count=count)),
        Block("display", rows=tuple(_parameter_rows(ctx, ctx.iterations[-1].after)))))
