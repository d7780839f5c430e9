"""The display math of a .tex file, one formula per equation (or chain of rows), with lines.

``equation``, ``align``, ``gather``, ``multline``, ``eqnarray`` (starred or not), ``$$...$$``
and ``\\[...\\]`` are read; prose, comments and inline math (``$...$``, ``\\(...\\)``) are not.
Rows of an alignment (``\\\\``) are separate formulas, except that a row that starts with
``=`` continues the chain of the row before it, as handout 004 writes its derivations, and a
row that starts with ``+``, ``-``, ``\\cdot`` or ``\\left.`` (after ``\\quad``), or follows a row that ends
with ``\\right.``, continues the expression the row before it broke off, as symback's reports
break long lines.
Everything removed (labels, tags, row breaks, equation numbers) is replaced by spaces, so a
column in a formula is a column in the file.
"""

from __future__ import annotations

import bisect
import dataclasses
import re

ENVIRONMENTS = ("equation", "align", "gather", "multline", "eqnarray", "flalign", "alignat", "displaymath")
# Every opening and closing of display math; display_formulas pairs them in one pass.
_DELIMITER = re.compile(
    r"(?<!\\)\$\$|\\\[|\\\]"
    r"|\\(?P<side>begin|end)\{(?P<env>(?:" + "|".join(ENVIRONMENTS) + r")\*?)\}")
_ALIGNAT_COLUMNS = re.compile(r"\{\d+\}")
_BLANK = re.compile(
    r"\\(?:label|tag\*?|eqref|hspace\*?|vspace\*?)\{[^{}]*\}|\\(?:nonumber|notag|hfill|noindent)(?![A-Za-z])"
    r"|\\(?:begin|end)\{(?:array|aligned|alignedat|split|gathered)\}(?:\{[^{}]*\})?")
_NUMBER = re.compile(r"\\q?quad\s*\(\s*\d+(?:\.\d+)?\s*\)\s*[.,;]?\s*$|[.,;]\s*$")
_ROW_BREAK = re.compile(r"\\\\\*?(?:\s*\[[^\]]*\])?")  # \\, \\* (no page break), \\[2pt]
_CONTINUED = re.compile(r"^(?:\\q?quad(?![A-Za-z])|\\[,;: ]|\s)*(?:\\left\.|[-+]|\\cdot(?![A-Za-z]))")
_BROKEN = re.compile(r"\\right\.\s*$")
_MATHREL = re.compile(r"\\mathrel\{\s*(:=|=|\\coloneqq|\\leftarrow|\\gets)\s*\}")


@dataclasses.dataclass(frozen=True)
class DisplayFormula:
    """One formula found in a file: its text, where it starts (offset) and its line."""

    text: str
    start: int
    line: int


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + "".join("\n" if c == "\n" else " " for c in text[start:end]) + text[end:]


def strip_comments(source: str) -> str:
    """``% ...`` to the end of the line becomes spaces (``\\%`` is a percent sign)."""
    return re.sub(r"(?<!\\)%[^\n]*", lambda m: " " * len(m.group(0)), source)


def _rows(body: str) -> list[tuple[int, int]]:
    """(start, end) of each row of a display body, split at ``\\\\`` outside braces."""
    rows, depth, nested, start, position = [], 0, 0, 0, 0
    while position < len(body):
        char = body[position]
        # A matrix or cases environment keeps its rows: they are not separate formulas.
        nested += body.startswith("\\begin{", position) - body.startswith("\\end{", position)
        if char == "{" and (position == 0 or body[position - 1] != "\\"):
            depth += 1
        elif char == "}" and (position == 0 or body[position - 1] != "\\"):
            depth -= 1
        elif depth <= 0 and nested <= 0 and body.startswith("\\\\", position):
            match = _ROW_BREAK.match(body, position)
            rows.append((start, position))
            start = position = match.end()
            continue
        position += 1
    rows.append((start, len(body)))
    return rows


