"""The formula reader: accepted spellings -> the model's SymPy objects; unreadable input ->
column, token and what was expected; display math of .tex files; ranges after a formula."""

import pytest
import sympy
from sympy import Integer, KroneckerDelta

from symback.derive import LOSS_I, OBJECTIVE
from symback.model import DELTA, E, F, N_OBS, OBS, S, THETA, W, X, Y, YHAT, Model, Partial
from symback.spec import resolve
from symback.verify.build.builder import Builder
from symback.verify.build.values import RATE
from symback.notation import NOTATIONS
from symback.verify.read import read
from symback.verify.read.qualifier import split
from symback.verify.read.texfile import display_formulas
from symback.verify.verdict import Unreadable

NEURONS = Model(resolve("3-2-3-1"))
LAYERS = Model(resolve("3-2-3-1", notation="layers"))


def parse(text, notation, layout):
    return read(text, NOTATIONS[notation], layout)


def value(text, env=None, model=NEURONS, notation="neurons", layout="in-out"):
    formula = parse(text, notation, layout)
    return Builder(model, NOTATIONS[notation], layout).build(formula.sides[0], env or {})


def e(j):
    return E[OBS, Integer(j)]


g, gp = NEURONS.g, NEURONS.g_prime
NEURON_SPELLINGS = [
    (r"\hat{w}^0_{jF}", {"j": 6}, W[6, 9]),
    (r"w_{jF}", {"j": 7}, W[7, 9]),
    (r"w_{j,F}", {"j": 8}, W[8, 9]),
    (r"w_{14}", {}, W[1, 4]),
    (r"\hat{w}_{1,4}^{0}", {}, W[1, 4]),
    (r"\hat\Theta_j^0", {"j": 4}, THETA[4]),
    (r"\hat{\Theta}^{0}_{F}", {}, THETA[9]),
    (r"\Theta_{F}", {}, THETA[9]),
    (r"e^0_{i,F}", {}, e(9)),
    (r"e_{iF}", {}, e(9)),
    (r"e_{i6}", {}, e(6)),
    (r"s_{i,4}", {}, S[OBS, 4]),
    (r"s^0_{i,1}", {}, X[OBS, 1]),
    (r"x_{i,2}", {}, X[OBS, 2]),
    (r"\hat{y}_i^0", {}, YHAT[OBS]),
    (r"y_i", {}, Y[OBS]),
    (r"f_i\left(\mathbf{\hat{w}}^0, \mathbf{\hat\Theta}^0\right)", {}, F[OBS]),
    (r"\varepsilon_{i,j}", {"j": 6}, DELTA[OBS, 6]),
    (r"g'\left(e_{i,4}\right)", {}, gp[1](e(4))),
    (r"g(e_{i,F})", {}, g[3](e(9))),
    (r"g'_{2}(e_{i,6})", {}, gp[2](e(6))),
    (r"\left(\hat{y}_i - y_i\right)^{2}", {}, (YHAT[OBS] - Y[OBS]) ** 2),
    (r"\dfrac{1}{2}", {}, sympy.Rational(1, 2)),
    (r"\tfrac12", {}, sympy.Rational(1, 2)),
    (r"0.25", {}, sympy.Rational(1, 4)),
    (r"2 \cdot x_{i,1} \times x_{i,2}", {}, 2 * X[OBS, 1] * X[OBS, 2]),
    (r"x_{i,1}\,x_{i,2}\;x_{i,3}\ x_{i,1}", {}, X[OBS, 1] ** 2 * X[OBS, 2] * X[OBS, 3]),
    (r"e^{-e_{i,4}}", {}, sympy.exp(-e(4))),
    (r"\exp(e_{i,4}) \log(\hat{y}_i)", {}, sympy.exp(e(4)) * sympy.log(YHAT[OBS])),
    (r"\ln \hat{y}_i", {}, sympy.log(YHAT[OBS])),
    (r"\left[j = 5\right]", {"j": 4}, KroneckerDelta(4, 5)),
    (r"\sum_{l=6}^8 w_{lF}", {}, W[6, 9] + W[7, 9] + W[8, 9]),
    (r"\sum_{m=6}^{8} w_{m,F} s_{i,m}", {}, sum(W[m, 9] * S[OBS, m] for m in (6, 7, 8))),
    (r"\sum_{i=1}^n y_i", {}, sympy.Sum(Y[OBS], (OBS, 1, N_OBS))),
    (r"\sum_{i=1}^{n} - \frac{y_i}{n}", {}, sympy.Sum(-Y[OBS] / N_OBS, (OBS, 1, N_OBS))),
    (r"\frac{\partial J}{\partial w_{1,4}}", {}, Partial(OBJECTIVE, W[1, 4])),
    (r"\frac{\partial}{\partial w_{1,4}} g(e_{i,4})", {}, Partial(g[1](e(4)), W[1, 4])),
    (r"\frac{\partial J_{i}}{\partial e_{i,4}}", {}, Partial(LOSS_I, e(4))),
    (r"\frac{\partial J}{\partial e_{i,4}}", {}, Partial(LOSS_I, e(4))),
    (r"\frac{\partial J}{\partial \hat{y}_i}", {}, YHAT[OBS] - Y[OBS]),
    (r"\frac{\partial J}{\partial \hat{w}}(\mathbf{\hat{w}}^0, \mathbf{\hat\Theta}^0)", {"#generic_w": W[1, 4]},
     Partial(OBJECTIVE, W[1, 4])),
    (r"n \delta", {}, N_OBS * RATE),
]


