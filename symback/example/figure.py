"""The network drawn with numbers on it (handout 004's Figure 3), as records for TikZ.

Three stages: the initial weights on the edges and thresholds under the neurons; e above and
s below each neuron after the forward pass; the error term under each neuron after the
backward pass. Numbers in a figure are short (FIGURE_DIGITS); the text gives every digit.
The weight labels of one source neuron sit at one distance along its edges, each source at
another, so that labels do not cover one another where edges meet.
"""

from __future__ import annotations

import dataclasses
import math

from sympy import Integer

from ..model import DELTA, E, S, THETA, Model
from ..notation import Namer
from ..report.figure import drawn_columns, hidden_layers
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
    dots: bool = False  # the column standing for the layers not drawn

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
    hidden_layers: tuple[int, int] | None = None  # the first and last layer not drawn


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
    columns = drawn_columns(len(model.ranges))
    gap = min(COLUMN_GAP, MAX_WIDTH / max(len(columns) - 1, 1))
    nodes, rows = [], []
    for position, layer in enumerate(columns):
        if layer is None:
            nodes.append(Node("gap", f"{position * gap:.2f}", "0.00", r"\cdots", "", "", dots=True))
            continue
        rng = model.ranges[layer]
        for row, (number, height) in enumerate(zip(rng.numbers(), _heights(rng.size))):
            above, below = _annotations(model, namer, stage, values, number) if layer else ("", "")
            label = namer.index(Integer(number))
            nodes.append(Node(f"n{number}", f"{position * gap:.2f}", f"{height:.2f}", label, above, below))
    for rng in model.ranges[1:]:  # the table (Markdown) holds every neuron, drawn or not
        for number in rng.numbers():
            above, below = _annotations(model, namer, stage, values, number)
            rows.append((namer.index(Integer(number)),) + tuple(f"${text}$" for text in (above, below) if text))
    edges = []
    for position in range(1, len(columns)):
        source, target = columns[position - 1], columns[position]
        if source is None or target is None:
            ends = [f"n{n}" for n in model.ranges[target if source is None else source].numbers()]
            edges += [Edge("gap", end, "", "0.5") if source is None else Edge(end, "gap", "", "0.5") for end in ends]
        elif stage == "initial":
            edges += _weight_edges(model, values, gap, target)
        else:
            edges += [Edge(f"n{k}", f"n{j}", "", "0.5") for k in model.ranges[source].numbers()
                      for j in model.ranges[target].numbers()]
    return Figure(tuple(nodes), tuple(edges), caption, tuple(rows), header, hidden_layers(columns))


def _along(gap: float, source: float, target: float, pos: float) -> tuple[float, float]:
    """The point at ``pos`` of an edge as TikZ draws it: from circle border to circle border."""
    length = math.hypot(gap, target - source)
    dx, dy = gap / length * NEURON_RADIUS, (target - source) / length * NEURON_RADIUS
    start, end = (dx, source + dy), (gap - dx, target - dy)
    return start[0] + pos * (end[0] - start[0]), start[1] + pos * (end[1] - start[1])


# Size of a weight label in cm (\\tiny digits with the label's padding), and the room a
# neuron's circle takes around its centre.
LABEL_HEIGHT = 0.4
LABEL_CHAR = 0.1
NEURON_CLEARANCE = 0.9  # the circle and the threshold written under it
NEURON_RADIUS = 0.4  # the template draws neurons as 8 mm circles


def _weight_edges(model: Model, values, gap: float, layer: int) -> list[Edge]:
    """The edges into ``layer``, each with its initial weight."""
    sources, targets = model.ranges[layer - 1], model.ranges[layer]
    labels = {(k, j): _short(values.parameters[("w", k, j)]) for k in sources.numbers() for j in targets.numbers()}
    pos = _label_position(_heights(sources.size), _heights(targets.size), gap, labels)
    return [Edge(f"n{k}", f"n{j}", labels[(k, j)], f"{pos:.2f}") for k in sources.numbers() for j in targets.numbers()]


def _heights(size: int) -> list[float]:
    top = (size - 1) * ROW_GAP / 2
    return [top - row * ROW_GAP for row in range(size)]


def _label_position(sources: list[float], targets: list[float], gap: float, labels: dict) -> float:
    """How far along the edges of one layer pair the weight labels sit: the farthest from the
    source neurons (up to 0.45) at which no two labels overlap and every label clears its
    source's circle; near the sources the edges of one neuron fan out, and edges of different
    neurons have not met yet. Dense pairs where no distance works take the one with the
    fewest overlaps."""
    widths = [LABEL_CHAR * len(text.replace("\\", "")) + 0.1 for text in labels.values()]
    keys = [(a, b) for a in range(len(sources)) for b in range(len(targets))]

    def overlaps(pos: float) -> int:
        boxes = [(*_along(gap, sources[a], targets[b], pos), width) for (a, b), width in zip(keys, widths)]
        count = sum(1 for x, _, width in boxes if x - width / 2 < NEURON_CLEARANCE)
        for n, (x1, y1, w1) in enumerate(boxes):
            count += sum(1 for x2, y2, w2 in boxes[n + 1:]
                         if abs(y1 - y2) < LABEL_HEIGHT and abs(x1 - x2) < (w1 + w2) / 2)
        return count

    candidates = [round(0.45 - 0.01 * step, 2) for step in range(31)]
    return min(candidates, key=lambda pos: (overlaps(pos), candidates.index(pos)))


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

