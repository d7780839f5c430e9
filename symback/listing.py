"""A Derivation as plain records of strings: one per gradient, for ``derive``'s text and JSON.

Each group is printed once, with its free indices as placeholder markers, and the names are
filled in per parameter by string replacement: the cost per parameter is a few replacements
whatever the output activation or the loss (100-100-10 sigmoid + sse once cost 3 ms per
parameter, printing every written-out sum again). The one thing that changes when an index
becomes a number is a Kronecker delta comparing it with a written-out neuron ([j = 6] is 1
or 0): such an index is fixed per value and the group printed once per value of it.
"""

from __future__ import annotations

from typing import Iterator

from sympy import Integer, KroneckerDelta

from .derive import Derivation, Group
from .model import NeuronIndex
from .notation import Namer
from .printing import latex, text, written_out
from .printing.layout import WRITE_OUT_LIMIT
from .trees import substitute

PLACEHOLDERS = {"j": "\x00J\x00", "k": "\x00K\x00"}
PRINTERS = {"text": text, "latex": latex}


def _free(group: Group) -> dict[str, NeuronIndex]:
    return {name: index for name, index in (("j", group.j), ("k", group.k)) if isinstance(index, NeuronIndex)}


def _forms(group: Group, limit: int) -> dict[str, object]:
    """The group's expressions as printed: step forms written out when small enough."""
    return {"expression": written_out(group.gradient, limit), "specific": written_out(group.specific, limit),
            "delta_form": group.delta_form}


def _pinned(forms: dict, free: dict[str, NeuronIndex]) -> tuple[NeuronIndex, ...]:
    """Free indices compared with a neuron number in a Kronecker delta (softmax outputs)."""
    compared = set()
    for expression in forms.values():
        for delta in expression.atoms(KroneckerDelta):
            if any(arg.is_Integer for arg in delta.args):
                compared |= set(delta.args)
    return tuple(index for index in free.values() if index in compared)


def _templates(forms, parameter, free, pinned_values: dict, namer: Namer, styles) -> dict:
    """(name, style) -> text with placeholders for the free indices that are not pinned."""
    mapping = dict(pinned_values)
    for name, index in free.items():
        mapping.setdefault(index, NeuronIndex(PLACEHOLDERS[name], index.layer))
    templates = {("parameter", "text"): namer.parameter_text(substitute(parameter, mapping)),
                 ("delta_form", "text"): text(substitute(forms["delta_form"], mapping), namer)}
    for name in ("expression", "specific"):
        expression = substitute(forms[name], mapping)
        for style in styles:
            templates[(name, style)] = PRINTERS[style](expression, namer)
    return templates


def _fill(template: str, names: dict, position: dict, free: dict) -> str:
    for name, index in free.items():
        template = template.replace(PLACEHOLDERS[name], names[index][position[index]])
    return template


def gradient_records(derivation: Derivation, namer: Namer, with_latex: bool = True,
                     limit: int = WRITE_OUT_LIMIT) -> Iterator[dict]:
    """{"parameter", "expression", "delta_form", "specific": {"expression"[, "latex"]}[, "latex"]}
    per parameter, in model order; ``specific`` writes every g' out for its activation."""
    for layer in range(1, derivation.model.depth + 1):
        for kind in ("weight", "threshold"):
            yield from _group_records(derivation, derivation.group(layer, kind), namer, with_latex, limit)


def _positions(derivation: Derivation, group: Group) -> Iterator[dict]:
    """{free index: position of its neuron in the layer} per parameter, in derivation.instances'
    order (source neuron k outer, target j inner), without building a SymPy object for each."""
    ranges = derivation.model.ranges
    sources = range(ranges[group.layer - 1].size) if isinstance(group.k, NeuronIndex) else [None]
    for k in sources:
        for j in range(ranges[group.layer].size):
            yield {index: value for index, value in ((group.k, k), (group.j, j)) if isinstance(index, NeuronIndex)}


def _group_records(derivation, group, namer, with_latex, limit) -> Iterator[dict]:
    styles = ("text", "latex") if with_latex else ("text",)
    forms, free = _forms(group, limit), _free(group)
    pinned = _pinned(forms, free)
    ranges = derivation.model.ranges
    # Each neuron's name once per layer (not once per parameter: a layer may have 100,000).
    names = {index: [namer.index(Integer(n)) for n in ranges[index.layer].numbers()] for index in free.values()}
    templates: dict[tuple, dict] = {}  # one entry per value of the pinned indices (usually one)
    for position in _positions(derivation, group):
        key = tuple(position[index] for index in pinned)
        if key not in templates:
            values = {index: Integer(ranges[index.layer].first + position[index]) for index in pinned}
            templates[key] = _templates(forms, group.parameter, free, values, namer, styles)
        filled = {name: _fill(template, names, position, free) for name, template in templates[key].items()}
        record = {"parameter": filled[("parameter", "text")],
                  "expression": filled[("expression", "text")], "delta_form": filled[("delta_form", "text")],
                  "specific": {"latex" if style == "latex" else "expression": filled[("specific", style)]
                               for style in styles}}
        if with_latex:
            record["latex"] = filled[("expression", "latex")]
        yield record


def group_records(derivation: Derivation, namer: Namer, with_latex: bool = True,
                  limit: int = WRITE_OUT_LIMIT) -> Iterator[dict]:
    """One record per group, in model order, whatever the size of the network: the formula
    with its free indices, and "indices": [{"index", "first", "last", "count"}] their ranges
    (k, the source neuron, before j), "parameters" how many parameters it stands for."""
    styles = ("text", "latex") if with_latex else ("text",)
    for layer in range(1, derivation.model.depth + 1):
        for kind in ("weight", "threshold"):
            group = derivation.group(layer, kind)
            forms = _forms(group, limit)
            indices = [index_range(derivation, namer, index.layer, index.name) for index in group.free]
            count = 1
            for index in indices:
                count *= index["count"]
            record = {"parameter": namer.parameter_text(group.parameter),
                      "expression": text(forms["expression"], namer), "delta_form": text(forms["delta_form"], namer),
                      "specific": {"latex" if style == "latex" else "expression": PRINTERS[style](forms["specific"], namer)
                                   for style in styles},
                      "indices": indices, "parameters": count}
            if with_latex:
                record["latex"] = latex(forms["expression"], namer)
            yield record


def index_range(derivation: Derivation, namer: Namer, layer: int, name: str | None = None) -> dict:
    """{"index", "first", "last", "count"}: the neurons of ``layer`` as the notation numbers them."""
    rng = derivation.model.ranges[layer]
    found = {"first": namer.index(Integer(rng.first)), "last": namer.index(Integer(rng.last)), "count": rng.size}
    return {"index": name, **found} if name is not None else found


def error_term_records(derivation: Derivation, namer: Namer, listed: bool = True) -> list[dict]:
    """δ of each layer with its free neuron index, as text and LaTeX; "neurons" lists every
    neuron of the layer, or with ``listed`` False gives their range (bounded at any width)."""
    records = []
    for term in derivation.error_terms:
        final = term.chain.final
        rng = derivation.model.ranges[term.layer]
        neurons = ([namer.index(Integer(n)) for n in rng.numbers()] if listed
                   else index_range(derivation, namer, term.layer))
        records.append({"layer": term.layer, "symbol": text(term.chain.lhs, namer),
                        "expression": text(final, namer), "latex": latex(final, namer), "neurons": neurons})
    return records
