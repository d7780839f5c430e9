"""Worked examples against the independent reference (tests/reference.py): signals, objective,
every gradient, every updated parameter, over several iterations, in both notations and
layouts, for every activation and loss."""

from __future__ import annotations

import numpy as np
import pytest

import reference
from example_helpers import example_json, parameter_key, reference_params

RELATIVE = 1e-9

# (spec, options, observations-as-given): every activation and loss, both notations and layouts.
NETWORKS = [
    ("3-2-3-1", []),                                                            # handout 004: sigmoid, sse
    ("2-3-3", ["--activation", "tanh,softmax", "--loss", "cce", "--notation", "layers"]),
    ("2-2-1", ["--activation", "relu,sigmoid", "--loss", "bce", "--layout", "out-in"]),
    ("2-3-2", ["--activation", "tanh,linear", "--loss", "mse", "--notation", "layers", "--layout", "out-in"]),
    ("3-2-2", ["--activation", "sigmoid,softmax"]),                             # softmax with sse
    ("2-2-2-1", ["--activation", "linear,relu,tanh", "--loss", "mse"]),
]


def _close(actual, expected, scale=1.0):
    assert abs(actual - expected) <= RELATIVE * max(abs(expected), 1e-12 * scale), (actual, expected)


def _data(record):
    return np.array(record["data"]["x"]), np.array(record["data"]["y"])


@pytest.mark.parametrize("spec, options", NETWORKS)
def test_every_number_matches_the_reference(spec, options):
    record = example_json([spec, "--seed", "7", "--iterations", "3"] + options)
    arch = record["architecture"]
    activations = [layer["activation"] for layer in arch["layers"]]
    sizes = [arch["inputs"]] + [layer["size"] for layer in arch["layers"]]
    X, y = _data(record)
    assert X.shape[0] == 2  # the drawn data set has two observations
    params = reference_params(record)
    rate = record["learning_rate"]
    for iteration in record["iterations"]:
        loss = reference.loss(params, X, y, activations, arch["loss"])
        _close(iteration["objective"], loss)
        zs, acts = reference.forward(params, X, activations)
        _check_signals(iteration["signals"], zs, acts, sizes)
        grads = reference.backprop(params, X, y, activations, arch["loss"])
        for name, value in iteration["gradients"].items():
            key, index = parameter_key(name, sizes, arch["notation"], arch["layout"])
            _close(value, grads[key][index], scale=1.0)
            _close(iteration["parameters"]["before"][name], params[key][index])
        params = {key: value - rate * grads[key] for key, value in params.items()}
        for name, value in iteration["parameters"]["after"].items():
            key, index = parameter_key(name, sizes, arch["notation"], arch["layout"])
            _close(value, params[key][index])
        _close(iteration["objective_after"], reference.loss(params, X, y, activations, arch["loss"]))


def _check_signals(signals, zs, acts, sizes):
    """Signals in layer order: e then s of every neuron, one value per observation."""
    expected_e = [column for z in zs for column in z.T]
    expected_s = [column for a in acts[1:] for column in a.T]
    names = list(signals)
    count = sum(sizes[1:])
    assert len(names) == 2 * count
    for values, column in zip([signals[name] for name in names[:count]], expected_e):
        for actual, expected in zip(values, column):
            _close(actual, expected)
    for values, column in zip([signals[name] for name in names[count:]], expected_s):
        for actual, expected in zip(values, column):
            _close(actual, expected)


@pytest.mark.parametrize("spec, options", NETWORKS[:3])
def test_first_layer_gradient_at_high_precision(spec, options):
    """The weight into the first hidden layer, against 50-digit finite differences."""
    record = example_json([spec, "--seed", "3"] + options)
    arch = record["architecture"]
    activations = [layer["activation"] for layer in arch["layers"]]
    sizes = [arch["inputs"]] + [layer["size"] for layer in arch["layers"]]
    X, y = _data(record)
    params = reference_params(record)
    name = next(iter(record["iterations"][0]["gradients"]))
    key, index = parameter_key(name, sizes, arch["notation"], arch["layout"])
    assert key == "W1"
    exact = reference.mp_gradient_entry(params, X, y, activations, arch["loss"], key, index)
    _close(record["iterations"][0]["gradients"][name], float(exact))


def test_error_terms_are_the_objective_derivative_in_each_signal():
    """eps_{i,j} = dJ/de_{i,j}: Σ_i eps_{i,j} x_{i,k} is the gradient of w_{k,j}."""
    record = example_json(["2-3-1", "--seed", "5"])
    iteration = record["iterations"][0]
    X, _ = _data(record)
    for j in (3, 4, 5):
        eps = np.array(iteration["error_terms"][f"eps_{{i,{j}}}"])
        for k in (1, 2):
            _close(float(eps @ X[:, k - 1]), iteration["gradients"][f"w_{{{k},{j}}}"])
