"""Reports: printer tables, the equality ledger, escaping, languages, the report CLI."""

from __future__ import annotations

import re
import subprocess
import sys

from pathlib import Path

import pytest
import sympy
from sympy import Integer

from symback.cli import main
from symback.derive import LOSS_I, OBJECTIVE, derive
from symback.errors import ProofError, SpecError
from symback.model import DELTA, E, F, OBS, S, THETA, W, X, Y, YHAT
from symback.notation import Namer
from symback.printing import latex, text
from symback.proof import Prover
from symback.printing.notebook import derivation_repr_latex, gradient_repr_latex
from symback.report import build_report, build_reports, render_latex, render_markdown
from symback.report.escape import escape_latex, escape_markdown
from symback.report.figure import MAX_DRAWN, network_figure
from symback.report.ledger import Ledger
from symback.report.messages import LANGUAGES, RULES, TABLES, Messages
from symback.spec import DEFAULT, resolve

ROOT = Path(__file__).resolve().parent.parent
I = OBS


# -- printer tables: notation.md's spellings ---------------------------------------------------
NEURON_TABLE = [  # 004 network: inputs 1-3, hidden 4-5 and 6-8, output 9 printed F
    (W[Integer(1), Integer(4)], None, "w_{1,4}", "w_{1,4}"),
    (W[Integer(6), Integer(9)], None, "w_{6,F}", "w_{6,F}"),
    (THETA[Integer(4)], None, r"\Theta_{4}", "Theta_{4}"),
    (THETA[Integer(9)], None, r"\Theta_{F}", "Theta_{F}"),
    (E[I, Integer(4)], None, "e_{i,4}", "e_{i,4}"),
    (S[I, Integer(6)], None, "s_{i,6}", "s_{i,6}"),
    (X[I, Integer(1)], None, "x_{i,1}", "x_{i,1}"),
    (Y[I], None, "y_{i}", "y_{i}"),
    (YHAT[I], None, r"\hat{y}_{i}", "yhat_{i}"),
    (F[I], None, "f_{i}", "f_{i}"),
    (DELTA[I, Integer(6)], None, r"\varepsilon_{i,6}", "eps_{i,6}"),
    (W[Integer(1), Integer(4)], "0", r"\hat{w}^{0}_{1,4}", "w_{1,4}"),
    (W[Integer(8), Integer(9)], "1", r"\hat{w}^{1}_{8,F}", "w_{8,F}"),
    (THETA[Integer(9)], "0", r"\hat{\Theta}^{0}_{F}", "Theta_{F}"),
    (E[I, Integer(9)], "0", "e^{0}_{i,F}", "e_{i,F}"),
    (S[I, Integer(7)], "0", "s^{0}_{i,7}", "s_{i,7}"),
    (YHAT[I], "0", r"\hat{y}^{0}_{i}", "yhat_{i}"),
]

LAYER_TABLE = [  # 4-3-3-1: inputs 1-4, layer 1 = 5-7, layer 2 = 8-10, output 11
    (W[Integer(2), Integer(5)], "in-out", "W^{(1)}_{2,1}", "W^{(1)}_{2,1}"),
    (W[Integer(2), Integer(5)], "out-in", "W^{(1)}_{1,2}", "W^{(1)}_{1,2}"),
    (W[Integer(10), Integer(11)], "in-out", "W^{(3)}_{3,1}", "W^{(3)}_{3,1}"),
    (THETA[Integer(6)], "in-out", "b^{(1)}_{2}", "b^{(1)}_{2}"),
    (E[I, Integer(9)], "in-out", "z^{2}_{i,2}", "z^{2}_{i,2}"),
    (S[I, Integer(9)], "in-out", "a^{2}_{i,2}", "a^{2}_{i,2}"),
    (DELTA[I, Integer(11)], "in-out", r"\delta^{3}_{i,1}", "delta^{3}_{i,1}"),
    (X[I, Integer(3)], "in-out", "x_{i,3}", "x_{i,3}"),
    (YHAT[I], "in-out", r"\hat{y}_{i}", "yhat_{i}"),
]


@pytest.mark.parametrize("symbol, iteration, expected_latex, expected_text", NEURON_TABLE)
def test_neuron_notation_spellings(symbol, iteration, expected_latex, expected_text):
    model = derive(DEFAULT).model
    assert latex(symbol, Namer(model, "neurons", iteration=iteration)) == expected_latex
    assert text(symbol, Namer(model, "neurons")) == expected_text


