"""How reports are laid out (issue 11, point 4): long equations break after or before an
operator, continuation lines sit under the right-hand side and start with their operator, no
line holds only closing brackets, a step never splits across pages, nothing is wider than the
page; targets are indexed by output position; and freshly built reports still verify.

Compiling fails (never skips) without pdflatex."""

from __future__ import annotations

import collections
import re
from pathlib import Path

import pytest
from report_helpers import assert_clean, compile_tex, display_rows, stated_equalities, verify_report

from symback.derive import derive
from symback.printing.breaking import Breaker
from symback.printing.layout import written_chain
from symback.notation import Namer
from symback.report import build_report, render_latex, render_markdown
from symback.spec import resolve
from symback.verify import Context

GENERATED = Path(__file__).resolve().parent.parent / "generated"

# The networks of issue 11 that broke badly, every activation, depths 1 to 5, softmax, both
# notations and languages. The numeric check keeps this fast; the layout is the same.
LAYOUT = [
    ("3-5-4-2-1", "relu,tanh,sigmoid,linear", "mse", "neurons", "en"),
    ("3-5-4-2-1", "relu,tanh,sigmoid,linear", "mse", "layers", "pt"),
    ("2-3-2", "tanh,softmax", "cce", "layers", "en"),
    ("2-3-3-3-3-1", "leaky_relu,elu,softplus,silu,sigmoid", "bce", "layers", "en"),
    ("4-3-3", "sigmoid,softmax", "cce", "neurons", "pt"),
    ("2-1", "sigmoid", "bce", "neurons", "pt"),
]
IDS = [f"{spec} {activation} {notation} {lang}" for spec, activation, _, notation, lang in LAYOUT]
CONTINUATION = re.compile(r"^&\s*\\quad\s")


@pytest.fixture(scope="module")
def reports():
    built = {}
    for name, (spec, activation, loss, notation, lang) in zip(IDS, LAYOUT):
        built[name] = build_report(resolve(spec, activation, loss, notation, "in-out"), lang, method="numeric")
    return built


@pytest.mark.parametrize("name", IDS)
def test_no_overfull_box(name, reports, tmp_path):
    assert_clean(compile_tex(render_latex(reports[name]), tmp_path))


def _continuations(tex: str) -> list[str]:
    """Every continuation line's content (after its indent and the \\left. reopening it)."""
    lines = []
    for rows in display_rows(tex):
        for row in rows:
            if CONTINUATION.match(row):
                lines.append(CONTINUATION.sub("", row))
    return lines


@pytest.mark.parametrize("name", IDS)
def test_continuation_lines_start_with_their_operator(name, reports):
    lines = _continuations(render_latex(reports[name]))
    assert lines or name.startswith("2-1 "), "these reports have long equations"
    assert all(re.match(r"(\+|-|\\cdot)\s", line) for line in lines), \
        [line[:60] for line in lines if not re.match(r"(\+|-|\\cdot)\s", line)][:5]


@pytest.mark.parametrize("name", IDS)
def test_no_line_holds_only_closing_brackets(name, reports):
    for rows in display_rows(render_latex(reports[name])):
        for row in rows:
            right = re.sub(r"\\tag\*\{.*\}$", "", row.split("&", 1)[-1])
            content = re.sub(r"\\left\.|\\right[.)\]]|\\right\\\}|\\quad|[\s)\]{}]|\\cdot|[=+-]", "", right)
            assert content, row


@pytest.mark.parametrize("name", IDS)
def test_a_step_never_breaks_across_pages(name, reports):
    """Continuation lines are joined to the line before with \\\\* (no page break there); only
    a display taller than a page allows breaks at all, between its steps."""
    tex = render_latex(reports[name])
    assert r"\allowdisplaybreaks[" not in tex
    for block in re.findall(r"\\begin\{align\*\}(.*?)\\end\{align\*\}", tex, re.S):
        for mark, next_row in re.findall(r"(\\\\\*?)[ \t]*\n\s*(.*)", block):
            assert (mark == r"\\*") == bool(CONTINUATION.match(next_row)), (mark, next_row[:60])


def test_targets_are_indexed_by_output_position(reports):
    neurons = reports[IDS[4]]  # 4-3-3: output neurons 8, 9, 10
    for text in (render_latex(neurons), render_markdown(neurons)):
        assert "y_{i,1}, y_{i,2}, y_{i,3}" in text and r"\hat{y}_{i,1} = s_{i,8}" in text
        assert not re.search(r"y(\^\{0\})?_\{i,(8|9|10)\}", text)
    layers = render_latex(reports[IDS[2]])
    assert "y_{i,1}, y_{i,2}" in layers and not re.search(r"y_\{i,[3-9]\}", layers)


# -- the breaker on its own: breaking never changes what is printed ----------------------------
NETWORKS = [("3-5-4-2-1", "relu,tanh,sigmoid,linear", "mse", "neurons"),
            ("2-3-2", "tanh,softmax", "cce", "layers"),
            ("2-3-3-1", "silu,elu,sigmoid", "bce", "layers")]


def _chain_expressions(spec, activation, loss, notation):
    derivation = derive(resolve(spec, activation, loss, notation, "in-out"))
    namer = Namer(derivation.model, notation, iteration="0")
    for group in derivation.groups:
        for chain in (group.prediction_chain, group.objective_chain, group.delta_chain):
            yield from ((namer, expr) for expr in written_chain([chain.lhs] + [s.expr for s in chain.steps]))


