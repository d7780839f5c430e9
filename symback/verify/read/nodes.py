"""The raw structure of a formula as the grammar sees it, and the reader's partial values.

Raw nodes (Tok, Group, Script, Postfix, Frac, Wrap, RawRelation) keep every token's column;
Marker and Pending are what the reader holds while an operator waits for its operand. This
module imports nothing of the reader, so every stage of reading can share these types.
"""

from __future__ import annotations

import dataclasses
from typing import Callable

from .. import tree


@dataclasses.dataclass
class Tok:
    """A token the reader interprets (letter, digit run, command)."""

    kind: str
    text: str
    col: int
    pos: int


@dataclasses.dataclass
class Group:
    kind: str            # paren | bracket | brace | matrix
    items: list          # raw relations (a matrix: rows, each a list of raw relations)
    col: int
    pos: int
    end: int


@dataclasses.dataclass
class Script:
    kind: str            # sub | sup | prime
    arg: object          # Tok | Group | None


@dataclasses.dataclass
class Postfix:
    primary: object
    scripts: list
    col: int
    pos: int
    end: int


@dataclasses.dataclass
class Frac:
    num: object
    den: object
    col: int
    pos: int


@dataclasses.dataclass
class Wrap:
    kind: str            # hat | bold | cal | operatorname | ...
    inner: object
    col: int
    pos: int


@dataclasses.dataclass
class RawRelation:
    sides: list          # each: list of (sign, [products]) where a product is [(op, Postfix)]
    rels: list
    spans: list


@dataclasses.dataclass
class Pending:
    """An operator still waiting for its operand (Σ or ∂/∂p at the end of a product)."""

    complete: Callable[[tree.Node], tree.Node]
    col: int


@dataclasses.dataclass
class Marker:
    """Something that is not a value on its own: a function name, ∂/∂p, Σ, ∇_a, a tuple."""

    kind: str            # func | deriv | sum | nabla | dgrad
    col: int
    func: str = ""
    layer: int | None = None
    wrt: tree.Node | None = None
    var: str = ""
    first: tree.Index | None = None
    last: object = None
    power: tree.Node | None = None   # \\tanh^2(x): the power of the function's value
