"""The matrix (δ) section: equations 1-3, 12 and 13-21 of handout 000 with this network's shapes.

The matrix equations are composed here as LaTeX; each is registered with the Ledger through
the scalar equation of its entries (free neuron indices), which is exactly what it states.
"""

from __future__ import annotations

import dataclasses

import sympy
from sympy import Integer

from ..model import LAMBDA, N_OBS, OBJECTIVE, OBS, THETA, W, Partial
from ..rules import CANONICAL
from ..printing.breaking import CONTINUATION_INDENT, DISPLAY_WIDTH, RELATION_WIDTH, continuation
from ..printing.layout import visual_width
from .blocks import Block, Row, Section, Table, display, paragraph
from .context import Context
from .sections import nested_e, nested_signal

MAX_ENTRIES = 6


@dataclasses.dataclass(frozen=True)
class Symbols:
    """Matrix and vector symbols of one notation; ``{l}`` is the layer."""

    weight: str
    bias: str
    pre: str
    act: str
    error: str
    inputs: str
    target: str
    objective: str
    rate: str


SYMBOLS = {
    "neurons": Symbols(r"\mathbf{{W}}^{{({l})}}", r"\boldsymbol{{\Theta}}^{{({l})}}", r"\mathbf{{e}}^{{{l}}}_{{i}}",
                       r"\mathbf{{s}}^{{{l}}}_{{i}}", r"\boldsymbol{{\varepsilon}}^{{{l}}}_{{i}}", r"\mathbf{{x}}_{{i}}",
                       r"\mathbf{{y}}_{{i}}", "J", r"\delta"),
    "layers": Symbols(r"W^{{({l})}}", r"b^{{({l})}}", r"z^{{{l}}}_{{i}}", r"a^{{{l}}}_{{i}}", r"\delta^{{{l}}}_{{i}}",
                      r"x_{{i}}", r"y_{{i}}", "C", r"\alpha"),
}


