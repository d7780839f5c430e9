"""Plain records of strings for the example and exercise templates, and the one helper that
turns a derived formula and its value into displayed rows."""

from __future__ import annotations

import dataclasses

from ..notation import Namer
from .arithmetic import WIDTH, rows as formula_rows, split_row, visible_width
from .evaluate import Values
from .figure import Figure
from .numbers import number_latex


@dataclasses.dataclass(frozen=True)
class Row:
    """One row of an align* display: left & right (right starts with its relation)."""

    left: str
    right: str


@dataclasses.dataclass(frozen=True)
class Block:
    """paragraph (text) | subsection (text) | display (rows) | figure | table (header, cells,
    text as caption) | items (a numbered list)."""

    kind: str
    text: str = ""
    rows: tuple[Row, ...] = ()
    figure: Figure | None = None
    header: tuple[str, ...] = ()
    cells: tuple[tuple[str, ...], ...] = ()
    items: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...]


@dataclasses.dataclass(frozen=True)
class Document:
    lang: str
    title: str
    figure_name: str
    author: str
    intro: str
    source: str
    sections: tuple[Section, ...]


def chain(left: str, rights: list[str], relation: str = "=") -> list[Row]:
    """left relation rights[0] = rights[1] = ...: short right-hand sides share a line, a long
    one is broken at its top-level signs."""
    lines: list[str] = []
    for index, right in enumerate(rights):
        sign = relation if index == 0 else "="
        pieces = split_row(right)
        joined = f"{lines[-1]} {sign} {pieces[0]}" if lines else None
        if joined is not None and len(pieces) == 1 and visible_width(left + joined) <= WIDTH:
            lines[-1] = joined
            continue
        lines.append(sign + " " + pieces[0])
        lines += [rf"\quad {piece}" for piece in pieces[1:]]
    return [Row(left if index == 0 else "", line) for index, line in enumerate(lines)]


def worked_rows(left: str, expr, namer: Namer, values: Values, observation: int | None, value,
                digits: int, lead: tuple[str, ...] = ()) -> list[Row]:
    """left = [lead forms] = formula = numbers substituted [= plain arithmetic] = value."""
    rights = list(lead) + formula_rows(expr, namer, values, observation, digits) + [number_latex(value, digits)]
    return chain(left, list(dict.fromkeys(rights)))
