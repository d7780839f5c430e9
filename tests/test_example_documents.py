"""What a worked example prints: the arithmetic re-evaluated from its own printed operands,
PDFs in both languages, JSON to stdout or a file, the .npz that train.py reads, atomic
outputs, and a disagreeing formula that stops everything."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil

import numpy as np
import pytest

from example_helpers import display_chains, evaluable, run_cli

NETWORKS = [
    ("3-2-3-1", []),
    ("2-3-3", ["--activation", "tanh,softmax", "--loss", "cce", "--notation", "layers"]),
    ("2-2-1", ["--activation", "relu,sigmoid", "--loss", "bce", "--layout", "out-in"]),
    ("2-2-2", ["--activation", "linear,tanh", "--loss", "mse"]),
    ("3-2-2", ["--activation", "sigmoid,softmax"]),
]


def _activations(options, depth):
    if "--activation" in options:
        names = options[options.index("--activation") + 1].split(",")
        return names if len(names) == depth else names * depth
    return ["sigmoid"] * depth


@pytest.mark.parametrize("digits, tolerance", [(9, 1e-6), (15, 1e-12)])
@pytest.mark.parametrize("spec, options", NETWORKS)
def test_printed_arithmetic_gives_the_printed_value(tmp_path, spec, options, digits, tolerance):
    code, _, err = run_cli(["example", spec, "--out", str(tmp_path), "--format", "tex", "--seed", "2",
                            "--digits", str(digits)] + options)
    assert code == 0, err
    activations = _activations(options, spec.count("-"))
    tex = (tmp_path / "example.tex").read_text()
    assert "+ -" not in tex and "+ \\\\" not in tex  # a negative term reads "a - b"; no row ends in "+"
    checked = 0
    for chain in display_chains(tex):
        numbers = [value for value in (evaluable(part, activations) for part in chain[1:]) if value is not None]
        if len(numbers) < 2:
            continue
        result = numbers[-1]
        for value in numbers[:-1]:
            assert abs(value - result) <= tolerance * max(1.0, abs(result)), (chain, value, result)
            checked += 1
    parameters = sum(a * b + b for a, b in zip(map(int, spec.split("-")), map(int, spec.split("-")[1:])))
    assert checked >= 2 * parameters  # forward rows, error terms, gradients and updates were all read


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="needs TeX Live")
@pytest.mark.parametrize("lang", ["en", "pt"])
def test_pdf_in_both_languages(tmp_path, lang):
    code, out, err = run_cli(["example", "2-3-2", "--activation", "tanh,softmax", "--loss", "cce",
                              "--out", str(tmp_path), "--format", "pdf,md", "--lang", lang, "--iterations", "3"])
    assert code == 0, err
    assert (tmp_path / "example.pdf").read_bytes().startswith(b"%PDF")
    assert "Figura" in (tmp_path / "example.tex").read_text() if lang == "pt" else True
    assert (tmp_path / "example.md").read_text().count("$$") % 2 == 0


def test_json_goes_to_stdout_or_to_the_directory(tmp_path):
    code, out, err = run_cli(["example", "2-2-1", "--format", "json"])
    assert code == 0 and json.loads(out)["iterations"]
    code, out2, err = run_cli(["example", "2-2-1", "--format", "json", "--out", str(tmp_path)])
    assert code == 0 and (tmp_path / "example.json").read_text() == out


def _train_module(tmp_path, spec_args):
    path = tmp_path / "train.py"
    code, _, err = run_cli(["codegen"] + spec_args + ["--out", str(path)])
    assert code == 0, err
    module_spec = importlib.util.spec_from_file_location("train_example", path)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("spec_args", [["3-2-3-1"], ["2-3-2", "--layout", "out-in", "--notation", "layers"]])
def test_npz_starts_train_py_at_the_example(tmp_path, spec_args):
    """train.py's own loss and step at the .npz's parameters give the example's numbers."""
    code, _, err = run_cli(["example"] + spec_args + ["--out", str(tmp_path), "--format", "json,npz"])
    assert code == 0, err
    record = json.loads((tmp_path / "example.json").read_text())
    first = (tmp_path / "params.npz").read_bytes()
    run_cli(["example"] + spec_args + ["--out", str(tmp_path), "--format", "npz"])
    assert (tmp_path / "params.npz").read_bytes() == first  # same example, same bytes
    params = dict(np.load(tmp_path / "params.npz"))
    train = _train_module(tmp_path, spec_args)
    X, y = np.array(record["data"]["x"]), np.array(record["data"]["y"])
    y = y[:, 0] if y.shape[1] == 1 else y
    iteration = record["iterations"][0]
    assert train.loss(params, X, y) == pytest.approx(iteration["objective"], rel=1e-12)
    stepped = train.step(params, X, y, record["learning_rate"])
    assert train.loss(stepped, X, y) == pytest.approx(iteration["objective_after"], rel=1e-12)


