"""symback derive end to end: output shapes, names, and every bad input as one line, exit 2."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from symback.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run(*args, cwd=None):
    """The CLI in a fresh process, as a user runs it."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "symback.cli", *args], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=120)


def test_default_is_handout_network_in_text():
    result = run("derive")
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("dJ/d")]
    assert len(lines) == 21
    assert lines[0].startswith("dJ/dw_{1,4} = sum_i (yhat_{i} - y_{i})*g'(e_{i,F})")
    assert any(line.startswith("dJ/dTheta_{F} = ") for line in lines)
    assert "equalities checked" in result.stdout.splitlines()[-1]


def test_json_names_both_notations(capsys):
    assert main(["derive", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    names = [g["parameter"] for g in data["gradients"]]
    assert names[:2] == ["w_{1,4}", "w_{1,5}"]
    assert {"w_{6,F}", "Theta_{4}", "Theta_{F}"} <= set(names)
    assert {"parameter", "expression", "delta_form", "latex"} <= set(data["gradients"][0])
    assert data["architecture"]["layers"][0] == {"size": 2, "activation": "sigmoid"}
    assert data["proof"]["ok"] is True
    assert main(["derive", "--format", "json", "--notation", "layers"]) == 0
    data = json.loads(capsys.readouterr().out)
    names = [g["parameter"] for g in data["gradients"]]
    assert names[0] == "W^{(1)}_{1,1}" and "b^{(1)}_{1}" in names and "b^{(3)}_{1}" in names


def test_layout_out_in_swaps_weight_indices(capsys):
    assert main(["derive", "2-3-1", "--notation", "layers", "--layout", "out-in", "--format", "json",
                 "--check", "none"]) == 0
    names = [g["parameter"] for g in json.loads(capsys.readouterr().out)["gradients"]]
    # W^{(1)} is 3 x 2 under out-in: the row is the neuron of layer 1, the column its input.
    assert names[:2] == ["W^{(1)}_{1,1}", "W^{(1)}_{2,1}"]


def test_symbolic_check_on_request(capsys):
    assert main(["derive", "2-2-1", "--check", "symbolic"]) == 0
    assert "proof (symbolic):" in capsys.readouterr().out


def test_toml_spec(tmp_path, capsys):
    spec = tmp_path / "net.toml"
    spec.write_text('inputs = 2\nloss = "cce"\nnotation = "layers"\ntitle = "T"\n'
                    '[[layers]]\nsize = 3\nactivation = "tanh"\n'
                    '[[layers]]\nsize = 2\nactivation = "softmax"\n')
    assert main(["derive", str(spec), "--format", "json", "--check", "none"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["architecture"]["loss"] == "cce"
    assert len(data["gradients"]) == 2 * 3 + 3 + 3 * 2 + 2


BAD_INPUTS = [
    (["derive", "3-0-1"], "size 2: 0 is not accepted"),
    (["derive", "3--2-1"], "size 2 is ''"),
    (["derive", "3-2.5-1"], "size 2 is '2.5'"),
    (["derive", "3-x-1"], "size 2 is 'x'"),
    (["derive", "--activation", "sigmod"], "'sigmod' is not accepted; accepted: elu, leaky_relu, linear, relu, sigmoid, silu, softmax, softplus, tanh"),
    (["derive", "--loss", "hinge"], "loss: 'hinge' is not accepted; accepted: bce, cce, mse, sse"),
    (["derive", "3-2-1", "--activation", "tanh,tanh,tanh"], "3 activations given ('tanh,tanh,tanh') for 2 layers"),
    (["derive", "3-2-2", "--activation", "softmax,softmax", "--loss", "cce"], "only on the output layer"),
    (["derive", "3-2-1", "--activation", "tanh,softmax"], "softmax' on a single output"),
    (["derive", "3-2-2", "--loss", "cce"], "'cce' needs a softmax output layer"),
    (["derive", "3-2-1", "--activation", "tanh,linear", "--loss", "bce"], "'bce' needs a sigmoid output layer"),
    (["derive", "--notation", "matrix"], "notation: 'matrix' is not accepted; accepted: layers, neurons"),
    (["derive", "--layout", "rows"], "layout: 'rows' is not accepted; accepted: in-out, out-in"),
    (["derive", "missing.toml"], "spec file 'missing.toml' not found"),
    (["derive", "--format", "xml"], "--format: 'xml' is not accepted"),
    (["derive", "--check", "maybe"], "--check: 'maybe' is not accepted"),
]


@pytest.mark.parametrize("args,message", BAD_INPUTS)
def test_bad_input_is_one_line_and_exit_2(args, message, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


TOML_ERRORS = [
    ("inputs = 3\n[[layers]]\nsize = = 2\n", "TOML syntax error", "line 3, column"),
    ("inputs = 0\n[[layers]]\nsize = 1\n", "inputs: 0 is not accepted", ""),
    ("inputs = 2\n[[layers]]\nsize = -1\n", "layers[0].size: -1 is not accepted", ""),
    ("inputs = 2\n[[layers]]\nsize = 1.5\n", "layers[0].size: 1.5 is not accepted", ""),
    ("inputs = 2\n[[layers]]\nsize = 1\nactivation = 'swish'\n", "layers[0].activation: 'swish'", "accepted: elu, leaky_relu, linear"),
    ("inputs = 2\ncolour = 1\n[[layers]]\nsize = 1\n", "unknown field 'colour'", "accepted: activations, example, inputs"),
    ("inputs = 2\nnotation = 'greek'\n[[layers]]\nsize = 1\n", "notation: 'greek' is not accepted", ""),
    ("layers = []\n", "missing field 'inputs'", ""),
]


@pytest.mark.parametrize("text,message,detail", TOML_ERRORS)
def test_bad_toml(tmp_path, capsys, text, message, detail):
    spec = tmp_path / "net.toml"
    spec.write_text(text)
    assert main(["derive", str(spec)]) == 2
    err = capsys.readouterr().err
    assert message in err and detail in err and err.count("\n") == 1


def test_unreadable_spec(tmp_path, capsys):
    spec = tmp_path / "latin1.toml"
    spec.write_bytes("title = 'caf\xe9'\n".encode("latin-1"))
    assert main(["derive", str(spec)]) == 2
    assert f"spec file '{spec}' cannot be read" in capsys.readouterr().err


def test_directory_as_spec(tmp_path, capsys):
    assert main(["derive", str(tmp_path)]) == 2
    assert "is a directory" in capsys.readouterr().err


def test_help_explains_every_option():
    top = run("--help")
    assert top.returncode == 0 and "derive" in top.stdout and "verify" in top.stdout
    derive_help = run("derive", "--help")
    for option in ("--activation", "--loss", "--notation", "--layout", "--format", "--check"):
        assert option in derive_help.stdout