@pytest.mark.parametrize("text,env,expected", NEURON_SPELLINGS, ids=[s[0] for s in NEURON_SPELLINGS])
def test_neuron_notation_spellings(text, env, expected):
    assert value(text, env) == expected


LAYER_SPELLINGS = [
    (r"W^{(2)}_{1,3}", {}, "in-out", W[4, 8]),
    (r"W^{(2)}_{3,1}", {}, "out-in", W[4, 8]),
    (r"w_{ij}^l", {"i": 1, "j": 3, "l": 2}, "in-out", W[4, 8]),
    (r"b^{(1)}_{2}", {}, "in-out", THETA[5]),
    (r"z^{2}_{i,1}", {}, "in-out", e(6)),
    (r"z_1^2", {}, "in-out", e(6)),
    (r"a^{0}_{i,1} a_2^{0}", {}, "in-out", X[OBS, 1] * X[OBS, 2]),
    (r"h^{(1)}_{i,2}", {}, "in-out", S[OBS, 5]),
    (r"\delta^{3}_{i,1}", {}, "in-out", DELTA[OBS, 9]),
    (r"\sigma'(z^1_{i,1})", {}, "in-out", LAYERS.g_prime[1](e(4))),
    (r"z^l", {"l": 1}, "in-out", sympy.Matrix([[e(4)], [e(5)]])),
    (r"\mathbf{a}^{l-1}", {"l": 2}, "in-out", sympy.Matrix([[S[OBS, 4]], [S[OBS, 5]]])),
    (r"(\delta^L)^T", {}, "in-out", sympy.Matrix([[DELTA[OBS, 9]]])),
    (r"\nabla_a C", {}, "in-out", sympy.Matrix([[YHAT[OBS] - Y[OBS]]])),
    (r"x", {}, "in-out", sympy.Matrix([[X[OBS, k]] for k in (1, 2, 3)])),
    (r"W^{T(1)}", {}, "in-out", sympy.Matrix([[W[k, j] for j in (4, 5)] for k in (1, 2, 3)]).T),
    (r"\frac{\partial \mathcal{C}}{\partial b^l}", {"l": 3}, "in-out", sympy.Matrix([[Partial(OBJECTIVE, THETA[9])]])),
]


@pytest.mark.parametrize("text,env,layout,expected", LAYER_SPELLINGS, ids=[s[0] for s in LAYER_SPELLINGS])
def test_layer_notation_spellings(text, env, layout, expected):
    assert value(text, env, LAYERS, "layers", layout) == expected


