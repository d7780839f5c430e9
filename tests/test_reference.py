"""Self-consistency tests for the independent reference in tests/reference.py."""

import math
import sys
import warnings
from pathlib import Path

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

# Import by path so this works whether or not tests/ is a package.
sys.path.insert(0, str(Path(__file__).resolve().parent))
import reference as ref  # noqa: E402

# (sizes, activations, loss): depths 1..5, every activation and loss,
# softmax with every loss (full Jacobian, not only the cce shortcut).
ARCHS = [
    ([3, 1], ["linear"], "sse"),
    ([3, 1], ["sigmoid"], "bce"),
    ([2, 4, 1], ["sigmoid", "sigmoid"], "bce"),
    ([3, 5, 3], ["tanh", "softmax"], "cce"),
    ([2, 3, 3], ["relu", "softmax"], "bce"),
    ([2, 3, 2], ["linear", "softmax"], "sse"),
    ([2, 4, 3], ["sigmoid", "sigmoid"], "cce"),
    ([2, 3, 4, 2], ["relu", "tanh", "linear"], "mse"),
    ([4, 3, 3, 3, 2], ["sigmoid", "relu", "tanh", "sigmoid"], "sse"),
    ([3, 4, 4, 3, 3, 3], ["tanh", "relu", "sigmoid", "tanh", "softmax"], "mse"),
    ([2, 5, 4, 3, 3, 1], ["relu", "relu", "tanh", "relu", "linear"], "mse"),
    ([3, 4, 3, 3, 2, 2], ["sigmoid", "tanh", "relu", "linear", "softmax"], "cce"),
    ([2, 3, 2, 1], ["leaky_relu", "elu", "sigmoid"], "bce"),
    ([3, 2, 2, 2], ["softplus", "silu", "softmax"], "cce"),
]
IDS = ["-".join(map(str, s)) + ":" + ",".join(a) + ":" + l for s, a, l in ARCHS]


def _flat(grads):
    """Concatenate a gradient dict into one vector."""
    return np.concatenate([np.ravel(g) for g in grads.values()])


def test_archs_cover_everything():
    acts = {a for _, activations, _ in ARCHS for a in activations}
    assert acts == set(ref.ACTIVATIONS)
    assert {l for _, _, l in ARCHS} == set(ref.LOSSES)
    assert {len(a) for _, a, _ in ARCHS} >= {1, 2, 3, 4, 5}


def test_init_params_shapes_range_and_determinism():
    p = ref.init_params([3, 4, 2], seed=7, scale=0.25)
    assert list(p) == ["W1", "b1", "W2", "b2"]
    assert p["W1"].shape == (3, 4) and p["b1"].shape == (4,)
    assert p["W2"].shape == (4, 2) and p["b2"].shape == (2,)
    assert all(np.all(np.abs(v) <= 0.25) for v in p.values())
    q = ref.init_params([3, 4, 2], seed=7, scale=0.25)
    assert all(np.array_equal(p[k], q[k]) for k in p)


def test_forward_shapes_and_softmax_rows():
    params, X, _ = ref.random_problem([3, 4, 5, 2], ["tanh", "relu", "softmax"], "cce", n=6)
    zs, acts = ref.forward(params, X, ["tanh", "relu", "softmax"])
    assert [z.shape for z in zs] == [(6, 4), (6, 5), (6, 2)]
    assert [a.shape for a in acts] == [(6, 3), (6, 4), (6, 5), (6, 2)]
    assert acts[0] is not None and np.array_equal(acts[0], X)
    np.testing.assert_allclose(acts[-1].sum(axis=1), 1.0, rtol=1e-15)
    assert np.array_equal(ref.predict(params, X, ["tanh", "relu", "softmax"]), acts[-1])


def test_random_problem_targets():
    _, _, y = ref.random_problem([2, 3], ["sigmoid"], "bce", n=20)
    assert y.shape == (20, 3) and set(np.unique(y)) <= {0.0, 1.0}
    _, _, y = ref.random_problem([2, 4], ["softmax"], "cce", n=20)
    assert np.array_equal(y.sum(axis=1), np.ones(20)) and set(np.unique(y)) == {0.0, 1.0}
    _, X, y = ref.random_problem([2, 1], ["linear"], "mse", n=9)
    assert X.shape == (9, 2) and y.shape == (9,)


def test_softmax_only_on_output_layer():
    params = ref.init_params([2, 2, 1], 0)
    with pytest.raises(ValueError):
        ref.forward(params, np.ones((1, 2)), ["softmax", "linear"])


