"""The ``[example]`` table of a TOML spec: read and checked for what does not need the network.

This module imports nothing from symback but the errors, so that ``spec.py`` can call it
while reading a file without an import cycle. Checks that need the network (shapes, names of
parameters, class labels against the number of outputs) live in ``example/values.py``.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from ..errors import SpecError

FIELDS = ("learning_rate", "iterations", "x", "y", "initial")
MAX_ITERATIONS = 10_000
MAX_OBSERVATIONS = 1_000


@dataclasses.dataclass(frozen=True)
class ExampleData:
    """What ``[example]`` gave, as plain numbers (None where it gave nothing).

    Args:
        learning_rate: the step size δ (α), positive.
        iterations: how many updates to work out.
        x: one row of inputs per observation.
        y: one row of targets per observation, or one class label (int) per observation.
        initial: (key, value) pairs of ``[example.initial]`` in file order: a matrix name
            (``W1``, ``b1``) with nested tuples, or a parameter name with one number.
        layout: the layout the file's matrices and names are written in (the file's own,
            whatever a command line's --layout makes of the network).
    """

    learning_rate: float | None = None
    iterations: int | None = None
    x: tuple[tuple[float, ...], ...] | None = None
    y: tuple | None = None
    initial: tuple[tuple[str, Any], ...] = ()
    layout: str = "in-out"


def _number(value: Any, field: str) -> float | int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SpecError(f"{field}: {value!r} is not accepted; give a number")
    if not math.isfinite(value):
        raise SpecError(f"{field}: {value!r} is not accepted; numbers must be finite")
    return value


def _numbers(value: Any, field: str, depth: int) -> Any:
    """A number (depth 0) or a list of lists of numbers ``depth`` deep, as tuples."""
    if depth == 0:
        return _number(value, field)
    if not isinstance(value, list) or not value:
        raise SpecError(f"{field}: {value!r} is not accepted; give a non-empty list"
                        + (" of lists" if depth > 1 else " of numbers"))
    return tuple(_numbers(item, f"{field}[{index}]", depth - 1) for index, item in enumerate(value))


def _rows(value: Any, field: str) -> tuple[tuple[float, ...], ...]:
    """A non-empty list of equally long rows of numbers (a list of numbers counts as one
    column, so a single output's ``y = [1.0, 0.0]`` reads as ``[[1.0], [0.0]]``)."""
    if isinstance(value, list) and value and not any(isinstance(item, list) for item in value):
        value = [[item] for item in value]
    rows = _numbers(value, field, 2)
    if len(rows) > MAX_OBSERVATIONS:
        raise SpecError(f"{field}: {len(rows)} rows; a worked example takes at most {MAX_OBSERVATIONS}")
    for index, row in enumerate(rows):
        if len(row) != len(rows[0]):
            raise SpecError(f"{field}[{index}]: {len(row)} values, but {field}[0] has {len(rows[0])}; "
                            "every row needs the same length")
    return rows


def _labels_or_rows(value: Any, field: str) -> tuple:
    """Targets: rows of numbers, or one integer class label per observation."""
    flat = value if isinstance(value, list) else None
    if flat and all(isinstance(item, int) and not isinstance(item, bool) for item in flat):
        return tuple(flat)  # class labels (softmax) or 0/1 targets; values.py decides
    return _rows(value, field)


def _learning_rate(value: Any) -> float:
    rate = _number(value, "example.learning_rate")
    if rate <= 0:
        raise SpecError(f"example.learning_rate: {value!r} is not accepted; give a positive number")
    return float(rate)


def _iterations(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ITERATIONS:
        raise SpecError(f"example.iterations: {value!r} is not accepted; give an integer from 1 to "
                        f"{MAX_ITERATIONS}")
    return value


def _initial(table: Any) -> tuple[tuple[str, Any], ...]:
    if not isinstance(table, dict):
        raise SpecError(f"example.initial: {table!r} is not accepted; use an [example.initial] table")
    entries = []
    for key, value in table.items():
        field = f"example.initial.{key}" if key.isidentifier() else f'example.initial."{key}"'
        depth = 0
        probe = value
        while isinstance(probe, list) and probe:
            depth, probe = depth + 1, probe[0]
        entries.append((key, _numbers(value, field, depth) if depth else _number(value, field)))
    return tuple(entries)


def read_example_table(table: Any, layout: str = "in-out") -> ExampleData:
    """``[example]`` of a parsed TOML file -> ExampleData.

    Args:
        table: the parsed ``[example]`` table.
        layout: the layout of the file the table is in (already checked by the spec).

    Raises:
        SpecError: naming the field, the value and what is accepted.
    """
    if not isinstance(table, dict):
        raise SpecError(f"example: {table!r} is not accepted; use an [example] table")
    unknown = sorted(set(table) - set(FIELDS))
    if unknown:
        raise SpecError(f"example: unknown field {unknown[0]!r}; accepted: {', '.join(sorted(FIELDS))}")
    has_x, has_y = "x" in table, "y" in table
    if has_x != has_y:
        given, missing = ("x", "y") if has_x else ("y", "x")
        raise SpecError(f"example.{missing}: missing; example.{given} is given, so give "
                        f"{'the targets' if missing == 'y' else 'the inputs'} too (one row per observation)")
    data = ExampleData(
        learning_rate=_learning_rate(table["learning_rate"]) if "learning_rate" in table else None,
        iterations=_iterations(table["iterations"]) if "iterations" in table else None,
        x=_rows(table["x"], "example.x") if has_x else None,
        y=_labels_or_rows(table["y"], "example.y") if has_y else None,
        initial=_initial(table.get("initial", {})), layout=layout)
    if data.x is not None and len(data.x) != len(data.y):
        raise SpecError(f"example.y: {len(data.y)} rows, but example.x has {len(data.x)}; "
                        "give one target row per observation")
    return data
