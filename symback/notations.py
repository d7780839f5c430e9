"""The two notations as data: spellings per symbol kind, index style, words.

Plain data with no SymPy symbols, so that the Model can carry its Notation object; the
Namer (notation.py) spells a model's symbols with one of these.
"""

from __future__ import annotations

import dataclasses

from .errors import SpecError

@dataclasses.dataclass(frozen=True)
class Spelling:
    """How one kind of symbol is written: LaTeX and plain-text templates.

    Fields in the templates: ``{i}`` observation, ``{j}`` neuron, ``{k}`` source neuron,
    ``{l}`` layer, ``{it}`` iteration superscript (empty when not shown).
    """

    latex: str
    text: str
    latex_estimate: str | None = None  # with hats and the iteration superscript (ŵ⁰)


@dataclasses.dataclass(frozen=True)
class Notation:
    """One notation: spellings per symbol kind, and the letters it uses."""

    name: str
    weight: Spelling
    threshold: Spelling
    pre_activation: Spelling
    activation_out: Spelling
    input: Spelling
    target: Spelling
    target_multi: Spelling
    prediction: Spelling
    prediction_multi: Spelling
    prediction_function: Spelling
    prediction_function_multi: Spelling
    error: Spelling
    objective: Spelling
    objective_i: Spelling
    rate: Spelling
    activation: Spelling
    activation_prime: Spelling
    logistic: Spelling     # the logistic function inside a derivative written out (softplus' = σ)
    global_indices: bool   # neuron numbers 1..N (neurons) or positions within a layer (layers)
    single_output_name: str | None


NEURONS = Notation(
    name="neurons",
    weight=Spelling(r"w_{{{k},{j}}}", "w_{{{k},{j}}}", r"\hat{{w}}^{{{it}}}_{{{k},{j}}}"),
    threshold=Spelling(r"\Theta_{{{j}}}", "Theta_{{{j}}}", r"\hat{{\Theta}}^{{{it}}}_{{{j}}}"),
    pre_activation=Spelling(r"e_{{{i},{j}}}", "e_{{{i},{j}}}", r"e^{{{it}}}_{{{i},{j}}}"),
    activation_out=Spelling(r"s_{{{i},{j}}}", "s_{{{i},{j}}}", r"s^{{{it}}}_{{{i},{j}}}"),
    input=Spelling(r"x_{{{i},{k}}}", "x_{{{i},{k}}}"),
    target=Spelling(r"y_{{{i}}}", "y_{{{i}}}"),
    target_multi=Spelling(r"y_{{{i},{j}}}", "y_{{{i},{j}}}"),
    prediction=Spelling(r"\hat{{y}}_{{{i}}}", "yhat_{{{i}}}", r"\hat{{y}}^{{{it}}}_{{{i}}}"),
    prediction_multi=Spelling(r"\hat{{y}}_{{{i},{j}}}", "yhat_{{{i},{j}}}", r"\hat{{y}}^{{{it}}}_{{{i},{j}}}"),
    prediction_function=Spelling(r"f_{{{i}}}", "f_{{{i}}}"),
    prediction_function_multi=Spelling(r"f_{{{i},{j}}}", "f_{{{i},{j}}}"),
    # δ is the learning rate in handout 004, so the error term takes another letter.
    error=Spelling(r"\varepsilon_{{{i},{j}}}", "eps_{{{i},{j}}}"),
    objective=Spelling("J", "J"),
    objective_i=Spelling("J_{i}", "J_i"),
    rate=Spelling(r"\delta", "delta"),
    activation=Spelling("g{sub}", "g{sub}"),
    activation_prime=Spelling("g'{sub}", "g'{sub}"),
    logistic=Spelling(r"\sigma", "sigmoid"),
    global_indices=True,
    single_output_name="F",
)

LAYERS = Notation(
    name="layers",
    weight=Spelling(r"W^{{({l})}}_{{{row},{col}}}", "W^{{({l})}}_{{{row},{col}}}"),
    threshold=Spelling(r"b^{{({l})}}_{{{j}}}", "b^{{({l})}}_{{{j}}}"),
    pre_activation=Spelling(r"z^{{{l}}}_{{{i},{j}}}", "z^{{{l}}}_{{{i},{j}}}"),
    activation_out=Spelling(r"a^{{{l}}}_{{{i},{j}}}", "a^{{{l}}}_{{{i},{j}}}"),
    input=Spelling(r"x_{{{i},{k}}}", "x_{{{i},{k}}}"),
    target=Spelling(r"y_{{{i}}}", "y_{{{i}}}"),
    target_multi=Spelling(r"y_{{{i},{j}}}", "y_{{{i},{j}}}"),
    prediction=Spelling(r"\hat{{y}}_{{{i}}}", "yhat_{{{i}}}"),
    prediction_multi=Spelling(r"\hat{{y}}_{{{i},{j}}}", "yhat_{{{i},{j}}}"),
    prediction_function=Spelling(r"o_{{{i}}}", "o_{{{i}}}"),
    prediction_function_multi=Spelling(r"o_{{{i},{j}}}", "o_{{{i},{j}}}"),
    error=Spelling(r"\delta^{{{l}}}_{{{i},{j}}}", "delta^{{{l}}}_{{{i},{j}}}"),
    objective=Spelling("C", "C"),
    objective_i=Spelling("C_{i}", "C_i"),
    rate=Spelling(r"\alpha", "alpha"),
    activation=Spelling(r"\sigma{sub}", "sigma{sub}"),
    activation_prime=Spelling(r"\sigma'{sub}", "sigma'{sub}"),
    # σ is any layer's activation in this notation, so the logistic function takes its name
    logistic=Spelling(r"\operatorname{sigmoid}", "sigmoid"),
    global_indices=False,
    single_output_name=None,
)

NOTATIONS = {"neurons": NEURONS, "layers": LAYERS}


def notation_named(name: str) -> Notation:
    if name not in NOTATIONS:
        raise SpecError(f"notation: {name!r} is not accepted; accepted: {', '.join(sorted(NOTATIONS))}")
    return NOTATIONS[name]
