"""Formulas as people write them (issue 13): the activation written out in every usual form,
matrix forms with broadcast scalars and vectors of ones, every spelling of the transpose, and
the new diagnoses — over tanh, relu, softmax + cce, linear + mse and sigmoid networks.

Each label is confirmed twice: by verify, and by the independent reference (the sides'
values from tests/reference.py's forward pass and backprop, never symback's derivation).
"""

import pytest

from symback.derive import derive
from symback.spec import resolve
from symback.verify import Context, verify

from verify_reference import ReferenceValues, reference_label

# (spec, activation, loss, notation)
NETWORKS = {
    "T": ("2-3-1", "tanh", "sse", "neurons"),           # hidden 3, 4, 5; output F = 6
    "R": ("2-3-1", "relu,sigmoid", "bce", "layers"),
    "S": ("2-3-3", "tanh,softmax", "cce", "layers"),
    "L": ("2-2-1", "linear", "mse", "neurons"),          # hidden 3, 4; output F = 5
    "G": ("3-2-3-1", "sigmoid", "sse", "neurons"),       # handout 004: hidden 4, 5 and 6, 7, 8; F = 9
}

P = r"(\hat{y}_i - y_i)"
TABLE = [
    # -- tanh, neuron notation: tanh' in every usual form ---------------------------------
    ("T", rf"\varepsilon_{{i,F}} = {P} (1 - \tanh^2(e_{{i,F}}))", "correct", None),
    ("T", rf"\varepsilon_{{i,F}} = {P} (1 - \tanh(e_{{i,F}})^2)", "correct", None),
    ("T", rf"\varepsilon_{{i,F}} = {P} \operatorname{{sech}}^2(e_{{i,F}})", "correct", None),
    ("T", rf"\varepsilon_{{i,F}} = {P} \frac{{1}}{{\cosh^2(e_{{i,F}})}}", "correct", None),
    ("T", rf"\varepsilon_{{i,F}} = {P} / \cosh^2(e_{{i,F}})", "correct", None),
    ("T", rf"\varepsilon_{{i,F}} = {P} (1 - s_{{i,F}}^2)", "correct", None),
    ("T", rf"\varepsilon_{{i,F}} = {P} \dot g(e_{{i,F}})", "correct", None),
    ("T", rf"\varepsilon_{{i,F}} = {P} g^\prime(e_{{i,F}})", "correct", None),
    ("T", rf"\varepsilon_{{i,F}} = {P} \frac{{dg}}{{de}}(e_{{i,F}})", "correct", None),
    ("T", rf"\varepsilon_{{i,F}} = {P} \sigma'(e_{{i,F}})", "correct", None),
    ("T", rf"\varepsilon_{{i,F}} = {P} \tanh'(e_{{i,F}})", "correct", None),
    ("T", rf"\varepsilon_{{i,F}} = {P} s_{{i,F}} (1 - s_{{i,F}})", "wrong", "wrong_activation_derivative"),
    ("T", rf"\varepsilon_{{i,F}} = {P} (1 + \tanh^2(e_{{i,F}}))", "wrong", "wrong_derivative"),
    ("T", rf"\varepsilon_{{i,F}} = (y_i - \hat{{y}}_i) (1 - \tanh^2(e_{{i,F}}))", "wrong", "target_minus_prediction"),
    ("T", r"\varepsilon_{i,j} = (1 - \tanh^2(e_{i,j})) w_{j,F} \varepsilon_{i,F}", "correct", None),
    ("T", r"\varepsilon_{i,j} = g'(e_{i,F}) w_{j,F} \varepsilon_{i,F}", "wrong", "gprime_wrong_neuron"),
    ("T", r"s_{i,j} = \tanh(e_{i,j})", "correct", None),
    ("T", r"s_{i,j} = \frac{e^{e_{i,j}} - e^{-e_{i,j}}}{e^{e_{i,j}} + e^{-e_{i,j}}}", "correct", None),
    ("T", r"s_{i,j} = \frac{\exp(2 e_{i,j}) - 1}{\exp(2 e_{i,j}) + 1}", "correct", None),
    ("T", r"\frac{\partial J}{\partial w_{j,F}} = \sum_{i=1}^n \varepsilon_{i,F} s_{i,j}", "correct", None),
    ("T", r"\frac{\partial J}{\partial w_{j,F}} = \frac{1}{n} \sum_{i=1}^n \varepsilon_{i,F} s_{i,j}", "wrong", "extra_mean"),
    ("T", r"J = \frac{1}{2} \sum_{i=1}^n (\hat{y}_i - y_i)^2", "correct", None),
    # -- relu (layer notation): [z > 0], 𝟙, max(0, ·), ReLU -----------------------------------
    ("R", r"\delta^{1}_{i,j} = [z^{1}_{i,j} > 0] W^{(2)}_{j,1} \delta^{2}_{i,1}", "correct", None),
    ("R", r"\delta^{1}_{i,j} = \mathbb{1}_{z^{1}_{i,j} > 0} W^{(2)}_{j,1} \delta^{2}_{i,1}", "correct", None),
    ("R", r"\delta^{1}_{i,j} = \mathbb{1}[z^{1}_{i,j} > 0] W^{(2)}_{j,1} \delta^{2}_{i,1}", "correct", None),
    ("R", r"\delta^{1}_{i,j} = \sigma'(z^{1}_{i,j}) W^{(2)}_{j,1} \delta^{2}_{i,1}", "correct", None),
    ("R", r"\delta^{1}_{i,j} = \operatorname{ReLU}'(z^{1}_{i,j}) W^{(2)}_{j,1} \delta^{2}_{i,1}", "correct", None),
    ("R", r"\delta^{1}_{i,j} = a^{1}_{i,j} (1 - a^{1}_{i,j}) W^{(2)}_{j,1} \delta^{2}_{i,1}", "wrong",
     "wrong_activation_derivative"),
    ("R", r"\delta^{1}_{i,j} = \sigma'(z^{2}_{i,1}) W^{(2)}_{j,1} \delta^{2}_{i,1}", "wrong", "gprime_wrong_neuron"),
    ("R", r"a^{1}_{i,j} = \max(0, z^{1}_{i,j})", "correct", None),
    ("R", r"a^{1}_{i,j} = \operatorname{ReLU}(z^{1}_{i,j})", "correct", None),
    ("R", r"a^{2}_{i,1} = \frac{1}{1 + e^{-z^{2}_{i,1}}}", "correct", None),
    ("R", r"\delta^{2}_{i,1} = \frac{1}{n} (\hat{y}_{i} - y_{i})", "correct", None),
    ("R", r"\delta^{2}_{i,1} = \frac{1}{n} (y_{i} - \hat{y}_{i})", "wrong", "target_minus_prediction"),
    ("R", r"\frac{\partial C}{\partial W^{(1)}_{k,j}} = \sum_{i=1}^n x_{i,k} \delta^{1}_{i,j}", "correct", None),
    ("R", r"\frac{\partial C}{\partial W^l} = a^{l-1} (\delta^l)^{\top}", "correct", None),
    ("R", r"\frac{\partial C}{\partial W^l} = a^{l-1} (\delta^l)^{\mathsf T}", "correct", None),
    ("R", r"\frac{\partial C}{\partial W^l} = a^{l-1} (\delta^l)^\intercal", "correct", None),
    ("R", r"\frac{\partial C}{\partial W^l} = a^{l-1} (\delta^l)'", "correct", None),
    # -- softmax + cce (layer notation) ---------------------------------------------------------
    ("S", r"\delta^{2}_{i,j} = \frac{1}{n} (\hat{y}_{i,j} - y_{i,j})", "correct", None),
    ("S", r"\delta^{2}_{i,j} = \frac{1}{n} (\hat{y}_{i,j} - y_{i,j}) a^{2}_{i,j} (1 - a^{2}_{i,j})", "wrong",
     "wrong_activation_derivative"),
    ("S", r"\delta^{2}_{i,j} = (\hat{y}_{i,j} - y_{i,j})", "wrong", "missing_mean"),
    ("S", r"\delta^{1}_{i,j} = (1 - \tanh^2(z^{1}_{i,j})) \sum_{m=1}^{3} W^{(2)}_{j,m} \delta^{2}_{i,m}", "correct", None),
    ("S", r"\delta^{1}_{i,j} = (1 - (a^{1}_{i,j})^2) \sum_{m=1}^{3} W^{(2)}_{j,m} \delta^{2}_{i,m}", "correct", None),
    ("S", r"\delta^1 = (W^{(2)} \delta^2) \odot (1 - a^1 \odot a^1)", "correct", None),
    ("S", r"\delta^1 = (W^{(2)} \delta^2) \odot (\mathbf{1} - a^1 \odot a^1)", "correct", None),
    ("S", r"\delta^1 = (W^{(2)} \delta^2) \odot (\vec 1 - a^1 \odot a^1)", "correct", None),
    ("S", r"\delta^1 = (W^{(2)} \delta^2) \odot a^1 \odot (1 - a^1)", "wrong", "wrong_activation_derivative"),
    ("S", r"a^{2}_{i,j} = \operatorname{softmax}(z^{2}_{i,j})", "correct", None),
    ("S", r"C = -\frac{1}{n} \sum_{i=1}^n \sum_{j=1}^{3} y_{i,j} \ln \hat{y}_{i,j}", "correct", None),
    ("S", r"C = -\sum_{i=1}^n \sum_{j=1}^{3} y_{i,j} \log \hat{y}_{i,j}", "wrong", "missing_mean"),
    # -- linear + mse (neuron notation) ----------------------------------------------------------
    ("L", r"\varepsilon_{i,F} = \frac{1}{n} (\hat{y}_i - y_i)", "correct", None),
    ("L", r"\varepsilon_{i,F} = (\hat{y}_i - y_i)", "wrong", "missing_mean"),
    ("L", r"\varepsilon_{i,F} = \frac{1}{n} (y_i - \hat{y}_i)", "wrong", "target_minus_prediction"),
    ("L", r"\varepsilon_{i,j} = w_{j,F} \varepsilon_{i,F}", "correct", None),
    ("L", r"\frac{\partial J}{\partial \Theta_F} = \sum_{i=1}^n \varepsilon_{i,F}", "correct", None),
    ("L", r"\frac{\partial J}{\partial \Theta_F} = \varepsilon_{i,F}", "wrong", "missing_observation_sum"),
    ("L", r"\frac{\partial J}{\partial w_{k,j}} = \sum_{i=1}^n \varepsilon_{i,j} s_{i,k}", "correct", None),
    ("L", r"s_{i,j} = e_{i,j}", "correct", None),
    # -- sigmoid, handout 004 ------------------------------------------------------------------
    ("G", rf"\varepsilon_{{i,F}} = {P} \sigma(e_{{i,F}}) (1 - \sigma(e_{{i,F}}))", "correct", None),
    ("G", rf"\varepsilon_{{i,F}} = {P} g(e_{{i,F}}) (1 - g(e_{{i,F}}))", "correct", None),
    ("G", rf"\varepsilon_{{i,F}} = {P} \frac{{1}}{{1 + e^{{-e_{{i,F}}}}}} \left(1 - \frac{{1}}{{1 + e^{{-e_{{i,F}}}}}}\right)",
     "correct", None),
    ("G", rf"\varepsilon_{{i,F}} = {P} \frac{{e^{{-e_{{i,F}}}}}}{{(1 + e^{{-e_{{i,F}}}})^2}}", "correct", None),
    ("G", rf"\varepsilon_{{i,F}} = {P} (1 - s_{{i,F}}^2)", "wrong", "wrong_activation_derivative"),
    ("G", rf"\varepsilon_{{i,F}} = {P} (1 - \tanh^2(e_{{i,F}}))", "wrong", "wrong_activation_derivative"),
    ("G", r"\varepsilon_{i,j} = g'(e_{i,F}) w_{j,F} \varepsilon_{i,F} \quad (j = 6, 7, 8)", "wrong",
     "gprime_wrong_neuron"),
    ("G", r"\varepsilon_{i,j} = g'(e_{i,j}) w_{j,F} \varepsilon_{i,F} \quad (j = 6, 7, 8)", "correct", None),
]