@pytest.mark.parametrize("sizes, activations, loss_name", ARCHS, ids=IDS)
def test_backprop_matches_finite_differences(sizes, activations, loss_name):
    params, X, y = ref.random_problem(sizes, activations, loss_name, n=5, seed=3)
    bp = ref.backprop(params, X, y, activations, loss_name)
    fd = ref.finite_differences(params, X, y, activations, loss_name)
    assert list(bp) == list(params)
    for k in params:
        assert bp[k].shape == params[k].shape
    a, b = _flat(bp), _flat(fd)
    assert np.linalg.norm(a) > 0
    assert np.linalg.norm(a - b) / np.linalg.norm(a) < 1e-6
    # Entrywise too; atol covers entries that are (nearly) zero.
    np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-8 * np.abs(a).max())


@settings(max_examples=25, deadline=None, derandomize=True)
@given(
    hidden=st.lists(st.integers(1, 4), min_size=0, max_size=3),
    hidden_act=st.sampled_from(["sigmoid", "tanh", "relu", "linear"]),
    out=st.sampled_from([("linear", "sse"), ("linear", "mse"), ("sigmoid", "bce"),
                         ("softmax", "cce"), ("softmax", "mse"), ("sigmoid", "cce")]),
    n_in=st.integers(1, 3),
    n_out=st.integers(1, 3),
    seed=st.integers(0, 1000),
)
def test_backprop_matches_finite_differences_random(hidden, hidden_act, out, n_in, n_out, seed):
    sizes = [n_in, *hidden, n_out]
    activations = [hidden_act] * len(hidden) + [out[0]]
    params, X, y = ref.random_problem(sizes, activations, out[1], n=4, seed=seed)
    a = _flat(ref.backprop(params, X, y, activations, out[1]))
    b = _flat(ref.finite_differences(params, X, y, activations, out[1]))
    scale = max(np.abs(a).max(), 1e-3)  # softmax with one output has zero gradient
    assert np.abs(a - b).max() / scale < 1e-6


@pytest.mark.parametrize("sizes, activations, loss_name", ARCHS[::2], ids=IDS[::2])
def test_backprop_matches_mpmath_on_sampled_entries(sizes, activations, loss_name):
    params, X, y = ref.random_problem(sizes, activations, loss_name, n=4, seed=11)
    bp = ref.backprop(params, X, y, activations, loss_name)
    scale = np.abs(_flat(bp)).max()
    rng = np.random.default_rng(0)
    for key in rng.choice(list(params), size=4):
        idx = tuple(int(rng.integers(s)) for s in params[key].shape)
        exact = ref.mp_gradient_entry(params, X, y, activations, loss_name, key, idx)
        # float64 backprop vs ~50-digit value: rounding-level agreement.
        assert abs(float(exact) - bp[key][idx]) <= 1e-12 * scale, (key, idx)


def test_mp_loss_matches_float_loss():
    for sizes, activations, loss_name in ARCHS:
        params, X, y = ref.random_problem(sizes, activations, loss_name, n=4, seed=5)
        f = ref.loss(params, X, y, activations, loss_name)
        m = ref.mp_loss(params, X, y, activations, loss_name)
        assert isinstance(m, mpmath.mpf)
        assert abs(float(m) - f) <= 1e-13 * max(1.0, abs(f))


def test_mp_gradient_is_stable_across_precisions():
    sizes, activations, loss_name = ARCHS[9]  # depth 5, softmax + mse
    params, X, y = ref.random_problem(sizes, activations, loss_name, n=3, seed=2)
    for key, idx in [("W1", (0, 1)), ("b3", (2,)), ("W5", 4)]:
        g50 = ref.mp_gradient_entry(params, X, y, activations, loss_name, key, idx, dps=50)
        g80 = ref.mp_gradient_entry(params, X, y, activations, loss_name, key, idx, dps=80)
        with mpmath.workdps(80):
            assert abs(g50 - g80) <= mpmath.mpf(10) ** -45 * abs(g80)


# --- hand-computed cases ------------------------------------------------------

# 1-1 linear net, W = 2, b = 0.5, x = (1, 3), y = (3, 6):
#   yhat = (2*1 + 0.5, 2*3 + 0.5) = (2.5, 6.5); r = yhat - y = (-0.5, 0.5)
#   sse = 0.5 * (0.25 + 0.25) = 0.25;  mse = (0.25 + 0.25) / (2*2) = 0.125
#   d sse/dW = sum r x = -0.5*1 + 0.5*3 = 1.0;  d sse/db = -0.5 + 0.5 = 0
#   d mse/dW = 1.0 / 2 = 0.5;  d mse/db = 0
LIN = ({"W1": np.array([[2.0]]), "b1": np.array([0.5])},
       np.array([[1.0], [3.0]]), np.array([3.0, 6.0]))


@pytest.mark.parametrize("loss_name, value, dW, db", [("sse", 0.25, 1.0, 0.0),
                                                     ("mse", 0.125, 0.5, 0.0)])
