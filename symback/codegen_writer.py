"""What the two styles of training code share: the records for the template, the tables, the
Writer base class (model, comments, order of the blocks) and common-subexpression elimination.

The styles themselves: ``LayerWriter`` in codegen.py, ``NeuronWriter`` in codegen_neurons.py.
"""

from __future__ import annotations

import dataclasses
import re

import sympy
from sympy import Integer, Symbol

from .derive import CANONICAL, DELTA_DEF, DELTA_RECURSION, Derivation
from .notation import Namer
from .printing import text

TEMPLATE = "train.py.j2"
EQUATIONS = {  # the equation or handout step each kind of statement implements
    "e": "handout 004 step 2 (forward computation); handout 000 eqs. 1-3",
    DELTA_DEF: "output error: handout 000 eqs. 15-16, loss derivative eqs. 7/9",
    CANONICAL: "handout 000 eq. 11: the output error collapses to (yhat - y)/n",
    DELTA_RECURSION: "handout 000 eq. 17; handout 004's sum over the next layer",
    "threshold": "handout 000 eqs. 20-21; handout 004's threshold updates",
    "weight": "handout 000 eqs. 18-19; handout 004's synaptic-weight updates",
}
ACTIVATION = {  # (layers style into a buffer, neurons style) stable NumPy forms of s = g(e)
    "sigmoid": ("_sigmoid({z}, out={a})", "_sigmoid({z})"), "tanh": ("np.tanh({z}, out={a})", "np.tanh({z})"),
    "relu": ("np.maximum({z}, 0.0, out={a})", "np.maximum({z}, 0.0)"), "softmax": ("_softmax({z}, out={a})", ""),
    "linear": ("", "{z}"),
}



@dataclasses.dataclass(frozen=True)
class Block:
    """Statements implementing one equation, and the comment lines that name it."""

    comment: tuple[str, ...]
    lines: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class TrainingCode:
    """Everything templates/numpy/train.py.j2 needs, as strings (see the template)."""

    style: str
    template: str
    shorthand: str
    activations: tuple[str, ...]
    loss: str
    letter: str
    network: tuple[str, ...]
    sizes: tuple[int, ...]
    keys: tuple[str, ...]
    helpers: tuple[str, ...]
    buffers: tuple[tuple[str, int], ...]
    forward: tuple[Block, ...]
    signals: tuple[str, ...]
    prediction: str
    objective: Block
    backward: tuple[Block, ...]
    gradients: tuple[str, ...]


def eliminate(exprs, prefix: str, is_array):
    """sympy.cse keeping only the shared subexpressions over arrays (1/n and such stay inline).

    Returns:
        ([(symbol, value), ...] numbered prefix0, prefix1, ..., reduced expressions).
    """
    replacements, reduced = sympy.cse(list(exprs), symbols=sympy.numbered_symbols("_cse"))
    inline, kept = {}, []
    for symbol, value in replacements:
        value = value.xreplace(inline)
        if is_array(value) or value.free_symbols & {k for k, _ in kept}:
            kept.append((symbol, value))
        else:
            inline[symbol] = value
    names = {symbol: Symbol(f"{prefix}{k}") for k, (symbol, _) in enumerate(kept)}
    inline.update(names)
    return [(names[s], v.xreplace(inline)) for s, v in kept], [r.xreplace(inline) for r in reduced]


class Writer:
    """What both styles share: the model, the comments, the order of the blocks."""

    style = ""

    def __init__(self, derivation: Derivation, notation: str):
        self.derivation, self.model, self.arch = derivation, derivation.model, derivation.arch
        self.namer = Namer(self.model, notation)
        self.helpers, self.buffers = set(self.arch.activations), {}

    def text(self, expr) -> str:
        return text(expr, self.namer)

    def title(self, layer: int) -> str:
        rng, namer = self.model.ranges[layer], self.namer
        where = "output layer" if layer == self.model.depth else f"hidden layer {layer}"
        first, last = namer.index(Integer(rng.first)), namer.index(Integer(rng.last))
        neurons = f"neuron {first}" if rng.size == 1 else f"neurons {first}..{last}"
        return f"layer {layer} ({where}): {rng.size} {self.model.activation(layer).name}, {neurons}"

    def forward_comment(self, layer: int) -> tuple[str, ...]:
        j = self.model.index_for(layer, "j")
        return (self.title(layer), f"{self.text(self.model.e(j))} = {self.text(self.model.e_definition(j))}"
                f"   [{EQUATIONS['e']}]", f"{self.text(self.model.s(j))} = {self.text(self.model.s_definition(j))}")

    def error_comment(self, layer: int) -> tuple[str, ...]:
        chain = self.derivation.error_term(layer).chain
        return (self.title(layer),) + tuple(f"{self.text(chain.lhs)} = {self.text(step.expr)}   "
                                            f"[{EQUATIONS[step.rule]}]" for step in chain.steps)

    def gradient_comment(self, group) -> tuple[str, ...]:
        return (f"{self.text(group.delta_chain.lhs)} = {self.text(group.delta_form)}   [{EQUATIONS[group.kind]}]",)

    def code(self) -> TrainingCode:
        arch, loss = self.arch, self.model.loss
        backward, gradients = self.backward()
        objective = self.objective()
        forward, signals, prediction = self.forward()
        network = (f"inputs: {arch.inputs} (neurons 1..{arch.inputs})",) + tuple(
            self.title(layer) for layer in range(1, self.model.depth + 1))
        return TrainingCode(
            style=self.style, template=f"templates/numpy/{TEMPLATE}", shorthand=arch.shorthand,
            activations=arch.activations, loss=arch.loss, letter=loss.objective, network=network,
            sizes=arch.sizes, keys=tuple(f"{k}{l}" for l in range(1, self.model.depth + 1) for k in "Wb"),
            helpers=tuple(sorted(self.helpers)), buffers=tuple(self.buffers.items()),
            forward=tuple(forward), signals=tuple(signals), prediction=prediction, objective=objective,
            backward=tuple(backward), gradients=tuple(gradients))

    def scalars(self, layer: int, key: str) -> list[str]:
        """Lines naming the entries of one parameter array (neurons style only)."""
        return []

    def parameters(self, blocks) -> Block:
        """W1 = params["W1"] ... for the parameters the blocks use (and their entries)."""
        words = {word for block in blocks for line in block.lines for word in re.findall(r"\w+", line)}
        lines = []
        for layer in range(1, self.model.depth + 1):
            for key in (f"W{layer}", f"b{layer}"):
                entries = [line for line in self.scalars(layer, key)
                           if set(re.findall(r"\w+", line.split(" = ")[0])) & words]
                lines += [f'{key} = params["{key}"]'] if entries or key in words else []
                lines += entries
        return Block(("parameters",), tuple(lines))
