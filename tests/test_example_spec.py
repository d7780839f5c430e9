"""The [example] table: values read in the spec's layout or by name, and every bad value one
line on stderr with exit code 2."""

from __future__ import annotations

import json

import pytest

from example_helpers import display_chains, run_cli

NETWORK = """
inputs = 2
loss = "{loss}"
layout = "{layout}"
notation = "{notation}"
[[layers]]
size = 2
activation = "sigmoid"
[[layers]]
size = {outputs}
activation = "{output}"
"""

ISSUE_EXAMPLE = """
[example]
learning_rate = 0.1
x = [[1.0, 0.5], [0.2, -0.4]]
y = [[1.0], [0.0]]
[example.initial]
W1 = [[0.2, -0.3], [0.4, 0.1]]
b1 = [0.0, 0.1]
W2 = [[0.3], [-0.1]]
b2 = [0.05]
"""


def _spec(tmp_path, example: str, loss="sse", layout="in-out", notation="neurons", outputs=1, output="sigmoid"):
    path = tmp_path / "net.toml"
    path.write_text(NETWORK.format(loss=loss, layout=layout, notation=notation, outputs=outputs, output=output)
                    + example)
    return str(path)


def test_the_issue_example_prints_its_arithmetic(tmp_path):
    code, out, err = run_cli(["example", _spec(tmp_path, ISSUE_EXAMPLE), "--out", str(tmp_path), "--format", "tex"])
    assert code == 0, err
    chains = {chain[0]: chain[1:] for chain in display_chains((tmp_path / "example.tex").read_text())}
    assert chains["e_{1,3}"] == [r"w_{1,3} x_{1,1} + w_{2,3} x_{1,2} + \Theta_{3}",
                                 r"0.2 \cdot 1.0 + 0.4 \cdot 0.5 + 0.0", "0.4"]
    assert chains["s_{1,3}"] == [r"g\left(e_{1,3}\right)", r"g\left(0.4\right)", "0.598687660"]


SAME_VALUES = [  # the issue's initial values given by name, in either notation, and out-in
    ('"w_{1,3}" = 0.2\n"w_{2,3}" = 0.4\n"w_{1,4}" = -0.3\n"w_{2,4}" = 0.1\n"Theta_{3}" = 0.0\n'
     '"Theta_{4}" = 0.1\n"w_{3,F}" = 0.3\n"w_{4,F}" = -0.1\n"Theta_{F}" = 0.05', "in-out"),
    ('"W^{(1)}_{1,1}" = 0.2\n"W^{(1)}_{2,1}" = 0.4\n"W^{(1)}_{1,2}" = -0.3\n"W^{(1)}_{2,2}" = 0.1\n'
     '"b^{(1)}_{1}" = 0.0\n"b^{(1)}_{2}" = 0.1\nW2 = [[0.3], [-0.1]]\nb2 = [0.05]', "in-out"),
    ("W1 = [[0.2, 0.4], [-0.3, 0.1]]\nb1 = [0.0, 0.1]\nW2 = [[0.3, -0.1]]\nb2 = [0.05]", "out-in"),
]


@pytest.mark.parametrize("initial, layout", SAME_VALUES)
def test_initial_values_by_name_or_layout(tmp_path, initial, layout):
    head = ISSUE_EXAMPLE.split("[example.initial]")[0]
    reference = json.loads(run_cli(["example", _spec(tmp_path, ISSUE_EXAMPLE), "--format", "json"])[1])
    code, out, err = run_cli(["example", _spec(tmp_path, head + "[example.initial]\n" + initial, layout=layout),
                              "--format", "json", "--layout", "in-out"])
    assert code == 0, err
    record = json.loads(out)
    assert record["initial"] == reference["initial"]
    assert record["iterations"][0]["objective"] == reference["iterations"][0]["objective"]


def test_missing_values_are_drawn_and_reported(tmp_path):
    code, out, err = run_cli(["example", _spec(tmp_path, "[example]\nlearning_rate = 0.5\n"), "--seed", "4",
                              "--format", "json"])
    assert code == 0, err
    record = json.loads(out)
    assert record["learning_rate"] == 0.5
    assert all(-0.5 <= v <= 0.5 for row in record["initial"]["W1"] for v in row)
    assert len(record["data"]["x"]) == 2