@pytest.mark.parametrize("symbol, layout, expected_latex, expected_text", LAYER_TABLE)
def test_layer_notation_spellings(symbol, layout, expected_latex, expected_text):
    model = derive(resolve("4-3-3-1", notation="layers")).model
    namer = Namer(model, "layers", layout=layout)
    assert latex(symbol, namer) == expected_latex
    assert text(symbol, namer) == expected_text


@pytest.mark.parametrize("notation, objective, objective_i, rate, g, g_prime", [
    ("neurons", "J", "J_{i}", r"\delta", "g", "g'"),
    ("layers", "C", "C_{i}", r"\alpha", r"\sigma", r"\sigma'"),
])
def test_notation_words(notation, objective, objective_i, rate, g, g_prime):
    model = derive(resolve("3-2-3-1", notation=notation)).model
    namer = Namer(model, notation)
    assert latex(OBJECTIVE, namer) == objective
    assert latex(LOSS_I, namer) == objective_i
    assert namer.notation.rate.latex == rate
    assert namer.activation(1, False, "latex") == g
    assert namer.activation(1, True, "latex") == g_prime


def test_matrix_symbols_follow_the_layer_notation():
    from symback.report.matrix import SYMBOLS
    symbols = SYMBOLS["layers"]
    assert [template.format(l=2) for template in (symbols.weight, symbols.bias, symbols.pre, symbols.act,
                                                 symbols.error)] == \
        ["W^{(2)}", "b^{(2)}", "z^{2}_{i}", "a^{2}_{i}", r"\delta^{2}_{i}"]
    assert (symbols.objective, symbols.rate) == ("C", r"\alpha")


# -- counting the equalities a document displays -------------------------------------------------
def _strip_groups(text: str, command: str) -> str:
    """Remove ``\\command{...}`` (balanced braces) from ``text``."""
    out, index = [], 0
    while True:
        start = text.find(command + "{", index)
        if start < 0:
            return "".join(out) + text[index:]
        out.append(text[index:start])
        depth, cursor = 0, start + len(command)
        while True:
            depth += {"{": 1, "}": -1}.get(text[cursor], 0)
            cursor += 1
            if depth == 0:
                break
        index = cursor


def count_relations(math: str) -> int:
    """'=' signs at the top level of display math: not in braces (Σ bounds, :=) nor inside
    \\left...\\right (Iverson brackets), and not in rule names."""
    for command in (r"\tag*", r"\text"):
        math = _strip_groups(math, command)
    count, braces, delimiters, index = 0, 0, 0, 0
    while index < len(math):
        if math.startswith(r"\left", index) and not math.startswith(r"\left.", index):
            delimiters += 1
        elif math.startswith(r"\right", index) and not math.startswith(r"\right.", index):
            delimiters -= 1
        char = math[index]
        braces += {"{": 1, "}": -1}.get(char, 0)
        if char == "=" and braces == 0 and delimiters == 0:
            count += 1
        index += 1
    return count


def displayed_in_latex(tex: str) -> int:
    return sum(count_relations(block) for block in re.findall(r"\\begin\{align\*\}(.*?)\\end\{align\*\}", tex, re.S))


def displayed_in_markdown(md: str) -> int:
    return sum(count_relations(block) for block in re.findall(r"\$\$(.*?)\$\$", md, re.S))


@pytest.fixture(scope="module")
def handout_reports():
    return dict(zip(LANGUAGES, build_reports(DEFAULT, LANGUAGES)))


def test_every_displayed_equality_is_checked(handout_reports):
    report = handout_reports["en"]
    tex, md = render_latex(report), render_markdown(report)
    verification = report.verification
    assert verification.method == "symbolic"
    assert displayed_in_latex(tex) == verification.equalities == displayed_in_markdown(md)
    assert verification.checks >= verification.equalities
    closing = re.search(r"Each of the (\d+) equalities in this document was proved symbolically", tex)
    assert closing and int(closing.group(1)) == verification.equalities


def test_portuguese_closing_line_and_same_mathematics(handout_reports):
    en, pt = render_latex(handout_reports["en"]), render_latex(handout_reports["pt"])
    count = handout_reports["pt"].verification.equalities
    assert f"Cada uma das {count} igualdades deste documento foi provada simbolicamente" in pt
    assert _mathematics(en) == _mathematics(pt)


