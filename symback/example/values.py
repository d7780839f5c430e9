"""The numbers of one worked example: data and initial values checked against the network,
and whatever the spec left out drawn from a seed.

Every number is kept as an mpmath value at ``PRECISION`` digits. A number the user wrote as
0.1 is taken as the decimal 0.1 (the shortest text of the float TOML read), so a student's
hand computation and symback's agree exactly, relu's kink included.
"""

from __future__ import annotations

import dataclasses

import mpmath
import numpy as np
from sympy import Integer

from ..errors import SpecError
from ..model import THETA, W, Model
from ..notation import Namer

PRECISION = 60
SCALE = 0.5            # Uniform(-SCALE, SCALE), as the generated train.py's init_params
DEFAULT_RATE = 0.1     # the generated train.py's --lr default
DEFAULT_OBSERVATIONS = 2


@dataclasses.dataclass(frozen=True)
class Problem:
    """Everything one worked example starts from.

    Args:
        learning_rate: δ (neurons) or α (layers).
        iterations: updates to work out.
        x: n rows of inputs.
        y: n rows of targets (one-hot rows when labels were given).
        labels: the class labels as given, or None.
        initial: value of every parameter (model.parameters order), keyed by its symbol.
        drawn: which parts were drawn from the seed: "parameters" (all or some), "data".
        seed: the seed they were drawn from.
    """

    learning_rate: mpmath.mpf
    iterations: int
    x: tuple[tuple[mpmath.mpf, ...], ...]
    y: tuple[tuple[mpmath.mpf, ...], ...]
    labels: tuple[int, ...] | None
    initial: dict
    drawn: tuple[str, ...]
    seed: int

    @property
    def observations(self) -> int:
        return len(self.x)


def to_mp(value) -> mpmath.mpf:
    """A user's number as the decimal it was written as."""
    with mpmath.workdps(PRECISION):
        return mpmath.mpf(value) if isinstance(value, int) else mpmath.mpf(repr(float(value)))


def matrix_shape(model: Model, layer: int, layout: str) -> tuple[int, int]:
    """Rows x columns of W{layer} in ``layout``."""
    sizes = model.arch.sizes
    shape = (sizes[layer - 1], sizes[layer])
    return shape if layout == "in-out" else shape[::-1]


def matrix_entry(model: Model, layer: int, row: int, column: int, layout: str):
    """The weight symbol at W{layer}[row][column] (0-based) in ``layout``."""
    k, j = (row, column) if layout == "in-out" else (column, row)
    return W[Integer(model.ranges[layer - 1].first + k), Integer(model.ranges[layer].first + j)]


def parameter_names(model: Model, layout: str) -> dict[str, object]:
    """Every spelling ``derive`` prints for a parameter, in either notation -> its symbol."""
    names = {}
    for notation in ("neurons", "layers"):
        namer = Namer(model, notation, layout=layout)
        names.update({namer.parameter_text(p): p for p in model.parameters})
    return names


def _matrix_values(model: Model, key: str, value, layout: str) -> dict:
    layer = int(key[1:])
    if key[0] == "b":
        expected, symbols = (model.arch.sizes[layer],), [[THETA[Integer(j)]] for j in model.ranges[layer].numbers()]
        rows = tuple((item,) for item in value) if isinstance(value, tuple) and not isinstance(value[0], tuple) else None
        shape_text = f"a list of {expected[0]} numbers"
    else:
        expected = matrix_shape(model, layer, layout)
        symbols = [[matrix_entry(model, layer, r, c, layout) for c in range(expected[1])] for r in range(expected[0])]
        rows = value if isinstance(value, tuple) and all(isinstance(row, tuple) for row in value) else None
        shape_text = (f"{expected[0]} rows of {expected[1]} numbers (layout {layout}: "
                      f"{'inputs x neurons' if layout == 'in-out' else 'neurons x inputs'} of layer {layer})")
    if rows is None or len(rows) != len(symbols) or any(len(r) != len(s) for r, s in zip(rows, symbols)) \
            or any(isinstance(item, tuple) for row in rows for item in row):
        raise SpecError(f"example.initial.{key}: {_plain(value)} is not accepted; give {shape_text}")
    return {symbol: number for row, srow in zip(rows, symbols) for number, symbol in zip(row, srow)}


def _plain(value):
    return [_plain(item) for item in value] if isinstance(value, tuple) else value


def given_parameters(model: Model, initial, layout: str) -> dict:
    """``[example.initial]`` (written in ``layout``) -> {parameter symbol: number}; one line
    per mistake."""
    names = parameter_names(model, layout)
    matrices = {f"{kind}{layer}" for layer in range(1, model.depth + 1) for kind in "Wb"}
    values, source = {}, {}
    for key, value in initial:
        if key in matrices:
            found = _matrix_values(model, key, value, layout)
        elif key.replace(" ", "") in names:
            if isinstance(value, tuple):
                raise SpecError(f'example.initial."{key}": {_plain(value)} is not accepted; give one number')
            found = {names[key.replace(" ", "")]: value}
        else:
            example = Namer(model, model.arch.notation).parameter_text(model.parameters[0])
            raise SpecError(f"example.initial: unknown name {key!r}; accepted: W1..W{model.depth}, "
                            f"b1..b{model.depth}, or a parameter name as derive prints it, like {example!r}")
        for symbol, number in found.items():
            if symbol in values:
                name = Namer(model, model.arch.notation).parameter_text(symbol)
                raise SpecError(f"example.initial: {name} is given twice (in {source[symbol]!r} and {key!r})")
            values[symbol], source[symbol] = number, key
    return values


def drawn_parameters(model: Model, seed: int, decimals: int | None = None) -> dict:
    """Uniform(-0.5, 0.5) values drawn W1, b1, W2, b2, ... as the generated train.py's
    ``init_params(seed)`` draws them (layout in-out), so both start from the same point."""
    rng = np.random.default_rng(seed)
    sizes, values = model.arch.sizes, {}
    for layer in range(1, len(sizes)):
        weights = rng.uniform(-SCALE, SCALE, (sizes[layer - 1], sizes[layer]))
        biases = rng.uniform(-SCALE, SCALE, sizes[layer])
        for k in range(sizes[layer - 1]):
            for j in range(sizes[layer]):
                values[W[Integer(model.ranges[layer - 1].first + k), Integer(model.ranges[layer].first + j)]] = \
                    _rounded(weights[k, j], decimals)
        for j in range(sizes[layer]):
            values[THETA[Integer(model.ranges[layer].first + j)]] = _rounded(biases[j], decimals)
    return values


def _rounded(value: float, decimals: int | None) -> float:
    return float(value) if decimals is None else round(float(value), decimals) + 0.0
