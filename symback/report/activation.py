"""A user's own activation in a report: g, and g' derived as a short chain of its own.

For each activation given by its formula in the spec (in the order the layers use them), the
network section shows

    softsign(e) = e/(1 + |e|)
    softsign'(e) = d/de (e/(1 + |e|)) = ... (quotient rule) = ... = 1/(1 + |e|)²

with the steps of ``symback.activation_steps`` written in the notation's pre-activation (e in
the neuron notation, z in the layer notation). Every link is registered with the Ledger and
proved on the real line (``symback.real_line``), or, where SymPy cannot decide, evaluated at
60 digits at several points; the first link ties the chain to the g' the derivation uses.
"""

from __future__ import annotations

import re

import mpmath
import sympy

from ..activation_steps import CHAIN, DEFINITION, ELEMENTARY, PARTS, derivative_steps
from ..formula import Z, mp_value
from ..numeric import DIGITS
from ..proof_report import Check
from ..real_line import vanishes_on_real_line
from .blocks import Block, Row, display, paragraph
from .context import Context, step_rows

# Where SymPy cannot prove a link, it is evaluated here (60 digits): points on both sides of
# 0 and away from the kinks of |·|, sign and the step, which sit at 0 in a user's formula.
POINTS = ("-2.75", "-1.3", "-0.4", "0.15", "0.9", "2.2")
SAFE_LATEX = re.compile(r"^(\\(operatorname|mathrm|mathit|mathsf|text|textrm)\{[A-Za-z0-9 \-]+\}|[A-Za-z]+)$")
RULE_KEY = "activation {rule}"  # the ledger's rule of a link, as its message names it


def custom_activation_blocks(ctx: Context) -> list[Block]:
    """The formula and the derivative chain of every user's activation the network uses."""
    table = ctx.arch.activation_table
    names = [name for name in dict.fromkeys(ctx.arch.activations) if table[name].formula is not None]
    blocks: list[Block] = []
    for name in names:
        blocks += _activation_blocks(ctx, name)
    return blocks


def _activation_blocks(ctx: Context, name: str) -> list[Block]:
    activation = ctx.arch.activation_table[name]
    variable = sympy.Symbol("e" if ctx.neurons else "z", real=True)
    form = activation.formula.xreplace({Z: variable})
    steps = derivative_steps(form, variable)
    spelled = spelled_name(activation)
    layers = [layer for layer, used in enumerate(ctx.arch.activations, start=1) if used == name]
    generic = ", ".join(f"${ctx.namer.activation(layer, False, 'latex')}$" for layer in layers)
    blocks = [paragraph(ctx.m("custom_text", name=f"${spelled}$", generic=generic, var=variable.name))]
    argument = rf"\left({variable.name}\right)"
    rows = [Row(spelled + argument, "=", ctx.plain.latex(form))]
    left = spelled + "'" + argument
    previous = activation.sympy_derivative(variable)  # the g' the derivation's chains use
    for number, step in enumerate(steps, start=1):
        what = f"derivative of the activation {name}, step {number}"
        ctx.ledger.claim(what, previous, step.expr, RULE_KEY.format(rule=step.rule),
                         decide=lambda left_, right_, what=what: check_link(what, left_, right_, variable))
        rows += step_rows(ctx.plain, left if number == 1 else "", step.expr, _note(ctx, step))
        previous = step.expr
    blocks.append(display(rows))
    blocks += _identities(ctx, steps, variable)
    blocks += ctx.definitions([step.expr for step in steps])
    return blocks


def spelled_name(activation) -> str:
    """The spec's LaTeX name when it is a plain name (``\\operatorname{softsign}``, letters),
    else the activation's name set upright."""
    if activation.latex_name and SAFE_LATEX.match(activation.latex_name):
        return activation.latex_name
    return rf"\operatorname{{{activation.name.replace('_', chr(92) + '_')}}}"


def _note(ctx: Context, step) -> str:
    m = ctx.m
    if step.rule == DEFINITION:
        return m.rule("activation-definition")
    if step.rule in (CHAIN, ELEMENTARY) and step.functions:
        return m(f"g_{'chain' if step.rule == CHAIN else 'elementary'}", f=m(f"g_fn_{step.functions[0]}"))
    if step.rule == PARTS and step.functions:  # named by the functions differentiated in them
        return "; ".join(m("g_elementary", f=m(f"g_fn_{fn}")) for fn in step.functions)
    return m.rule(f"activation-{step.rule}")


def _identities(ctx: Context, steps, variable) -> list[Block]:
    """A sentence naming the identities a simplification used, each checked like a link."""
    pairs = [pair for step in steps for pair in step.identities]
    if not pairs:
        return []
    for number, (left, right) in enumerate(pairs, start=1):
        what = f"identity {number} of the simplification"
        ctx.ledger.claim(what, left, right, "activation identity",
                         decide=lambda left_, right_, what=what: check_link(what, left_, right_, variable))
    spelled = [f"${ctx.plain.latex(left)} = {ctx.plain.latex(right)}$" for left, right in pairs]
    key = "custom_identity" if len(spelled) == 1 else "custom_identities"
    return [paragraph(ctx.m(key, identities=ctx.m("and").join(spelled), var=variable.name))]


def check_link(what: str, left, right, variable: sympy.Symbol) -> Check:
    """``left = right`` for every real value of ``variable``: proved by SymPy on the real
    line, or else evaluated at 60 digits at POINTS (then said so: method ``numeric``)."""
    if vanishes_on_real_line(left - right, variable):
        return Check(what, "symbolic", True)
    left, right = sympy.sympify(left).doit(), sympy.sympify(right).doit()
    with mpmath.workdps(DIGITS):
        for point in POINTS:
            value = mpmath.mpf(point)
            a, b = mp_value(left.xreplace({variable: Z}), value), mp_value(right.xreplace({variable: Z}), value)
            if abs(a - b) > mpmath.mpf(10) ** (10 - DIGITS) * max(1, abs(a)):
                return Check(what, "numeric", False, f"the two sides differ at {variable.name} = {point}: "
                             f"{mpmath.nstr(a, 15)} against {mpmath.nstr(b, 15)}")
    return Check(what, "numeric", True)
