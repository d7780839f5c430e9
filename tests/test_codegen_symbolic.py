"""The generated arithmetic is the Derivation's: its formulas evaluated numerically give the
generated gradients, each template maps to the documented matrix operation, and the in-place
emission computes exactly the expression it was given."""

import numpy as np
import pytest
import reference as ref
import sympy
from codegen_helpers import architecture, load, write_generated
from hypothesis import given, settings, strategies as st

from symback.activations import ACTIVATIONS
from symback.codegen import training_code
from symback.derive import derive
from symback.model import DELTA, E, N_OBS, OBS, S, THETA, W, X, ActivationBase, drop_observation_sum
from symback.printing.inplace import InplaceEmitter
from symback.printing.numpy import N_COLUMNS, LayerSum, NumPyCodePrinter

CASES = [
    ((3, 2, 3, 1), ("sigmoid", "sigmoid", "sigmoid"), "sse"),
    ((2, 3, 3), ("tanh", "softmax"), "sse"),
    ((2, 2, 3), ("relu", "softmax"), "cce"),
    ((2, 3, 1), ("tanh", "sigmoid"), "bce"),
]


def signal_values(model, params, inputs, targets, activations, row: int) -> dict:
    """Every symbol of the model for observation ``row`` (from the reference forward pass)."""
    zs, acts = ref.forward(params, inputs, list(activations))
    targets = np.asarray(targets, dtype=float).reshape(len(inputs), -1)
    values = {N_OBS: len(inputs)}
    for position, k in enumerate(model.ranges[0].numbers()):
        values[X[OBS, sympy.Integer(k)]] = inputs[row, position]
    for layer in range(1, model.depth + 1):
        for position, j in enumerate(model.ranges[layer].numbers()):
            j = sympy.Integer(j)
            values[E[OBS, j]], values[S[OBS, j]] = zs[layer - 1][row, position], acts[layer][row, position]
            values[THETA[j]] = params[f"b{layer}"][position]
            for source, k in enumerate(model.ranges[layer - 1].numbers()):
                values[W[sympy.Integer(k), j]] = params[f"W{layer}"][source, position]
            if layer == model.depth:
                values[model.y(j)], values[model.yhat(j)] = targets[row, position], acts[layer][row, position]
    return values


def evaluate(model, expr, values: dict) -> float:
    """A derivation expression for one observation: neuron sums written out, g' from the table."""
    def derivative(node):
        activation = ACTIVATIONS[model.arch.activations[node.layer - 1]]
        form = activation.sympy_derivative if node.prime else activation.sympy_form
        return form(sympy.Float(node.args[0], 30))
    concrete = sympy.sympify(expr.doit().xreplace(values))
    return float(concrete.replace(lambda node: isinstance(node, ActivationBase), derivative).evalf(30))


def derivation_numbers(derivation, params, inputs, targets):
    """(∂J/∂p from the handout's final form, ∂J/∂p from the δ form) for every parameter."""
    model, rows = derivation.model, range(len(inputs))
    values = [signal_values(model, params, inputs, targets, derivation.arch.activations, r) for r in rows]
    for layer in range(model.depth, 0, -1):  # δ of each observation from the error-term templates
        term = derivation.error_term(layer)
        for j in model.ranges[layer].numbers():
            template = term.chain.final.xreplace({term.neuron: sympy.Integer(j)})
            for row in rows:
                values[row][DELTA[OBS, sympy.Integer(j)]] = evaluate(model, template, values[row])
    final, delta = {}, {}
    for gradient in derivation.gradients():
        final[gradient.parameter] = sum(evaluate(model, drop_observation_sum(gradient.expression), v) for v in values)
        delta[gradient.parameter] = sum(evaluate(model, drop_observation_sum(gradient.delta_form), v) for v in values)
    return final, delta


def entry(model, parameter):
    """(key, index) of a weight or threshold in the params dict."""
    if parameter.base == THETA:
        j = int(parameter.indices[0])
        layer = model.layer_of(j)
        return f"b{layer}", (j - model.ranges[layer].first,)
    k, j = map(int, parameter.indices)
    layer = model.layer_of(j)
    return f"W{layer}", (k - model.ranges[layer - 1].first, j - model.ranges[layer].first)


@pytest.mark.parametrize("sizes,activations,loss", CASES)
def test_generated_gradients_equal_the_derivations_formulas(sizes, activations, loss, tmp_path):
    derivation = derive(architecture(sizes, activations, loss))
    params, inputs, targets = ref.random_problem(list(sizes), list(activations), loss, n=4, seed=11)
    final, delta = derivation_numbers(derivation, params, inputs, targets)
    for style in ("layers", "neurons"):
        grads = load(write_generated(tmp_path, sizes, activations, loss, style)).gradients(params, inputs, targets)
        for parameter, value in final.items():
            key, index = entry(derivation.model, parameter)
            assert grads[key][index] == pytest.approx(value, rel=1e-10, abs=1e-12), (style, parameter)
            assert delta[parameter] == pytest.approx(value, rel=1e-10, abs=1e-12), parameter


def _lines(code, blocks="backward"):
    return [line for block in getattr(code, blocks) for line in block.lines]


