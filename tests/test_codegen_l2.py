"""Generated train.py with L2 regularization: the objective J + (λ/2) Σ w² over every weight
(thresholds not penalised) and its gradients, checked against the independent reference
(tests/reference.py: backprop, finite differences and loss with l2=λ), in both styles; the
command line's --l2 as a student runs it on a CSV file, and its bad values."""

import json
from functools import lru_cache
from pathlib import Path

import mpmath
import numpy as np
import pytest
import reference as ref
from codegen_helpers import architecture, load, run_isolated, write_generated
from hypothesis import given, settings
from hypothesis import strategies as st

from symback.cli import main as symback_main
from symback.codegen import training_code
from symback.derive import derive
from symback.formula import CustomActivation

# The bent identity, written by hand for the reference: f = (sqrt(z^2 + 1) - 1)/2 + z,
# f' = z / (2 sqrt(z^2 + 1)) + 1; the generated code prints it from the formula.
ref.register_activation("bent", lambda z: (np.sqrt(z * z + 1) - 1) / 2 + z,
                        lambda z: z / (2 * np.sqrt(z * z + 1)) + 1,
                        lambda v: (mpmath.sqrt(v * v + 1) - 1) / 2 + v)
BENT = CustomActivation("bent", "(sqrt(z^2 + 1) - 1)/2 + z")

# (sizes, activations, loss, λ): every kind of layer, a one-weight network (the penalty is one
# w², no sum), one-neuron layers (a sum over one index only), softmax with cce and with sse.
CASES = [
    ((3, 2, 3, 1), ("sigmoid", "sigmoid", "sigmoid"), "sse", 0.05),
    ((1, 1), ("linear",), "sse", 2.0),
    ((3, 5, 3), ("tanh", "softmax"), "cce", 0.3),
    ((2, 3, 2), ("relu", "softmax"), "sse", 0.1),
    ((2, 1, 2, 1), ("tanh", "sigmoid", "sigmoid"), "bce", 0.5),
    ((2, 3, 4, 2), ("relu", "tanh", "linear"), "mse", 0.0123456789),
    ((2, 3, 2, 1), ("leaky_relu", "elu", "sigmoid"), "bce", 0.2),
    ((3, 2, 2, 2), ("softplus", "silu", "softmax"), "cce", 0.07),
    ((2, 3, 1), ("bent", "linear"), "mse", 1.5),
]
IDS = ["-".join(map(str, s)) + ":" + ",".join(a) + f":{l}:{lam}" for s, a, l, lam in CASES]
STYLES = ("layers", "neurons")
LR = 0.37


@lru_cache(maxsize=None)
def program(case: int, style: str, directory: str):
    """The generated module of CASES[case] in ``style``, imported in this process."""
    sizes, activations, loss, lam = CASES[case]
    custom = (BENT,) if "bent" in activations else ()
    return load(write_generated(Path(directory), sizes, activations, loss, style, lam, custom))


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("codegen_l2"))


def problem(case: int):
    sizes, activations, loss, lam = CASES[case]
    params, X, y = ref.random_problem(list(sizes), list(activations), loss, n=7, seed=case)
    return params, X, y, list(activations), loss, lam


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("case", range(len(CASES)), ids=IDS)
def test_gradients_objective_and_step_match_the_reference(case, style, workdir):
    params, X, y, activations, loss, lam = problem(case)
    train = program(case, style, workdir)
    assert train.L2 == lam
    grads = train.gradients(params, X, y)
    expected = ref.backprop(params, X, y, activations, loss, l2=lam)
    differences = ref.finite_differences(params, X, y, activations, loss, l2=lam)
    new = train.step(params, X, y, LR)  # layers: lr scales the penalty's λ w apart from δ
    for key, value in expected.items():
        np.testing.assert_allclose(grads[key], value, rtol=0, atol=1e-10, err_msg=key)
        np.testing.assert_allclose(grads[key], differences[key], rtol=0, atol=1e-6, err_msg=key)
        np.testing.assert_allclose(new[key], params[key] - LR * value, rtol=0, atol=1e-12, err_msg=key)
    assert train.loss(params, X, y) == pytest.approx(ref.loss(params, X, y, activations, loss, l2=lam),
                                                     rel=1e-12, abs=1e-14)


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("case", range(len(CASES)), ids=IDS)
def test_lines_fit_and_lambda_is_the_specs_to_the_last_digit(case, style, workdir):
    source = Path(program(case, style, workdir).__file__).read_text(encoding="utf-8")
    assert max(map(len, source.splitlines())) <= 99
    lam = CASES[case][3]
    assert f"\nL2 = {lam!r}  #" in source and f"--l2 {lam!r} --out train.py" in source