UNREADABLE = [
    # (text, notation, column, token, words in the message or expected list)
    (r"w_{1,4} = ", "neurons", 10, "the end of the formula", "unexpected"),
    (r"\input{x}", "neurons", 1, "\\input", "\\frac"),
    (r"w_{1,4} = 2 $", "neurons", 13, "$", "cannot read"),
    (r"q_{i} = 1", "neurons", 1, "q", "unknown symbol"),
    (r"W^{(2)}_{1,1} = 1", "neurons", 1, "W", "--notation layers"),
    (r"\frac{\partial J}{w_{1,4}} = 1", "neurons", 1, "\\frac", "derivative"),
    (r"g' = 1", "neurons", 1, "", "argument"),
    (r"\sum_{j} w_{jF} = 1", "neurons", 1, "\\sum", "range"),
    (r"w_{1,2,3} = 1", "neurons", 1, "w_{1,2,3}", "indices"),
    (r"w_{i,4} s_{i,1} = 1", "neurons", 4, "i", "observation"),
    (r"\hat\Theta_6^j = 1", "neurons", 1, "\\hat\\Theta_6^j", "iteration"),
    (r"(w_{1,4}, w_{1,5}) = 1", "neurons", 1, ",", "list"),
    (r"\delta^l = 1", "neurons", 1, "\\delta^l", "learning rate"),
]


@pytest.mark.parametrize("text,notation,column,token,words", UNREADABLE, ids=[u[0] for u in UNREADABLE])
def test_unreadable(text, notation, column, token, words):
    with pytest.raises(Unreadable) as caught:
        formula = parse(text, notation, "in-out")
        Builder(NEURONS, NOTATIONS[notation], "in-out").build(formula.sides[0], {})
    error = caught.value
    assert (error.column, error.token) == (column, token), error.message
    assert words in error.message + " ".join(error.expected)


def test_display_math_of_a_tex_file():
    source = "\n".join([
        r"\documentclass{article}",                          # 1
        r"Inline $a = b$ and \(c = d\) are prose. % \[ x = 1 \]",  # 2
        r"\begin{equation}",                                 # 3
        r"  w_{14} = 1 \label{one} \quad (7)",               # 4
        r"\end{equation}",                                   # 5
        r"\begin{align*}",                                   # 6
        r"  a &= b \\",                                      # 7
        r"    &= c \\[2pt]",                                 # 8
        r"  d &= e",                                         # 9
        r"\end{align*}",                                     # 10
        r"$$ f = g. $$ \[ h = k, \]",                        # 11
        r"\begin{eqnarray} p &=& q \nonumber \end{eqnarray}",  # 12
    ])
    found = [(" ".join(f.text.split()), f.line) for f in display_formulas(source)]
    assert found == [("w_{14} = 1", 4), ("a = b = c", 7), ("d = e", 9), ("f = g", 11), ("h = k", 11),
                     ("p = q", 12)]
    for formula in display_formulas(source):
        assert source[formula.start:formula.start + 1] == formula.text[0]


@pytest.mark.parametrize("text,ranges", [
    (r"a = b \quad (j = 4, 5)", ["j=4,5"]),
    (r"a = b \qquad j = 6, 7, 8", ["j=6,7,8"]),
    (r"a = b, \quad \text{for } j \in \{4, 5\}", ["j=4,5"]),
    (r"a = b \quad (j = 6, 7, 8;\ l = 4, 5)", ["j=6,7,8", "l=4,5"]),
    (r"a = b \quad (1)", []),
    (r"a \quad b = c", []),
])
def test_ranges_after_a_formula(text, ranges):
    body, found = split(text)
    assert found == ranges
    assert len(body) == len(text)