def test_hand_linear(loss_name, value, dW, db):
    params, X, y = LIN
    assert ref.loss(params, X, y, ["linear"], loss_name) == value
    g = ref.backprop(params, X, y, ["linear"], loss_name)
    assert g["W1"].shape == (1, 1) and g["b1"].shape == (1,)
    assert g["W1"][0, 0] == dW and g["b1"][0] == db
    fd = ref.finite_differences(params, X, y, ["linear"], loss_name)
    assert abs(fd["W1"][0, 0] - dW) < 1e-8
    # High precision: exact answer to ~50 digits.
    m = ref.mp_gradient_entry(params, X, y, ["linear"], loss_name, "W1", (0, 0))
    assert abs(m - dW) < mpmath.mpf(10) ** -45
    assert abs(ref.mp_loss(params, X, y, ["linear"], loss_name) - value) < mpmath.mpf(10) ** -45


def test_hand_sigmoid_bce():
    # W = 0, b = 0 => yhat = sigmoid(0) = 0.5 everywhere; x = (1, 3), y = (1, 0).
    #   bce = -(1/2) (log 0.5 + log 0.5) = log 2
    #   dC/dz = (yhat - y)/n = (-0.5, 0.5)/2 = (-0.25, 0.25)
    #   dW = 1*(-0.25) + 3*0.25 = 0.5;  db = -0.25 + 0.25 = 0
    params = {"W1": np.zeros((1, 1)), "b1": np.zeros(1)}
    X, y = np.array([[1.0], [3.0]]), np.array([1.0, 0.0])
    assert math.isclose(ref.loss(params, X, y, ["sigmoid"], "bce"), math.log(2), rel_tol=1e-15)
    g = ref.backprop(params, X, y, ["sigmoid"], "bce")
    assert math.isclose(g["W1"][0, 0], 0.5, rel_tol=1e-15) and abs(g["b1"][0]) < 1e-16
    # Exact in real arithmetic, so the mpmath value must match to ~50 digits.
    m = ref.mp_gradient_entry(params, X, y, ["sigmoid"], "bce", "W1", (0, 0))
    assert abs(m - mpmath.mpf("0.5")) < mpmath.mpf(10) ** -45
    with mpmath.workdps(50):
        assert abs(ref.mp_loss(params, X, y, ["sigmoid"], "bce") - mpmath.log(2)) < 1e-45


def test_mp_gradient_matches_closed_form_tanh():
    # One observation x = 1, y = 0, tanh, sse: J(w) = 0.5 tanh(w + b)^2,
    # dJ/dw = tanh(w + b) sech(w + b)^2 -- evaluated by mpmath from the formula.
    w, b = 0.7, -0.2
    params = {"W1": np.array([[w]]), "b1": np.array([b])}
    X, y = np.array([[1.0]]), np.array([0.0])
    m = ref.mp_gradient_entry(params, X, y, ["tanh"], "sse", "W1", (0, 0))
    with mpmath.workdps(60):
        t = mpmath.mpf(w) + mpmath.mpf(b)
        exact = mpmath.tanh(t) * mpmath.sech(t) ** 2
        assert abs(m - exact) < mpmath.mpf(10) ** -45 * abs(exact)


def test_hand_softmax_cce():
    # 1 -> 2 softmax, W = 0, b = 0 => yhat = (0.5, 0.5); x = (1, 3), y = e1, e2.
    #   cce = -(1/2)(log 0.5 + log 0.5) = log 2
    #   dC/dz = (yhat - y)/n = [[-0.25, 0.25], [0.25, -0.25]]
    #   dW = [1*-0.25 + 3*0.25, 1*0.25 + 3*-0.25] = [0.5, -0.5];  db = [0, 0]
    params = {"W1": np.zeros((1, 2)), "b1": np.zeros(2)}
    X, y = np.array([[1.0], [3.0]]), np.eye(2)
    assert math.isclose(ref.loss(params, X, y, ["softmax"], "cce"), math.log(2), rel_tol=1e-15)
    g = ref.backprop(params, X, y, ["softmax"], "cce")
    np.testing.assert_allclose(g["W1"], [[0.5, -0.5]], rtol=1e-15)
    np.testing.assert_allclose(g["b1"], [0.0, 0.0], atol=1e-16)


