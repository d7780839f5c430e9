"""The generated file's command line: train, predict and evaluate on data the tests make,
every option, every bad input (one line, exit 2) and the divergence exit (3); `symback codegen`."""

import json
import os
import stat

import numpy as np
import pytest
import reference as ref
from codegen_helpers import load, run_isolated, write_generated

from symback.cli import main as symback_main


def write_csv(path, header, rows, delimiter=","):
    lines = [delimiter.join(header)] + [delimiter.join(f"{v:.17g}" if isinstance(v, float) else str(v)
                                                       for v in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def rows_of(X, y):
    return [list(map(float, x)) + (list(t) if np.ndim(t) else [t]) for x, t in zip(X, y)]


def separable(n, seed):
    """Two classes on either side of a line through shifted, scaled columns."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, 2)) * [1.0, 50.0] + [3.0, 200.0]
    y = ((X[:, 0] - 3.0) + (X[:, 1] - 200.0) / 50.0 > 0).astype(int)
    return X, y


def noisy_linear(n, seed):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, 3))
    return X, X @ [1.5, -2.0, 0.5] + 1.0 + 0.1 * rng.standard_normal(n)


def three_classes(n, seed):
    rng = np.random.default_rng(seed)
    centres = np.array([[0.0, 2.0], [2.0, -1.0], [-2.0, -1.0]])
    labels = rng.integers(0, 3, n)
    return centres[labels] + 0.6 * rng.standard_normal((n, 2)), labels


def train_cli(train, *args, cwd):
    done = run_isolated(train, "train", *args, cwd=cwd)
    assert done.returncode == 0, done.stderr
    return done


def evaluate_json(train, params, data, target, cwd):
    done = run_isolated(train, "evaluate", params, data, "--target", target, "--format", "json", cwd=cwd)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("optimizer,extra", [("gd", ["--lr", "0.5"]), ("adam", ["--lr", "0.05"]),
                                             ("momentum", ["--lr", "0.05", "--batch-size", "32"])])
def test_separable_classes_well_above_chance_on_unseen_rows(tmp_path, optimizer, extra):
    train = write_generated(tmp_path, (2, 4, 1), ("tanh", "sigmoid"), "bce")
    write_csv(tmp_path / "fit.csv", ["a", "b", "y"], rows_of(*separable(300, 1)))
    write_csv(tmp_path / "test.csv", ["a", "b", "y"], rows_of(*separable(200, 2)))
    train_cli(train, "fit.csv", "--target", "y", "--standardize", "--optimizer", optimizer,
              "--max-iter", "300", "--save", "p.npz", *extra, cwd=tmp_path)
    result = evaluate_json(train, "p.npz", "test.csv", "y", tmp_path)
    assert result["metrics"]["accuracy"] > 0.95
    confusion = np.array(result["metrics"]["confusion"])
    assert confusion.sum() == 200 and np.trace(confusion) / 200 == pytest.approx(result["metrics"]["accuracy"])


def test_noisy_linear_target_r2_and_predictions(tmp_path):
    train = write_generated(tmp_path, (3, 4, 1), ("tanh", "linear"), "mse")
    X, y = noisy_linear(400, 3)
    write_csv(tmp_path / "fit.csv", ["p", "q", "r", "t"], rows_of(X, y))
    Xt, yt = noisy_linear(200, 4)
    write_csv(tmp_path / "test.csv", ["p", "q", "r", "t"], rows_of(Xt, yt))
    train_cli(train, "fit.csv", "--target", "t", "--optimizer", "adam", "--lr", "0.05",
              "--max-iter", "600", "--save", "p.npz", cwd=tmp_path)
    metrics = evaluate_json(train, "p.npz", "test.csv", "t", tmp_path)["metrics"]
    assert metrics["r2"] > 0.95 and metrics["rmse"] < 0.5
    with np.load(tmp_path / "p.npz") as saved:
        params = {key: saved[key] for key in saved.files}
    done = run_isolated(train, "predict", "p.npz", "test.csv", "--out", "pred.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = (tmp_path / "pred.csv").read_text().splitlines()
    assert lines[0] == "prediction" and len(lines) == 201
    expected = ref.predict(params, Xt, ["tanh", "linear"])[:, 0]
    np.testing.assert_allclose([float(v) for v in lines[1:]], expected, rtol=1e-12)
    residual = expected - yt
    assert metrics["r2"] == pytest.approx(1 - residual @ residual / np.sum((yt - yt.mean()) ** 2), rel=1e-9)


def test_three_classes_labels_predict_and_text_metrics(tmp_path):
    train = write_generated(tmp_path, (2, 6, 3), ("tanh", "softmax"), "cce", "neurons")
    write_csv(tmp_path / "fit.csv", ["x1", "x2", "class"], rows_of(*three_classes(300, 5)))
    Xt, labels = three_classes(150, 6)
    write_csv(tmp_path / "test.csv", ["x1", "x2", "class"], rows_of(Xt, labels), delimiter=";")
    train_cli(train, "fit.csv", "--target", "class", "--lr", "0.5", "--max-iter", "400",
              "--save", "p.npz", cwd=tmp_path)
    done = run_isolated(train, "evaluate", "p.npz", "test.csv", "--target", "class", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    accuracy = float(next(line for line in done.stdout.splitlines() if line.startswith("accuracy")).split()[1])
    assert accuracy > 0.9 and "confusion: [[" in done.stdout and "objective (C): " in done.stdout
    predicted = run_isolated(train, "predict", "p.npz", "test.csv", cwd=tmp_path)
    lines = predicted.stdout.splitlines()
    assert lines[0] == "class,probability" and len(lines) == 151
    with np.load(tmp_path / "p.npz") as saved:
        probabilities = ref.predict({k: saved[k] for k in saved.files}, Xt, ["tanh", "softmax"])
    classes = [int(line.split(",")[0]) for line in lines[1:]]
    assert classes == list(probabilities.argmax(axis=1))
    assert np.mean(np.array(classes) == labels) == pytest.approx(accuracy)


def history(path):
    lines = path.read_text().splitlines()
    return lines[0].split(","), [[float(c) if c else None for c in line.split(",")] for line in lines[1:]]


@pytest.mark.parametrize("style", ["layers", "neurons"])
@pytest.mark.parametrize("optimizer", ["gd", "momentum", "adam"])
@pytest.mark.parametrize("batch", [None, "16"])
def test_every_optimizer_decreases_the_objective(tmp_path, optimizer, batch, style):
    train = write_generated(tmp_path, (3, 3, 1), ("sigmoid", "linear"), "sse", style)
    write_csv(tmp_path / "d.csv", ["a", "b", "c", "y"], rows_of(*noisy_linear(60, 7)))
    args = ["--batch-size", batch] if batch else []
    lr = "0.05" if optimizer == "adam" else "0.002"
    train_cli(train, "d.csv", "--target", "y", "--optimizer", optimizer, "--lr", lr, "--max-iter", "30",
              "--tol", "0", "--history", "h.csv", *args, cwd=tmp_path)
    header, records = history(tmp_path / "h.csv")
    assert header == ["iteration", "objective", "validation_objective"] and len(records) == 31
    objectives = [record[1] for record in records]
    assert objectives[-1] < 0.5 * objectives[0]
    assert all(record[2] is None for record in records)


def test_init_then_zero_iterations_reproduces_the_saved_model(tmp_path):
    train = write_generated(tmp_path, (2, 4, 1), ("tanh", "sigmoid"), "bce")
    write_csv(tmp_path / "d.csv", ["a", "b", "y"], rows_of(*separable(100, 8)))
    train_cli(train, "d.csv", "--target", "y", "--standardize", "--max-iter", "50", "--save", "one.npz",
              cwd=tmp_path)
    train_cli(train, "d.csv", "--target", "y", "--init", "one.npz", "--max-iter", "0", "--save", "two.npz",
              cwd=tmp_path)
    with np.load(tmp_path / "one.npz") as one, np.load(tmp_path / "two.npz") as two:
        assert sorted(one.files) == sorted(two.files)
        for key in one.files:
            np.testing.assert_array_equal(one[key], two[key])
    first = evaluate_json(train, "one.npz", "d.csv", "y", tmp_path)
    assert evaluate_json(train, "two.npz", "d.csv", "y", tmp_path) == first


def test_standardization_round_trips_through_the_saved_file(tmp_path):
    train = write_generated(tmp_path, (2, 3, 1), ("tanh", "linear"), "sse")
    X, _ = separable(80, 9)
    X[:, 1] = 7.0  # a constant column is left as it is
    y = X[:, 0] * 2.0
    write_csv(tmp_path / "d.csv", ["a", "b", "y"], rows_of(X, y))
    train_cli(train, "d.csv", "--target", "y", "--standardize", "--max-iter", "20", "--save", "p.npz",
              "--lr", "0.002", cwd=tmp_path)
    with np.load(tmp_path / "p.npz") as saved:
        params = {key: saved[key] for key in saved.files}
    np.testing.assert_allclose(params["x_mean"], [X[:, 0].mean(), 0.0], rtol=1e-12)
    np.testing.assert_allclose(params["x_scale"], [X[:, 0].std(), 1.0], rtol=1e-12)
    done = run_isolated(train, "predict", "p.npz", "d.csv", cwd=tmp_path)
    scaled = (X - params["x_mean"]) / params["x_scale"]
    expected = ref.predict({k: params[k] for k in ("W1", "b1", "W2", "b2")}, scaled, ["tanh", "linear"])
    np.testing.assert_allclose([float(v) for v in done.stdout.splitlines()[1:]], expected[:, 0], rtol=1e-12)
    module = load(train)
    np.testing.assert_allclose(module.predict(params, X), expected[:, 0], rtol=1e-12)


def test_validation_and_patience_keep_the_best_parameters(tmp_path):
    module = load(write_generated(tmp_path, (3, 8, 1), ("tanh", "linear"), "mse"))
    X, y = noisy_linear(40, 10)
    Xv, yv = noisy_linear(40, 11)
    params = module.init_params(0)
    records, status = module.fit(X, y.reshape(-1, 1), params, lr=0.3, max_iter=2000, tol=0,
                                 validation=(Xv, yv.reshape(-1, 1)), patience=5, optimizer="adam")
    assert status == "patience"
    validations = [record["validation"] for record in records]
    best = int(np.argmin(validations))
    assert len(records) == best + 6
    assert module.loss(params, Xv, yv) == pytest.approx(validations[best], rel=1e-12)


def test_validation_fraction_is_recorded_and_float32_trains(tmp_path):
    train = write_generated(tmp_path, (2, 4, 1), ("tanh", "sigmoid"), "bce")
    write_csv(tmp_path / "d.csv", ["a", "b", "y"], rows_of(*separable(200, 12)))
    done = train_cli(train, "d.csv", "--target", "y", "--standardize", "--validation", "0.25", "--patience",
                     "10", "--history", "h.csv", "--dtype", "float32", "--save", "p.npz", "--max-iter", "200",
                     "--lr", "1", cwd=tmp_path)
    header, records = history(tmp_path / "h.csv")
    assert header == ["iteration", "objective", "validation_objective", "accuracy"]
    assert all(record[2] is not None and 0 <= record[3] <= 1 for record in records)
    assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith("stopped after")  # not a terminal
    with np.load(tmp_path / "p.npz") as saved:
        assert saved["W1"].dtype == np.float32
    assert evaluate_json(train, "p.npz", "d.csv", "y", tmp_path)["metrics"]["accuracy"] > 0.9


def test_patience_on_the_command_line_keeps_the_best_iteration(tmp_path):
    train = write_generated(tmp_path, (3, 16, 1), ("tanh", "linear"), "mse")
    X, y = noisy_linear(30, 14)
    write_csv(tmp_path / "d.csv", ["a", "b", "c", "y"], rows_of(X, y + np.random.default_rng(0).normal(0, 1, 30)))
    done = train_cli(train, "d.csv", "--target", "y", "--validation", "0.5", "--patience", "10", "--optimizer",
                     "adam", "--lr", "0.05", "--max-iter", "5000", "--history", "h.csv", "--save", "p.npz",
                     cwd=tmp_path)
    _, records = history(tmp_path / "h.csv")
    best = min(records, key=lambda record: record[2])
    assert "no better validation objective" in done.stderr and f"kept iteration {int(best[0])}: " in done.stderr
    assert records[-1][0] == best[0] + 10
    assert f"validation C = {best[2]:.10g}" in done.stderr


def test_quiet_is_silent_and_files_get_the_umask_mode(tmp_path):
    train = write_generated(tmp_path, (2, 1), ("linear",), "sse")
    write_csv(tmp_path / "d.csv", ["a", "b", "y"], [[1.0, 2.0, 3.0], [2.0, 1.0, 0.0]])
    for mask, mode in ((0o022, 0o644), (0o077, 0o600)):
        done = run_isolated(train, "train", "d.csv", "--target", "y", "--quiet", "--save", f"p{mask}.npz",
                            "--history", f"h{mask}.csv", cwd=tmp_path, preexec_fn=lambda: os.umask(mask))
        assert done.returncode == 0 and done.stderr == "" and done.stdout == ""
        for name in (f"p{mask}.npz", f"h{mask}.csv"):
            assert stat.S_IMODE((tmp_path / name).stat().st_mode) == mode


@pytest.mark.parametrize("args", [[], ["d.csv", "--target", "y"], ["fit", "d.csv"]])
def test_usage_names_the_three_commands(tmp_path, args):
    train = write_generated(tmp_path, (2, 1), ("linear",), "sse")
    done = run_isolated(train, *args, cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert all(f"train.py {command}" in done.stderr for command in ("train", "predict", "evaluate"))


def test_divergence_exits_3_with_one_line_and_no_warnings(tmp_path):
    train = write_generated(tmp_path, (1, 1), ("linear",), "sse")
    write_csv(tmp_path / "d.csv", ["x", "y"], [[float(v), 3.0 * v] for v in range(1, 30)])
    for lr in ("10", "1e6", "0.01"):
        done = run_isolated(train, "train", "d.csv", "--target", "y", "--lr", lr, "--save", "p.npz",
                            "--history", "h.csv", cwd=tmp_path)
        assert done.returncode == 3, (lr, done.stderr)
        assert done.stderr.count("\n") == 1 and "try a smaller --lr" in done.stderr, done.stderr
        assert not (tmp_path / "p.npz").exists()
    _, records = history(tmp_path / "h.csv")
    assert records[-1][1] > 100 * records[0][1]


def test_save_folder_is_checked_before_training(tmp_path):
    train = write_generated(tmp_path, (1, 1), ("linear",), "sse")
    write_csv(tmp_path / "d.csv", ["x", "y"], [[1.0, 2.0]])
    done = run_isolated(train, "train", "d.csv", "--target", "y", "--max-iter", "100000000",
                        "--save", "/nonexistent/p.npz", cwd=tmp_path, timeout=20)
    assert done.returncode == 2 and "folder '/nonexistent' does not exist" in done.stderr


BAD = [  # (csv text, network, arguments after the command, message)
    (None, "bin", ["train", "missing.csv", "--target", "y"], "cannot read missing.csv"),
    ("a,b,y\n1,2,1\n", "bin", ["train", "d.csv", "--target", "z"], "'z' is not a column of d.csv"),
    ("a,b,y\n1,2,1\n3,x,0\n", "bin", ["train", "d.csv", "--target", "y"], "line 3, column 'b': 'x' is not a number"),
    ("a,b,y\n1,nan,1\n", "bin", ["train", "d.csv", "--target", "y"], "'nan' is not a finite number"),
    ("a,b,c,y\n1,2,3,1\n", "bin", ["train", "d.csv", "--target", "y"], "has 3 input columns besides the target"),
    ("a,b,y\n1,2\n", "bin", ["train", "d.csv", "--target", "y"], "line 2: 2 values, but the header names 3"),
    ("a,b,y\n", "bin", ["train", "d.csv", "--target", "y"], "has a header but no data rows"),
    ("", "bin", ["train", "d.csv", "--target", "y"], "is empty"),
    ("a|b|y\n1|2|1\n", "bin", ["train", "d.csv", "--target", "y"], "no comma, semicolon or tab between column names (it has '|')"),
    ("a,a,y\n1,2,1\n", "bin", ["train", "d.csv", "--target", "y"], "column 'a' appears more than once"),
    ("a,b,y\n1,2,1\n", "bin", ["train", "d.csv", "--target", "y", "--lr", "-1"], "--lr: '-1' is not accepted"),
    ("a,b,y\n1,2,1\n", "bin", ["train", "d.csv", "--target", "y", "--lr", "inf"], "--lr: 'inf' is not accepted"),
    ("a,b,y\n1,2,1\n", "bin", ["train", "d.csv", "--target", "y", "--seed", "-1"], "--seed: '-1' is not accepted"),
    ("a,b,y\n1,2,1\n", "bin", ["train", "d.csv", "--target", "y", "--seed", "1.5"], "'1.5' is not a whole number"),
    ("a,b,y\n1,2,1\n", "bin", ["train", "d.csv", "--target", "y", "--save", ""], "--save: give the name of a file"),
    ("a,b,y\n1,2,1\n", "bin", ["train", "d.csv", "--target", "y", "--save", "."], "is a folder"),
    ("a,b,y\n1,2,1\n", "bin", ["train", "d.csv", "--target", "y", "--history", "no/h.csv"], "does not exist"),
    ("a,b,y\n1,2,1\n", "bin", ["train", "d.csv", "--target", "y", "--save", "x" * 300 + ".npz"], "longer than 255"),
    ("a,b,y\n1,2,1\n", "bin", ["train", "d.csv", "--target", "y", "--batch-size", "0"], "--batch-size: '0'"),
    ("a,b,y\n1,2,1\n", "bin", ["train", "d.csv", "--target", "y", "--validation", "1"], "--validation: '1'"),
    ("a,b,y\n1,2,1\n", "bin", ["train", "d.csv", "--target", "y", "--validation", "0.5"], "leaves no rows"),
    ("a,b,y\n1,2,1\n", "bin", ["train", "d.csv", "--target", "y", "--patience", "3"], "--patience needs"),
    ("a,b,y\n1,2,1\n", "bin", ["train", "d.csv", "--target", "y", "--momentum", "1"], "--momentum: '1'"),
    ("a,b,y\n1,2,1\n", "bin", ["train", "d.csv", "--target", "y", "--optimizer", "sgd"], "invalid choice"),
    ("a,b,y\n1,2,1\n", "bin", ["train", "d.csv", "--target", "y", "--init", "d.csv"], "cannot read parameters"),
    ("a,b,y\n1,2,1\n", "bin", ["train", "d.csv"], "--target"),
    ("a,b,y\n1,2,1\n1,2,2\n", "bin", ["train", "d.csv", "--target", "y"], "data row 2, column 'y': bce targets"),
    ("a,b,c\n1,2,3\n", "cce", ["train", "d.csv", "--target", "c"], "data row 1, column 'c': 3 is not a class label"),
    ("a,b,p,q,r\n1,2,2,-1,0\n", "cce", ["train", "d.csv", "--target", "p", "--target", "q", "--target", "r"],
     "data row 1, column 'q': cce targets must be one-hot"),
    ("a,b,p,q,r\n1,2,1,1,0\n", "cce", ["train", "d.csv", "--target", "p", "--target", "q", "--target", "r"],
     "cce targets must be one-hot"),
    ("a,b,p,q\n1,2,1,0\n", "cce", ["train", "d.csv", "--target", "p", "--target", "q"], "has 3 outputs, but 2"),
    ("a,b,y\n1,2,1\n", "bin", ["predict", "d.csv", "d.csv"], "cannot read parameters from d.csv"),
    ("a,b,y\n1,2,1\n", "bin", ["predict", "missing.npz", "d.csv"], "cannot read parameters from missing.npz"),
    ("a,b,y\n1,2,1\n", "bin", ["predict", "other.npz", "d.csv"], "does not hold the parameters of this network 2-4-1"),
    ("b,y\n1,1\n", "bin", ["predict", "good.npz", "d.csv"], "has no column 'a'"),
    ("b,a,y\n1,2,1\n", "bin", ["evaluate", "good.npz", "d.csv", "--target", "y"], "input columns are b, a"),
    ("a,b,y\n1,2,1\n", "bin", ["evaluate", "good.npz", "d.csv", "--target", "y", "--format", "xml"], "choice"),
]


@pytest.fixture(scope="module")
def networks(tmp_path_factory):
    """Generated files for a binary and a three-class network, and saved parameters."""
    folder = tmp_path_factory.mktemp("networks")
    files = {"bin": write_generated(folder, (2, 4, 1), ("tanh", "sigmoid"), "bce"),
             "cce": write_generated(folder, (2, 3), ("softmax",), "cce")}
    module = load(files["bin"])
    np.savez(folder / "good.npz", **module.init_params(0), input_names=np.array(["a", "b"]))
    np.savez(folder / "other.npz", **load(files["cce"]).init_params(0))
    return folder, files


@pytest.mark.parametrize("content,network,args,message", BAD, ids=[case[-1][:40] for case in BAD])
def test_bad_input_is_one_line_and_exit_2(networks, tmp_path, content, network, args, message):
    folder, files = networks
    for name in ("good.npz", "other.npz"):
        (tmp_path / name).write_bytes((folder / name).read_bytes())
    if content is not None:
        (tmp_path / "d.csv").write_text(content, encoding="utf-8")
    done = run_isolated(files[network], *args, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in done.stderr, done.stderr
    assert not (tmp_path / "p.npz").exists()


def test_semicolon_and_tab_files_are_read(networks, tmp_path):
    _, files = networks
    for delimiter in (";", "\t"):
        write_csv(tmp_path / "d.csv", ["a", "b", "y"], rows_of(*separable(20, 13)), delimiter)
        train_cli(files["bin"], "d.csv", "--target", "y", "--max-iter", "3", cwd=tmp_path)


def test_symback_codegen_command(tmp_path, capsys):
    out = tmp_path / "train.py"
    assert symback_main(["codegen", "3-2-3-1", "--out", str(out), "--style", "neurons"]) == 0
    assert "e4 = w14*x1 + w24*x2 + w34*x3 + theta4" in out.read_text()
    assert symback_main(["codegen", "2-1", "--loss", "mse", "--activation", "linear"]) == 0
    assert capsys.readouterr().out.startswith("# DO NOT EDIT")
    for argv, message in [(["codegen", "--style", "matrix"], "--style: 'matrix' is not accepted"),
                          (["codegen", "--out", str(tmp_path / "no" / "t.py")], "does not exist"),
                          (["codegen", "--out", str(tmp_path)], "is a directory"),
                          (["codegen", "--out", str(tmp_path / ("x" * 300 + ".py"))], "at most 255 per file or directory name"),
                          (["codegen", "40-10-3", "--style", "neurons"], "use --style layers"),
                          (["codegen", "3-0-1"], "size 2"),
                          (["codegen", "2-3-1", "--l2=-1"], "regularization.l2: -1.0 is not accepted")]:
        assert symback_main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and message in err, err
