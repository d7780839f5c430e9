"""Generated train.py: run in a fresh interpreter that cannot import symback, checked against
the independent reference (tests/reference.py), its own loss's finite differences, the other
style, and its own API contract (step, fresh arrays, train's history, stability)."""

import json
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest
import reference as ref
from codegen_helpers import architecture, load, run_isolated, write_generated

from symback.codegen import render_training_code

# (sizes, activations, loss): every activation and loss, depths 1 to 5, one-neuron layers,
# softmax with the canonical cce and with sse/mse (the full Jacobian sum).
ARCHS = [
    ((3, 1), ("linear",), "sse"),
    ((3, 1), ("sigmoid",), "bce"),
    ((3, 5, 3), ("tanh", "softmax"), "cce"),
    ((2, 3, 2), ("linear", "softmax"), "sse"),
    ((3, 2, 3, 1), ("sigmoid", "sigmoid", "sigmoid"), "sse"),
    ((2, 1, 2, 1), ("tanh", "sigmoid", "sigmoid"), "bce"),
    ((2, 3, 4, 2), ("relu", "tanh", "linear"), "mse"),
    ((4, 3, 3, 3, 2), ("sigmoid", "relu", "tanh", "sigmoid"), "bce"),
    ((3, 4, 4, 3, 3, 3), ("tanh", "relu", "sigmoid", "tanh", "softmax"), "mse"),
    ((3, 4, 3, 3, 2, 2), ("sigmoid", "tanh", "relu", "linear", "softmax"), "cce"),
]
IDS = ["-".join(map(str, s)) + ":" + ",".join(a) + ":" + l for s, a, l in ARCHS]
STYLES = ("layers", "neurons")
LR = 0.37

# Runs inside `python -I`: symback is made unimportable before train.py is loaded.
DRIVER = r'''
import importlib.util, json, sys, warnings
sys.modules["symback"] = None
import numpy as np
warnings.simplefilter("error")
train_path, data_path, out_path, lr = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
spec = importlib.util.spec_from_file_location("train", train_path)
train = importlib.util.module_from_spec(spec)
spec.loader.exec_module(train)
data = np.load(data_path)
params = {key: data[key] for key in train.KEYS}
copies = {key: value.copy() for key, value in params.items()}
X, y = data["X"], data["y"]
out = {"forward": train.forward(params, X), "loss": train.loss(params, X, y)}
grads = train.gradients(params, X, y)
new = train.step(params, X, y, lr)
out["unchanged"] = all(np.array_equal(params[k], copies[k]) for k in params)
again = train.gradients({k: v * 0.5 for k, v in params.items()}, X, y)
out["fresh"] = all(not np.shares_memory(grads[k], again[k]) and not np.shares_memory(grads[k], params[k])
                   for k in grads)
for key in train.KEYS:
    out["grad_" + key], out["step_" + key] = grads[key], new[key]
    fd = np.zeros_like(params[key])
    work = {k: v.copy() for k, v in params.items()}
    for index in np.ndindex(fd.shape):
        h = 1e-6 * max(1.0, abs(work[key][index]))
        work[key][index] += h
        plus = train.loss(work, X, y)
        work[key][index] -= 2 * h
        minus = train.loss(work, X, y)
        work[key][index] += h
        fd[index] = (plus - minus) / (2 * h)
    out["fd_" + key] = fd
big = {k: v * 1000.0 for k, v in params.items()}
with np.errstate(over="raise", invalid="raise", divide="raise"):
    stable = [train.loss(big, X * 1000.0, y)] + [g for g in train.gradients(big, X * 1000.0, y).values()]
out["stable"] = all(np.all(np.isfinite(value)) for value in stable)
shapes = {k: list(v.shape) for k, v in grads.items()}
np.savez(out_path, shapes=json.dumps(shapes), **out)
'''


@lru_cache(maxsize=None)
def results(case: int, style: str, directory: str) -> dict:
    """Outputs of the driver for ARCHS[case] in ``style`` (cached: both styles are compared)."""
    sizes, activations, loss = ARCHS[case]
    folder = Path(directory)
    train = write_generated(folder, sizes, activations, loss, style)
    params, X, y = ref.random_problem(list(sizes), list(activations), loss, n=7, seed=case)
    data = folder / f"data_{case}.npz"
    np.savez(data, X=X, y=y, **params)
    driver = folder / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    out = folder / f"out_{case}_{style}.npz"
    completed = run_isolated(driver, train, data, out, LR, cwd=folder)
    assert completed.returncode == 0, completed.stderr
    with np.load(out) as stored:
        return {key: stored[key] for key in stored.files}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("codegen"))


