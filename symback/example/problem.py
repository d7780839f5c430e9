"""A Problem from the spec's ``[example]`` table, a seed and the command line's overrides."""

from __future__ import annotations

import numpy as np

from ..errors import SpecError
from ..model import Model
from .data import ExampleData
from .values import (DEFAULT_OBSERVATIONS, DEFAULT_RATE, Problem, drawn_parameters, given_parameters,
                     to_mp)

CCE_TOLERANCE = 1e-9


def build_problem(model: Model, seed: int | tuple = 0, iterations: int | None = None,
                  decimals: int | None = None, data: ExampleData | None = None,
                  observations: int = DEFAULT_OBSERVATIONS) -> Problem:
    """The numbers a worked example starts from.

    Args:
        model: the network.
        seed: seed (or seed sequence) of whatever ``data`` leaves out (initial values, data set).
        iterations: overrides ``[example].iterations`` (default 1).
        decimals: round drawn numbers to this many decimals (exercise sheets: 2).
        data: the spec's ``[example]`` (default: the architecture's own, or nothing).
        observations: rows of a drawn data set.
    Raises:
        SpecError: a value does not fit the network (one line naming it).
    """
    data = data if data is not None else (model.arch.example or ExampleData())
    given = given_parameters(model, data.initial, data.layout)
    drawn = drawn_parameters(model, seed, decimals)
    initial = {p: to_mp(given[p] if p in given else drawn[p]) for p in model.parameters}
    parts = ("parameters",) if len(given) < len(initial) else ()
    if data.x is None:
        x, y, labels = _drawn_data(model, seed, observations, decimals if decimals is not None else 2)
        parts += ("data",)
    else:
        x = _inputs(model, data.x)
        y, labels = _targets(model, data.y)
    rate = data.learning_rate if data.learning_rate is not None else DEFAULT_RATE
    count = iterations if iterations is not None else (data.iterations or 1)
    return Problem(to_mp(rate), count, tuple(tuple(to_mp(v) for v in row) for row in x),
                   tuple(tuple(to_mp(v) for v in row) for row in y), labels, initial, parts, seed)


def _inputs(model: Model, rows) -> tuple:
    inputs = model.arch.inputs
    if len(rows[0]) != inputs:
        raise SpecError(f"example.x[0]: {len(rows[0])} values, but the network has {inputs} inputs; "
                        f"give {inputs} numbers per observation")
    return rows


def _targets(model: Model, rows) -> tuple[tuple, tuple | None]:
    outputs = model.outputs.size
    softmax = not model.activation(model.depth).elementwise
    if not isinstance(rows[0], tuple):  # a flat list of integers
        if softmax:
            return _one_hot(rows, outputs), tuple(rows)
        if outputs == 1:
            rows = tuple((value,) for value in rows)
        else:
            raise SpecError(f"example.y: class labels {list(rows)} are accepted only with a softmax output; "
                            f"give one row of {outputs} targets per observation")
    for index, row in enumerate(rows):
        if len(row) != outputs:
            raise SpecError(f"example.y[{index}]: {len(row)} values, but the network has {outputs} "
                            f"output{'s' if outputs > 1 else ''}"
                            + ("; or give one class label 0..{} per observation".format(outputs - 1) if softmax else ""))
    _check_target_range(model, rows)
    return rows, None


def _one_hot(labels, outputs: int) -> tuple:
    for index, label in enumerate(labels):
        if not 0 <= label < outputs:
            raise SpecError(f"example.y[{index}]: class label {label} is out of range; "
                            f"labels are 0..{outputs - 1} for {outputs} outputs")
    return tuple(tuple(1 if o == label else 0 for o in range(outputs)) for label in labels)


def _check_target_range(model: Model, rows) -> None:
    loss = model.arch.loss
    if loss not in ("bce", "cce"):
        return
    for index, row in enumerate(rows):
        for position, value in enumerate(row):
            if not 0 <= value <= 1:
                raise SpecError(f"example.y[{index}][{position}]: {value!r} is not accepted; "
                                f"{loss} targets lie between 0 and 1")
        if loss == "cce" and abs(sum(row) - 1) > CCE_TOLERANCE:
            raise SpecError(f"example.y[{index}]: {list(row)} sums to {sum(row)!r}; cce targets of an "
                            "observation sum to 1 (one-hot), or give class labels 0..K-1")


def _drawn_data(model: Model, seed: int | tuple, n: int, decimals: int) -> tuple:
    """A small data set: inputs from Uniform(-1, 1), targets the output can reach."""
    rng = np.random.default_rng((list(seed) if isinstance(seed, tuple) else [seed]) + [1])
    outputs = model.outputs.size
    x = tuple(tuple(round(float(v), decimals) + 0.0 for v in row)
              for row in rng.uniform(-1, 1, (n, model.arch.inputs)))
    output = model.activation(model.depth).name
    if output == "softmax":
        labels = tuple(int(v) for v in rng.integers(0, outputs, n))
        return x, _one_hot(labels, outputs), labels
    if model.arch.loss == "bce":
        return x, tuple(tuple(float(v) for v in row) for row in rng.integers(0, 2, (n, outputs))), None
    low = 0.0 if output == "sigmoid" else -1.0
    y = tuple(tuple(round(float(v), decimals) + 0.0 for v in row) for row in rng.uniform(low, 1, (n, outputs)))
    return x, y, None