@pytest.fixture(scope="module")
def networks():
    built = {}
    for key, (spec, activation, loss, notation) in NETWORKS.items():
        arch = resolve(spec, activation, loss, notation, None)
        context = Context.create(arch, derive(arch))
        built[key] = (context, ReferenceValues(context.derivation.model))
    return built


def test_table_covers_every_network_and_new_diagnosis():
    assert len(TABLE) >= 60
    assert {row[0] for row in TABLE} == set(NETWORKS)
    assert {row[3] for row in TABLE} >= {"wrong_activation_derivative", "gprime_wrong_neuron", "missing_mean",
                                         "extra_mean", "target_minus_prediction", "missing_observation_sum"}


@pytest.mark.parametrize("key,formula,expected,mistake", TABLE, ids=[f"{i:02d}-{r[0]}" for i, r in enumerate(TABLE)])
def test_formula_form(networks, key, formula, expected, mistake):
    context, values = networks[key]
    assert reference_label(context, values, formula) == expected, "the reference disagrees with the label"
    verdict = verify(formula, context)
    detail = verdict.error.message if verdict.error else [link.to_dict() for link in verdict.links if not link.ok]
    assert verdict.status == expected, detail
    if expected == "wrong":
        found = {f.diagnosis.key for link in verdict.links for f in link.failures if f.diagnosis}
        assert mistake in found, detail
