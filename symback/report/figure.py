"""The network figure as records for the TikZ template (and the Mermaid sketch in Markdown).

Positions are in centimetres. Every neuron is a circle holding its label and, below it, its
threshold (or bias), so no label can overlap an edge; one edge per layer carries the name of
its weight. A layer with more than ``MAX_DRAWN`` neurons is drawn as its first three
neurons, a vertical ellipsis and its last two; a network of more than ``MAX_DRAWN_COLUMNS``
columns (inputs and layers) as its first three columns, a horizontal ellipsis and its last
three.
"""

from __future__ import annotations

import dataclasses

from sympy import Integer

from ..model import THETA, W, X, OBS, Model
from ..notation import Namer

MAX_DRAWN = 8
HEAD, TAIL = 3, 2
MAX_DRAWN_COLUMNS = 8
HEAD_COLUMNS, TAIL_COLUMNS = 3, 3
ROW_GAP = 1.15
MAX_WIDTH = 12.5
COLUMN_GAP = 3.2


@dataclasses.dataclass(frozen=True)
class Node:
    name: str
    x: str
    y: str
    label: str        # LaTeX math
    threshold: str    # LaTeX math, '' for an input
    dots: bool = False

    @property
    def at(self) -> str:
        """TikZ coordinate ``(x,y)`` (kept out of the template: its parentheses would touch the
        template's ((( ))) delimiters)."""
        return f"({self.x},{self.y})"

    @property
    def ref(self) -> str:
        return f"({self.name})"

    @property
    def text_label(self) -> str:
        """The label as plain text (Mermaid): neuron labels are numbers or a letter."""
        return {r"\vdots": "⋮", r"\cdots": "⋯"}.get(self.label, self.label)


@dataclasses.dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str = ""   # LaTeX math, on the first edge of a layer only

    @property
    def source_ref(self) -> str:
        return f"({self.source})"

    @property
    def target_ref(self) -> str:
        return f"({self.target})"


@dataclasses.dataclass(frozen=True)
class Caption:
    x: str
    y: str
    text: str

    @property
    def at(self) -> str:
        return f"({self.x},{self.y})"


@dataclasses.dataclass(frozen=True)
class Figure:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    captions: tuple[Caption, ...]
    ellipsis: bool
    column_width: str
    markdown_caption: str = ""
    hidden_layers: tuple[int, int] | None = None  # the first and last layer not drawn


def _drawn(numbers: list[int]) -> list[int | None]:
    """The neuron numbers drawn for a layer; None marks the ellipsis."""
    if len(numbers) <= MAX_DRAWN:
        return list(numbers)
    return numbers[:HEAD] + [None] + numbers[-TAIL:]


def _cm(value: float) -> str:
    return f"{value:.2f}"


def network_figure(model: Model, namer: Namer, column_names: list[str]) -> Figure:
    """Nodes, edges and column captions of the network drawing.

    Args:
        model: the model whose neurons are drawn.
        namer: spells neuron labels, thresholds and weights in the report's notation.
        column_names: caption under each column (inputs, hidden layer 1, ..., output).
    Returns:
        the Figure record.
    """
    columns = drawn_columns(len(model.ranges))
    gap = min(COLUMN_GAP, MAX_WIDTH / max(len(columns) - 1, 1))
    nodes, edges, captions, drawn_layers = [], [], [], []
    lowest = 0.0
    for position, layer in enumerate(columns):
        if layer is None:
            nodes.append(Node("gap", _cm(position * gap), _cm(0), r"\cdots", "", dots=True))
            drawn_layers.append([("gap", None)])
            continue
        drawn = _drawn(list(model.ranges[layer].numbers()))
        top = (len(drawn) - 1) * ROW_GAP / 2
        names = []
        for row, number in enumerate(drawn):
            x, y = position * gap, top - row * ROW_GAP
            lowest = min(lowest, y)
            name = f"n{layer}x{row}"
            if number is None:
                nodes.append(Node(name, _cm(x), _cm(y), r"\vdots", "", dots=True))
                continue
            nodes.append(Node(name, _cm(x), _cm(y), *_labels(model, namer, layer, number)))
            names.append((name, number))
        drawn_layers.append(names)
    for position in range(1, len(columns)):
        weighted = None not in (columns[position - 1], columns[position])
        for source_position, (source, k) in enumerate(drawn_layers[position - 1]):
            for target_position, (target, j) in enumerate(drawn_layers[position]):
                first = weighted and source_position == 0 and target_position == 0
                label = namer.spell(W[Integer(k), Integer(j)], "latex") if first else ""
                edges.append(Edge(source, target, label))
    for position, layer in enumerate(columns):
        text = r"\ldots" if layer is None else column_names[layer]
        captions.append(Caption(_cm(position * gap), _cm(lowest - 1.0), text))
    ellipsis = any(node.dots and node.label == r"\vdots" for node in nodes)
    return Figure(tuple(nodes), tuple(edges), tuple(captions), ellipsis, _cm(max(gap - 0.2, 1.2)),
                  hidden_layers=hidden_layers(columns))


def drawn_columns(count: int) -> list[int | None]:
    """The layers drawn as columns (0 = the inputs); None marks the horizontal ellipsis."""
    if count <= MAX_DRAWN_COLUMNS:
        return list(range(count))
    return list(range(HEAD_COLUMNS)) + [None] + list(range(count - TAIL_COLUMNS, count))


def hidden_layers(columns: list[int | None]) -> tuple[int, int] | None:
    """The first and last layer the ellipsis of ``drawn_columns`` stands for, or None."""
    if None not in columns:
        return None
    gap = columns.index(None)
    return columns[gap - 1] + 1, columns[gap + 1] - 1


def _labels(model: Model, namer: Namer, layer: int, number: int) -> tuple[str, str]:
    """(label inside the circle, threshold under it) for one neuron."""
    neuron = Integer(number)
    label = namer.index(neuron)
    if layer == 0:
        return label, namer.spell(X[OBS, neuron], "latex")
    return label, namer.spell(THETA[neuron], "latex")
