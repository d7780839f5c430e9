"""The table of hand-written formulas (handouts 000 and 004), correct and wrong, shared by the
table test and the fuzzing (which mutates its rows)."""

# (spec, activation, loss, notation, layout)
ARCHS = {
    "A": ("3-2-3-1", None, None, "neurons", None),              # handout 004
    "B": ("2-2-2", "tanh,sigmoid", "mse", "neurons", None),     # two outputs, mean
    "C": ("3-2-3-1", None, None, "layers", None),               # handout 000's matrix forms
    "Co": ("3-2-3-1", None, None, "layers", "out-in"),
    "D": ("2-2-1", "relu,sigmoid", "bce", "layers", None),
    "E": ("2-3-3", "tanh,softmax", "cce", "layers", None),
    "G": ("2-3-3-1", None, "mse", "layers", None),               # a square W^{(2)}
}

# Shared pieces of handout 004's formulas.
P = r"\left(\hat{y}_i - y_i\right)"
GF = r"g'\left(e_{i,F}\right)"

# (architecture, formula, expected verdict, expected diagnosis key or None)
TABLE = [
    # -- handout 004, neuron notation -------------------------------------------------------
    ("A", rf"\frac{{\partial J}}{{\partial \hat\Theta_F}} = \sum_{{i=1}}^n {P} {GF}", "correct", None),
    ("A", rf"\frac{{\partial J}}{{\partial \hat\Theta_F}} = \sum_{{i=1}}^n \left(y_i - \hat{{y}}_i\right) {GF}",
     "wrong", "target_minus_prediction"),
    ("A", rf"\frac{{\partial J}}{{\partial \hat{{w}}_{{j,F}}}} = \sum_{{i=1}}^n {P} {GF} s_{{i,j}}", "correct", None),
    ("A", rf"\frac{{\partial J}}{{\partial w_{{jF}}}} = \sum_{{i=1}}^n {P} s_{{i,j}}", "wrong", "missing_gprime"),
    ("A", rf"\frac{{\partial J}}{{\partial w_{{jF}}}} = \sum_{{i=1}}^n {P} g'(s_{{i,F}}) s_{{i,j}}",
     "wrong", "gprime_at_s"),
    ("A", rf"\frac{{\partial J}}{{\partial \hat\Theta_j^0}} = \sum_{{i=1}}^n {P} {GF} \hat{{w}}^0_{{jF}} g'(e^0_{{i,j}})",
     "correct", None),
    ("A", rf"\frac{{\partial J}}{{\partial w_{{lj}}}} = \sum_{{i=1}}^n {P} {GF} w_{{jF}} g'(e_{{i,j}}) s_{{i,l}}",
     "correct", None),
    ("A", rf"\frac{{\partial J}}{{\partial w_{{lj}}}} = \sum_{{i=1}}^n {P} {GF} w_{{jF}} g'(e_{{i,j}}) s_{{i,l}} g'(e_{{i,l}})",
     "wrong", "extra_gprime"),
    ("A", rf"\frac{{\partial J}}{{\partial w_{{lj}}}} = \sum_{{i=1}}^n {P} {GF} w_{{jF}} g'(e_{{i,j}}) s_{{i,j}}",
     "wrong", "swapped_index"),
    ("A", rf"\frac{{\partial J}}{{\partial \Theta_j}} = \sum_{{i=1}}^n {P} {GF} \left(\sum_{{l=6}}^8 w_{{lF}} "
          r"g'(e_{i,l}) w_{jl}\right) g'(e_{i,j}) \quad (j = 4, 5)", "correct", None),
    ("A", rf"\frac{{\partial J}}{{\partial \Theta_j}} = \sum_{{i=1}}^n {P} {GF} \left(w_{{6F}} g'(e_{{i,6}}) w_{{j6}} "
          r"+ w_{7F} g'(e_{i,7}) w_{j7} + w_{8F} g'(e_{i,8})\right) g'(e_{i,j}) \quad (j = 4, 5)",
     "wrong", "missing_weight"),
    ("A", rf"\frac{{\partial J}}{{\partial \Theta_j}} = \sum_{{i=1}}^n {P} {GF} \left(w_{{6F}} g'(e_{{i,6}}) w_{{j6}} "
          r"+ w_{7F} g'(e_{i,7}) w_{j7}\right) g'(e_{i,j}) \quad (j = 4, 5)", "wrong", "missing_path"),
    ("A", rf"\varepsilon_{{i,F}} = {P} {GF}", "correct", None),
    ("A", rf"\varepsilon_{{i,F}} = {P} s_{{i,F}} (1 + s_{{i,F}})", "wrong", "wrong_derivative"),
    ("A", rf"\varepsilon_{{i,F}} = 2 {P} {GF}", "wrong", "constant_factor"),
    ("A", rf"\varepsilon_{{i,F}} = -{P} {GF}", "wrong", "wrong_sign"),
    ("A", rf"\varepsilon_{{i,F}} = \frac{{1}}{{n}} {P} {GF}", "wrong", "extra_mean"),
    ("A", rf"\varepsilon_{{i,F}} = {P} s_{{i,F}} \left(1 - s_{{i,F}}\right)", "correct", None),
    ("A", r"\varepsilon_{i,j} = g'(e_{i,j}) \sum_{m=6}^{8} w_{j,m} \varepsilon_{i,m}", "correct", None),
    ("A", r"\varepsilon_{i,j} = g'(s_{i,j}) \sum_{m=6}^{8} w_{j,m} \varepsilon_{i,m}", "wrong", "gprime_at_s"),
    ("A", r"\frac{\partial J}{\partial w_{k,j}} = \sum_{i=1}^n \varepsilon_{i,j} s_{i,k}", "correct", None),
    ("A", r"\frac{\partial J}{\partial w_{k,j}} = \varepsilon_{i,j} s_{i,k}", "wrong", "missing_observation_sum"),
    ("A", r"\frac{\partial J}{\partial w_{k,j}} = \sum_{i=1}^n \varepsilon_{i,k} s_{i,j} \quad (k = 6, 7, 8; j = F)",
     "wrong", "swapped_index"),
    ("A", rf"\hat{{w}}_{{j,F}}^1 = \hat{{w}}_{{j,F}}^0 - \delta \sum_{{i=1}}^n \left[ {P} {GF} s_{{i,j}} \right]",
     "correct", None),
    ("A", rf"\hat{{w}}_{{j,F}}^1 = \hat{{w}}_{{j,F}}^0 + \delta \sum_{{i=1}}^n \left[ {P} {GF} s_{{i,j}} \right]",
     "wrong", "update_rate_sign"),
    ("A", rf"\hat{{w}}_{{j,F}}^1 = \hat{{w}}_{{j,F}}^0 - \delta \sum_{{i=1}}^n \left[ {P} s_{{i,j}} \right]",
     "wrong", "missing_gprime"),
    ("A", r"\frac{\partial}{\partial \hat\Theta_j^0} f_i\left(\mathbf{\hat{w}}^0, \mathbf{\hat\Theta}^0\right) = "
          r"g'(e^0_{i,F}) \hat{w}^0_{jF} \frac{\partial s^0_{i,j}}{\partial \hat\Theta_j^0} = "
          r"g'(e^0_{i,F}) \hat{w}^0_{jF} g'(e^0_{i,j}) \quad (j = 6, 7, 8)", "correct", None),
    ("A", r"\frac{\partial}{\partial \hat\Theta_j^0} f_i\left(\mathbf{\hat{w}}^0, \mathbf{\hat\Theta}^0\right) = "
          r"g'(e^0_{i,F}) \hat{w}^0_{jF} \frac{\partial s^0_{i,j}}{\partial \hat\Theta_j^0} = "
          r"g'(e^0_{i,F}) \hat{w}^0_{jF} \quad (j = 6, 7, 8)", "wrong", "missing_gprime"),
    # -- two outputs, mean squared error, neuron notation --------------------------------------
    ("B", r"\varepsilon_{i,o} = \frac{1}{n} (\hat{y}_{i,o} - y_{i,o}) g'(e_{i,o})", "correct", None),
    ("B", r"\varepsilon_{i,o} = \frac{2}{n} (\hat{y}_{i,o} - y_{i,o}) g'(e_{i,o})", "wrong", "constant_factor"),
    ("B", r"\varepsilon_{i,o} = (\hat{y}_{i,o} - y_{i,o}) g'(e_{i,o})", "wrong", "missing_mean"),
    ("B", r"\frac{\partial J}{\partial \Theta_j} = \sum_{i=1}^n \sum_{o=5}^{6} \frac{1}{n} (\hat{y}_{i,o} - y_{i,o}) "
          r"g'(e_{i,o}) w_{j,o} g'(e_{i,j}) \quad (j = 3, 4)", "correct", None),
    ("B", r"\frac{\partial J}{\partial \Theta_j} = \sum_{i=1}^n \sum_{o=5}^{6} \frac{1}{n} (\hat{y}_{i,o} - y_{i,o}) "
          r"g'(e_{i,o}) w_{j,o} s_{i,j} (1 - s_{i,j}) \quad (j = 3, 4)", "wrong", "wrong_activation_derivative"),
    # targets and predictions are indexed by output position (neuron 5 is output 1)
    ("B", r"\frac{\partial J}{\partial \Theta_j} = \sum_{i=1}^n \frac{1}{n} (\hat{y}_{i,1} - y_{i,1}) "
          r"g'(e_{i,5}) w_{j,5} g'(e_{i,j}) \quad (j = 3, 4)", "wrong", "missing_path"),
    # -- handout 000's four equations, layer notation ---------------------------------------------
    ("C", r"\delta^L = \nabla_a C \odot \sigma'(z^L)", "correct", None),
    ("C", r"\delta^L = \nabla_a C", "wrong", "missing_gprime"),
    ("C", r"\delta^l = (W^{(l+1)} \delta^{l+1}) \odot \sigma'(z^l)", "correct", None),
    ("C", r"\delta^l = ((W^{(l+1)})^T \delta^{l+1}) \odot \sigma'(z^l)", "wrong", "shape_mismatch"),
    ("Co", r"\delta^l = ((W^{(l+1)})^T \delta^{l+1}) \odot \sigma'(z^l)", "correct", None),
    ("C", r"\frac{\partial C}{\partial W^l} = a^{l-1} (\delta^l)^T", "correct", None),
    ("C", r"\frac{\partial C}{\partial W^l} = \delta^l (a^{l-1})^T", "wrong", "shape_mismatch"),
    ("Co", r"\frac{\partial C}{\partial W^l} = \delta^l (a^{l-1})^T", "correct", None),
    ("C", r"\frac{\partial C}{\partial b^l} = \delta^l", "correct", None),
    ("C", r"\frac{\partial C}{\partial w_{ij}^l} = a_i^{l-1} \delta_j^l", "correct", None),
    ("C", r"\delta^{2}_{i,j} = \sigma'(z^{2}_{i,j}) W^{(3)}_{j,1} \delta^{3}_{i,1}", "correct", None),
    ("C", r"\delta^{2}_{i,j} = \sigma'(a^{2}_{i,j}) W^{(3)}_{j,1} \delta^{3}_{i,1}", "wrong", "gprime_at_s"),
    ("C", r"W^{(l)} \gets W^{(l)} - \alpha \, a^{l-1} (\delta^l)^T", "correct", None),
    ("C", r"\delta b^l = \delta^l", "correct", None),
    ("G", r"\delta^l = (W^{(l+1)} \delta^{l+1}) \odot \sigma'(z^l) \quad (l = 1)", "correct", None),
    ("G", r"\delta^l = ((W^{(l+1)})^T \delta^{l+1}) \odot \sigma'(z^l) \quad (l = 1)", "wrong",
     "transposed_weights"),
    ("G", r"\mathbf{C} = C(a^L) = \frac{1}{2n} \sum_{i=1}^n (y_i - \hat{y}_i)^2", "correct", None),
    ("G", r"\frac{\partial C}{\partial \hat{y}_i} = \frac{2}{n}(\hat{y}_i - y_i)", "wrong", "constant_factor"),
    # -- binary cross-entropy on a sigmoid output: δ^L = (ŷ - y)/n --------------------------------
    ("D", r"\delta^L = \frac{1}{n} (\hat{y} - y)", "correct", None),
    ("D", r"\delta^L = \frac{1}{n} (\hat{y} - y) \odot \sigma'(z^L)", "wrong", "extra_gprime"),
    ("D", r"\frac{\partial C}{\partial W^{(1)}_{1,2}} = \sum_{i=1}^n \delta^{1}_{i,2} x_{i,1}", "correct", None),
    ("D", r"\frac{\partial C}{\partial W^{(1)}_{1,2}} = \sum_{i=1}^n \delta^{1}_{i,1} x_{i,2}", "wrong", "swapped_index"),
    # -- softmax with categorical cross-entropy ---------------------------------------------------
    ("E", r"\delta^{2}_{i,j} = \frac{\hat{y}_{i,j} - y_{i,j}}{n}", "correct", None),
    ("E", r"\frac{\partial C}{\partial b^{(1)}_{j}} = \sum_{i=1}^n \delta^{1}_{i,j}", "correct", None),
    ("E", r"\delta^{1}_{i,j} = \sigma'(z^{1}_{i,j}) (W^{(2)}_{j,1} \delta^{2}_{i,1} + W^{(2)}_{j,2} \delta^{2}_{i,2} "
          r"+ W^{(2)}_{j,3} \delta^{2}_{i,3})", "correct", None),
    ("E", r"\delta^{1}_{i,j} = \sigma'(z^{1}_{i,j}) (W^{(2)}_{j,1} \delta^{2}_{i,1} + W^{(2)}_{j,2} \delta^{2}_{i,2})",
     "wrong", "missing_path"),
    ("E", r"\delta^L = \nabla_a C \odot \sigma'(z^L)", "unreadable", None),
]