def test_report_line_breaks_and_definitions_in_a_tex_file():
    """symback's reports break long rows (\\right. ... \\left.) and define with \\mathrel{:=}."""
    source = "\n".join([
        r"\begin{align*}",
        r"  a &= g\left(b\right. \tag*{\footnotesize\itshape chain rule} \\",
        r"   & \quad \left.+ c\right) \\",
        r"   &= \frac{\partial}{\partial p} \left(d\right. \\",
        r"   & \quad \left.e\right) \\",
        r"  \hat{w}^{1} &\mathrel{:=} \hat{w}^{0} \\",
        r"  x &= \sum_{i=1}^{n} \begin{bmatrix} u & v \\ y & z \end{bmatrix}",
        r"\end{align*}",
    ])
    found = [" ".join(f.text.split()) for f in display_formulas(source)]
    assert found == [r"a = g\left(b\right. \quad \left.+ c\right) = \frac{\partial}{\partial p} "
                     r"\left(d\right. \quad \left.e\right)",
                     r"\hat{w}^{1} := \hat{w}^{0}",
                     r"x = \sum_{i=1}^{n} \begin{bmatrix} u & v \\ y & z \end{bmatrix}"]


def test_matrices_and_vectors_of_one_observation():
    """bmatrix entries; bold arrays (neurons); x_i, z^l_i as vectors in a formula of vectors (layers)."""
    column = value(r"\begin{bmatrix} \varepsilon_{i,6} \\ \varepsilon_{i,7} \end{bmatrix}")
    assert column == sympy.Matrix([[DELTA[OBS, 6]], [DELTA[OBS, 7]]])
    assert value(r"\begin{pmatrix} 1 & 2 \end{pmatrix}") == sympy.Matrix([[1, 2]])
    assert value(r"\mathbf{W}^{(1)}") == sympy.Matrix([[W[k, j] for j in (4, 5)] for k in (1, 2, 3)])
    assert value(r"\mathbf{e}^{2}_{i}") == sympy.Matrix([[e(6)], [e(7)], [e(8)]])
    assert value(r"\boldsymbol{\Theta}^{(3)}") == sympy.Matrix([[THETA[9]]])
    assert value(r"\mathbf{x}_{i}") == sympy.Matrix([[X[OBS, 1]], [X[OBS, 2]], [X[OBS, 3]]])
    formula = parse(r"z^{1}_{i} = (W^{(1)})^{T} x_{i} + b^{(1)}", "layers", "in-out")
    built = Builder(LAYERS, NOTATIONS["layers"], "in-out").build(formula.sides[0], {})
    assert built == sympy.Matrix([[e(4)], [e(5)]])
    # Without vectors around it, a^{l-1}_i is handout 000's neuron i of layer l-1.
    formula = parse(r"a^{1}_{i}", "layers", "in-out")
    assert formula.sides[0].fields == ("j",)
    with pytest.raises(Unreadable):
        parse(r"\begin{bmatrix} a \\ \end{bmatrix} = 1", "neurons", "in-out")


def test_matrix_form_verdicts():
    """The matrix section's forms: correct, a transpose missing, ∇ only at the output layer."""
    from symback.derive import derive
    from symback.verify import Context, verify
    arch = resolve("3-2-3-1", notation="layers")
    context = Context.create(arch, derive(arch))
    assert verify(r"\delta^{3}_{i} = \nabla_{a^{3}_{i}} C_{i} \odot \sigma'(z^{3}_{i})", context).status == "correct"
    wrong = verify(r"\frac{\partial C}{\partial W^{(2)}} = \sum_{i=1}^{n} \delta^{2}_{i} (a^{1}_{i})^T", context)
    assert wrong.status == "wrong" and wrong.links[0].failures[0].diagnosis.key == "shape_mismatch"
    outside = verify(r"\delta^{2}_{i} = \nabla_{a^{2}_{i}} C_{i} \odot \sigma'(z^{2}_{i})", context)
    assert outside.status == "unreadable" and "output layer" in outside.error.message
    neurons = Context.create(resolve("3-2-3-1"), derive(resolve("3-2-3-1")))
    bold = (r"\boldsymbol{\varepsilon}^{2}_{i} = \left(\mathbf{W}^{(3)} \boldsymbol{\varepsilon}^{3}_{i}\right)"
            r" \odot g'\left(\mathbf{e}^{2}_{i}\right)")
    assert verify(bold, neurons).status == "correct"