def test_softmax_class_labels(tmp_path):
    example = "[example]\nx = [[1.0, 0.0], [0.0, 1.0]]\ny = [2, 0]\n"
    code, out, err = run_cli(["example", _spec(tmp_path, example, loss="cce", outputs=3, output="softmax"),
                              "--format", "json"])
    assert code == 0, err
    assert json.loads(out)["data"]["y"] == [[0, 0, 1], [1, 0, 0]]


BAD = [  # (example table, spec options, words the one-line message must contain)
    ("[example]\nx = [[1.0, 0.5]]\ny = [[1.0]]\n[example.initial]\nW1 = [[0.2, 0.3]]", {},
     ["example.initial.W1", "2 rows of 2"]),
    ("[example]\n[example.initial]\n\"w_{1,9}\" = 0.2", {}, ["unknown name", "w_{1,9}"]),
    ("[example]\nx = [[1.0, nan]]\ny = [[1.0]]", {}, ["example.x[0][1]", "finite"]),
    ("[example]\nlearning_rate = inf", {}, ["example.learning_rate", "finite"]),
    ("[example]\nx = [[1.0, 0.5]]", {}, ["example.y", "missing"]),
    ("[example]\ny = [[1.0]]", {}, ["example.x", "missing"]),
    ("[example]\nx = [[1.0, 0.5]]\ny = [0, 3]", dict(loss="cce", outputs=3, output="softmax"),
     ["example.y"]),
    ("[example]\nx = [[1.0, 0.5], [0.0, 1.0]]\ny = [0, 3]", dict(loss="cce", outputs=3, output="softmax"),
     ["example.y[1]", "label 3", "0..2"]),
    ("[example]\nx = [[1.0, 0.5, 2.0]]\ny = [[1.0]]", {}, ["example.x[0]", "2 inputs"]),
    ("[example]\nx = [[1.0, 0.5]]\ny = [[1.0, 0.0]]", {}, ["example.y[0]", "1 output"]),
    ("[example]\nx = [[1.0, 0.5]]\ny = [[2.0]]", dict(loss="bce"), ["example.y[0][0]", "between 0 and 1"]),
    ("[example]\nlearning_rate = -0.1", {}, ["example.learning_rate", "positive"]),
    ("[example]\niterations = 0", {}, ["example.iterations"]),
    ("[example]\nrate = 0.1", {}, ["unknown field", "rate"]),
    ("[example]\n[example.initial]\nb1 = [0.0, 0.1]\n\"Theta_{3}\" = 0.2", {}, ["Theta_{3}", "twice"]),
    ("[example]\n[example.initial]\n\"w_{1,3}\" = [0.2]", {}, ["w_{1,3}", "one number"]),
    ("[example]\nx = [[1.0, 0.5], [1.0]]\ny = [[1.0], [0.0]]", {}, ["example.x[1]", "same length"]),
    ("[example]\nx = [[0.0, 0.0]]\ny = [[1.0]]\n[example.initial]\nb1 = [0.0, 0.3]", dict(output="sigmoid"),
     None),  # fine with sigmoid; the relu case follows
]


@pytest.mark.parametrize("example, options, words", [case for case in BAD if case[2] is not None])
def test_bad_example_tables(tmp_path, example, options, words):
    code, out, err = run_cli(["example", _spec(tmp_path, example, **options), "--out", str(tmp_path)])
    assert code == 2
    assert out == "" and err.count("\n") == 1 and "Traceback" not in err, err
    for word in words:
        assert word in err, err
    assert not (tmp_path / "example.tex").exists()


def test_relu_kink_is_bad_input(tmp_path):
    spec = tmp_path / "relu.toml"
    spec.write_text("inputs = 1\n[[layers]]\nsize = 1\nactivation = \"relu\"\n[[layers]]\nsize = 1\n"
                    "activation = \"linear\"\n[example]\nx = [[0.5]]\ny = [[1.0]]\n[example.initial]\n"
                    "W1 = [[0.2]]\nb1 = [-0.1]\nW2 = [[1.0]]\nb2 = [0.0]\n")
    code, out, err = run_cli(["example", str(spec), "--format", "json"])
    assert code == 2 and "relu has no derivative" in err and "e_{1,2}" in err, err