def _chains(body: str) -> list[tuple[int, int]]:
    """Rows grouped into chains: a row starting with '=' continues the previous one."""
    chains: list[list[int]] = []
    broken = False
    for start, end in _rows(body):
        content = body[start:end].replace("&", " ").strip()
        if not content:
            continue
        # A row that starts with an operator or \left., or follows a row left open with \right.,
        # is the rest of a line that was too long.
        if chains and (content.startswith("=") or content.startswith("\\gets") or broken
                       or _CONTINUED.match(content)):
            chains[-1][1] = end
        else:
            chains.append([start, end])
        broken = bool(_BROKEN.search(content))
    return [(start, end) for start, end in chains]


def _displays(source: str):
    """(offset, body) of every display, pairing delimiters in one pass over the file: an
    opening without its closing is skipped, and the scan goes on after it (never rescanning
    the rest of the file for each opening)."""
    tokens = list(_DELIMITER.finditer(source))
    closings: dict[str, list[int]] = {}
    for number, token in enumerate(tokens):
        closings.setdefault(_closing_key(token), []).append(number)
    number = 0
    while number < len(tokens):
        token = tokens[number]
        key = _opening_key(token)
        candidates = closings.get(key, []) if key else []
        found = bisect.bisect_right(candidates, number)
        if key is None or found == len(candidates):
            number += 1
            continue
        end = tokens[candidates[found]]
        start = token.end()
        if token.group("side") == "begin":  # \\begin{alignat}{2}: the column count is no formula
            columns = _ALIGNAT_COLUMNS.match(source, start)
            start = columns.end() if columns else start
        yield start, source[start:end.start()]
        number = candidates[found] + 1


def _opening_key(token) -> str | None:
    text = token.group(0)
    if text == "$$":
        return "$$"
    if text == "\\[":
        return "\\]"
    return f"end:{token.group('env')}" if token.group("side") == "begin" else None


def _closing_key(token) -> str:
    text = token.group(0)
    if text in ("$$", "\\]"):
        return text
    return f"{token.group('side')}:{token.group('env')}"


def display_formulas(source: str) -> list[DisplayFormula]:
    """Every display-math formula of a LaTeX source, in order, with 1-based line numbers."""
    source = strip_comments(source)
    lines = [position for position, char in enumerate(source) if char == "\n"]
    found = []
    for offset, body in _displays(source):
        found += _formulas_of(body, offset, lines)
    return found


def _formulas_of(body: str, offset: int, lines: list[int]) -> list[DisplayFormula]:
    """The formulas (chains of rows) of one display body starting at ``offset``."""
    for hit in reversed(list(_BLANK.finditer(body))):
        body = _blank(body, hit.start(), hit.end())
    # \\mathrel{:=} is the relation it wraps (the wrapper only sets the spacing).
    body = _MATHREL.sub(lambda hit: " " * (hit.start(1) - hit.start()) + hit.group(1)
                        + " " * (hit.end() - hit.end(1)), body)
    found = []
    for start, end in _chains(body):
        text = _clean_row(body[start:end])
        lead = len(text) - len(text.lstrip())
        text = text.strip()
        if text:
            absolute = offset + start + lead
            found.append(DisplayFormula(text.replace("\n", " "), absolute, bisect.bisect_left(lines, absolute) + 1))
    return found


def _clean_row(text: str) -> str:
    """Row breaks, equation numbers and alignment marks blanked (a matrix keeps its own)."""
    depths = _matrix_depths(text)
    for hit in reversed(list(_ROW_BREAK.finditer(text))):
        if not depths[hit.start()]:
            text = _blank(text, hit.start(), hit.end())
    number = _NUMBER.search(text)
    if number:
        text = _blank(text, number.start(), number.end())
    return "".join(" " if c == "&" and not depths[n] else c for n, c in enumerate(text))


def _matrix_depths(text: str) -> list[int]:
    """For each position, how many \\begin{...} are open there (one pass)."""
    depths, depth, position = [0] * (len(text) + 1), 0, 0
    for position in range(len(text)):
        if text.startswith("\\begin{", position):
            depth += 1
        elif text.startswith("\\end{", position):
            depth -= 1
        depths[position] = max(depth, 0)
    return depths


def position(source: str, start: int, column: int) -> tuple[int, int]:
    """(line, column) in the file of ``column`` (1-based) of a formula starting at ``start``."""
    absolute = start + max(column, 1) - 1
    line = source.count("\n", 0, absolute) + 1
    line_start = source.rfind("\n", 0, absolute) + 1
    return line, absolute - line_start + 1