@pytest.mark.parametrize("case", range(len(CASES)), ids=IDS)
def test_thresholds_are_not_penalised(case, workdir):
    """The thresholds' gradients are those without L2; each weight's differs by exactly λ w."""
    params, X, y, activations, loss, lam = problem(case)
    plain = ref.backprop(params, X, y, activations, loss)
    for style in STYLES:
        grads = program(case, style, workdir).gradients(params, X, y)
        for key, value in params.items():
            change = lam * value if key.startswith("W") else 0.0 * value
            np.testing.assert_allclose(grads[key] - plain[key], change, rtol=0, atol=1e-10, err_msg=key)


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("case", [0, 2, 5], ids=[IDS[0], IDS[2], IDS[5]])
def test_training_records_the_penalised_objective(case, style, workdir):
    """Full batch, mini-batches and the objective taken chunk by chunk all add the penalty
    once (sse sums its chunks, mse and cce weigh them: neither may repeat the penalty)."""
    params, X, y, activations, loss, lam = problem(case)
    train = program(case, style, workdir)
    start = ref.loss(train.init_params(3), X, y, activations, loss, l2=lam)
    for options in ({}, {"batch_size": 2}):
        _, history = train.train(X, y, lr=0.05, max_iter=20, tol=0.0, seed=3, **options)
        assert history[0] == pytest.approx(start, rel=1e-12)
        assert history[-1] < history[0]
    rows = train._as_targets(y, X.shape[0])  # the (n, outputs) array train() hands on
    objective, _ = train._evaluate(params, X, rows, train._Spaces(X.dtype), chunk=3)  # 3 chunks
    assert objective == pytest.approx(ref.loss(params, X, y, activations, loss, l2=lam), rel=1e-12)


@settings(max_examples=25, deadline=None)
@given(lam=st.floats(0.0, 10.0), style=st.sampled_from(STYLES))
def test_the_modules_L2_is_read_at_every_call(lam, style, tmp_path_factory):
    """Assigning the module's L2 (what --l2 does) changes loss and gradients to that λ."""
    directory = str(tmp_path_factory.getbasetemp() / "codegen_l2_property")
    Path(directory).mkdir(exist_ok=True)
    params, X, y, activations, loss, spec_lambda = problem(4)
    train = program(4, style, directory)
    try:
        train.L2 = lam
        grads = train.gradients(params, X, y)
        for key, value in ref.backprop(params, X, y, activations, loss, l2=lam).items():
            np.testing.assert_allclose(grads[key], value, rtol=0, atol=1e-10, err_msg=key)
        assert train.loss(params, X, y) == pytest.approx(ref.loss(params, X, y, activations, loss, l2=lam),
                                                         rel=1e-12)
    finally:
        train.L2 = spec_lambda


