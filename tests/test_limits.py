"""Every command's size limit (symback/limits.py): over it, one line and exit 2 before any work.

"Before any work" is checked by making the Model impossible to build: a refusal that came after
the derivation started would fail with that error instead of the limit's line.
"""

import types

import pytest

from symback import limits
from symback.cli import main
from symback.errors import SymbackError
from symback.model import Model

THETA_FORMULA = r"\frac{\partial J}{\partial \Theta_{k}} = \sum_{i=1}^n \varepsilon_{i,k}"


def parameters(shorthand: str) -> int:
    sizes = [int(n) for n in shorthand.split("-")]
    return sum(a * b + b for a, b in zip(sizes, sizes[1:]))


# (argv with {out} for a fresh directory, the network, the limit it is over)
OVER = [
    (["derive", "1000-1000-1"], limits.MAX_LISTED_PARAMETERS),
    (["derive", "1000-1000-1", "--format", "json"], limits.MAX_LISTED_PARAMETERS),
    (["derive", "5-5-5-1", "--groups", "--check", "expanded"], limits.MAX_EXPANDED_PARAMETERS),
    (["derive", "1000-1000-1", "--groups", "--check", "numeric"], limits.MAX_NUMERIC_PARAMETERS),
    (["report", "12-12-1", "--check", "numeric", "--out", "{out}"], limits.MAX_REPORT_NUMERIC_PARAMETERS),
    (["codegen", "20-20-1", "--style", "neurons"], limits.MAX_NEURONS_STYLE_PARAMETERS),
    (["example", "30-30-1", "--out", "{out}"], limits.MAX_WORKED_PARAMETERS),
    (["example", "30-30-1"], limits.MAX_WORKED_PARAMETERS),
    (["exercises", "30-30-1", "--out", "{out}"], limits.MAX_WORKED_PARAMETERS),
    (["exercises", "20-20-1", "--count", "5", "--out", "{out}"], limits.MAX_SHEET_PARAMETERS),
    (["verify", "200-100-1", THETA_FORMULA], limits.MAX_VERIFY_PARAMETERS),
    (["verify", "2000-2000-10", THETA_FORMULA], limits.MAX_VERIFY_PARAMETERS),
]


@pytest.fixture
def no_model(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a Model was built before the size was checked")
    monkeypatch.setattr(Model, "__init__", refuse)


@pytest.mark.parametrize("argv,limit", OVER, ids=[" ".join(argv[:2] + argv[2:][-2:]) for argv, _ in OVER])
def test_over_the_limit_is_one_line_before_any_work(argv, limit, tmp_path, capsys, no_model):
    out = tmp_path / "out"
    argv = [part.replace("{out}", str(out)) for part in argv]
    count = parameters(argv[1])
    assert count * (int(argv[3]) if "--count" in argv else 1) > limit
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1, captured.err
    assert f"{count:,} parameters" in captured.err
    assert f"at most {limit:,}" in captured.err
    assert ": use " in captured.err or ": check " in captured.err  # what to do instead
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize("limit", [limits.MAX_WORKED_PARAMETERS, limits.MAX_VERIFY_PARAMETERS])
def test_refuse_above_takes_the_limit_itself(limit):
    limits.refuse_above(types.SimpleNamespace(parameter_count=limit, shorthand="n"), limit, "x", "y")
    with pytest.raises(SymbackError, match=f"n: {limit + 1:,} parameters; x takes at most {limit:,}: y"):
        limits.refuse_above(types.SimpleNamespace(parameter_count=limit + 1, shorthand="n"), limit, "x", "y")


def test_a_network_at_a_limit_is_accepted(capsys):
    """49-1 has exactly MAX_EXPANDED_PARAMETERS parameters; the expanded check is cheap at one layer."""
    assert parameters("49-1") == limits.MAX_EXPANDED_PARAMETERS
    assert main(["derive", "49-1", "--groups", "--check", "expanded"]) == 0
    assert "proof (expanded)" in capsys.readouterr().out


def test_a_wide_network_gets_layer_code_and_a_grouped_derivation(capsys):
    """Outputs that are not per parameter work past every listing limit."""
    assert main(["codegen", "1000-1001-1"]) == 0
    assert "def main(" in capsys.readouterr().out
    assert main(["derive", "1000-1001-1", "--groups", "--check", "none"]) == 0
    assert "1,001,000 parameters" in capsys.readouterr().out
