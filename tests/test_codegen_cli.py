"""The generated file's command line (learning, saving, every bad input) and `symback codegen`."""

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import reference as ref  # noqa: E402
from test_codegen import load, run_isolated, write_generated  # noqa: E402

from symback.cli import main as symback_main  # noqa: E402


@pytest.fixture(scope="module")
def xor(tmp_path_factory):
    """2-2-1 sigmoid sse train.py and the XOR table as CSV."""
    folder = tmp_path_factory.mktemp("xor")
    train = write_generated(folder, (2, 2, 1), ("sigmoid", "sigmoid"), "sse", "layers")
    (folder / "xor.csv").write_text("a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n", encoding="utf-8")
    return folder, train


def test_xor_learns_and_saves_parameters(xor):
    folder, train = xor
    done = run_isolated(train, "xor.csv", "--target", "y", "--lr", "2", "--max-iter", "3000",
                        "--tol", "0", "--seed", "0", "--save", "params.npz", cwd=folder)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("iteration 0: J = ") and "iteration 300: J = " in done.stdout
    final = float(lines[-1].rsplit("=", 1)[1])
    assert lines[-1].startswith("stopped after 3000 iterations") and final < 0.01
    with np.load(folder / "params.npz") as saved:
        params = {key: saved[key] for key in saved.files}
    X, y = np.array([[0, 0], [0, 1], [1, 0], [1, 1.0]]), np.array([0, 1, 1, 0.0])
    assert ref.loss(params, X, y, ["sigmoid", "sigmoid"], "sse") == pytest.approx(final, rel=1e-8)


