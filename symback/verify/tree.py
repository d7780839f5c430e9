"""The formula tree: LaTeX structure resolved into what each symbol means in the model.

Indices stay as written (letters, numbers, F) until ``build`` gives the free letters values,
so that one tree stands for every instance of a formula with free indices.
"""

from __future__ import annotations

import dataclasses

import sympy


@dataclasses.dataclass(frozen=True)
class Index:
    """One index as written: a letter (free or summed), a number, or the output name F."""

    kind: str  # "letter" | "number" | "output"
    value: object
    col: int = 0

    def __str__(self) -> str:
        return str(self.value)


@dataclasses.dataclass(frozen=True)
class LayerRef:
    """A layer as written in a superscript: 2, l, l+1, L, L-1."""

    var: str | None
    offset: int = 0

    def __str__(self) -> str:
        if self.var is None:
            return str(self.offset)
        return self.var + (f"{self.offset:+d}" if self.offset else "")


@dataclasses.dataclass(frozen=True)
class Node:
    """Base of every tree node; ``col`` is the 1-based column where it starts."""


@dataclasses.dataclass(frozen=True)
class Num(Node):
    value: sympy.Rational
    col: int = 0


@dataclasses.dataclass(frozen=True)
class Sym(Node):
    """A symbol of the notation: ``options`` are the readings of its subscripts
    (``w_{14}`` can only be split one way, ``w_{123}`` may be split two ways)."""

    kind: str
    options: tuple[tuple[Index, ...], ...]
    fields: tuple[str, ...]
    layer: LayerRef | None
    iteration: str | None
    text: str
    col: int = 0

    @property
    def letters(self) -> frozenset[str]:
        found = {index.value for option in self.options for index, field in zip(option, self.fields)
                 if index.kind == "letter" and field != "i"}
        if self.layer is not None and self.layer.var not in (None, "L"):
            found.add(self.layer.var)
        if self.kind in ("generic_w", "generic_theta"):
            found.add("#" + self.kind)
        return frozenset(found)


@dataclasses.dataclass(frozen=True)
class Apply(Node):
    """A function applied to one argument. ``func``: "g" / "gp" (the layer's activation or its
    derivative, with an optional explicit layer), "act:NAME" / "actp:NAME" (an activation of
    the table named by the writer: \\tanh, ReLU, max(0, x)), "softmax", "exp", "log", "cosh",
    "sinh", "sech", "step" ([x > 0]) or "step_eq" ([x >= 0])."""

    func: str
    layer: int | None
    arg: Node
    col: int = 0


@dataclasses.dataclass(frozen=True)
class Deriv(Node):
    quantity: Node
    wrt: Node
    col: int = 0


@dataclasses.dataclass(frozen=True)
class SumOver(Node):
    """Σ over observations (``last`` is "n") or over neurons (``first``..``last`` indices)."""

    var: str
    first: Index | None
    last: Index | str
    body: Node
    col: int = 0

    @property
    def observations(self) -> bool:
        return self.last == "n"


@dataclasses.dataclass(frozen=True)
class Add(Node):
    terms: tuple[tuple[int, Node], ...]
    col: int = 0


@dataclasses.dataclass(frozen=True)
class Mul(Node):
    factors: tuple[Node, ...]
    col: int = 0


@dataclasses.dataclass(frozen=True)
class Hadamard(Node):
    factors: tuple[Node, ...]
    col: int = 0


@dataclasses.dataclass(frozen=True)
class Div(Node):
    num: Node
    den: Node
    col: int = 0


@dataclasses.dataclass(frozen=True)
class Pow(Node):
    base: Node
    exponent: Node
    col: int = 0


@dataclasses.dataclass(frozen=True)
class Transpose(Node):
    node: Node
    col: int = 0


@dataclasses.dataclass(frozen=True)
class Iverson(Node):
    left: Index
    right: Index
    col: int = 0


@dataclasses.dataclass(frozen=True)
class GradA(Node):
    """∇_a C: the gradient of the cost with respect to the output activations (``layer``: the
    layer written in the subscript, as in ∇_{a^L} C, which must be the output layer)."""

    col: int = 0
    layer: LayerRef | None = None


@dataclasses.dataclass(frozen=True)
class Matrix(Node):
    """\\begin{bmatrix} a \\\\ b \\end{bmatrix}: scalar entries, row by row."""

    rows: tuple[tuple[Node, ...], ...]
    col: int = 0


@dataclasses.dataclass(frozen=True)
class Point(Node):
    """(ŵ⁰, Θ̂⁰): the point a derivative or f_i is evaluated at; it changes no value."""

    col: int = 0


@dataclasses.dataclass(frozen=True)
class Formula:
    """``sides[0] rel sides[1] rel ...``; ``spans`` are the sides' (start, end) in ``text``."""

    text: str
    sides: tuple[Node, ...]
    relations: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]

    def side_text(self, index: int) -> str:
        start, end = self.spans[index]
        return " ".join(self.text[start:end].split())


def children(node: Node) -> tuple[Node, ...]:
    """The direct subtrees of a node (for walks that collect symbols or letters)."""
    if isinstance(node, (Apply,)):
        return (node.arg,)
    if isinstance(node, Deriv):
        return (node.quantity, node.wrt)
    if isinstance(node, SumOver):
        return (node.body,)
    if isinstance(node, Add):
        return tuple(term for _, term in node.terms)
    if isinstance(node, (Mul, Hadamard)):
        return node.factors
    if isinstance(node, Div):
        return (node.num, node.den)
    if isinstance(node, Pow):
        return (node.base, node.exponent)
    if isinstance(node, Transpose):
        return (node.node,)
    if isinstance(node, Matrix):
        return tuple(entry for row in node.rows for entry in row)
    return ()


def walk(node: Node, bound: frozenset[str] = frozenset()):
    """Yield (node, letters bound by enclosing neuron sums) for every node of a tree."""
    yield node, bound
    inner = bound | {node.var} if isinstance(node, SumOver) and not node.observations else bound
    for child in children(node):
        yield from walk(child, inner)
