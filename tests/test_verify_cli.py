"""``symback verify`` on the command line: output, exit codes, JSON, --file, --where."""

import json

import pytest

from symback.cli import main

GOOD = r"\frac{\partial J}{\partial \hat{w}_{j,F}} = \sum_{i=1}^n (\hat{y}_i - y_i) g'(e_{i,F}) s_{i,j}"
BAD = r"\frac{\partial J}{\partial \hat{w}_{j,F}} = \sum_{i=1}^n (\hat{y}_i - y_i) s_{i,j}"
UNREADABLE = r"\frac{\partial J}{\partial w_{1,4}} = \input{x}"

HANDOUT = r"""\documentclass{article}
\begin{document}
Prose with inline math $w_{1,4} = 0$ and \(x = 1\) is ignored. % \[ w = 1 \] in a comment too
\begin{align*}
\frac{\partial}{\partial \hat\Theta_j^0} f_i\left(\mathbf{\hat{w}}^0,\mathbf{\hat\Theta}^0\right)
  &= g'\left( e^0_{i,F} \right) \hat{w}^0_{jF} \frac{\partial s^0_{i,j}}{\partial \hat\Theta_j^0} \\
  &= g'\left( e^0_{i,F} \right) \hat{w}^0_{jF} g'(e^0_{i,j}) \quad (j = 6, 7, 8) \\
\varepsilon_{i,F} &= \left(\hat{y}_i - y_i\right) g'(e_{i,F}) \label{eq:out}
\end{align*}
$$\hat{w}_{j,F}^1 = \hat{w}_{j,F}^0 - \delta \sum_{i=1}^n \left[ (\hat{y}_i^0 - y_i) g'(e^0_{i,F}) s^0_{i,j} \right]$$
\[ w_{14} = \write18{x} \]
\begin{equation}
  \frac{\partial J}{\partial w_{k,j}} = \sum_{i=1}^n \varepsilon_{i,j} s_{i,k}.
\end{equation}
\end{document}
"""


def run(capsys, *argv):
    code = main(["verify", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_correct_formula_exits_0(capsys):
    code, out, _ = run(capsys, GOOD)
    assert code == 0
    assert out.startswith("✓ ") and "j=6" in out and "decided symbolically" in out


def test_wrong_formula_exits_1_with_diagnosis_and_counterexample(capsys):
    code, out, _ = run(capsys, BAD)
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("✗ ") and lines[0].endswith("wrong")
    assert "a g' factor is missing: g'(e_{i,F})" in out
    assert "counterexample" in out and "left side =" in out and "right side =" in out


def test_unreadable_formula_exits_2_with_column_token_expected(capsys):
    code, out, _ = run(capsys, GOOD, UNREADABLE)
    assert code == 2
    assert "column 39 at '\\input'" in out and "expected" in out


def test_json_output(capsys):
    code, out, _ = run(capsys, GOOD, BAD, UNREADABLE, "--format", "json")
    data = json.loads(out)
    assert code == 2 and data["exit_code"] == 2
    assert data["summary"] == {"correct": 1, "wrong": 1, "unreadable": 1, "skipped": 0}
    wrong = data["formulas"][1]
    failure = wrong["links"][0]["failures"][0]
    assert failure["diagnosis"]["mistake"] == "missing_gprime"
    assert set(failure["counterexample"]) == {"values", "left", "right"}
    assert data["formulas"][2]["error"]["column"] == 39
    assert data["formulas"][2]["error"]["token"] == "\\input"


def test_json_is_deterministic(capsys):
    first = run(capsys, BAD, "--format", "json")[1]
    second = run(capsys, BAD, "--format", "json")[1]
    assert first == second


def test_spec_options_and_formulas_in_any_order(capsys):
    formula = r"\delta^l = ((W^{(l+1)})^T \delta^{l+1}) \odot \sigma'(z^l)"
    code, out, _ = run(capsys, "3-2-3-1", "--notation", "layers", formula)
    assert code == 1 and "shape mismatch" in out and "transpose" in out
    code, out, _ = run(capsys, "3-2-3-1", formula, "--layout", "out-in", "--notation", "layers")
    assert code == 0


def test_where_narrows_free_indices(capsys):
    formula = r"\varepsilon_{i,j} = g'(e_{i,j}) \sum_{m=6}^{8} w_{j,m} \varepsilon_{i,m}"
    code, out, _ = run(capsys, formula, "--where", "j=4")
    assert code == 0 and "j=4" in out and "j=5" not in out
    code, _, err = run(capsys, formula, "--where", "j=four")
    assert code == 2 and err.startswith("symback verify: error: --where")


def test_file_reports_every_display_formula_with_its_line(capsys, tmp_path):
    path = tmp_path / "handout.tex"
    path.write_text(HANDOUT, encoding="utf-8")
    code, out, _ = run(capsys, "--file", str(path))
    lines = [line for line in out.splitlines() if line[:1] in "✓✗"]
    assert [line.split(":")[0] for line in lines] == ["✓ line 5", "✓ line 8", "✓ line 10", "✗ line 11", "✓ line 13"]
    assert code == 2
    assert "unreadable" in lines[3]


def test_usage_errors_exit_2(capsys, tmp_path):
    code, _, err = run(capsys)
    assert code == 2 and "give at least one FORMULA" in err
    code, _, err = run(capsys, "--file", str(tmp_path / "missing.tex"))
    assert code == 2 and "not found" in err
    empty = tmp_path / "empty.tex"
    empty.write_text("no math here", encoding="utf-8")
    code, _, err = run(capsys, "--file", str(empty))
    assert code == 2 and "no display math" in err


@pytest.mark.parametrize("spec", ["2-3-1", "3-2-3-1"])
def test_generic_parameter_update_rule_of_handout_004(capsys, spec):
    formula = r"\hat{w}^{1} = \hat{w}^{0}-\delta \frac{\partial J}{\partial \hat{w}}(\mathbf{\hat{w}}^{0},\mathbf{\hat\Theta}^{0})"
    code, out, _ = run(capsys, spec, formula)
    assert code == 0 and "parameter=" in out
