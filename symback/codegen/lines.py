"""Lines of generated code that fit its width: comments wrapped, statements split inside their
brackets (Python continues a line there), the Block records built from both."""

from __future__ import annotations

import re
import textwrap

from .records import Block

WIDTH = 99  # longest line of the generated file
COMMENT_WIDTH = WIDTH - len("    # ")


def wrap(lines) -> tuple[str, ...]:
    """Comment lines no wider than COMMENT_WIDTH, continued lines indented."""
    return tuple(part for line in lines for part in textwrap.wrap(
        line, COMMENT_WIDTH, subsequent_indent="    ", break_long_words=False, break_on_hyphens=False))


def block(comment, lines) -> Block:
    """A Block with its comment wrapped to the file's width and its statements too."""
    return Block(wrap(comment), statements(lines))


def statements(lines, indent: int = 4) -> tuple[str, ...]:
    """Statements (inside a function: ``indent``) each split to fit the file's width."""
    return tuple(part for line in lines for part in wrap_code(line, WIDTH - indent))


def wrap_code(line: str, width: int) -> list[str]:
    """A statement split inside its brackets (after ", ", before " + " and " - ") to fit."""
    if len(line) <= width:
        return [line]
    lhs, sep, rhs = line.partition(" = ")
    if sep and ", " in lhs and not lhs.startswith("("):  # unpacking many names
        lhs = f"({lhs})"
    if sep and not re.match(r"[\w.]*[(\[]", rhs):
        rhs = f"({rhs})"
    line = f"{lhs}{sep}{rhs}"
    lines, current = [], ""
    for piece in _pieces(line):
        if current.strip() and len(current) + len(piece.rstrip()) > width - (4 if lines else 0):
            lines.append(current.rstrip())
            current = piece.lstrip()
        else:
            current += piece
    lines.append(current)
    return [lines[0]] + ["    " + line for line in lines[1:]]


def _pieces(line: str) -> list[str]:
    """The statement cut where a line may break: inside brackets, between terms or arguments."""
    pieces, depth, start, quote = [], 0, 0, None
    for position, char in enumerate(line):
        if quote or char in "'\"":
            quote = None if char == quote else quote or char
            continue
        depth += (char in "([") - (char in ")]")
        if depth and line.startswith(", ", position):
            pieces.append(line[start:position + 2])
            start = position + 2
        elif depth and (line.startswith(" + ", position) or line.startswith(" - ", position)):
            pieces.append(line[start:position + 1])
            start = position + 1
    return pieces + [line[start:]]
