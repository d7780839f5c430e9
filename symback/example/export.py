"""A worked example as data: the JSON record of issue 10 and the .npz of its initial values.

JSON names are those ``derive --format json`` prints in the chosen notation; signals and
error terms are spelled with the observation letter (``e_{i,3}``) since they hold one value
per observation. The .npz holds ``W1, b1, W2, b2, ...`` as the generated train.py stores its
parameters (W{l} of shape n_{l-1} x n_l whatever the spec's layout), so ``train.py --init``
starts from the example's first iteration.
"""

from __future__ import annotations

import io
import json
import zipfile

import numpy as np
from sympy import Integer

from ..model import DELTA, E, OBS, S, THETA
from .compute import Iteration
from .values import matrix_entry, matrix_shape
from .worked import Worked

NPZ_DATE = (1980, 1, 1, 0, 0, 0)  # fixed, so the same example gives the same bytes


def _per_observation(worked: Worked, base, table: dict, key) -> dict:
    model, namer, n = worked.derivation.model, worked.namer, worked.problem.observations
    record = {}
    for rng in model.ranges[1:]:
        for j in rng.numbers():
            record[namer.spell(base[OBS, Integer(j)], "text")] = [float(table[key(i, j)]) for i in range(1, n + 1)]
    return record


def _parameters(worked: Worked, values: dict) -> dict:
    return {worked.namer.parameter_text(p): float(values[p]) for p in worked.derivation.model.parameters}


def _iteration(worked: Worked, iteration: Iteration) -> dict:
    signals = iteration.values.signals
    record = {"objective": float(iteration.objective), "signals": {}}
    for base, name in ((E, "e"), (S, "s")):
        record["signals"].update(_per_observation(worked, base, signals, lambda i, j, name=name: (name, i, j)))
    record["error_terms"] = _per_observation(worked, DELTA, iteration.values.deltas, lambda i, j: (i, j))
    record["gradients"] = _parameters(worked, iteration.gradients)
    record["parameters"] = {"before": _parameters(worked, iteration.before),
                            "after": _parameters(worked, iteration.after)}
    record["objective_after"] = float(iteration.objective_after)
    return record


def initial_matrices(worked: Worked, layout: str | None = None) -> dict:
    """{"W1": rows, "b1": [...], ...} of the initial values, in ``layout`` (default: the spec's)."""
    model, initial = worked.derivation.model, worked.problem.initial
    layout = layout or model.arch.layout
    matrices = {}
    for layer in range(1, model.depth + 1):
        rows, columns = matrix_shape(model, layer, layout)
        matrices[f"W{layer}"] = [[float(initial[matrix_entry(model, layer, r, c, layout)]) for c in range(columns)]
                                 for r in range(rows)]
        matrices[f"b{layer}"] = [float(initial[THETA[Integer(j)]]) for j in model.ranges[layer].numbers()]
    return matrices


def example_record(worked: Worked) -> dict:
    """The JSON record of one worked example."""
    problem = worked.problem
    return {"architecture": worked.derivation.arch.to_dict(),
            "learning_rate": float(problem.learning_rate),
            "data": {"x": [[float(v) for v in row] for row in problem.x],
                     "y": [[float(v) for v in row] for row in problem.y]},
            "initial": initial_matrices(worked),
            "iterations": [_iteration(worked, iteration) for iteration in worked.iterations]}


def to_json(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


def npz_bytes(worked: Worked) -> bytes:
    """The initial values as an .npz that ``numpy.load`` and train.py read (fixed timestamps)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, value in initial_matrices(worked, "in-out").items():
            array = io.BytesIO()
            np.lib.format.write_array(array, np.asarray(value, dtype=np.float64), allow_pickle=False)
            archive.writestr(zipfile.ZipInfo(f"{name}.npy", date_time=NPZ_DATE), array.getvalue())
    return buffer.getvalue()



