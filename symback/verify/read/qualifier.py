"""A range written after a formula, as handouts and reports state it: ``\\quad (j = 4, 5)``,
``\\qquad j = 6, 7, 8``, ``, \\quad \\text{for } j \\in \\{4, 5\\}``, ``\\quad (j = 6, 7, 8;\\ l = 4, 5)``.

It works like ``--where`` for that formula alone; it is blanked out (spaces) so that columns
in the rest of the formula do not move.
"""

from __future__ import annotations

import re

_START = re.compile(r"(?:,\s*)?\\q?quad(?![A-Za-z])")
_TEXT = re.compile(r"\\(?:text|mbox|mathrm)\{\s*(?:for|para|sendo|with|com|where|onde)?\s*\}")
_ONE = re.compile(r"\s*([A-Za-z])\s*(?:=|\\in)\s*(?:\\\{|\{)?\s*((?:[0-9]+|F)(?:\s*,\s*(?:[0-9]+|F))*)\s*(?:\\\}|\})?\s*")
_SEPARATOR = re.compile(r"(?:\s*(?:;|,|\\[,;: ]|\\q?quad|\\text\{\s*(?:and|e)\s*\})\s*)+")


def _assignments(tail: str) -> list[str] | None:
    """``(j = 4, 5; k = 1)`` -> ['j=4,5', 'k=1'], or None when ``tail`` is something else."""
    tail = _TEXT.sub(" ", tail).strip().rstrip(".,;").strip()
    if tail.startswith("(") and tail.endswith(")"):
        tail = tail[1:-1]
    found, position = [], 0
    while position < len(tail):
        match = _ONE.match(tail, position)
        if not match:
            return None
        values = "".join(match.group(2).split())
        found.append(f"{match.group(1)}={values}")
        position = match.end()
        separator = _SEPARATOR.match(tail, position)
        if separator and separator.end() > position:
            position = separator.end()
    return found or None


def split(text: str) -> tuple[str, list[str]]:
    """-> (formula with the range blanked, the ranges as --where texts)."""
    for start in reversed([m for m in _START.finditer(text)]):
        found = _assignments(text[start.end():])
        if found:
            return text[:start.start()] + " " * (len(text) - start.start()), found
    return text, []
