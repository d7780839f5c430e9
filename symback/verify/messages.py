"""What verify says, in words: one entry per diagnosis key of judge/ and per method."""

MESSAGES = {
    "wrong_sign": "wrong sign",
    "constant_factor": "off by a constant factor: the right side is {factor} times the correct value "
                       "(½ in J versus a mean 1/(2n), or a forgotten 1/n)",
    "missing_gprime": "a g′ factor is missing: {factor}",
    "extra_gprime": "an extra g′ factor: {factor}",
    "gprime_at_s": "g′ taken at the output s instead of the input e: {written} where {factor} is due",
    "wrong_derivative": "wrong derivative of the activation of layer {layer}: g′ written as {written}",
    "missing_path": "a path is missing from the sum over the next layer: {term}",
    "missing_weight": "a weight is missing from a path: {weight}",
    "missing_term": "a term is missing: {term}",
    "missing_factor": "a factor is missing: {factor}",
    "swapped_index": "swapped or transposed index: {written} where {symbol} is due",
    "shape_mismatch": "shape mismatch ({detail}): a missing or extra transpose",
    "transposed_weights": "the weights of layer {layer} are used transposed (W where Wᵀ is due, "
                          "or the other way round): a missing or extra transpose",
    "missing_observation_sum": "the sum over the observations, Σ_{{i=1}}^n, is missing on the right "
                               "(J adds up every observation)",
    "extra_observation_sum": "the right side sums over the observations but the left side is one observation",
    "not_examined": "wrong too (only the first {count} failing instances of a link are diagnosed)",
    "update_base": "an update rule starts from the current value: p¹ = p⁰ − rate · gradient",
    "update_without_rate": "an update rule subtracts the learning rate times the gradient",
    "update_not_linear": "an update rule is linear in the learning rate: p¹ = p⁰ − rate · gradient",
}
UNKNOWN = "no familiar mistake matches"
METHODS = {"symbolic": "decided symbolically (SymPy)",
           "numeric": "decided at random points with 60 digits (derivatives by the complex step)"}
