"""The English messages of the reports: rule names, then every sentence and heading.

Values are LaTeX-and-Markdown-safe text (see ``symback.report.messages``).
"""

from __future__ import annotations

from ...rules import (CANONICAL, CHAIN, DE_DP, DEF_E, DEF_J, DEF_S, DEF_YHAT, DELTA_DEF, DELTA_GRADIENT,
                      DELTA_RECURSION, SPECIFIC, ONLY_TERM, PENALTY, SUBSTITUTE, SUM_RULE)

# Rule names of the derivation (rule keys) and of the report's own steps.
RULES = {
    DEF_J: "definition of the objective",
    SUM_RULE: "derivative of a sum",
    CHAIN: "chain rule",
    DEF_YHAT: "definition of the prediction",
    DEF_S: {"neurons": "definition of the output signal", "layers": "definition of the activation"},
    DEF_E: {"neurons": "definition of the input signal", "layers": "definition of the pre-activation"},
    ONLY_TERM: "only one term depends on the parameter",
    DE_DP: {"neurons": "derivative of the input signal", "layers": "derivative of the pre-activation"},
    SUBSTITUTE: "derivative of the prediction found above",
    DELTA_DEF: "chain rule and derivative of the loss",
    CANONICAL: "simplification for this output and loss",
    SPECIFIC: "derivative of each activation written out",
    PENALTY: "derivative of the penalty (thresholds are not penalised)",
    DELTA_RECURSION: "chain rule through the next layer",
    DELTA_GRADIENT: "definition of the error term",
    "error-term": "definition of the error term",
    "update": "gradient descent with the derivative above",
    "factor-out": "factors that do not depend on i",
    "signal": "the prediction is the output of the last layer",
    "nested": "every signal replaced by its definition",
    "activation-definition": "derivative of the formula",
    "activation-sum": "derivative of a sum",
    "activation-constant-factor": "a constant factor stays",
    "activation-product": "product rule",
    "activation-quotient": "quotient rule",
    "activation-power": "power rule",
    "activation-exponential": "derivative of an exponential",
    "activation-elementary": "derivative of the formula",
    "activation-parts": "derivatives of the parts",
    "activation-simplify": "simplification",
}