def _problem(case):
    sizes, activations, loss = ARCHS[case]
    return (*ref.random_problem(list(sizes), list(activations), loss, n=7, seed=case), activations, loss)


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("case", range(len(ARCHS)), ids=IDS)
def test_generated_file_matches_reference_and_own_finite_differences(case, style, workdir):
    params, X, y, activations, loss = _problem(case)
    out = results(case, style, workdir)
    expected = ref.backprop(params, X, y, list(activations), loss)
    for key, value in expected.items():
        got = out["grad_" + key]
        assert got.shape == value.shape
        np.testing.assert_allclose(got, value, rtol=0, atol=1e-10, err_msg=key)
        fd = out["fd_" + key]
        assert np.linalg.norm(got - fd) <= 1e-6 * max(np.linalg.norm(fd), 1e-3), key
    assert out["loss"] == pytest.approx(ref.loss(params, X, y, list(activations), loss), rel=1e-12, abs=1e-14)
    yhat = ref.predict(params, X, list(activations))
    np.testing.assert_allclose(out["forward"], yhat[:, 0] if yhat.shape[1] == 1 else yhat, rtol=1e-13, atol=1e-14)


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("case", range(len(ARCHS)), ids=IDS)
def test_step_is_params_minus_lr_gradients_and_leaves_arguments(case, style, workdir):
    params, *_ = _problem(case)
    out = results(case, style, workdir)
    for key, value in params.items():
        expected = value - LR * out["grad_" + key]
        np.testing.assert_allclose(out["step_" + key], expected, rtol=1e-12, atol=1e-15, err_msg=key)
    assert out["unchanged"] and out["fresh"]
    assert out["stable"], "non-finite values or floating-point errors at |z| ~ 1000"
    assert json.loads(str(out["shapes"])) == {k: list(v.shape) for k, v in params.items()}


@pytest.mark.parametrize("case", range(len(ARCHS)), ids=IDS)
def test_styles_agree(case, workdir):
    layers, neurons = results(case, "layers", workdir), results(case, "neurons", workdir)
    for key in layers:
        if key.startswith(("grad_", "step_", "forward", "loss")):
            np.testing.assert_allclose(layers[key], neurons[key], rtol=1e-12, atol=1e-12, err_msg=key)


def test_relu_derivative_at_zero_is_zero(tmp_path):
    """z = 0 exactly: relu'(0) = 0, as the reference and the generated docstring say."""
    sizes, activations = (2, 2, 1), ("relu", "linear")
    params = {"W1": np.zeros((2, 2)), "b1": np.array([0.0, 1.0]), "W2": np.ones((2, 1)), "b2": np.zeros(1)}
    X, y = np.array([[1.0, -2.0], [0.5, 3.0]]), np.array([1.0, -1.0])
    for style in STYLES:
        train = load(write_generated(tmp_path, sizes, activations, "sse", style))
        grads = train.gradients(params, X, y)
        expected = ref.backprop(params, X, y, list(activations), "sse")
        assert np.all(grads["W1"][:, 0] == 0) and np.all(grads["b1"][:1] == 0)
        for key in params:
            np.testing.assert_allclose(grads[key], expected[key], atol=1e-12)
    assert "relu at 0 is taken as 0" in (tmp_path / next(p.name for p in tmp_path.glob("*.py"))).read_text()


@pytest.mark.parametrize("style", STYLES)
def test_train_history_and_stopping_rules(style, tmp_path):
    train = load(write_generated(tmp_path, (3, 2, 3, 1), ("sigmoid",) * 3, "sse", style))
    params0, X, y = ref.random_problem([3, 2, 3, 1], ["sigmoid"] * 3, "sse", n=20, seed=4)
    seen = []
    params, history = train.train(X, y, lr=0.05, max_iter=25, tol=0.0, seed=3,
                                  callback=lambda t, p, j: seen.append((t, j)) and None)
    assert len(history) == 26 and [t for t, _ in seen] == list(range(26))
    assert history[-1] == pytest.approx(train.loss(params, X, y), rel=1e-12)
    assert history[0] == pytest.approx(train.loss(train.init_params(3), X, y), rel=1e-12)
    assert all(b <= a for a, b in zip(history, history[1:]))  # small steps descend
    _, stopped = train.train(X, y, lr=0.05, max_iter=10_000, tol=1e-3, seed=3)
    assert len(stopped) < 10_001 and abs(stopped[-2] - stopped[-1]) <= 1e-3 * abs(stopped[-2])
    _, interrupted = train.train(X, y, lr=0.05, max_iter=100, seed=3, callback=lambda t, p, j: t == 4)
    assert len(interrupted) == 5


