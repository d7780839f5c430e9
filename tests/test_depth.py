"""Networks 100 layers deep work in every command (issue 15): no recursion limit is hit, the
proof stays symbolic, and the numbers are right (checked against tests/reference.py)."""

from __future__ import annotations

import json

import numpy as np
import reference as ref
from codegen_helpers import architecture, load
from symback.codegen import render_training_code
from symback.cli import main
from symback.spec_checks import MAX_DEPTH

DEPTH = MAX_DEPTH
WIDE = (2,) + (2,) * (DEPTH - 1) + (1,)      # 100 layers of two neurons, one output
NARROW = (1,) * (DEPTH + 1)                 # 100 layers of one neuron
shorthand = lambda sizes: "-".join(map(str, sizes))


def test_generated_code_of_a_100_layer_network_matches_the_reference_backprop(tmp_path):
    activations = ("tanh",) * (DEPTH - 1) + ("sigmoid",)
    path = tmp_path / "train.py"  # the usual name would be longer than a file name may be
    path.write_text(render_training_code(architecture(WIDE, activations, "bce")), encoding="utf-8")
    train = load(path)
    rng = np.random.default_rng(7)
    params = {}
    for layer in range(1, DEPTH + 1):
        params[f"W{layer}"] = rng.normal(0.0, 1.2, (WIDE[layer - 1], WIDE[layer]))
        params[f"b{layer}"] = rng.normal(0.0, 0.3, WIDE[layer])
    X, y = rng.normal(size=(3, 2)), np.array([1.0, 0.0, 1.0])
    grads = train.gradients(params, X, y)
    expected = ref.backprop(params, X, y, list(activations), "bce")
    for key in params:
        np.testing.assert_allclose(grads[key], expected[key], rtol=1e-9, atol=1e-300, err_msg=key)
    assert np.abs(grads["W1"]).max() > 0  # the check reaches the first layer


def test_derive_proves_a_100_layer_network_symbolically(capsys):
    assert main(["derive", shorthand(NARROW), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["proof"]["method"] == "symbolic" and data["proof"]["ok"]
    assert len(data["gradients"]) == 2 * DEPTH


def test_worked_example_of_a_100_layer_network(tmp_path, capsys):
    """The example checks every printed number against its own independent evaluation."""
    assert main(["example", shorthand(NARROW), "--out", str(tmp_path)]) == 0
    assert "every number checked" in capsys.readouterr().out
    assert (tmp_path / "example.md").stat().st_size > 0


def test_report_of_a_100_layer_network(tmp_path, capsys):
    """Every displayed equality proved symbolically; the groups far below the output are
    derived through the error terms (their chains would cross up to 99 layers)."""
    assert main(["report", shorthand(WIDE), "--format", "md", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "verified symbolically" in out
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert f"This group lies {DEPTH - 1} layers below the output" in text   # the first hidden layer
    assert "Weights into hidden layer 1 (the first hidden layer)" in text
    assert "nests the same way down to the inputs" in text


def test_a_deep_report_checks_out_numerically_too(tmp_path):
    """The scaled parts of a deep report (groups through the error terms, the nested
    prediction stopped at a layer's signals) evaluated at 60-digit points, independently of
    the symbolic proof."""
    assert main(["report", shorthand((1,) * 12), "--format", "md", "--check", "numeric",
                 "--out", str(tmp_path)]) == 0
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "This group lies 10 layers below the output" in text


def test_verify_reads_a_first_layer_gradient_of_a_100_layer_network(capsys):
    """∂J/∂w_{1,2} = Σ_i ε_{i,2} x_{i,1} (the error term is ε in the neurons notation): neuron 2
    is the first hidden neuron."""
    assert main(["verify", shorthand(NARROW), r"\frac{\partial J}{\partial w_{1,2}} = \sum_i \varepsilon_{i,2} x_{i,1}"]) == 0
    assert "correct" in capsys.readouterr().out


def test_a_deeper_network_is_refused_in_one_line(capsys):
    assert main(["derive", shorthand((1,) * (DEPTH + 2)), "--check", "none"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"at most {DEPTH}" in err