MESSAGES = {
    "title": "Backpropagation step by step: the {shorthand} network",
    "author": "Derived and checked by symback",
    "intro": ("This document derives, for the network of Figure~\\ref{{fig:network}}, the derivative of the "
              "objective with respect to every weight and {threshold} by the chain rule, one step at a time "
              "and with the rule of each step named, down to the weights into the first hidden layer, and "
              "writes the same results in matrix form. Every equality shown was checked by symback before "
              "this document was written (Section~\\ref{{sec:checked}})."),
    "threshold": {"neurons": "threshold", "layers": "bias"},
    "thresholds": {"neurons": "thresholds", "layers": "biases"},
    # -- the network
    "sec_network": "The network",
    "network_text": ("Consider a training base of $n$ observations: the covariates {inputs} and "
                     "{target_word} {targets}, $i = 1, \\ldots, n$. The network has {depth} layers with "
                     "parameters; Table~\\ref{{tab:layers}} lists them."),
    "network_neurons": ("The neurons are numbered consecutively from the inputs to the output{output_name}. "
                        "Neuron $j$ adds its threshold ${theta}$ to the weighted outputs of the previous "
                        "layer, ${weight}$ being the weight of the connection from neuron $k$ into neuron $j$."),
    "network_layers": ("Layer $l$ holds the weight matrix $W^{{(l)}}$ and the bias vector $b^{{(l)}}$; "
                       "neuron $j$ of a layer is numbered within its layer, ${weight}$ being the weight from "
                       "neuron $k$ of layer $l-1$ into neuron $j$ of layer $l$."),
    "outputs_by_position": ("Targets and predictions are numbered by output: ${first_y}$ and ${first_yhat} = {first_s}$ "
                            "belong to the first output neuron, up to ${last_y}$ and ${last_yhat} = {last_s}$ for "
                            "the last; for an output neuron written with a letter, as $j$, they are written "
                            "$y_{{i,j}}$ and $\\hat{{y}}_{{i,j}}$."),
    "target_one": "the target", "target_many": "the targets",
    "output_name": ", which is called $F$ when it is the only one",
    "figure_caption": "The {shorthand} network. {detail}",
    "figure_detail": {"neurons": "Each circle shows the neuron's number and its threshold; the first edge "
                                 "of each layer is named, the others follow the same pattern.",
                      "layers": "Each circle shows the neuron's position in its layer and its bias; the "
                                "first edge of each layer is named, the others follow the same pattern."},
    "figure_layers_ellipsis": " Hidden layers {first} to {last} are not drawn ($\\cdots$).",
    "figure_ellipsis": " Layers with more than {limit} neurons are drawn with an ellipsis.",
    "table_caption": "Layers of the network.",
    "col_layer": "layer", "col_neurons": "neurons", "col_activation": "activation",
    "layer_input": "input", "layer_hidden": "hidden {l}", "layer_output": "output",
    "layer_hidden_range": "hidden {first}--{last}",
    "table_run_neurons": "{names} ({size} per layer)",
    "column_input": "inputs", "column_hidden": "hidden layer {l}", "column_output": "output",
    "loss_text": "The objective is the {loss}.",
    # -- forward
    "sec_forward": "Forward pass",
    "forward_text": {"neurons": ("For each observation $i$, every neuron $j$ receives the input signal "
                                 "$e_{{i,j}}$ and emits the output signal $s_{{i,j}}$; an input neuron emits "
                                 "its covariate. Layer by layer, from left to right:"),
                     "layers": ("For each observation $i$, neuron $j$ of layer $l$ computes the "
                                "pre-activation $z^{{l}}_{{i,j}}$ and the activation $a^{{l}}_{{i,j}}$; "
                                "the activations of layer 0 are the inputs. Layer by layer:")},
    "forward_layer": "Layer {layer}{where}:",
    "nested_text_deep": ("Replacing the signals of the top {layers} layers by their definitions writes the "
                         "prediction as one nested expression of the signals of layer {floor}, each of which "
                         "nests the same way down to the inputs:"),
    "nested_text": ("Replacing every signal by its definition writes the prediction as one nested "
                    "expression of the inputs and the parameters:"),
    # -- objective
    "sec_objective": "Objective and gradient descent",
    "objective_text": "The parameters are chosen to minimise the objective, the {loss}:",
    "descent_text": {"neurons": ("Gradient descent starts from values $(\\hat{{\\mathbf{{w}}}}^0, "
                                 "\\hat{{\\boldsymbol{{\\Theta}}}}^0)$ and moves every parameter against the "
                                 "derivative of $J$ at those values, with learning rate $\\delta$ (here "
                                 "$\\delta$ is the step size, not an error term):"),
                     "layers": ("Gradient descent moves every parameter against the derivative of $C$ "
                                "at the current values, with learning rate $\\alpha$:")},
    "descent_after": {"neurons": ("Only the value of the derivative at the current point is needed. The "
                                  "signals $e^0_{{i,j}}$ and $s^0_{{i,j}}$ computed by the forward pass with "
                                  "the current values are known numbers, and the chain rule writes the "
                                  "derivative with them."),
                      "layers": ("Only the value of the derivative at the current point is needed; the "
                                 "pre-activations and activations computed by the forward pass are known "
                                 "numbers, and the chain rule writes the derivative with them.")},
    # -- derivation
    "sec_derivation": "Derivation, parameter by parameter",
    "derivation_text": ("The parameters are taken from the output back to the first hidden layer, the order "
                        "in which backpropagation computes them. Each group is derived once, with free "
                        "indices standing for every neuron of a layer."),
    "group_threshold_output": {"neurons": "Threshold of the output neuron", "layers": "Biases of the output layer"},
    "group_thresholds_output": {"neurons": "Thresholds of the output neurons", "layers": "Biases of the output layer"},
    "group_weight_output": {"neurons": "Weights into the output neuron", "layers": "Weights into the output layer"},
    "group_weights_output": {"neurons": "Weights into the output neurons", "layers": "Weights into the output layer"},
    "group_threshold_hidden": {"neurons": "Thresholds of hidden layer {l}", "layers": "Biases of hidden layer {l}"},
    "group_weight_hidden": "Weights into hidden layer {l}",
    "last_hidden": " (the last hidden layer)",
    "first_hidden": " (the first hidden layer)",
    "group_intro": "Let $p = {parameter}${where}.",
    "prediction_text": {"neurons": "Derivative of the prediction $f_i$ of the network:",
                        "layers": "Derivative of the output $o_i$ of the network:"},
    "objective_chain_text": "Derivative of the objective:",
    "update_text": "Update rule:",
    "deep_groups_text": (" Groups {full} or more layers below the output are derived through the error terms "
                         "of Section~\\ref{{sec:errors}}, which carry every layer above them: a chain "
                         "descending every layer would take a step for each layer crossed, each a product "
                         "as long as the path."),
    "deep_group_text": ("This group lies {below} layers below the output; its derivative is written through "
                        "the error terms of Section~\\ref{{sec:errors}}:"),
    "delta_text": "The same derivative through the error terms of Section~\\ref{{sec:errors}}:",
    "where": ", for {ranges}",
    "where_sentence": "For {ranges}.",
    "and": " and ",
    # -- error terms
    "sec_errors": "Error terms",
    "errors_text": {"neurons": ("The error term $\\varepsilon_{{i,j}}$ of neuron $j$ for observation $i$ is "
                                "the derivative of that observation's term $J_i$ of the objective with "
                                "respect to the input signal $e_{{i,j}}$ (the letter $\\delta$ is the "
                                "learning rate in this notation). It is computed from the output back to "
                                "the first hidden layer:"),
                    "layers": ("The error $\\delta^{{l}}_{{i,j}}$ of neuron $j$ of layer $l$ for observation "
                               "$i$ is the derivative of that observation's term $C_i$ of the cost with "
                               "respect to the pre-activation $z^{{l}}_{{i,j}}$. It is computed from the "
                               "output back to the first hidden layer:")},
    "heaviside": {"neurons": ("Here $[e > 0]$ is 1 when $e > 0$ and 0 otherwise: the derivative of ReLU, "
                              "taken as 0 at $e = 0$."),
                  "layers": ("Here $[z > 0]$ is 1 when $z > 0$ and 0 otherwise: the derivative of ReLU, "
                             "taken as 0 at $z = 0$.")},
    "logistic": "Here ${sigma}(x) = 1/(1 + \\exp(-x))$ is the logistic function.",
    "canonical_sigmoid": "sigmoid and cross-entropy combined",
    "canonical_softmax": "softmax and cross-entropy combined",
    "specific_one": "derivative of {first}",
    "specific_two": "derivatives of {first} and {second}",
    "act_sigmoid": "the sigmoid", "act_tanh": "tanh", "act_relu": "ReLU", "act_leaky_relu": "leaky ReLU",
    "act_elu": "ELU", "act_softplus": "softplus", "act_silu": "SiLU", "act_linear": "the identity",
    "iverson": ("Here $[a = b]$ is the Iverson bracket: 1 when $a = b$ and 0 otherwise."),
    "errors_layer": "Layer {layer}{where}:",
    # -- matrix
    "sec_matrix": "Matrix form",
    "matrix_text": {"neurons": ("Collect the symbols of each layer $l$ into vectors and matrices: "
                                "$\\mathbf{{W}}^{{(l)}}$ holds the weights into layer $l$, "
                                "$\\boldsymbol{{\\Theta}}^{{(l)}}$ its thresholds, and $\\mathbf{{e}}^{{l}}_i$, "
                                "$\\mathbf{{s}}^{{l}}_i$ and $\\boldsymbol{{\\varepsilon}}^{{l}}_i$ the input "
                                "signals, output signals and error terms of observation $i$; "
                                "$\\mathbf{{x}}_i$ is the vector of covariates. The equations below "
                                "hold entry by entry, and their entries are the scalar equations of the "
                                "previous sections."),
                    "layers": ("The vectors $z^{{l}}_i$, $a^{{l}}_i$ and $\\delta^{{l}}_i$ collect the "
                               "pre-activations, activations and errors of layer $l$ for observation $i$, "
                               "and $x_i$ is the vector of inputs. The equations below hold entry by "
                               "entry, and their entries are the scalar equations of the previous sections.")},
    "layout_in_out": ("Layout: the weight matrix of layer $l$ has one row per neuron of layer $l-1$ and "
                      "one column per neuron of layer $l$, so that ${matrix} \\in \\mathbb{{R}}^{{n_{{l-1}} "
                      "\\times n_l}}$ and the forward pass multiplies by its transpose. "
                      "This layout is used throughout this document."),
    "layout_out_in": ("Layout: the weight matrix of layer $l$ has one row per neuron of layer $l$ and one "
                      "column per neuron of layer $l-1$, so that ${matrix} \\in \\mathbb{{R}}^{{n_l \\times "
                      "n_{{l-1}}}}$ and the forward pass multiplies by it directly. "
                      "This layout is used throughout this document."),
    "shapes_caption": "Shapes of the vectors and matrices of each layer.",
    "col_matrix": "weights", "col_vectors": "vectors",
    "matrix_forward": "Forward pass, for every layer $l$:",
    "matrix_nested": "The nested prediction:",
    "matrix_output_error": "Error of the output layer:",
    "matrix_recursion": "Errors of the hidden layers:",
    "matrix_weights": "Derivatives with respect to the weights:",
    "matrix_biases": "Derivatives with respect to the {thresholds}:",
    "matrix_update": "Update:",
    "hadamard": "Here $\\odot$ is the entrywise product.",
    # -- algorithm
    "sec_algorithm": "The backpropagation algorithm",
    "algorithm": {
        "neurons": [
            ("Initialisation: choose the initial weights and thresholds "
             "$(\\hat{{\\mathbf{{w}}}}^0, \\hat{{\\boldsymbol{{\\Theta}}}}^0)$ at random, from a uniform "
             "distribution with mean zero."),
            ("Forward pass: for every observation $i$, compute the input and output signals "
             "$e^0_{{i,j}}$ and $s^0_{{i,j}}$ of every neuron, from the leftmost layer to the output; the "
             "last of them is the prediction $\\hat{{y}}^0_i$."),
            ("Backward pass: compute the error terms from the output back to the first hidden layer and "
             "update every weight and threshold with the rules of Section~\\ref{{sec:derivation}}, from "
             "the rightmost parameters to the leftmost, always with the current values."),
            ("Repeat steps 2 and 3, the new values becoming the current ones, until a maximum number of "
             "iterations is reached or the objective stops changing from one iteration to the next."),
        ],
        "layers": [
            ("Initialisation: choose the initial weights $W^{{(l)}}$ and biases $b^{{(l)}}$ at random, "
             "from a uniform distribution with mean zero."),
            ("Forward pass: for every observation $i$, compute $z^{{l}}_i$ and $a^{{l}}_i$ for "
             "$l = 1, \\ldots, L$; the activation of the last layer is the prediction."),
            ("Backward pass: compute the errors $\\delta^{{L}}_i$, then $\\delta^{{l}}_i$ from $l = L-1$ "
             "down to 1, and update every $W^{{(l)}}$ and $b^{{(l)}}$ with the rules of "
             "Section~\\ref{{sec:derivation}}, all with the current values."),
            ("Repeat steps 2 and 3, the new values becoming the current ones, until a maximum number of "
             "iterations is reached or the cost stops changing from one iteration to the next."),
        ],
    },
    # -- checking
    "sec_checked": "How this document was checked",
    "checked_symbolic": ("Each of the {count} equalities in this document was proved symbolically with "
                         "SymPy, for every value of its free indices at once ({checks} checks): each step "
                         "applies one rule, and the part it rewrote was shown equal to what it became, the "
                         "signals replaced by their definitions one layer at a time; an equality joining "
                         "two chains proved above follows from them."),
    "checked_numeric": ("Each of the {count} equalities in this document was verified numerically, for "
                        "every value of its free indices ({checks} checks): both sides were evaluated with "
                        "{digits}-digit arithmetic at {points} random points, derivatives by the complex step."),
    "checked_mixed": ("Each of the {count} equalities in this document was verified for every value of its "
                      "free indices ({checks} checks: {methods})."),
    "figure_name": "Figure", "table_name": "Table",
    "markdown_figure": "Figure 1: ",
    "markdown_caption": "The {shorthand} network, each neuron labelled with its {numbering}.",
    "numbering": {"neurons": "number", "layers": "position in its layer"},
    # -- a user's own activation (report/activation.py)
    "custom_text": ("The activation {name} ({generic} in the equations below) is given by its formula in "
                    "the specification. Its derivative is found one rule at a time:"),
    "custom_identity": "The simplification uses {identities}, which holds for every real ${var}$.",
    "custom_identities": "The simplification uses {identities}, which hold for every real ${var}$.",
    "g_chain": "chain rule for {f}",
    "g_elementary": "derivative of {f}",
    "g_fn_exp": "exp", "g_fn_log": "log", "g_fn_tanh": "tanh", "g_fn_sigmoid": "the sigmoid",
    "g_fn_abs": "the absolute value", "g_fn_relu": "ReLU", "g_fn_sqrt": "the square root",
}

