"""`symback build`: generated/ is what a fresh build writes, byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from symback.cli import main
from symback.commands.build import HANDOUTS, _training_code, build_directory, differences
from symback.spec import load_toml

GENERATED = Path(__file__).resolve().parent.parent / "generated"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    """The reports and specs of a fresh build (no PDFs, no train.py: see the test below)."""
    out = tmp_path_factory.mktemp("build")
    for name, arch in HANDOUTS.items():
        build_directory(out / name, arch, pdf=False)
    return out


@pytest.mark.parametrize("name", sorted(HANDOUTS))
def test_generated_reports_are_up_to_date(fresh, name):
    produced = sorted(path.name for path in (fresh / name).iterdir())
    assert produced == ["report.en.md", "report.en.tex", "report.pt.md", "report.pt.tex", "spec.toml"]
    for file in produced:
        assert (GENERATED / name / file).read_bytes() == (fresh / name / file).read_bytes(), \
            f"generated/{name}/{file} is out of date: run `symback build`"


@pytest.mark.parametrize("name", sorted(HANDOUTS))
def test_generated_training_code_is_up_to_date(name):
    # Runs once symback.codegen exists; it fails (it is not skipped) until then.
    expected = _training_code(HANDOUTS[name])
    assert (GENERATED / name / "train.py").read_text() == expected, \
        f"generated/{name}/train.py is out of date: run `symback build`"


@pytest.mark.parametrize("name", sorted(HANDOUTS))
def test_spec_toml_reads_back(name):
    assert load_toml(GENERATED / name / "spec.toml") == HANDOUTS[name]


def test_handout_000_network_is_a_two_hidden_layer_classifier():
    arch = HANDOUTS["handout-000"]
    assert arch.depth == 3 and arch.loss == "bce" and arch.activations[-1] == "sigmoid"
    assert arch.notation == "layers" and HANDOUTS["handout-004"].notation == "neurons"


def test_check_finds_a_changed_file(fresh, tmp_path):
    committed = tmp_path / "generated"
    shutil.copytree(fresh, committed)
    assert differences(fresh, committed) == []
    (committed / "handout-004" / "report.en.md").write_text("edited\n")
    (committed / "handout-000" / "spec.toml").unlink()
    assert differences(fresh, committed) == ["missing from " + str(committed) + ": handout-000/spec.toml",
                                             "differs: handout-004/report.en.md"]


def test_check_of_a_missing_directory_is_one_line(tmp_path, capsys):
    assert main(["build", "--check", "--out", str(tmp_path / "nothing")]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_check_compares_pdfs(fresh, tmp_path):
    committed = tmp_path / "generated"
    shutil.copytree(fresh, committed)
    (fresh / "handout-004" / "report.en.pdf").write_bytes(b"%PDF new")
    (committed / "handout-004" / "report.en.pdf").write_bytes(b"%PDF old")
    assert differences(fresh, committed) == ["differs: handout-004/report.en.pdf"]
    (fresh / "handout-004" / "report.en.pdf").unlink()
    (committed / "handout-004" / "report.en.pdf").unlink()
