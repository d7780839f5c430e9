"""Records a report is made of: plain strings for the templates, which own the layout.

Paragraphs, displays (rows of an aligned equation), numbered steps, tables, the figure and
subsections; a section is a title, a label and its blocks.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Iterable


@dataclasses.dataclass(frozen=True)
class Row:
    """One line of an aligned display: ``left relation right`` and the rule at the right."""

    left: str
    relation: str
    right: str
    note: str = ""
    joined: bool = False  # a continuation line: no page break before it
    note_below: bool = False  # the rule name does not fit beside the line: TeX sets it under it


@dataclasses.dataclass(frozen=True)
class Block:
    """One block of a section; ``kind`` tells the template how to lay it out."""

    kind: str  # paragraph | display | steps | table | figure | subsection
    text: str = ""
    rows: tuple[Row, ...] = ()
    items: tuple[str, ...] = ()
    table: Any = None
    figure: Any = None
    breakable: bool = False  # a display taller than a page may break between its steps


@dataclasses.dataclass(frozen=True)
class Table:
    caption: str
    label: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclasses.dataclass(frozen=True)
class Section:
    title: str
    label: str
    blocks: tuple[Block, ...]


@dataclasses.dataclass(frozen=True)
class Laid:
    """A chain as laid out: its blocks, and the expressions displayed (first is the lhs)."""

    blocks: list
    exprs: list


def paragraph(text: str) -> Block:
    return Block("paragraph", text=text)


def subsection(title: str) -> Block:
    return Block("subsection", text=title)


# A display taller than this (in pt; the text is 700 pt high) may break across pages.
BREAKABLE_HEIGHT = 540.0


def display_height(rows) -> float:
    """Rough height of an aligned display in pt, erring high: a line with a fraction or a Σ
    with limits is about twice as tall as a plain one, with both taller still; a rule name
    set under its line adds a line, and so does each entry of a column vector."""
    def height(row: Row) -> float:
        tall = ("\\frac" in row.right) + ("\\sum_" in row.right)
        matrix_rows = row.right.count("\\\\")  # entries of a column vector stacked in the line
        return 18.0 + 14.0 * min(tall, 1) + 6.0 * (tall == 2) + 14.0 * row.note_below + 12.0 * matrix_rows
    return sum(height(row) for row in rows)


def display(rows: Iterable[Row]) -> Block:
    rows = tuple(rows)
    return Block("display", rows=rows, breakable=display_height(rows) > BREAKABLE_HEIGHT)