# -- the command line -------------------------------------------------------------------------
def classes_csv(path: Path, n=60, seed=5):
    """Two noisy classes in three columns (a student's data set), as CSV; returns (X, y)."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, 3))
    y = (X @ [1.0, -2.0, 0.5] + 0.3 * rng.standard_normal(n) > 0).astype(float)
    lines = ["a,b,c,label"] + [",".join(f"{v:.17g}" for v in row) + f",{int(t)}" for row, t in zip(X, y)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return X, y


NETWORK = ((3, 4, 1), ("tanh", "sigmoid"), "bce", 0.05)


@pytest.fixture(scope="module")
def student(tmp_path_factory):
    """(folder, train.py of NETWORK with λ = 0.05 in the layers style, X, y) on a CSV file."""
    folder = tmp_path_factory.mktemp("student")
    sizes, activations, loss, lam = NETWORK
    train = write_generated(folder, sizes, activations, loss, "layers", lam)
    X, y = classes_csv(folder / "data.csv")
    return folder, train, X, y


def train_with(student, name, *options):
    """Train from the command line; (history objectives, saved params, evaluate's JSON)."""
    folder, train, _, _ = student
    done = run_isolated(train, "train", "data.csv", "--target", "label", "--lr", "0.5", "--max-iter",
                        "200", "--history", f"{name}.csv", "--save", f"{name}.npz", *options, cwd=folder)
    assert done.returncode == 0, done.stderr
    rows = (folder / f"{name}.csv").read_text().splitlines()[1:]
    history = [float(row.split(",")[1]) for row in rows]
    with np.load(folder / f"{name}.npz") as stored:
        params = {key: stored[key] for key in stored.files if key[0] in "Wb"}
    evaluated = run_isolated(train, "evaluate", f"{name}.npz", "data.csv", "--target", "label", "--format",
                             "json", *options, cwd=folder)
    assert evaluated.returncode == 0, evaluated.stderr
    return history, params, json.loads(evaluated.stdout)


@pytest.mark.parametrize("options,lam", [((), 0.05), (("--l2", "0"), 0.0), (("--l2", "0.8"), 0.8)],
                         ids=["spec-lambda", "l2-0", "l2-0.8"])
def test_training_from_the_command_line_minimises_the_penalised_objective(student, options, lam):
    _, _, X, y = student
    history, params, evaluated = train_with(student, f"run_{lam}", *options)
    activations, loss = list(NETWORK[1]), NETWORK[2]
    start = ref.loss(ref.init_params(list(NETWORK[0]), 0), X, y, activations, loss, l2=lam)
    assert history[0] == pytest.approx(start, rel=1e-12)
    assert history[-1] < 0.7 * history[0]
    final = ref.loss(params, X, y, activations, loss, l2=lam)
    assert history[-1] == pytest.approx(final, rel=1e-12)
    assert evaluated["objective"] == pytest.approx(final, rel=1e-12)


def test_the_l2_override_changes_the_trained_weights(student):
    """A larger λ gives smaller weights; the thresholds are free either way."""
    norms = {}
    for lam in ("0", "0.8"):
        _, params, _ = train_with(student, f"override_{lam}", "--l2", lam)
        norms[lam] = sum(float(np.sum(value ** 2)) for key, value in params.items() if key[0] == "W")
    assert norms["0.8"] < 0.5 * norms["0"]


@pytest.mark.parametrize("value", ["-1", "-0.5", "nan", "inf", "-inf", "1e400", "abc", "", "0.1.2"])
@pytest.mark.parametrize("command", ["train", "evaluate"])
def test_bad_l2_is_one_line_naming_the_value_and_exit_2(student, value, command):
    folder, train, _, _ = student
    given = ["params.npz", "data.csv"] if command == "evaluate" else ["data.csv"]
    done = run_isolated(train, command, *given, "--target", "label", f"--l2={value}", cwd=folder)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "--l2" in done.stderr, done.stderr
    assert repr(value) in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("args", [["--l2", "-inf"], ["--l2"], ["--l2", "0.1", "--l2", "x"]])
def test_l2_written_apart_from_its_value_is_one_line_and_exit_2(student, args):
    """argparse reads -inf as an option: then the line says --l2 wants a value."""
    folder, train, _, _ = student
    done = run_isolated(train, "train", "data.csv", "--target", "label", *args, cwd=folder)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "--l2" in done.stderr, done.stderr


def test_help_and_docstring_say_lambda_and_that_thresholds_are_not_penalised(student):
    folder, train, _, _ = student
    for command in ("train", "evaluate"):
        done = run_isolated(train, command, "--help", cwd=folder)
        text = " ".join(done.stdout.split())
        assert done.returncode == 0 and "--l2 LAMBDA" in text
        assert "thresholds are not penalised" in text and "default 0.05" in text
    source = train.read_text(encoding="utf-8")
    head = " ".join(source[:source.index('"""\n\nimport')].split())
    assert "lambda = 0.05" in head and "L2 = 0.05" in head and "thresholds are not penalised" in head
    assert "\nL2 = 0.05  #" in source


@pytest.mark.parametrize("style", STYLES)
def test_the_header_regenerates_the_same_file(style, tmp_path):
    """The do-not-edit header's command, --l2 included, gives back the same bytes."""
    sizes, activations, loss, lam = CASES[2]
    source = write_generated(tmp_path, sizes, activations, loss, style, lam).read_text(encoding="utf-8")
    lines = source.splitlines()
    start = lines.index("# Regenerate with:")
    command = " ".join(line.lstrip("#").strip().rstrip("\\") for line in lines[start + 1:start + 3]).split()
    assert command[0] == "symback" and command[command.index("--l2") + 1] == repr(lam)
    out = tmp_path / "again.py"
    assert symback_main(command[1:command.index("--out")] + ["--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == source


def test_a_program_without_l2_has_no_penalty_and_no_option(tmp_path):
    train = write_generated(tmp_path, (3, 4, 1), ("tanh", "sigmoid"), "bce", "layers")
    source = train.read_text(encoding="utf-8")
    assert "_penalty" not in source and "L2" not in source and "lambda w" not in source
    classes_csv(tmp_path / "data.csv")
    done = run_isolated(train, "train", "data.csv", "--target", "label", "--l2", "0.1", cwd=tmp_path)
    assert done.returncode == 2 and "unrecognized arguments: --l2" in done.stderr


def test_the_statements_are_the_derivations_in_each_style():
    """The penalty's sums over a layer become that layer's array summed (layers) or every weight
    written out (neurons); each weight's λ w is added after the loss's part, scaled by the
    learning rate in the layers style (whose error terms already carry it)."""
    derivation = derive(architecture((2, 3, 1), ("tanh", "sigmoid"), "sse", 0.25))
    layers, neurons = (training_code(derivation, style) for style in STYLES)
    lines = lambda code, part: [line for block in getattr(code, part) for line in block.lines]
    assert layers.l2 == neurons.l2 == "0.25"
    assert lines(layers, "penalty")[-1] == "return float(0.5*L2*(np.sum(W1**2) + np.sum(W2**2)))"
    assert {"gW1 = X.T @ d1.T", "gW1 += L2*scale*W1", "gW2 += L2*scale*W2", "gb1 = d1 @ ones"} \
        <= set(lines(layers, "backward"))
    assert not any("L2" in line for line in lines(layers, "backward") if line.startswith("gb"))
    assert lines(neurons, "penalty")[-2:] == [
        "return float(0.5*L2*(w13**2 + w14**2 + w15**2 + w23**2 + w24**2 + w25**2 + w3F**2 + w4F**2",
        "    + w5F**2))"]
    assert {"dw13 = np.sum(eps3*x1) + L2*w13", "dw3F = np.sum(epsF*s3) + L2*w3F", "dthetaF = np.sum(epsF)"} \
        <= set(lines(neurons, "backward"))
    comments = [line for block in neurons.backward for line in block.comment]
    assert "dJ/dw_{k,j} = sum_i eps_{i,j} x_{i,k} + lambda w_{k,j}" in comments