def test_hand_two_layer_relu():
    # 1-1-1, relu then linear, W1 = 2, b1 = -1, W2 = 3, b2 = 1, sse.
    # x = 1, y = 0: z1 = 1, a1 = 1, yhat = 4; J = 0.5*16 = 8
    #   dJ/dyhat = 4; dW2 = 4*a1 = 4; db2 = 4; delta1 = 4*3*relu'(1) = 12; dW1 = db1 = 12
    # x = 0, y = 0: z1 = -1, a1 = 0, yhat = 1; J = 0.5; dW2 = 0, db2 = 1, dW1 = db1 = 0
    # x = 0.5, y = 0: z1 = 0 (the kink), a1 = 0, yhat = 1; relu'(0) = 0 => dW1 = db1 = 0
    params = {"W1": np.array([[2.0]]), "b1": np.array([-1.0]),
              "W2": np.array([[3.0]]), "b2": np.array([1.0])}
    acts = ["relu", "linear"]
    cases = [(1.0, 8.0, (12.0, 12.0, 4.0, 4.0)),
             (0.0, 0.5, (0.0, 0.0, 0.0, 1.0)),
             (0.5, 0.5, (0.0, 0.0, 0.0, 1.0))]
    for x, value, expected in cases:
        X, y = np.array([[x]]), np.array([0.0])
        assert ref.loss(params, X, y, acts, "sse") == value
        g = ref.backprop(params, X, y, acts, "sse")
        got = (g["W1"][0, 0], g["b1"][0], g["W2"][0, 0], g["b2"][0])
        assert got == expected, x


def test_softmax_jacobian_agrees_with_cce_shortcut():
    # Optional cross-check: for softmax + cce with one-hot y, delta_L = (yhat - y)/n.
    sizes, activations = [3, 4, 3], ["tanh", "softmax"]
    params, X, y = ref.random_problem(sizes, activations, "cce", n=6, seed=4)
    _, acts = ref.forward(params, X, activations)
    delta = (acts[-1] - y) / X.shape[0]
    g = ref.backprop(params, X, y, activations, "cce")
    np.testing.assert_allclose(g["W2"], acts[1].T @ delta, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(g["b2"], delta.sum(axis=0), rtol=1e-12, atol=1e-15)


# --- numerical stability at |z| = 1000 --------------------------------------------

@pytest.fixture
def strict():
    """Turn every NumPy floating-point warning and Python warning into an error."""
    with np.errstate(all="raise"), warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


X_BIG = np.array([[1.0], [-1.0]])  # with W = 1000, b = 0: z = +1000, -1000


@pytest.mark.parametrize("name, expected", [("sigmoid", [1.0, 0.0]), ("tanh", [1.0, -1.0]),
                                            ("relu", [1000.0, 0.0]), ("linear", [1000.0, -1000.0])])
def test_elementwise_activations_at_1000(strict, name, expected):
    params = {"W1": np.array([[1000.0]]), "b1": np.zeros(1)}
    assert ref.predict(params, X_BIG, [name])[:, 0].tolist() == expected


def test_softmax_at_1000(strict):
    params = {"W1": np.array([[1000.0, -1000.0, 0.0]]), "b1": np.zeros(3)}
    yhat = ref.predict(params, X_BIG, ["softmax"])
    assert yhat.tolist() == [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]


@pytest.mark.parametrize("act, loss_name, W, y", [
    ("sigmoid", "bce", [[1000.0]], [1.0, 0.0]),  # correctly saturated: loss 0
    ("sigmoid", "sse", [[1000.0]], [0.3, 0.7]),
    ("tanh", "mse", [[1000.0]], [0.3, 0.7]),
    ("relu", "sse", [[1000.0]], [0.3, 0.7]),
    ("softmax", "cce", [[1000.0, -1000.0]], [[1.0, 0.0], [0.0, 1.0]]),
    ("softmax", "mse", [[1000.0, -1000.0]], [[0.2, 0.8], [0.6, 0.4]]),
    ("softmax", "bce", [[1000.0, -1000.0]], [[1.0, 0.0], [0.0, 1.0]]),
])
def test_loss_and_gradient_finite_at_1000(strict, act, loss_name, W, y):
    W = np.array(W)
    params = {"W1": W, "b1": np.zeros(W.shape[1])}
    y = np.array(y)
    value = ref.loss(params, X_BIG, y, [act], loss_name)
    g = ref.backprop(params, X_BIG, y, [act], loss_name)
    assert math.isfinite(value)
    assert all(np.all(np.isfinite(v)) for v in g.values())
    if loss_name in ("bce", "cce"):
        assert value == 0.0


def test_deep_network_with_huge_preactivations(strict):
    # Every layer saturates hard; forward and backprop must stay warning-free.
    sizes, activations = [2, 3, 3, 2], ["sigmoid", "tanh", "softmax"]
    params = {k: 1000.0 * v for k, v in ref.init_params(sizes, 1).items()}
    X = np.array([[1.0, -2.0], [3.0, 0.5]])
    for loss_name, y in [("mse", np.array([[0.1, 0.9], [0.5, 0.5]])),
                         ("sse", np.array([[0.1, 0.9], [0.5, 0.5]]))]:
        assert math.isfinite(ref.loss(params, X, y, activations, loss_name))
        g = ref.backprop(params, X, y, activations, loss_name)
        assert all(np.all(np.isfinite(v)) for v in g.values())