class _Matrix:
    """Spells the vectors of one report and composes its matrix equations."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.model = ctx.model
        self.sym = SYMBOLS[ctx.notation]
        self.in_out = ctx.arch.layout == "in-out"

    def W(self, l):
        return self.sym.weight.format(l=l)

    def b(self, l):
        return self.sym.bias.format(l=l)

    def z(self, l):
        return self.sym.pre.format(l=l)

    def a(self, l):
        return self.sym.inputs.format() if l == 0 else self.sym.act.format(l=l)

    def d(self, l):
        return self.sym.error.format(l=l)

    def g(self, l, prime=False):
        if not prime and not self.model.activation(l).elementwise:
            return r"\operatorname{softmax}"
        return self.ctx.namer.activation(l, prime, "latex")

    def times(self, l, vector):
        """W^T v (in-out) or W v (out-in): the forward product."""
        return (rf"({self.W(l)})^{{T}} {vector}" if self.in_out else rf"{self.W(l)} {vector}")

    def back(self, l, vector):
        """W v (in-out) or W^T v (out-in): the backward product of eq. 17."""
        return (rf"{self.W(l)} {vector}" if self.in_out else rf"({self.W(l)})^{{T}} {vector}")


def matrix_section(ctx: Context) -> Section:
    mx, m, model = _Matrix(ctx), ctx.m, ctx.model
    layout = m("layout_in_out" if mx.in_out else "layout_out_in", matrix=mx.W("l"))
    blocks: list[Block] = [paragraph(m("matrix_text")), paragraph(layout), Block("table", table=_shapes(mx))]
    blocks += [paragraph(m("matrix_forward")), display(_forward_rows(mx))]
    blocks += [paragraph(m("matrix_nested")), display(_nested_rows(mx))]
    blocks += [paragraph(m("matrix_output_error")), display(_output_rows(mx)), paragraph(m("hadamard"))]
    if model.depth > 1:
        blocks += [paragraph(m("matrix_recursion")), display(_recursion_rows(mx))]
    blocks += [paragraph(m("matrix_weights")), display(_weight_rows(mx))]
    blocks += [paragraph(m("matrix_biases", thresholds=m("thresholds"))), display(_bias_rows(mx))]
    blocks += [paragraph(m("matrix_update")), display(_update_rows(mx))]
    return Section(m("sec_matrix"), "sec:matrix", tuple(blocks))


def _shapes(mx: _Matrix) -> Table:
    sizes = mx.model.arch.sizes
    rows = []
    for l in range(1, len(sizes)):
        shape = (sizes[l - 1], sizes[l]) if mx.in_out else (sizes[l], sizes[l - 1])
        vectors = ", ".join((mx.b(l), mx.z(l), mx.a(l), mx.d(l)))
        rows.append((f"${l}$", rf"${mx.W(l)} \in \mathbb{{R}}^{{{shape[0]} \times {shape[1]}}}$",
                     rf"${vectors} \in \mathbb{{R}}^{{{sizes[l]}}}$"))
    header = ("$l$", mx.ctx.m("col_matrix"), mx.ctx.m("col_vectors"))
    return Table(mx.ctx.m("shapes_caption"), "tab:shapes", header, tuple(rows))


def _forward_rows(mx: _Matrix) -> list[Row]:
    ctx, model, rows = mx.ctx, mx.model, []
    for l in range(1, model.depth + 1):
        j = model.index_for(l, "j")
        rows.append(ctx.claim_rows(f"matrix forward z of layer {l}", model.e(j), model.e_definition(j),
                                   mx.z(l), rf"{mx.times(l, mx.a(l - 1))} + {mx.b(l)}"))
        s_value = (model.g[l](model.e(j)) if model.activation(l).elementwise else model.softmax_expression(j))
        rows.append(ctx.claim_rows(f"matrix forward a of layer {l}", model.s(j), s_value,
                                   mx.a(l), rf"{mx.g(l)}\left({mx.z(l)}\right)"))
    return rows


def _nested_lines(mx: _Matrix, top: int) -> list[str]:
    """Equation 12 composed layer by layer, broken into lines that fit (deep networks) before
    a ``+``; each line closes what it leaves open with \\right. and the next reopens it with
    \\left. and starts with its operator."""
    segments = [(rf"{mx.g(top)}\left({mx.b(top)}", 1)]
    segments += [(rf" + {mx.times(l, '')}{mx.g(l - 1)}\left({mx.b(l - 1)}", 1) for l in range(top, 1, -1)]
    segments.append((rf" + {mx.times(1, mx.a(0))}" + r"\right)" * top, -top))
    lines, current, before, depth = [], "", 0, 0
    width = DISPLAY_WIDTH - RELATION_WIDTH - 6.0 - CONTINUATION_INDENT
    for text, change in segments:
        if current and visual_width(current + text) > width:
            lines.append(r"\left." * before + current + r"\right." * depth)
            current, before, text = "", depth, text.lstrip()
        current += text
        depth += change
    lines.append(r"\left." * before + current + r"\right." * depth)
    return [lines[0], *(continuation(line) for line in lines[1:])]


def _nested_rows(mx: _Matrix) -> list[Row]:
    ctx, model = mx.ctx, mx.model
    top = model.depth
    o = model.index_for(top, "o")
    if model.activation(top).elementwise:
        nested = nested_signal(model, top, o)
    else:
        total = model.layer_sum(top, lambda q: sympy.exp(nested_e(model, top, q)), "q")
        nested = sympy.exp(nested_e(model, top, o)) / total
    hat = r"\hat{\mathbf{y}}_{i}" if ctx.neurons else r"\hat{y}_{i}"
    lines = _nested_lines(mx, top)
    return [ctx.claim_rows("matrix prediction", model.yhat(o), model.s(o), hat, mx.a(top)),
            ctx.claim_rows("matrix nested prediction", model.s(o), nested, "", lines[0]),
            *(Row("", "", r"\quad " + line, joined=True) for line in lines[1:])]


def _output_rows(mx: _Matrix) -> list[Row]:
    ctx, model = mx.ctx, mx.model
    top = model.depth
    term = ctx.derivation.error_term(top)
    steps = term.chain.steps
    gradient = rf"\nabla_{{{mx.a(top)}}} {mx.sym.objective}_{{i}}"
    if model.activation(top).elementwise:
        right = rf"{gradient} \odot {mx.g(top, prime=True)}\left({mx.z(top)}\right)"
    else:
        a = mx.a(top)
        right = rf"\left(\operatorname{{diag}}({a}) - {a} ({a})^{{T}}\right) {gradient}"
    rows = [ctx.claim_rows("matrix output error", term.chain.lhs, steps[0].expr, mx.d(top), right)]
    if len(steps) > 1 and steps[1].rule == CANONICAL:
        canonical = rf"\frac{{1}}{{n}} \left({mx.a(top)} - {mx.sym.target.format()}\right)"
        rows.append(ctx.claim_rows("matrix output error, simplified", steps[0].expr, steps[1].expr, "", canonical))
    return rows


def _recursion_rows(mx: _Matrix) -> list[Row]:
    ctx, model, rows = mx.ctx, mx.model, []
    for l in range(model.depth - 1, 0, -1):
        term = ctx.derivation.error_term(l)
        right = rf"\left({mx.back(l + 1, mx.d(l + 1))}\right) \odot {mx.g(l, prime=True)}\left({mx.z(l)}\right)"
        rows.append(ctx.claim_rows(f"matrix error recursion of layer {l}", term.chain.lhs,
                                   term.chain.generic, mx.d(l), right))
    return rows


def _weight_rows(mx: _Matrix) -> list[Row]:
    ctx, model, rows = mx.ctx, mx.model, []
    for l in range(model.depth, 0, -1):
        j, k = model.index_for(l, "j"), model.index_for(l - 1, "k")
        scalar = sympy.Sum(model.delta(j) * model.s(k), (OBS, 1, N_OBS))
        outer = (rf"{mx.a(l - 1)} ({mx.d(l)})^{{T}}" if mx.in_out else rf"{mx.d(l)} ({mx.a(l - 1)})^{{T}}")
        decay = ""
        if model.regularized:  # the L2 penalty's λ W, thresholds not penalised
            scalar, decay = scalar + LAMBDA * W[k, j], rf" + \lambda {mx.W(l)}"
        left = rf"\frac{{\partial {mx.sym.objective}}}{{\partial {mx.W(l)}}}"
        rows.append(ctx.claim_rows(f"matrix weight gradient of layer {l}", Partial(OBJECTIVE, W[k, j]), scalar,
                                   left, rf"\sum_{{i=1}}^{{n}} {outer}{decay}"))
    return rows


def _bias_rows(mx: _Matrix) -> list[Row]:
    ctx, model, rows = mx.ctx, mx.model, []
    for l in range(model.depth, 0, -1):
        j = model.index_for(l, "j")
        scalar = sympy.Sum(model.delta(j), (OBS, 1, N_OBS))
        left = rf"\frac{{\partial {mx.sym.objective}}}{{\partial {mx.b(l)}}}"
        rows.append(ctx.claim_rows(f"matrix bias gradient of layer {l}", Partial(OBJECTIVE, THETA[j]), scalar,
                                   left, rf"\sum_{{i=1}}^{{n}} {mx.d(l)}"))
        rows.append(ctx.claim_rows(f"matrix bias gradient of layer {l}, entries", scalar, scalar, "",
                                   rf"\sum_{{i=1}}^{{n}} {_column(mx, l)}"))
    return rows


def _column(mx: _Matrix, l: int) -> str:
    """The error vector of layer l written as a column of its entries (eq. 21)."""
    numbers = mx.model.ranges[l].numbers()  # a range: only the entries shown are built
    entry = lambda n: mx.ctx.current.latex(mx.model.delta(Integer(n)))
    if len(numbers) > MAX_ENTRIES:
        entries = [entry(n) for n in numbers[:2]] + [r"\vdots", entry(numbers[-1])]
    else:
        entries = [entry(n) for n in numbers]
    return r"\begin{bmatrix} " + r" \\ ".join(entries) + r" \end{bmatrix}"


def _update_rows(mx: _Matrix) -> list[Row]:
    rate, objective = mx.sym.rate, mx.sym.objective
    return [Row(mx.W("l"), r"\leftarrow", rf"{mx.W('l')} - {rate} \frac{{\partial {objective}}}{{\partial {mx.W('l')}}}"),
            Row(mx.b("l"), r"\leftarrow", rf"{mx.b('l')} - {rate} \frac{{\partial {objective}}}{{\partial {mx.b('l')}}}")]