def test_init_params_is_step_one_with_the_reference_drawing_order(tmp_path):
    train = load(write_generated(tmp_path, (3, 2, 3, 1), ("sigmoid",) * 3, "sse", "layers"))
    params = train.init_params(7, scale=0.25)
    expected = ref.init_params([3, 2, 3, 1], 7, scale=0.25)
    assert list(params) == list(expected)
    for key in params:
        np.testing.assert_array_equal(params[key], expected[key])
    assert train.init_params(7)["W1"].shape == (3, 2) and np.all(np.abs(train.init_params(7)["W1"]) <= 0.5)


def test_api_rejects_shapes_that_do_not_fit(tmp_path):
    train = load(write_generated(tmp_path, (3, 5, 3), ("tanh", "softmax"), "cce", "layers"))
    params, X, y = ref.random_problem([3, 5, 3], ["tanh", "softmax"], "cce", n=4)
    with pytest.raises(ValueError, match="X must have shape"):
        train.gradients(params, X[:, :2], y)
    with pytest.raises(ValueError, match="y must have shape"):
        train.loss(params, X, y[:, :2])
    with pytest.raises(ValueError, match="summing to 1"):
        train.step(params, X, y * 2, 0.1)


def test_output_is_deterministic_and_names_spec_and_template():
    arch = architecture((3, 2, 3, 1), ("sigmoid",) * 3, "sse")
    first = render_training_code(arch)
    assert first == render_training_code(arch)
    header = first.splitlines()[:4]
    assert "DO NOT EDIT" in header[0]
    assert "3-2-3-1" in header[1] and "sigmoid, sigmoid, sigmoid" in header[1] and "loss sse" in header[1]
    assert "templates/numpy/train_layers.py.j2" in header[2]
    neurons = render_training_code(arch, "neurons")
    assert "    e4 = w14*x1 + w24*x2 + w34*x3 + theta4\n" in neurons
    assert "    eps6 = w6F*epsF*s6*(1 - s6)\n" in neurons


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("case", range(len(ARCHS)), ids=IDS)
def test_generated_text_is_plain_narrow_and_free_of_code_as_symbols(case, style):
    """Comments in handout notation (no SymPy str), lines under 100 characters."""
    sizes, activations, loss = ARCHS[case]
    text = render_training_code(architecture(sizes, activations, loss), style)
    assert max(len(line) for line in text.splitlines()) < 100
    comments = "\n".join(line for line in text.splitlines()
                          if line.lstrip().startswith("#") and "as arrays:" not in line)
    for sympy_text in ("Sum(", "d(J)", "d(C)", "**", "_{i}", "(i, 1, n)"):
        assert sympy_text not in comments, sympy_text
    assert "dJ/dTheta" in comments or "dC/db" in comments or "dC/dTheta" in comments or "dJ/db" in comments
    compile(text, "train.py", "exec")


def test_training_code_does_not_depend_on_the_order_parts_are_written():
    from symback.codegen.layers import LayerWriter
    from symback.derive import derive
    derivation = derive(architecture((2, 3, 2), ("relu", "linear"), "mse"))
    first = LayerWriter(derivation)
    first.forward()
    first.objective()
    assert first.code() == LayerWriter(derivation).code()


@pytest.mark.parametrize("options", [{"batch_size": 8, "optimizer": "adam", "lr": 0.05},
                                     {"optimizer": "momentum", "momentum": 0.5, "lr": 0.01},
                                     {"dtype": np.float32, "lr": 0.01}])
def test_train_api_options_descend(tmp_path, options):
    train = load(write_generated(tmp_path, (3, 2, 3, 1), ("sigmoid",) * 3, "sse"))
    _, X, y = ref.random_problem([3, 2, 3, 1], ["sigmoid"] * 3, "sse", n=40, seed=5)
    dtype = options.get("dtype", np.float64)
    params, history = train.train(X, y, max_iter=40, tol=0.0, seed=1, **options)
    assert len(history) == 41 and history[-1] < 0.9 * history[0]
    assert all(value.dtype == dtype for value in params.values())
    assert history[-1] == pytest.approx(train.loss(params, X, y), rel=1e-5 if dtype == np.float32 else 1e-12)


