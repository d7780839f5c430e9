"""The derivative of a user's activation as a short chain: every link true, the end SymPy's
derivative, a wrong link caught, and the report showing the chain in both languages and
notations. Values are compared with SymPy's own 60-digit evalf, independent of the step
generator, of symback's real-line proof and of its mpmath evaluator."""

from __future__ import annotations

import dataclasses

import pytest
import sympy

from symback import Architecture, derive, prove
from symback.activation_steps import (CHAIN, CONSTANT_FACTOR, DEFINITION, ELEMENTARY, EXPONENTIAL, PARTS, POWER,
                                      PRODUCT, QUOTIENT, SIMPLIFY, SUM, derivative_steps)
from symback.errors import ProofError, SpecError
from symback.formula import Z, CustomActivation, custom_activation, parse_formula
from report_helpers import assert_clean, compile_tex

from symback.report import build_report, render_latex, render_markdown
from symback.report.activation import check_link

FORMULAS = [  # formula, the rule at the top of its tree
    ("z / (1 + abs(z))", QUOTIENT),
    ("z * sigmoid(z)", PRODUCT),
    ("log(1 + exp(z))", CHAIN),
    ("tanh(z)^2", POWER),
    ("sqrt(1 + z^2) - 1", SUM),
    ("max(0, z)^2", POWER),
    ("exp(-z^2)", CHAIN),
    ("3 * z * exp(z)", CONSTANT_FACTOR),
    ("2^z", EXPONENTIAL),
    ("abs(z)", ELEMENTARY),
    ("1 / (1 + exp(-z))", QUOTIENT),
    ("z / (1 + z^2)", QUOTIENT),
    ("exp(1) * z", CONSTANT_FACTOR),  # a constant that is not a number: e
]
# Both sides of 0 (where |z|, sign z, [z > 0] and max(0, z) have their kink), never 0 itself.
POINTS = [sympy.Rational(p) for p in ("-7/3", "-1", "-3/10", "1/7", "4/5", "5/2")]
DIGITS = 60


def _value(expr, point):
    """expr at z = point, SymPy's own 60-digit evaluation (d/dz parts evaluated first)."""
    value = sympy.sympify(expr).doit().subs(Z, point).evalf(DIGITS)
    assert value.is_real, (expr, point, value)
    return value


def _agree(left, right) -> bool:
    for point in POINTS:
        a, b = _value(left, point), _value(right, point)
        if abs(a - b) > sympy.Float(10, DIGITS) ** (10 - DIGITS) * max(1, abs(a)):
            return False
    return True


@pytest.mark.parametrize("formula, top", FORMULAS, ids=[f for f, _ in FORMULAS])
def test_every_link_holds_and_the_chain_ends_at_sympys_derivative(formula, top):
    form = parse_formula(formula, "test")
    steps = derivative_steps(form, Z)
    assert 2 <= len(steps) <= 4  # a short chain
    assert steps[0].rule == DEFINITION and steps[0].expr == sympy.Derivative(form, Z)
    assert steps[1].rule == top
    assert all(step.rule in (SUM, CONSTANT_FACTOR, PRODUCT, QUOTIENT, POWER, EXPONENTIAL, CHAIN, ELEMENTARY,
                             PARTS, SIMPLIFY) for step in steps[1:])
    assert not steps[-1].expr.has(sympy.Derivative)
    assert _agree(steps[-1].expr, sympy.diff(form, Z))
    for before, after in zip(steps, steps[1:]):
        assert _agree(before.expr, after.expr), (before, after)
        assert check_link("link", before.expr, after.expr, Z).ok
    for left, right in (pair for step in steps for pair in step.identities):
        assert _agree(left, right)


@pytest.mark.parametrize("formula", [f for f, _ in FORMULAS])
def test_the_activations_derivative_is_the_end_of_the_chain(formula):
    """One fact: the g' the derivation, the proof and the generated code use is the chain's end."""
    entry = custom_activation(CustomActivation("mine", formula), "test")
    assert entry.sympy_derivative(Z) == derivative_steps(entry.formula, Z)[-1].expr


@pytest.mark.parametrize("formula", [f for f, _ in FORMULAS])
def test_a_link_with_a_wrong_sign_is_caught(formula):
    form = parse_formula(formula, "test")
    steps = derivative_steps(form, Z)
    for before, after in zip(steps, steps[1:]):
        wrong = -after.expr if after.expr != 0 else sympy.Integer(1)
        assert not _agree(before.expr, wrong)  # the mutation is a real error
        check = check_link("mutated", before.expr, wrong, Z)
        assert not check.ok and check.method == "numeric" and "differ at" in check.detail