def _mathematics(tex: str) -> list[str]:
    """The displays without rule names and line breaks (which follow the rule names' length)."""
    breaks = re.compile(r"\\\\\*?|&|\\quad|\\left\.|\\right\.|\{\}|\\cdot|\s")
    return [breaks.sub("", _strip_groups(block, r"\tag*"))
            for block in re.findall(r"\\begin\{align\*\}(.*?)\\end\{align\*\}", tex, re.S)]


@pytest.mark.parametrize("spec, activation, loss, notation", [
    ("3-4-3", "tanh,softmax", "cce", "layers"),
    ("2-3-2", "relu,sigmoid", "bce", "neurons"),
])
def test_counts_match_on_other_networks(spec, activation, loss, notation):
    report = build_report(resolve(spec, activation, loss, notation), "pt", method="numeric")
    assert displayed_in_latex(render_latex(report)) == report.verification.equalities
    assert f"Cada uma das {report.verification.equalities} igualdades" in render_latex(report)


def test_a_wrong_equality_is_refused_by_both_methods():
    derivation = derive(DEFAULT)
    model = derivation.model
    j = model.index_for(1, "j")
    for method in ("symbolic", "numeric"):
        ledger = Ledger(derivation, method)
        ledger.claim("right", model.e(j), model.e_definition(j))
        ledger.claim("wrong", model.e(j), model.e_definition(j) - THETA[j])
        with pytest.raises(ProofError, match="'wrong' for j = 4"):
            ledger.verify()