FORMS = {  # the newer activations, written here by hand as the independent forward pass
    "leaky_relu": lambda z: np.where(z > 0, z, 0.01 * z),
    "elu": lambda z: np.where(z > 0, z, np.expm1(np.minimum(z, 0.0))),
    "softplus": lambda z: np.logaddexp(0.0, z),
    "silu": lambda z: z / (1.0 + np.exp(-z)),
    "linear": lambda z: z, "tanh": np.tanh,
    "sigmoid": lambda z: 1.0 / (1.0 + np.exp(-z)),
    "softmax": lambda z: np.exp(z - z.max(axis=1, keepdims=True)) / np.exp(z - z.max(axis=1, keepdims=True)).sum(
        axis=1, keepdims=True),
}
NEWER = [((3, 4, 2, 1), ("leaky_relu", "elu", "linear"), "sse"),
         ((2, 3, 3, 1), ("softplus", "silu", "sigmoid"), "bce"),
         ((2, 3, 3), ("elu", "softmax"), "cce"),
         ((2, 2, 2), ("silu", "leaky_relu"), "mse")]


def hand_loss(params, X, y, activations, loss):
    a = X
    for layer, name in enumerate(activations, start=1):
        a = FORMS[name](a @ params[f"W{layer}"] + params[f"b{layer}"])
    y = y.reshape(a.shape)
    n = len(X)
    return {"sse": lambda: 0.5 * np.sum((a - y) ** 2), "mse": lambda: np.sum((a - y) ** 2) / (2 * n),
            "bce": lambda: -np.sum(y * np.log(a) + (1 - y) * np.log(1 - a)) / n,
            "cce": lambda: -np.sum(y * np.log(a)) / n}[loss]()


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("sizes,activations,loss", NEWER)
def test_newer_activations_match_finite_differences_and_a_hand_forward(tmp_path, sizes, activations, loss, style):
    train = load(write_generated(tmp_path, sizes, activations, loss, style))
    rng = np.random.default_rng(3)
    params = train.init_params(4, scale=1.0)
    X = rng.standard_normal((6, sizes[0])) * 2
    y = (np.eye(sizes[-1])[rng.integers(0, sizes[-1], 6)] if loss == "cce"
         else rng.random((6, sizes[-1])))
    assert train.loss(params, X, y) == pytest.approx(hand_loss(params, X, y, activations, loss), rel=1e-12)
    grads = train.gradients(params, X, y)
    for key, value in params.items():
        fd = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            work = {k: v.copy() for k, v in params.items()}
            h = 1e-6
            work[key][index] += h
            plus = train.loss(work, X, y)
            work[key][index] -= 2 * h
            fd[index] = (plus - train.loss(work, X, y)) / (2 * h)
        assert np.linalg.norm(grads[key] - fd) <= 1e-6 * max(np.linalg.norm(fd), 1e-3), key
    big = {k: v * 1000.0 for k, v in params.items()}
    with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
        values = [train.loss(big, X, y)] + list(train.gradients(big, X, y).values())
    assert all(np.all(np.isfinite(value)) for value in values)


@pytest.mark.parametrize("style", STYLES)
def test_a_users_activation_is_printed_from_its_formula(tmp_path, style):
    from symback.cli import main as symback_main
    spec = tmp_path / "spec.toml"
    spec.write_text('inputs = 2\nloss = "sse"\n[activations.cube]\nformula = "z^3/3 + z + sigmoid(z)"\n'
                    '[[layers]]\nsize = 3\nactivation = "cube"\n[[layers]]\nsize = 1\nactivation = "linear"\n')
    out = tmp_path / "train.py"
    assert symback_main(["codegen", str(spec), "--style", style, "--out", str(out)]) == 0
    train = load(out)
    rng = np.random.default_rng(0)
    X, y, params = rng.standard_normal((5, 2)), rng.standard_normal(5), train.init_params(1)
    z = X @ params["W1"] + params["b1"]
    hidden = z ** 3 / 3 + z + 1 / (1 + np.exp(-z))
    expected = 0.5 * np.sum((hidden @ params["W2"] + params["b2"] - y[:, None]) ** 2)
    assert train.loss(params, X, y) == pytest.approx(expected, rel=1e-13)
    grads = train.gradients(params, X, y)
    for key, value in params.items():
        for index in np.ndindex(value.shape):
            work = {k: v.copy() for k, v in params.items()}
            work[key][index] += 1e-6
            plus = train.loss(work, X, y)
            work[key][index] -= 2e-6
            assert grads[key][index] == pytest.approx((plus - train.loss(work, X, y)) / 2e-6, rel=1e-6, abs=1e-8)