# With ``references = "handouts"``: the same messages citing handouts 000 and 004.
HANDOUTS = {
    "intro": ("This document derives, for the network of Figure~\\ref{{fig:network}}, the derivative of the "
              "objective with respect to every weight and {threshold} by the chain rule, one step at a time "
              "and with the rule of each step named, in the way handout 004 does; it goes on to the weights "
              "into the first hidden layer, which the handout leaves undone, and writes the same results "
              "in the matrix form of handout 000. Every equality shown was checked by symback before this "
              "document was written (Section~\\ref{{sec:checked}})."),
    "loss_text": "The objective is the {loss} (handout {source}).",
    "nested_text": ("Replacing every signal by its definition writes the prediction as one nested "
                    "expression of the inputs and the parameters (equation 12 of handout 000 for this "
                    "network):"),
    "descent_text": {"neurons": ("Gradient descent starts from values $(\\hat{{\\mathbf{{w}}}}^0, "
                                 "\\hat{{\\boldsymbol{{\\Theta}}}}^0)$ and moves every parameter against the "
                                 "derivative of $J$ at those values, with learning rate $\\delta$ (here "
                                 "$\\delta$ is the step size, not an error term):"),
                     "layers": ("Gradient descent moves every parameter against the derivative of $C$ "
                                "at the current values, with learning rate $\\alpha$ (equations 13 and 14 "
                                "of handout 000):")},
    "derivation_text": ("The parameters are taken in the order of handout 004: from the output back to "
                        "the first hidden layer. Each group is derived once, with free indices standing "
                        "for every neuron of a layer. The last group, the weights into the first hidden "
                        "layer, is the one the handout leaves undone."),
    "matrix_text": {"neurons": ("Collect the symbols of each layer $l$ into vectors and matrices: "
                                "$\\mathbf{{W}}^{{(l)}}$ holds the weights into layer $l$, "
                                "$\\boldsymbol{{\\Theta}}^{{(l)}}$ its thresholds, and $\\mathbf{{e}}^{{l}}_i$, "
                                "$\\mathbf{{s}}^{{l}}_i$ and $\\boldsymbol{{\\varepsilon}}^{{l}}_i$ the input "
                                "signals, output signals and error terms of observation $i$; "
                                "$\\mathbf{{x}}_i$ is the vector of covariates. The equations below "
                                "are equations 15 to 21 of handout 000 for this network; each holds entry "
                                "by entry, and its entries are the scalar equations of the previous "
                                "sections."),
                    "layers": ("The vectors $z^{{l}}_i$, $a^{{l}}_i$ and $\\delta^{{l}}_i$ collect the "
                               "pre-activations, activations and errors of layer $l$ for observation $i$, "
                               "and $x_i$ is the vector of inputs. The equations below are equations "
                               "15 to 21 of handout 000 for this network; each holds entry by entry, and "
                               "its entries are the scalar equations of the previous sections.")},
    "layout_in_out": ("Layout: the weight matrix of layer $l$ has one row per neuron of layer $l-1$ and "
                      "one column per neuron of layer $l$, so that ${matrix} \\in \\mathbb{{R}}^{{n_{{l-1}} "
                      "\\times n_l}}$ and the forward pass multiplies by its transpose, as in equation 1 "
                      "of handout 000. This layout is used throughout this document."),
    "layout_out_in": ("Layout: the weight matrix of layer $l$ has one row per neuron of layer $l$ and one "
                      "column per neuron of layer $l-1$, so that ${matrix} \\in \\mathbb{{R}}^{{n_l \\times "
                      "n_{{l-1}}}}$ and the forward pass multiplies by it directly, as in the footnote to "
                      "equation 17 of handout 000. This layout is used throughout this document."),
    "matrix_forward": "Forward pass (equations 1 to 3), for every layer $l$:",
    "matrix_nested": "The nested prediction (equation 12):",
    "matrix_output_error": "Error of the output layer (equations 15 and 16):",
    "matrix_recursion": "Errors of the hidden layers (equation 17):",
    "matrix_weights": "Derivatives with respect to the weights (equations 18 and 19):",
    "matrix_biases": "Derivatives with respect to the {thresholds} (equations 20 and 21):",
    "matrix_update": "Update (equations 13 and 14):",
}
