"""The one module that names the variables of generated code, for both styles.

``layers``: the handout 000 names, one array per layer: W1, b1 (parameters), z1, a1, d1 (the
pre-activations, activations and error terms, one row per neuron), gW1, gb1 (gradients), t3_1
(scratch buffers, by row count), c2_0 (shared subexpressions). ``neurons``: handout 004's
labels, one column per neuron: w14, theta4, e4, s4, x1, eps4, y, yhat.
"""

from __future__ import annotations

from sympy import Indexed, Integer, Symbol

from ..model import DELTA, E, S, THETA, W, X, Y, YHAT, Model
from ..notation import Namer

INPUTS = "X"
TARGETS = "yT"  # the targets as one row per output, like the signals
ONES = "ones"
SCALE = "scale"
L2 = "L2"  # λ of the L2 penalty: a module constant of the generated program
SIGNAL_PREFIX = {E: "z", S: "a", DELTA: "d"}


def parameter_keys(depth: int) -> tuple[str, ...]:
    """W1, b1, W2, b2, ...: the keys of the params dict, in the order init_params draws them."""
    return tuple(f"{kind}{layer}" for layer in range(1, depth + 1) for kind in "Wb")


def weights(layer: int) -> Symbol:
    return Symbol(f"W{layer}")


def thresholds(layer: int) -> Symbol:
    return Symbol(f"b{layer}")


def signal(base, layer: int) -> Symbol:
    """z{l}, a{l} or d{l}: e, s or the error term of every neuron of layer l."""
    return Symbol(f"{SIGNAL_PREFIX[base]}{layer}")


def gradient(key: str) -> str:
    return f"g{key}"


def scratch(rows: int, number: int) -> str:
    """t3, t3_1, ...: scratch buffers of ``rows`` rows."""
    return f"t{rows}" + (f"_{number}" if number else "")


def shared(kind: str, layer: int | str) -> str:
    """Prefix of the shared subexpressions of one block: f1_ (forward), c1_ (backward)."""
    return f"{kind}{layer}_"


class NeuronNames:
    """Handout 004's labels for one model: w14 (or w1_10 past nine neurons), theta4, e4, s4."""

    def __init__(self, model: Model):
        self.model = model
        self.label = Namer(model, "neurons").index
        labels = [self.label(Integer(n)) for n in range(1, model.ranges[-1].last + 1)]
        self.sep = "" if all(len(label) == 1 for label in labels) else "_"

    def __call__(self, ind: Indexed) -> str:
        """w14, theta4, e4, s4, x1, eps4, y or y6, yhat or yhat6."""
        base, idx, label = ind.base, ind.indices, self.label
        if base == W:
            return f"w{label(idx[0])}{self.sep}{label(idx[1])}"
        if base == THETA:
            return f"theta{label(idx[0])}"
        if base in (Y, YHAT):
            return ("y" if base == Y else "yhat") + (label(idx[1]) if len(idx) > 1 else "")
        return {E: "e", S: "s", X: "x", DELTA: "eps"}[base] + label(idx[1])

    def derivative(self, ind: Indexed) -> str:
        """dw14, dtheta4: the gradient entry of one parameter."""
        return "d" + self(ind)

    def join(self, symbols, unpack: bool = True) -> str:
        """e4, e5 (with a trailing comma for one name being unpacked: e4,)."""
        return ", ".join(self(s) for s in symbols) + ("," if unpack and len(symbols) == 1 else "")
