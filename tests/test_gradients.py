"""Every derived gradient against independent numbers: central finite differences of J from
the reference NumPy forward pass, and the reference's own backprop."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reference
from evaluate import derived_gradients
from symback import Architecture, derive
from symback.formula import CustomActivation

ARCHITECTURES = [
    ((3, 2, 3, 1), ("sigmoid",) * 3, "sse"),                      # handout 004
    ((2, 1), ("linear",), "mse"),                                  # depth 1
    ((3, 4, 2), ("tanh", "sigmoid"), "bce"),                       # two sigmoid outputs
    ((2, 3, 3), ("relu", "softmax"), "cce"),
    ((2, 3, 2, 3), ("tanh", "relu", "softmax"), "sse"),            # softmax with sse
    ((2, 2, 2, 2, 1), ("sigmoid", "tanh", "relu", "linear"), "mse"),
    ((2, 2, 2, 2, 2, 2), ("tanh", "tanh", "sigmoid", "tanh", "sigmoid"), "bce"),  # depth 5
    ((3, 3, 2), ("linear", "softmax"), "cce"),
    ((2, 3, 2, 1), ("leaky_relu", "elu", "sigmoid"), "bce"),       # issue 14's activations
    ((3, 2, 2, 2), ("softplus", "silu", "softmax"), "cce"),
    ((2, 2, 1), ("silu", "linear"), "mse"),
]
NEW_ACTIVATIONS = ["leaky_relu", "elu", "softplus", "silu"]
# softsign, written by hand for the reference: f = z/(1+|z|), f' = 1/(1+|z|)^2
reference.register_activation("softsign", lambda z: z / (1 + np.abs(z)), lambda z: 1 / (1 + np.abs(z)) ** 2,
                               lambda v: v / (1 + abs(v)))
SOFTSIGN = CustomActivation("softsign", "z / (1 + abs(z))", r"\operatorname{softsign}")


def _arch(sizes, activations, loss, l2=0.0):
    custom = (SOFTSIGN,) if "softsign" in activations else ()
    return Architecture(inputs=sizes[0], layers=tuple(zip(sizes[1:], activations)), loss=loss, l2=l2,
                        custom_activations=custom)


def _relative(a, b):
    a = np.concatenate([np.ravel(a[k]) for k in sorted(a)])
    b = np.concatenate([np.ravel(b[k]) for k in sorted(b)])
    return np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-12)


@pytest.mark.parametrize("sizes,activations,loss", ARCHITECTURES)
@pytest.mark.parametrize("form", ["expression", "delta_form", "specific"])
def test_derived_gradients_match_reference(sizes, activations, loss, form):
    derivation = derive(_arch(sizes, activations, loss))
    params, X, y = reference.random_problem(list(sizes), list(activations), loss, n=6, seed=3)
    derived = derived_gradients(derivation, params, X, y, form)
    backprop = reference.backprop(params, X, y, list(activations), loss)
    differences = reference.finite_differences(params, X, y, list(activations), loss)
    assert _relative(derived, backprop) < 1e-10
    assert _relative(derived, differences) < 1e-6


@pytest.mark.parametrize("sizes,activations,loss,l2", [
    ((3, 2, 3, 1), ("sigmoid",) * 3, "sse", 0.05),
    ((2, 3, 3), ("softsign", "softmax"), "cce", 0.0),
    ((2, 3, 2, 1), ("tanh", "softsign", "linear"), "mse", 0.3),
    ((3, 2, 2), ("relu", "sigmoid"), "bce", 1.5),
])
@pytest.mark.parametrize("form", ["expression", "delta_form", "specific"])
def test_custom_activation_and_l2_match_reference(sizes, activations, loss, l2, form):
    """A user's formula and the L2 penalty: every gradient against the reference's backprop
    (which adds l2·W) and its central differences of J + (l2/2) Σ W²."""
    derivation = derive(_arch(sizes, activations, loss, l2))
    params, X, y = reference.random_problem(list(sizes), list(activations), loss, n=6, seed=5)
    derived = derived_gradients(derivation, params, X, y, form)
    backprop = reference.backprop(params, X, y, list(activations), loss, l2=l2)
    differences = reference.finite_differences(params, X, y, list(activations), loss, l2=l2)
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
    hidden = [draw(st.sampled_from(["sigmoid", "tanh", "relu", "linear", "softsign"] + NEW_ACTIVATIONS))
              for _ in range(depth - 1)]
    if loss == "cce":
        sizes[-1] = max(2, sizes[-1])
        output = "softmax"
    elif loss == "bce":
        output = "sigmoid"
    else:
        output = draw(st.sampled_from(["sigmoid", "tanh", "linear", "softplus"] + (["softmax"] if sizes[-1] > 1 else [])))
    return tuple(sizes), tuple(hidden + [output]), loss, draw(st.sampled_from([0.0, 0.1]))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(architectures(), st.integers(0, 1000))
def test_property_random_architectures(architecture, seed):
    sizes, activations, loss, l2 = architecture
    derivation = derive(_arch(sizes, activations, loss, l2))
    params, X, y = reference.random_problem(list(sizes), list(activations), loss, n=4, seed=seed)
    backprop = reference.backprop(params, X, y, list(activations), loss, l2=l2)
    for form in ("expression", "delta_form", "specific"):
        derived = derived_gradients(derivation, params, X, y, form)
        assert _relative(derived, backprop) < 1e-9
