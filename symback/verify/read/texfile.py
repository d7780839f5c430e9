"""The display math of a .tex file, one formula per equation (or chain of rows), with lines.

``equation``, ``align``, ``gather``, ``multline``, ``eqnarray`` (starred or not), ``$$...$$``
and ``\\[...\\]`` are read; prose, comments and inline math (``$...$``, ``\\(...\\)``) are not.
Rows of an alignment (``\\\\``) are separate formulas, except that a row that starts with
``=`` continues the chain of the row before it, as handout 004 writes its derivations, and a
row that starts with ``+``, ``-`` or ``\\left.`` (after ``\\quad``), or follows a row that ends
with ``\\right.``, continues the expression the row before it broke off, as symback's reports
break long lines.
Everything removed (labels, tags, row breaks, equation numbers) is replaced by spaces, so a
column in a formula is a column in the file.
"""

from __future__ import annotations

import dataclasses
import re

ENVIRONMENTS = ("equation", "align", "gather", "multline", "eqnarray", "flalign", "alignat", "displaymath")
_DISPLAY = re.compile(
    r"(?<!\\)\$\$(?P<dollars>.*?)(?<!\\)\$\$"
    r"|\\\[(?P<brackets>.*?)\\\]"
    r"|\\begin\{(?P<env>(?:" + "|".join(ENVIRONMENTS) + r")\*?)\}(?:\{\d+\})?(?P<body>.*?)\\end\{(?P=env)\}",
    re.S)
_BLANK = re.compile(
    r"\\(?:label|tag\*?|eqref|hspace\*?|vspace\*?)\{[^{}]*\}|\\(?:nonumber|notag|hfill|noindent)(?![A-Za-z])"
    r"|\\(?:begin|end)\{(?:array|aligned|alignedat|split|gathered)\}(?:\{[^{}]*\})?")
_NUMBER = re.compile(r"\\q?quad\s*\(\s*\d+(?:\.\d+)?\s*\)\s*[.,;]?\s*$|[.,;]\s*$")
_ROW_BREAK = re.compile(r"\\\\(?:\s*\[[^\]]*\])?")
_CONTINUED = re.compile(r"^(?:\\q?quad(?![A-Za-z])|\\[,;: ]|\s)*(?:\\left\.|[-+])")
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


def _in_matrix(text: str, position: int) -> bool:
    """True when ``position`` lies inside a \\begin{...}...\\end{...} of ``text``."""
    return text.count("\\begin{", 0, position) > text.count("\\end{", 0, position)


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


def display_formulas(source: str) -> list[DisplayFormula]:
    """Every display-math formula of a LaTeX source, in order, with 1-based line numbers."""
    source = strip_comments(source)
    found = []
    for match in _DISPLAY.finditer(source):
        group = next(name for name in ("dollars", "brackets", "body") if match.group(name) is not None)
        offset = match.start(group)
        body = match.group(group)
        for regex in (_BLANK,):
            for hit in reversed(list(regex.finditer(body))):
                body = _blank(body, hit.start(), hit.end())
        # \mathrel{:=} is the relation it wraps (the wrapper only sets the spacing).
        body = _MATHREL.sub(lambda hit: " " * (hit.start(1) - hit.start()) + hit.group(1)
                            + " " * (hit.end() - hit.end(1)), body)
        for start, end in _chains(body):
            text = body[start:end]
            for hit in reversed(list(_ROW_BREAK.finditer(text))):
                if not _in_matrix(text, hit.start()):
                    text = _blank(text, hit.start(), hit.end())
            number = _NUMBER.search(text)
            if number:
                text = _blank(text, number.start(), number.end())
            # alignment marks (the grammar ignores them too); a matrix keeps its own
            text = "".join(" " if c == "&" and not _in_matrix(text, n) else c for n, c in enumerate(text))
            lead = len(text) - len(text.lstrip())
            text = text.strip()
            if not text:
                continue
            absolute = offset + start + lead
            found.append(DisplayFormula(text.replace("\n", " "), absolute, source.count("\n", 0, absolute) + 1))
    return found


def position(source: str, start: int, column: int) -> tuple[int, int]:
    """(line, column) in the file of ``column`` (1-based) of a formula starting at ``start``."""
    absolute = start + max(column, 1) - 1
    line = source.count("\n", 0, absolute) + 1
    line_start = source.rfind("\n", 0, absolute) + 1
    return line, absolute - line_start + 1
