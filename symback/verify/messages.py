"""What verify says, in words: one entry per diagnosis key of judge/ and per method.

The templates name symbols through ``{gp}`` (g′ or σ′), ``{s}``/``{e}`` (s, e or a, z),
``{rate}`` (δ or α) and ``{J}`` (J or C), filled from the notation in use by ``words``.
"""

from __future__ import annotations

import re

from ..notation import Notation

MESSAGES = {
    "wrong_sign": "wrong sign",
    "target_minus_prediction": "wrong sign: y − ŷ written where ŷ − y is due",
    "update_rate_sign": "the learning rate has the wrong sign: an update subtracts it times the gradient, "
                        "p¹ = p⁰ − {rate} · ∂{J}/∂p",
    "constant_factor": "off by a constant factor: the right side is {factor} times the correct value "
                       "(½ in {J} versus a mean 1/(2n))",
    "missing_mean": "the factor 1/n of the mean is missing (the right side is n times the correct value)",
    "extra_mean": "an extra factor 1/n (the right side is the correct value divided by n)",
    "missing_gprime": "a {gp} factor is missing: {factor}",
    "extra_gprime": "an extra {gp} factor: {factor}",
    "gprime_at_s": "{gp} taken at the output {s} instead of the input {e}: {written} where {factor} is due",
    "gprime_wrong_neuron": "{gp} taken at the wrong neuron or layer: {written} where {factor} is due",
    "wrong_derivative": "wrong derivative of the activation of layer {layer}: {gp} written as {written}",
    "wrong_activation_derivative": "the derivative of {activation} ({written}) where layer {layer} uses "
                                   "{actual}",
    "missing_path": "a path is missing from the sum over the next layer: {term}",
    "missing_weight": "a weight is missing from a path: {weight}",
    "missing_term": "a term is missing: {term}",
    "missing_factor": "a factor is missing: {factor}",
    "swapped_index": "swapped or transposed index: {written} where {symbol} is due",
    "shape_mismatch": "shape mismatch ({detail}): a missing or extra transpose",
    "transposed_weights": "the weights of layer {layer} are used transposed (W where Wᵀ is due, "
                          "or the other way round): a missing or extra transpose",
    "missing_observation_sum": "the sum over the observations, Σ_{{i=1}}^n, is missing on the right "
                               "({J} adds up every observation)",
    "extra_observation_sum": "the right side sums over the observations but the left side is one observation",
    "not_examined": "wrong too (only the first {count} failing instances of a link are diagnosed)",
    "update_base": "an update rule starts from the current value: p¹ = p⁰ − {rate} · gradient",
    "update_without_rate": "an update rule subtracts the learning rate times the gradient",
    "update_not_linear": "an update rule is linear in the learning rate: p¹ = p⁰ − {rate} · gradient",
}
UNKNOWN = "no familiar mistake matches"
METHODS = {"symbolic": "decided symbolically (SymPy)",
           "numeric": "decided at random points with 60 digits (derivatives by the complex step)"}
COUNTEREXAMPLE = "counterexample{at}, for one observation i of n (sums over i compared term by term)"
_HEAD = re.compile(r"^\\?[A-Za-z]+")


def words(notation: Notation) -> dict[str, str]:
    """The notation's names of g′, s, e, the learning rate and the objective, for the templates."""
    def head(spelling) -> str:
        found = _HEAD.match(spelling.text)
        return found.group(0) if found else spelling.text
    return {"gp": notation.activation_prime.text.format(sub=""), "s": head(notation.activation_out),
            "e": head(notation.pre_activation), "rate": notation.rate.text, "J": notation.objective.text}