@pytest.mark.parametrize("formula, expected", [
    ("z / (1 + abs(z))", (1 + sympy.Abs(Z)) ** -2),
    ("max(0, z)^2", 2 * parse_formula("max(0, z)", "test")),
    ("3 * z * exp(z)", sympy.Mul(3, Z + 1, sympy.exp(Z), evaluate=False)),
])
def test_simplification_reaches_the_handouts_form(formula, expected):
    steps = derivative_steps(parse_formula(formula, "test"), Z)
    assert steps[-1].rule == SIMPLIFY and steps[-1].expr == expected


def _arch(formula, notation, name="softsign", latex=r"\operatorname{softsign}"):
    return Architecture(inputs=2, layers=((2, name), (1, "sigmoid")), loss="sse", notation=notation,
                        custom_activations=(CustomActivation(name, formula, latex),))


@pytest.mark.parametrize("notation, lang, variable, rule", [
    ("neurons", "en", "e", "quotient rule"),
    ("layers", "pt", "z", "regra do quociente"),
])
def test_the_report_shows_the_chain(notation, lang, variable, rule, monkeypatch):
    report = build_report(_arch("z / (1 + abs(z))", notation), lang)
    md = render_markdown(report)
    v, absolute = variable, rf"\left|{{{variable}}}\right|"
    assert rf"\operatorname{{softsign}}\left({v}\right) &= \frac{{{v}}}{{1 + {absolute}}}" in md
    assert rf"\operatorname{{softsign}}'\left({v}\right) &= \frac{{d}}{{d {v}}} \left(\frac{{{v}}}{{1 + {absolute}}}\right)" in md
    assert rf"({rule})" in md
    assert rf"&= \frac{{1}}{{\left(1 + {absolute}\right)^{{2}}}}" in md
    # the chain's four links and the identity it used are counted with the report's equalities
    monkeypatch.setattr("symback.report.sections.custom_activation_blocks", lambda ctx: [])
    assert report.verification.equalities == build_report(_arch("z / (1 + abs(z))", notation),
                                                          lang).verification.equalities + 5


def test_a_wrong_link_stops_the_report(monkeypatch):
    """A step generator that wrote a wrong sign: the ledger refuses the report."""
    import symback.report.activation as activation

    def mutated(form, variable):
        steps = derivative_steps(form, variable)
        return steps[:2] + (dataclasses.replace(steps[2], expr=-steps[2].expr),) + steps[3:]

    monkeypatch.setattr(activation, "derivative_steps", mutated)
    with pytest.raises(ProofError, match="derivative of the activation softsign, step 3"):
        build_report(_arch("z / (1 + abs(z))", "neurons"), "en")


def test_unsafe_latex_name_is_not_typeset():
    md = render_markdown(build_report(_arch("tanh(z)^2", "layers", "my_act", r"\input{/etc/hostname}"), "en"))
    assert r"\input" not in md and r"\operatorname{my\_act}'\left(z\right)" in md


@pytest.mark.parametrize("customs, notation, lang", [
    ((("softsign", "z / (1 + abs(z))"), ("bump", "exp(-z^2)")), "neurons", "en"),
    ((("square_relu", "max(0, z)^2"), ("smooth", "z * sigmoid(z)")), "layers", "pt"),
])
def test_the_report_compiles_with_every_chain(customs, notation, lang, tmp_path):
    arch = Architecture(inputs=2, layers=((3, customs[0][0]), (2, customs[1][0]), (1, "sigmoid")), loss="sse",
                        notation=notation, custom_activations=tuple(CustomActivation(n, f) for n, f in customs))
    report = build_report(arch, lang)
    assert_clean(compile_tex(render_latex(report), tmp_path))
    md = render_markdown(report)
    for name, _ in customs:
        assert md.count(rf"\operatorname{{{name.replace('_', chr(92) + '_')}}}'\left(") == 1


def test_a_formula_with_a_complex_constant_is_refused_in_one_line():
    """log(-2) = log 2 + iπ: not a real activation (the 60-digit check evaluates constants)."""
    with pytest.raises(SpecError, match=r"activations.a.formula: the value of .* is not a finite real number"):
        custom_activation(CustomActivation("a", "log(0 - 2) * z"), "activations.a.formula")


@pytest.mark.parametrize("method", ["symbolic", "expanded", "numeric"])
@pytest.mark.parametrize("formula", ["max(0, z)^2", "z * sigmoid(z)", "3 * z * exp(z)"])
def test_the_simplified_derivative_passes_every_proof_method(formula, method):
    """The derivation writes g' as the chain's simplified end; the expanded method compares it
    with SymPy's derivative of the nested network, the numeric one at 60-digit points."""
    arch = Architecture(inputs=2, layers=((2, "mine"), (1, "sigmoid")), loss="sse",
                        custom_activations=(CustomActivation("mine", formula),))
    report = prove(derive(arch), method)
    assert report.ok and len(report.checks) > 20