def test_a_failed_check_writes_nothing(tmp_path, monkeypatch, capsys):
    original = Prover.equal

    def fail_updates(self, left, right, rule=None):
        if isinstance(left, sympy.Basic) and left.has(OBJECTIVE) and not right.has(OBJECTIVE):
            return False, "forced failure"
        return original(self, left, right, rule)

    monkeypatch.setattr(Prover, "equal", fail_updates)
    out = tmp_path / "out"
    assert main(["report", "3-2-1", "--out", str(out), "--format", "tex,md"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "did not check out" in error and "forced failure" in error
    assert not out.exists() or not any(out.iterdir())


# -- escaping --------------------------------------------------------------------------------
def test_latex_escaping_of_every_special_character():
    assert escape_latex(r"a_b % & # $ { } \ ^ ~") == \
        r"a\_b \% \& \# \$ \{ \} \textbackslash{} \textasciicircum{} \textasciitilde{}"
    assert escape_latex(r"\input{x}") == r"\textbackslash{}input\{x\}"
    assert escape_latex("Retropropagação") == "Retropropagação"


def test_markdown_escaping():
    assert escape_markdown("# *x* _y_ $z$") == r"\# \*x\* \_y\_ \$z\$"
    assert escape_markdown("- item") == r"\- item"


@pytest.mark.parametrize("title", ["emoji \U0001F600", "tab\there", "中文"])
def test_titles_pdflatex_cannot_set_are_refused(title):
    with pytest.raises(SpecError, match="title: character"):
        escape_latex(title)


# -- messages --------------------------------------------------------------------------------
def test_both_languages_have_every_message_and_rule():
    assert set(TABLES["en"]) == set(TABLES["pt"])
    assert set(RULES["en"]) == set(RULES["pt"])
    from symback import derive as derive_module
    keys = {value for name, value in vars(derive_module).items() if name.isupper() and isinstance(value, str)
            and "-" in value}
    assert keys <= set(RULES["en"])
    for lang in LANGUAGES:
        for notation in ("neurons", "layers"):
            Messages(lang, notation).rule("chain-rule")


# -- figure ----------------------------------------------------------------------------------
def test_figure_labels_and_no_overlap():
    model = derive(DEFAULT).model
    figure = network_figure(model, Namer(model, "neurons"), ["a", "b", "c", "d"])
    labels = [node.label for node in figure.nodes]
    assert labels == ["1", "2", "3", "4", "5", "6", "7", "8", "F"]
    assert [edge.label for edge in figure.edges if edge.label] == ["w_{1,4}", "w_{4,6}", "w_{6,F}"]
    big = derive(resolve("8-8-8-8-8-8")).model
    nodes = network_figure(big, Namer(big, "neurons"), ["x"] * 6).nodes
    points = [(float(n.x), float(n.y)) for n in nodes]
    closest = min(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5
                  for index, a in enumerate(points) for b in points[index + 1:])
    assert closest >= 1.1  # circles are 1.0 cm across
    huge = derive(resolve("784-20-3")).model
    figure = network_figure(huge, Namer(huge, "neurons"), ["x"] * 3)
    assert figure.ellipsis and sum(1 for node in figure.nodes if node.x == "0.00") <= MAX_DRAWN


def test_a_deep_network_is_drawn_with_its_middle_layers_left_out():
    """12 layers: inputs, hidden 1-2, a ⋯ column, hidden 10-11 and the output; every drawn
    edge joins neighbouring columns, the ⋯ column joined to both sides."""
    deep = derive(resolve("-".join(["2"] * 12 + ["1"]))).model
    columns = [f"c{layer}" for layer in range(13)]
    figure = network_figure(deep, Namer(deep, "neurons"), columns)
    assert figure.hidden_layers == (3, 9)
    assert [caption.text for caption in figure.captions] == ["c0", "c1", "c2", r"\ldots", "c10", "c11", "c12"]
    xs = sorted({float(node.x) for node in figure.nodes})
    assert len(xs) == 7 and xs[-1] <= 12.5
    column_of = {node.name: xs.index(float(node.x)) for node in figure.nodes}
    assert all(column_of[edge.target] == column_of[edge.source] + 1 for edge in figure.edges)
    assert {column_of[edge.source] for edge in figure.edges if edge.target == "gap"} == {2}
    assert {column_of[edge.target] for edge in figure.edges if edge.source == "gap"} == {4}
    shallow = derive(resolve("2-2-2-2-2-2-2-1")).model   # 8 columns: all drawn
    assert network_figure(shallow, Namer(shallow, "neurons"), ["x"] * 8).hidden_layers is None


# -- notebooks -------------------------------------------------------------------------------
def test_repr_latex():
    derivation = derive(DEFAULT)
    shown = derivation_repr_latex(derivation)
    assert shown.startswith("$$") and shown.endswith("$$") and r"\frac{\partial J}{\partial \Theta_{F}}" in shown
    gradient = next(iter(derivation.gradients()))
    assert gradient_repr_latex(gradient, derivation.model).startswith(r"$\displaystyle \frac{\partial J}")


# -- CLI ------------------------------------------------------------------------------------
def _one_line_error(capsys, *argv) -> str:
    assert main(list(argv)) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1, captured.err
    return captured.err


def test_cli_bad_input(tmp_path, capsys):
    a_file = tmp_path / "file"
    a_file.write_text("x")
    assert "is a file" in _one_line_error(capsys, "report", "3-1", "--out", str(a_file))
    assert "--lang" in _one_line_error(capsys, "report", "3-1", "--out", str(tmp_path), "--lang", "de")
    assert "--format" in _one_line_error(capsys, "report", "3-1", "--out", str(tmp_path), "--format", "tex,docx")
    assert "--check" in _one_line_error(capsys, "report", "3-1", "--out", str(tmp_path), "--check", "maybe")


def test_cli_pdf_without_tex_writes_nothing(tmp_path, monkeypatch, capsys):
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    out = tmp_path / "out"
    error = _one_line_error(capsys, "report", "2-1", "--out", str(out), "--format", "tex,pdf")
    assert "pdflatex was not found" in error and "nothing was written" in error
    assert list(out.iterdir()) == []


def test_cli_writes_tex_and_markdown(tmp_path, capsys):
    assert main(["report", "2-2-1", "--out", str(tmp_path), "--lang", "pt", "--notation", "layers"]) == 0
    assert "equalities verified symbolically" in capsys.readouterr().out
    tex = (tmp_path / "report.tex").read_text()
    md = (tmp_path / "report.md").read_text()
    assert tex.startswith("% Generated by symback") and r"\documentclass" in tex
    assert "\\ref" not in md and md.count("$$") % 2 == 0


def test_big_network_report_is_proved_symbolically(tmp_path):
    """784-128-64-10: every displayed equality proved symbolically (its time is measured in
    benchmarks/bench_proof.py, not here)."""
    command = [sys.executable, "-m", "symback.cli", "report", "784-128-64-10", "--activation",
               "sigmoid,sigmoid,softmax", "--loss", "cce", "--format", "tex", "--out", str(tmp_path)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    tex = (tmp_path / "report.tex").read_text()
    assert re.search(r"proved symbolically with SymPy, for every value of its free indices", tex)
    assert r"\vdots" in tex
    assert displayed_in_latex(tex) == int(re.search(r"Each of the (\d+) equalities", tex).group(1))
