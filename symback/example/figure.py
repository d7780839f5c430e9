"""The network drawn with numbers on it (handout 004's Figure 3), as records for TikZ.

Three stages: the initial weights on the edges and thresholds under the neurons; e above and
s below each neuron after the forward pass; the error term under each neuron after the
backward pass. Numbers in a figure are short (FIGURE_DIGITS); the text gives every digit.
The weight labels of one source neuron sit at one distance along its edges, each source at
another, so that labels do not cover one another where edges meet.
"""

from __future__ import annotations

import dataclasses

from sympy import Integer

from ..model import DELTA, E, S, THETA, Model
from ..notation import Namer
from .numbers import number_latex

FIGURE_DIGITS = 3
ROW_GAP = 1.9
MAX_WIDTH = 15.0
COLUMN_GAP = 5.5


@dataclasses.dataclass(frozen=True)
class Node:
    name: str
    x: str
    y: str
    label: str
    above: str   # LaTeX math, '' for none
    below: str

    @property
    def at(self) -> str:
        return f"({self.x},{self.y})"

    @property
    def ref(self) -> str:
        return f"({self.name})"


@dataclasses.dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str
    pos: str

    @property
    def source_ref(self) -> str:
        return f"({self.source})"

    @property
    def target_ref(self) -> str:
        return f"({self.target})"


@dataclasses.dataclass(frozen=True)
class Figure:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    caption: str
    rows: tuple[tuple[str, ...], ...]   # the same numbers as a table (Markdown)
    header: tuple[str, ...]


def _short(value) -> str:
    return number_latex(value, FIGURE_DIGITS)


def network_figure(model: Model, namer: Namer, stage: str, values, caption: str,
                   header: tuple[str, ...]) -> Figure:
    """The figure of one stage ("initial", "forward", "backward") for observation 1.

    Args:
        model: the network.
        namer: spells the symbols in the annotations.
        stage: which numbers to show.
        values: the iteration's Values.
        caption: the figure's caption (LaTeX).
        header: column names of the same numbers as a table.
    """
    gap = min(COLUMN_GAP, MAX_WIDTH / max(len(model.ranges) - 1, 1))
    nodes, edges, rows = [], [], []
    for rng in model.ranges:
        top = (rng.size - 1) * ROW_GAP / 2
        for row, number in enumerate(rng.numbers()):
            above, below = _annotations(model, namer, stage, values, number) if rng.index else ("", "")
            label = namer.index(Integer(number))
            nodes.append(Node(f"n{number}", f"{rng.index * gap:.2f}", f"{top - row * ROW_GAP:.2f}",
                              label, above, below))
            if rng.index:
                rows.append((label,) + tuple(f"${text}$" for text in (above, below) if text))
    if stage == "initial":
        edges = _weight_edges(model, values)
    else:
        edges = [Edge(f"n{k}", f"n{j}", "", "0.5") for layer in range(1, len(model.ranges))
                 for k in model.ranges[layer - 1].numbers() for j in model.ranges[layer].numbers()]
    return Figure(tuple(nodes), tuple(edges), caption, tuple(rows), header)


def _weight_edges(model: Model, values) -> list[Edge]:
    edges = []
    for layer in range(1, len(model.ranges)):
        sources, targets = model.ranges[layer - 1], model.ranges[layer]
        for a, k in enumerate(sources.numbers()):
            # One distance along the edge per source: labels of one source differ in height
            # (its edges fan out), labels of different sources differ in distance.
            pos = 0.35 + 0.5 * (a + 0.5) / sources.size
            for j in targets.numbers():
                edges.append(Edge(f"n{k}", f"n{j}", _short(values.parameters[("w", k, j)]), f"{pos:.2f}"))
    return edges


def _annotations(model: Model, namer: Namer, stage: str, values, number: int) -> tuple[str, str]:
    j = Integer(number)
    if stage == "initial":
        return "", rf"{namer.spell(THETA[j], 'latex')} = {_short(values.parameters[('Theta', number)])}"
    if stage == "forward":
        e = values.signals[("e", 1, number)]
        s = values.signals[("s", 1, number)]
        return (rf"{namer.spell(E[Integer(1), j], 'latex', observation='1')} = {_short(e)}",
                rf"{namer.spell(S[Integer(1), j], 'latex', observation='1')} = {_short(s)}")
    delta = values.deltas[(1, number)]
    return "", rf"{namer.spell(DELTA[Integer(1), j], 'latex', observation='1')} = {_short(delta)}"

