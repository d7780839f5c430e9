"""A Derivation as plain records of strings: one per gradient, for ``derive``'s text and JSON.

A group whose final form keeps its Σ over a layer is printed once with placeholder indices
and the names filled in per parameter, so 784-128-64-10's 109,386 gradients cost one print
per group and a string replacement each; groups small enough to write out are printed per
parameter from the instantiated expression.
"""

from __future__ import annotations

from typing import Iterator

from sympy import Integer

from .derive import Derivation, Group
from .model import NeuronIndex
from .notation import Namer
from .printing import latex, sum_terms, text, written_out
from .printing.layout import WRITE_OUT_LIMIT

PLACEHOLDERS = {"j": "\x00J\x00", "k": "\x00K\x00"}


def _placeholder_template(group: Group, expression, namer: Namer, style: str) -> str:
    """Print with the free indices renamed to unique markers to be filled per parameter."""
    mapping = {}
    for name, index in (("j", group.j), ("k", group.k)):
        if isinstance(index, NeuronIndex):
            mapping[index] = NeuronIndex(PLACEHOLDERS[name], index.layer)
    printer = latex if style == "latex" else text
    return printer(expression.xreplace(mapping), namer)


def _fill(template: str, namer: Namer, substitution: dict, group: Group) -> str:
    for name, index in (("j", group.j), ("k", group.k)):
        if isinstance(index, NeuronIndex):
            template = template.replace(PLACEHOLDERS[name], namer.index(substitution[index]))
    return template


def gradient_records(derivation: Derivation, namer: Namer, with_latex: bool = True,
                     limit: int = WRITE_OUT_LIMIT) -> Iterator[dict]:
    """{"parameter", "expression", "delta_form", "specific": {"expression"[, "latex"]}[, "latex"]}
    per parameter, in model order; ``specific`` writes every g' out for its activation."""
    for layer in range(1, derivation.model.depth + 1):
        for kind in ("weight", "threshold"):
            yield from _group_records(derivation, derivation.group(layer, kind), namer, with_latex, limit)


def _group_records(derivation, group, namer, with_latex, limit) -> Iterator[dict]:
    folded = sum_terms(group.gradient) > limit
    styles = ("text", "latex") if with_latex else ("text",)
    templates = {("delta_form", "text"): _placeholder_template(group, group.delta_form, namer, "text")}
    if folded:
        for style in styles:
            templates[("expression", style)] = _placeholder_template(group, group.gradient, namer, style)
            templates[("specific", style)] = _placeholder_template(group, group.specific, namer, style)
    for gradient in derivation.instances(group):
        fill = lambda key: _fill(templates[key], namer, gradient.substitution, group)
        if folded:
            forms = {key: fill(key) for key in templates}
        else:
            forms = {("delta_form", "text"): fill(("delta_form", "text"))}
            for name, expression in (("expression", gradient.expression), ("specific", gradient.specific)):
                expression = written_out(expression, limit)
                for style in styles:
                    forms[(name, style)] = (latex if style == "latex" else text)(expression, namer)
        record = {"parameter": namer.parameter_text(gradient.parameter), "expression": forms[("expression", "text")],
                  "delta_form": forms[("delta_form", "text")],
                  "specific": {style if style == "latex" else "expression": forms[("specific", style)]
                               for style in styles}}
        if with_latex:
            record["latex"] = forms[("expression", "latex")]
        yield record


def error_term_records(derivation: Derivation, namer: Namer) -> list[dict]:
    """δ of each layer with its free neuron index, as text and LaTeX."""
    records = []
    for term in derivation.error_terms:
        final = term.chain.final
        records.append({"layer": term.layer, "symbol": text(term.chain.lhs, namer),
                        "expression": text(final, namer), "latex": latex(final, namer),
                        "neurons": [namer.index(Integer(n)) for n in derivation.model.ranges[term.layer].numbers()]})
    return records
