"""Every derived gradient against independent numbers: central finite differences of J from
the reference NumPy forward pass, and the reference's own backprop."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reference
from evaluate import derived_gradients
from symback import Architecture, derive

ARCHITECTURES = [
    ((3, 2, 3, 1), ("sigmoid",) * 3, "sse"),                      # handout 004
    ((2, 1), ("linear",), "mse"),                                  # depth 1
    ((3, 4, 2), ("tanh", "sigmoid"), "bce"),                       # two sigmoid outputs
    ((2, 3, 3), ("relu", "softmax"), "cce"),
    ((2, 3, 2, 3), ("tanh", "relu", "softmax"), "sse"),            # softmax with sse
    ((2, 2, 2, 2, 1), ("sigmoid", "tanh", "relu", "linear"), "mse"),
    ((2, 2, 2, 2, 2, 2), ("tanh", "tanh", "sigmoid", "tanh", "sigmoid"), "bce"),  # depth 5
    ((3, 3, 2), ("linear", "softmax"), "cce"),
]


def _arch(sizes, activations, loss):
    return Architecture(inputs=sizes[0], layers=tuple(zip(sizes[1:], activations)), loss=loss)


def _relative(a, b):
    a = np.concatenate([np.ravel(a[k]) for k in sorted(a)])
    b = np.concatenate([np.ravel(b[k]) for k in sorted(b)])
    return np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-12)


@pytest.mark.parametrize("sizes,activations,loss", ARCHITECTURES)
@pytest.mark.parametrize("form", ["expression", "delta_form"])
def test_derived_gradients_match_reference(sizes, activations, loss, form):
    derivation = derive(_arch(sizes, activations, loss))
    params, X, y = reference.random_problem(list(sizes), list(activations), loss, n=6, seed=3)
    derived = derived_gradients(derivation, params, X, y, form)
    backprop = reference.backprop(params, X, y, list(activations), loss)
    differences = reference.finite_differences(params, X, y, list(activations), loss)
    assert _relative(derived, backprop) < 1e-10
    assert _relative(derived, differences) < 1e-6


def test_handout_network_has_all_21_parameters():
    derivation = derive(_arch((3, 2, 3, 1), ("sigmoid",) * 3, "sse"))
    names = [str(g.parameter) for g in derivation.gradients()]
    assert len(names) == 21 == len(set(names))
    first_layer = {f"w[{k}, {j}]" for k in (1, 2, 3) for j in (4, 5)}
    assert first_layer <= set(names)
    assert {"Theta[4]", "Theta[5]", "w[8, 9]", "Theta[9]"} <= set(names)


@st.composite
def architectures(draw):
    depth = draw(st.integers(1, 4))
    sizes = [draw(st.integers(1, 3)) for _ in range(depth + 1)]
    loss = draw(st.sampled_from(["sse", "mse", "bce", "cce"]))
    hidden = [draw(st.sampled_from(["sigmoid", "tanh", "relu", "linear"])) for _ in range(depth - 1)]
    if loss == "cce":
        sizes[-1] = max(2, sizes[-1])
        output = "softmax"
    elif loss == "bce":
        output = "sigmoid"
    else:
        output = draw(st.sampled_from(["sigmoid", "tanh", "linear"] + (["softmax"] if sizes[-1] > 1 else [])))
    return tuple(sizes), tuple(hidden + [output]), loss


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(architectures(), st.integers(0, 1000))
def test_property_random_architectures(architecture, seed):
    sizes, activations, loss = architecture
    derivation = derive(_arch(sizes, activations, loss))
    params, X, y = reference.random_problem(list(sizes), list(activations), loss, n=4, seed=seed)
    backprop = reference.backprop(params, X, y, list(activations), loss)
    for form in ("expression", "delta_form"):
        derived = derived_gradients(derivation, params, X, y, form)
        assert _relative(derived, backprop) < 1e-9
