"""What verify says, in words: one entry per diagnosis key of judge/ and per method.

The templates name symbols through ``{gp}`` (g′ or σ′), ``{s}``/``{e}`` (s, e or a, z),
``{rate}`` (δ or α), ``{J}`` (J or C), ``{w}`` (w or W) and ``{threshold}`` (thresholds Θ or
biases b), filled from the notation in use by ``words``.
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
    "penalty_missing": "the derivative of the L2 penalty, {term}, is missing (∂/∂{w} of (λ/2) Σ {w}² adds it "
                       "to every weight's gradient)",
    "penalty_sign": "the derivative of the L2 penalty has the wrong sign: + {term} is due",
    "penalty_half": "the derivative of the L2 penalty is halved: (λ/2) {w}² differentiates to {term}, "
                    "not (λ/2) {w}",
    "penalty_double": "the derivative of the L2 penalty is doubled: (λ/2) {w}² differentiates to {term}, "
                      "not 2 λ {w}",
    "penalty_not_differentiated": "the L2 penalty is written where its derivative {term} is due",
    "penalty_per_observation": "the derivative of the L2 penalty is inside the sum over the observations, "
                               "so it counts n times: {term} is added once, outside Σ_i",
    "penalty_mean": "the derivative of the L2 penalty is divided by n: {term} is added as it is, "
                    "outside the mean",
    "penalty_on_threshold": "the {threshold} are not penalised (the L2 penalty sums over the weights "
                            "only): {term} does not belong here",
    "not_examined": "wrong too (only the first {count} failing instances of a link are diagnosed)",
    "update_base": "an update rule starts from the current value: p¹ = p⁰ − {rate} · gradient",
    "update_penalty_without_rate": "the derivative of the L2 penalty is subtracted without the learning rate: "
                                   "p¹ = p⁰ − {rate} · (gradient + λ p⁰), or (1 − {rate} λ) p⁰ − {rate} · gradient",
    "update_without_rate": "an update rule subtracts the learning rate times the gradient",
    "update_not_linear": "an update rule is linear in the learning rate: p¹ = p⁰ − {rate} · gradient",
}
UNKNOWN = "no familiar mistake matches"
METHODS = {"symbolic": "decided symbolically (SymPy)",
           "numeric": "decided at random points with 60 digits (derivatives by the complex step)"}
COUNTEREXAMPLE = "counterexample{at}, for one observation i of n (sums over i compared term by term)"
THRESHOLDS = {"neurons": "thresholds Θ", "layers": "biases b"}
_HEAD = re.compile(r"^\\?[A-Za-z]+")


def words(notation: Notation) -> dict[str, str]:
    """The notation's names of g′, s, e, the learning rate and the objective, for the templates."""
    def head(spelling) -> str:
        found = _HEAD.match(spelling.text)
        return found.group(0) if found else spelling.text
    return {"gp": notation.activation_prime.text.format(sub=""), "s": head(notation.activation_out),
            "e": head(notation.pre_activation), "rate": notation.rate.text, "J": notation.objective.text,
            "threshold": THRESHOLDS[notation.name], "w": head(notation.weight)}
