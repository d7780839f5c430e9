"""Edge cases found by trying the CLI as a user: each once gave a wrong answer or a traceback."""

import pytest

from symback.cli import main


@pytest.mark.parametrize("spec,formula", [
    ("2-1", r"\frac{\partial J}{\partial \Theta_F} = \sum_{i=1}^n (\hat{y}_i - y_i)"),
    ("2-2-1", r"\frac{\partial J}{\partial \Theta_F} = \sum_{i=1}^n (\hat{y}_i - y_i)"),
])
def test_relu_missing_derivative_is_wrong(spec, formula, capsys):
    """relu' is 1 wherever a unit is on: points where every unit is on cannot show it missing."""
    assert main(["verify", spec, "--activation", "relu", formula]) == 1
    out = capsys.readouterr().out
    assert "g' factor is missing" in out
    sides = [line for line in out.splitlines() if "left side" in line][0]
    assert sides.split("left side = ")[1].split(",")[0] != sides.split("right side = ")[1]


def test_hidden_relu_missing_derivative_is_wrong(capsys):
    formula = r"\frac{\partial J}{\partial \Theta_j} = \sum_{i=1}^n (\hat{y}_i - y_i) w_{j,F}"
    assert main(["verify", "2-3-1", "--activation", "relu,linear", formula, "--where", "j=5"]) == 1


def test_long_formula_first_is_read_as_formula(capsys):
    formula = (r"\frac{\partial J}{\partial \hat{w}_{6,F}} = \sum_{i=1}^{n} \left( \left( \hat{y}_{i} - y_{i} "
               r"\right) \, g'\left( e_{i,F} \right) \, s_{i,6} \right)" + r" \, " * 40)
    assert len(formula) > 256
    assert main(["verify", formula]) == 0
    assert "correct" in capsys.readouterr().out


def test_long_spec_is_one_line(capsys):
    assert main(["derive", "(" * 300]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_deep_network_has_enough_index_letters(capsys):
    assert main(["derive", "-".join(["2"] * 14), "--check", "none"]) == 0
    assert "dJ/dw_{1,3}" in capsys.readouterr().out


def test_huge_layer_is_refused(capsys):
    assert main(["derive", "3-99999999999-1"]) == 2
    assert "too large; at most 100000 neurons per layer" in capsys.readouterr().err