def test_three_class_softmax_reaches_95_percent(tmp_path):
    """Labels 0..2 in one --target column are one-hot encoded by the generated CLI."""
    rng = np.random.default_rng(5)
    centres = np.array([[0.0, 2.0], [2.0, -1.0], [-2.0, -1.0]])
    labels = rng.integers(0, 3, 150)
    X = centres[labels] + 0.6 * rng.standard_normal((150, 2))
    rows = "\n".join(f"{a:.6f},{b:.6f},{c}" for (a, b), c in zip(X, labels))
    (tmp_path / "blobs.csv").write_text("x1,x2,class\n" + rows + "\n", encoding="utf-8")
    train = write_generated(tmp_path, (2, 6, 3), ("tanh", "softmax"), "cce", "layers")
    done = run_isolated(train, "blobs.csv", "--target", "class", "--lr", "0.5", "--max-iter", "400",
                        "--seed", "1", "--save", "p.npz", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    with np.load(tmp_path / "p.npz") as saved:
        params = {key: saved[key] for key in saved.files}
    predicted = ref.predict(params, X, ["tanh", "softmax"]).argmax(axis=1)
    assert np.mean(predicted == labels) > 0.95


@pytest.mark.parametrize("content,args,message", [
    (None, ["missing.csv", "--target", "y"], "cannot read missing.csv"),
    ("a,b,y\n1,2,3\n", ["data.csv", "--target", "z"], "'z' is not a column of data.csv"),
    ("a,b,y\n1,x,3\n", ["data.csv", "--target", "y"], "line 2, column 'b': 'x' is not a number"),
    ("a,b,y\n1,nan,3\n", ["data.csv", "--target", "y"], "nan is not a finite number"),
    ("a,b,c,y\n1,2,3,4\n", ["data.csv", "--target", "y"], "has 3 input columns besides the target"),
    ("a,y\n1,2\n", ["data.csv", "--target", "y"], "has 1 input columns besides the target"),
    ("a,b,y\n1,2\n", ["data.csv", "--target", "y"], "line 2: 2 values, but the header names 3"),
    ("a,b,y\n", ["data.csv", "--target", "y"], "has a header but no data rows"),
    ("", ["data.csv", "--target", "y"], "is empty"),
    ("a,b,y\n1,2,3\n", ["data.csv", "--target", "y", "--lr", "-1"], "--lr must be positive"),
    ("a,b,y\n1,2,3\n", ["data.csv"], "--target"),
    ("a,b,y\n1,2,3\n", ["data.csv", "--target", "y", "--save", "no/such/dir/p.npz"], "cannot write"),
])
def test_generated_cli_bad_input_is_one_line_and_exit_2(xor, tmp_path, content, args, message):
    _, train = xor
    if content is not None:
        (tmp_path / "data.csv").write_text(content, encoding="utf-8")
    done = run_isolated(train, *args, cwd=tmp_path)
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("train.py: error: ") and message in lines[0], done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("content,args,message", [
    ("a,b,c\n1,2,3\n", ["--target", "c"], "must hold class labels 0..2"),
    ("a,b,p,q\n1,2,1,0\n", ["--target", "p", "--target", "q"], "has 3 outputs, but 2 --target"),
    ("a,b,p,q,r\n1,2,1,1,0\n", ["--target", "p", "--target", "q", "--target", "r"], "must be one-hot"),
])
def test_generated_cli_softmax_targets(tmp_path, content, args, message):
    train = write_generated(tmp_path, (2, 3), ("softmax",), "cce", "layers")
    (tmp_path / "d.csv").write_text(content, encoding="utf-8")
    done = run_isolated(train, "d.csv", *args, cwd=tmp_path)
    assert done.returncode == 2 and message in done.stderr and len(done.stderr.splitlines()) == 1


def test_generated_cli_several_outputs_and_bce_range(tmp_path):
    train = write_generated(tmp_path, (1, 2), ("linear",), "mse", "neurons")
    (tmp_path / "d.csv").write_text("x,p,q\n1,2,3\n2,4,6\n", encoding="utf-8")
    done = run_isolated(train, "d.csv", "--target", "p", "--target", "q", "--max-iter", "5", cwd=tmp_path)
    assert done.returncode == 0 and "stopped after 5 iterations: C = " in done.stdout
    bce = write_generated(tmp_path, (1, 1), ("sigmoid",), "bce", "layers")
    (tmp_path / "b.csv").write_text("x,y\n1,2\n", encoding="utf-8")
    done = run_isolated(bce, "b.csv", "--target", "y", cwd=tmp_path)
    assert done.returncode == 2 and "between 0 and 1" in done.stderr


def test_diverging_objective_is_reported(tmp_path):
    train = write_generated(tmp_path, (1, 1), ("linear",), "sse", "layers")
    rows = "\n".join(f"{v},{3 * v}" for v in range(1, 30))
    (tmp_path / "d.csv").write_text("x,y\n" + rows + "\n", encoding="utf-8")
    done = run_isolated(train, "d.csv", "--target", "y", "--lr", "10", "--max-iter", "1000", cwd=tmp_path)
    assert done.returncode == 2 and "try a smaller --lr" in done.stderr


def test_cross_entropies_from_pre_activations_are_exact_when_saturated(tmp_path):
    """σ(1000) rounds to 1, so log(1 - ŷ) would be -inf; log-sigmoid gives the exact 1000/n,
    and log-sum-exp the exact log softmax where softmax itself underflows to 0."""
    for style in ("layers", "neurons"):
        train = load(write_generated(tmp_path, (1, 1), ("sigmoid",), "bce", style))
        params = {"W1": np.array([[1000.0]]), "b1": np.zeros(1)}
        X, y = np.array([[1.0], [-1.0]]), np.array([0.0, 1.0])
        assert train.loss(params, X, y) == 1000.0
        np.testing.assert_allclose(train.gradients(params, X, y)["W1"], [[0.5 + 0.5]], rtol=1e-15)
        softmax = load(write_generated(tmp_path, (1, 3), ("softmax",), "cce", style))
        params = {"W1": np.array([[1000.0, 0.0, -1000.0]]), "b1": np.zeros(3)}
        assert softmax.loss(params, np.ones((1, 1)), np.array([[0.0, 0.0, 1.0]])) == 2000.0  # log ŷ = -2000


def test_symback_codegen_command(tmp_path, capsys):
    out = tmp_path / "train.py"
    assert symback_main(["codegen", "3-2-3-1", "--out", str(out), "--style", "neurons"]) == 0
    assert "e4 = w14*x1 + w24*x2 + w34*x3 + theta4" in out.read_text()
    assert symback_main(["codegen", "2-1", "--loss", "mse", "--activation", "linear"]) == 0
    assert capsys.readouterr().out.startswith("# DO NOT EDIT")
    for argv, message in [(["codegen", "--style", "matrix"], "--style: 'matrix' is not accepted"),
                          (["codegen", "--out", str(tmp_path / "no" / "t.py")], "does not exist"),
                          (["codegen", "--out", str(tmp_path)], "is a directory"),
                          (["codegen", "40-10-3", "--style", "neurons"], "use --style layers"),
                          (["codegen", "3-0-1"], "size 2")]:
        assert symback_main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and message in err, err