def test_a_failed_run_leaves_earlier_outputs(tmp_path):
    code, _, err = run_cli(["example", "2-2-1", "--out", str(tmp_path), "--format", "tex,md"])
    assert code == 0, err
    before = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    bad = tmp_path / "bad.toml"
    bad.write_text("inputs = 2\n[[layers]]\nsize = 1\n[example]\nlearning_rate = 0\n")
    code, _, err = run_cli(["example", str(bad), "--out", str(tmp_path), "--format", "tex,md"])
    assert code == 2 and "example.learning_rate" in err
    assert {path.name: path.read_bytes() for path in tmp_path.iterdir() if path.name != "bad.toml"} == before


def test_a_wrong_formula_stops_everything(tmp_path, monkeypatch):
    """A derived error term off by a factor is caught by the independent check: exit 2, the
    value named, nothing written."""
    from symback.derive import Derivation
    original = Derivation.error_terms.func

    def broken(self):
        terms = original(self)
        first = terms[0]
        steps = first.chain.steps[:-1] + (type(first.chain.steps[-1])(2 * first.chain.final, "broken"),)
        return (type(first)(first.layer, first.neuron, type(first.chain)(first.chain.lhs, steps)),) + terms[1:]

    monkeypatch.setattr(Derivation, "error_terms", property(broken))
    code, out, err = run_cli(["example", "2-2-1", "--out", str(tmp_path), "--format", "tex,json"])
    assert code == 2 and "eps_{1,F}" in err and "nothing was written" in err, err
    assert list(tmp_path.iterdir()) == []


def test_bad_options():
    for argv, words in ((["--digits", "0"], "--digits"), (["--lang", "fr"], "--lang"),
                        (["--format", "docx"], "--format"), (["--iterations", "0"], "--iterations"),
                        (["30-20-1"], "641 parameters")):
        code, out, err = run_cli(["example"] + (argv if argv[0][0].isdigit() else ["2-2-1"] + argv))
        assert code == 2 and words in err and err.count("\n") == 1, err


def test_a_deep_network_s_figures_leave_the_middle_layers_out(tmp_path):
    """Each figure of a 12-layer example draws seven columns and says which layers it leaves
    out; the numbers of those layers are still in the text."""
    spec = "-".join(["1"] * 13)
    code, out, err = run_cli(["example", spec, "--format", "tex", "--out", str(tmp_path)])
    assert code == 0, err
    tex = (tmp_path / "example.tex").read_text(encoding="utf-8")
    assert tex.count("Hidden layers 3 to 9 are not drawn") == 3
    figures = re.findall(r"\\begin\{tikzpicture\}.*?\\end\{tikzpicture\}", tex, re.S)
    assert len(figures) == 3
    for figure in figures:
        assert len(set(re.findall(r"at \(([-0-9.]+),", figure))) == 7
        assert r"\cdots" in figure and "(n7)" not in figure
    assert "e_{1,7}" in tex   # neuron 7 (hidden layer 6) is worked in the text