def _content(latex: str) -> collections.Counter:
    """The characters printed, without line-break marks: a long fraction's coefficient may be
    written before its long factor (a/n · (...)), needing a pair of parentheses less; so
    neither the order nor parentheses are compared."""
    return collections.Counter(re.sub(r"\\left[.(]|\\right[.)]|\{\}|\\cdot|\s", "", latex))


@pytest.mark.parametrize("network", NETWORKS, ids=[n[0] for n in NETWORKS])
@pytest.mark.parametrize("width, first", [(50.0, 50.0), (40.0, 20.0), (30.0, 12.0)])
def test_breaking_keeps_every_symbol_and_balances_every_line(network, width, first):
    for namer, expr in _chain_expressions(*network):
        breaker = Breaker(namer, width)
        lines = breaker.display_lines(expr, width, first)
        assert _content(" ".join(lines)) == _content(breaker.latex(expr)), lines
        for line in lines:
            assert line.count(r"\left") == line.count(r"\right"), line
        for line in lines[1:]:
            assert re.match(r"(\+|-|\\cdot)\s", line), lines


# -- the round trip on freshly built reports --------------------------------------------------
@pytest.mark.parametrize("handout, lang", [("handout-004", "en"), ("handout-000", "pt")])
def test_every_equation_of_a_fresh_report_verifies(handout, lang):
    """tests/test_roundtrip_reports.py reads the committed reports; the layout of this branch
    must verify too before generated/ is rebuilt."""
    arch = resolve(str(GENERATED / handout / "spec.toml"), None, None, None, None)
    derivation = derive(arch)
    source = render_latex(build_report(arch, lang, derivation=derivation))
    problems, equalities, _ = verify_report(source, Context.create(arch, derivation))
    assert not problems, problems[:3]
    assert equalities == stated_equalities(source)


def test_targets_by_output_position_read_back_by_verify():
    """Every display of a three-output report in the neuron notation that writes a target
    (y_{i,1}, y_{i,2}, y_{i,3}, or y_{i,j} for an output neuron j) verifies as correct."""
    arch = resolve("4-3-3", "sigmoid,softmax", "cce", "neurons", "in-out")
    derivation = derive(arch)
    source = render_latex(build_report(arch, "en", derivation=derivation))
    problems, equalities, _ = verify_report(source, Context.create(arch, derivation),
                                            keep=lambda text: "y_{i," in text and r"\mathbf" not in text)
    assert equalities > 20 and not problems, problems[:3]


# -- point 1: the update rules use the specific form, the rules are named ----------------------
def _update_displays(tex: str) -> list[str]:
    """The update-rule displays of Section 4 (the display after each "Update rule:")."""
    return re.findall(r"(?:Update rule|Regra de atualização):\s*\\begin\{align\*\}(.*?)\\end\{align\*\}", tex, re.S)


@pytest.mark.parametrize("name", IDS)
def test_update_rules_use_the_specific_derivatives(name, reports):
    tex = render_latex(reports[name])
    updates = _update_displays(tex)
    assert updates and not any(re.search(r"g'|\\sigma'", update) for update in updates), updates[:1]


@pytest.mark.parametrize("name, combined", [(IDS[2], "softmax and cross-entropy combined"),
                                            (IDS[4], "softmax e entropia cruzada combinadas"),
                                            (IDS[5], "sigmoide e entropia cruzada combinadas")])
def test_canonical_output_error_inside_the_derivation_and_in_the_update(name, combined, reports):
    tex = render_latex(reports[name])
    derivation = tex[tex.index(r"\label{sec:derivation}"):tex.index(r"\label{sec:errors}")]
    assert combined in derivation
    for update in _update_displays(tex):
        assert re.search(r"\\hat\{y\}(\^\{0\})?_\{i(,\w+)?\} - y_\{i(,\w+)?\}", update), update[:200]
        assert "log" not in update and r"\exp" not in update


def test_the_specific_step_names_its_activations(reports):
    tex = render_latex(reports[IDS[0]])  # relu, tanh, sigmoid, linear
    assert "derivative of the identity" in tex and "derivatives of the sigmoid and the identity" in tex
    pt = render_latex(reports[IDS[1]])
    assert "derivada da identidade" in pt


@pytest.mark.parametrize("name, definition", [(IDS[0], r"Here $[e > 0]$ is 1 when"),
                                              (IDS[1], r"Aqui $[z > 0]$ vale 1 quando"),
                                              (IDS[3], r"Here $[z > 0]$ is 1 when")])
def test_the_step_bracket_is_defined_once_right_after_its_first_display(name, definition, reports):
    tex = render_latex(reports[name])
    assert tex.count(definition) == 1
    first_use = re.search(r"\\left\[[ez]\^\{[^}]*\}_\{[^}]*\} > 0\\right\]|\\left\[[ez]_\{[^}]*\} > 0\\right\]", tex).start()
    assert tex.index(r"\end{align*}", first_use) < tex.index(definition) < tex.index(r"\begin{align*}", first_use)


def test_the_logistic_function_has_its_own_name_in_the_layer_notation(reports):
    tex = render_latex(reports[IDS[3]])  # softplus' and silu' are written with the logistic function
    assert r"\operatorname{sigmoid}\left(" in tex and tex.count(r"$\operatorname{sigmoid}(x) = 1/(1 + \exp(-x))$") == 1
    assert not re.search(r"\\sigma\\left\(", tex)  # σ alone is a layer's activation here