def test_templates_map_to_the_documented_matrix_operations():
    """Σ_m w_{j,m} δ_m -> W @ d; Σ_i δ s_k -> a @ d.T; Σ_i δ x_k -> X.T @ d.T; Σ_i δ -> d @ ones."""
    code = training_code(derive(architecture((4, 3, 2, 2), ("tanh", "relu", "linear"), "mse")))
    backward, forward = _lines(code), _lines(code, "forward")
    assert "np.matmul(W3, d3, out=d2)" in backward and "d2 *= (z2 > 0)" in backward
    assert "np.matmul(W2, d2, out=d1)" in backward
    assert {"gW3 = a2 @ d3.T", "gb3 = d3 @ ones", "gW1 = X.T @ d1.T", "gb1 = d1 @ ones"} <= set(backward)
    assert forward[forward.index("np.matmul(W1.T, X.T, out=z1)") + 1] == "z1 += b1[:, None]"
    assert "np.matmul(W2.T, a1, out=z2)" in forward and "a1 = np.tanh(z1, out=z1)" in forward
    one = training_code(derive(architecture((3, 2, 1), ("sigmoid", "sigmoid"), "sse")))
    assert "d1 *= W2" in _lines(one) and "d1 *= d2" in _lines(one)  # w_{j,F} ε_F: broadcasting
    comments = [line for block in code.backward for line in block.comment]
    assert any("as arrays: d1 = (1 - a1**2)*(W2 @ d2)" in line for line in comments), comments


def test_canonical_output_errors_are_used():
    cce = training_code(derive(architecture((2, 3, 3), ("tanh", "softmax"), "cce")))
    assert ["n = X.shape[0]", "np.subtract(a2, yT, out=d2)", "d2 *= scale/n"] == list(cce.backward[2].lines)
    bce = training_code(derive(architecture((2, 1), ("sigmoid",), "bce")))
    assert "d1 *= scale/n" in _lines(bce) and "a1" in " ".join(_lines(bce))


SYMBOLS = sympy.symbols("a b y")
a, b, y = SYMBOLS
EXPRESSIONS = [
    a * (1 - a) * b,
    (a - y) * a * (1 - a) * sympy.Symbol("scale"),
    1 - a ** 2,
    -(a + b),
    a * sympy.Heaviside(b, 0) * 3,
    a - a * LayerSum(a * (a - y), 0),
    (a - y) / sympy.Symbol("n"),
    a * b + (1 - a) * (b - y) ** 2,
]


@pytest.mark.parametrize("expr", EXPRESSIONS, ids=str)
def test_inplace_emission_computes_the_expression(expr):
    rng = np.random.default_rng(0)
    arrays = {name: rng.standard_normal((3, 5)) for name in ("a", "b", "y")}
    shapes = {symbol: (3, N_COLUMNS) for symbol in SYMBOLS}
    scratch = lambda shape, busy: next(f"t{shape[0]}_{k}" for k in range(9) if f"t{shape[0]}_{k}" not in busy)
    lines = InplaceEmitter(NumPyCodePrinter(), shapes, scratch).emit(expr, "out")
    space = {"np": np, "scale": 0.3, "n": 5, "out": np.empty((3, 5)),
             **{f"t{rows}_{k}": np.empty((rows, 5)) for k in range(9) for rows in (1, 3)}, **arrays}
    space.update({k: v.copy() for k, v in arrays.items()})
    exec("\n".join(lines), space)
    expected = sympy.lambdify(SYMBOLS + (sympy.Symbol("scale"), sympy.Symbol("n")),
                              expr.replace(lambda e: isinstance(e, LayerSum),
                                           lambda e: sympy.Function("rowsum")(e.args[0])),
                              modules=[{"Heaviside": lambda x, h: (x > 0) * 1.0,
                                        "rowsum": lambda v: v.sum(axis=0, keepdims=True)}, "numpy"])
    np.testing.assert_allclose(space["out"], expected(*arrays.values(), 0.3, 5), rtol=1e-14)
    for name, value in arrays.items():
        np.testing.assert_array_equal(space[name], value)  # operands are never overwritten


ACTIVATION_NAMES = st.sampled_from(["sigmoid", "tanh", "relu", "linear"])


@settings(max_examples=6, deadline=None, derandomize=True)
@given(sizes=st.lists(st.integers(1, 3), min_size=2, max_size=4), data=st.data())
def test_random_architectures_match_the_reference(sizes, data, tmp_path_factory):
    depth = len(sizes) - 1
    activations = [data.draw(ACTIVATION_NAMES) for _ in range(depth)]
    loss = data.draw(st.sampled_from(["sse", "mse"] + (["bce"] if activations[-1] == "sigmoid" else [])))
    params, inputs, targets = ref.random_problem(sizes, activations, loss, n=5, seed=2)
    expected = ref.backprop(params, inputs, targets, activations, loss)
    folder = tmp_path_factory.mktemp("random")
    for style in ("layers", "neurons"):
        grads = load(write_generated(folder, tuple(sizes), tuple(activations), loss, style)).gradients(
            params, inputs, targets)
        for key in expected:
            np.testing.assert_allclose(grads[key], expected[key], rtol=0, atol=1e-10)
