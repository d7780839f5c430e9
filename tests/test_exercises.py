"""Exercise sheets: same seed same bytes, numbers to two decimals, a first-layer weight asked
for, and an answer key whose every number matches the reference."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

import reference
from example_helpers import parameter_key, reference_params, run_cli

from symback.example.exercises import make_exercise
from symback.spec import resolve


def _sheet(directory, *options):
    code, out, err = run_cli(["exercises", "2-2-1", "--count", "3", "--out", str(directory),
                              "--format", "tex,json"] + list(options))
    assert code == 0, err
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def test_same_seed_same_bytes(tmp_path):
    first = _sheet(tmp_path / "a", "--seed", "11")
    assert set(first) == {"exercises.tex", "answers.tex", "exercises.json"}
    assert _sheet(tmp_path / "b", "--seed", "11") == first
    assert _sheet(tmp_path / "c", "--seed", "12")["exercises.json"] != first["exercises.json"]


def test_numbers_have_two_decimals_and_answers_match_the_reference(tmp_path):
    record = json.loads(_sheet(tmp_path, "--seed", "5", "--notation", "layers")["exercises.json"])
    assert len(record["exercises"]) == 3
    for problem in record["exercises"]:
        given = [v for row in problem["data"]["x"] for v in row]
        given += [v for key, value in problem["initial"].items() for v in np.ravel(value)]
        assert all(round(v, 2) == v for v in given), given
        arch = problem["architecture"]
        activations = [layer["activation"] for layer in arch["layers"]]
        sizes = [arch["inputs"]] + [layer["size"] for layer in arch["layers"]]
        params, X, y = reference_params(problem), np.array(problem["data"]["x"]), np.array(problem["data"]["y"])
        grads = reference.backprop(params, X, y, activations, arch["loss"])
        for name, value in problem["iterations"][0]["gradients"].items():
            key, index = parameter_key(name, sizes, arch["notation"], arch["layout"])
            assert value == pytest.approx(grads[key][index], rel=1e-9, abs=1e-15)


def test_problems_ask_for_a_weight_into_the_first_hidden_layer():
    arch = resolve("3-2-3-1")
    for index in range(4):
        exercise = make_exercise(arch, 9, index)
        model = exercise.worked.derivation.model
        weights = [p for p in exercise.asked if p.base.name == "w"]
        assert any(model.layer_of(p.indices[1]) == 1 for p in weights)


def test_a_later_problem_does_not_change_with_the_count(tmp_path):
    def json_of(count, directory):
        code, out, err = run_cli(["exercises", "2-2-1", "--count", str(count), "--seed", "4", "--format", "json"])
        assert code == 0, err
        return json.loads(out)["exercises"]
    assert json_of(3, tmp_path)[:2] == json_of(2, tmp_path)


def test_bad_count():
    code, out, err = run_cli(["exercises", "2-2-1", "--count", "0"])
    assert code == 2 and "--count" in err


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="needs TeX Live")
def test_sheet_and_key_compile(tmp_path):
    code, out, err = run_cli(["exercises", "3-2-1", "--activation", "relu,linear", "--count", "2",
                              "--out", str(tmp_path), "--format", "pdf", "--lang", "pt"])
    assert code == 0, err
    for name in ("exercises.pdf", "answers.pdf"):
        assert (tmp_path / name).read_bytes().startswith(b"%PDF")
