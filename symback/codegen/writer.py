"""What the two styles of training code share: the Writer base class (model, comments, the
order of the parts, the record for the template) and common-subexpression elimination.

The styles themselves: ``LayerWriter`` in layers.py, ``NeuronWriter`` in neurons.py. Each part
(forward, objective, backward) is a pure function of the derivation returning a ``Part``, so
the record does not depend on the order in which they are written.
"""

from __future__ import annotations

import re

import sympy
from sympy import Symbol

from ..derive import Derivation
from ..notation import Namer
from . import naming, targets
from .comments import Comments
from .lines import block, statements
from .penalty import coded
from .records import Block, Part, TrainingCode


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


def words(blocks) -> set[str]:
    """Every identifier the statements of the blocks use."""
    return {word for b in blocks for line in b.lines for word in re.findall(r"\w+", line)}


class Writer:
    """What both styles share: the model, the comments, the order of the parts."""

    style = ""
    helper_variants: dict[str, str] = {}  # helper -> its template for this style, when it differs

    def __init__(self, derivation: Derivation, notation):
        self.derivation, self.model, self.arch = derivation, derivation.model, derivation.arch
        self.comments = Comments(derivation, Namer(self.model, notation))

    def forward(self) -> tuple[Part, str, str]:
        """(the forward blocks, the signals they return, the prediction from those signals)."""
        raise NotImplementedError

    def objective(self) -> Part:
        raise NotImplementedError

    def backward(self) -> tuple[Part, tuple[str, ...]]:
        """(the backward blocks, the gradient expressions in the order of the keys)."""
        raise NotImplementedError

    def penalty_form(self):
        """The L2 penalty (λ/2) Σ w² with its sums written as this style writes them."""
        raise NotImplementedError

    def penalty(self) -> Part:
        """The body of _penalty(params): (λ/2) Σ w² over every weight; nothing without L2."""
        if not self.model.regularized:
            return Part(())
        total = block(self.comments.penalty_block(),
                      (f"return float({self.printer.doprint(coded(self.penalty_form()))})",))
        return Part((self.parameters([total]), total))

    def code(self) -> TrainingCode:
        """The record for the template."""
        arch = self.arch
        backward, gradients = self.backward()
        objective = self.objective()
        forward, signals, prediction = self.forward()
        penalty = self.penalty()
        parts = (backward, objective, forward)
        buffers = {name: rows for part in parts for name, rows in part.buffers}
        helpers = {helper for part in parts for helper in part.helpers}
        helpers |= {name for layer in range(1, self.model.depth + 1)
                    for name in self.model.activation(layer).numpy_helpers}
        if "_sigmoid" in words(forward.blocks + backward.blocks):  # a user's formula may call it
            helpers.add("sigmoid")
        helpers = {f"helpers/{self.helper_variants.get(name, name)}.py.j2" for name in helpers}
        return TrainingCode(
            style=self.style, template=f"templates/numpy/train_{self.style}.py.j2",
            shorthand=arch.shorthand, activations=arch.activations, loss=arch.loss,
            letter=self.model.loss.objective, objective_text=self.comments.objective(),
            network=self.comments.network(), sizes=arch.sizes,
            keys=naming.parameter_keys(self.model.depth), helpers=tuple(sorted(helpers)),
            buffers=tuple(buffers.items()), forward=forward.blocks,
            unpack_signals=statements([f"{signals}{',' if ',' not in signals else ''} = signals"]),
            return_signals=statements([f"return ({signals}{',' if ',' not in signals else ''})"]),
            return_prediction=statements([f"return {prediction}"]), objective=objective.blocks,
            backward=backward.blocks, return_gradients=statements([f"return ({', '.join(gradients)})"]),
            targets=targets.part(self.model), target_shape=targets.shape(self.model),
            target_usage=targets.usage(self.model), target_checks=statements(targets.checks(self.model)),
            task=targets.task(self.model), mean_objective=targets.mean_objective(self.model),
            l2=repr(arch.l2) if self.model.regularized else "", penalty=penalty.blocks)

    def scalars(self, layer: int, key: str) -> list[str]:
        """Lines naming the entries of one parameter array (neurons style only)."""
        return []

    def parameters(self, blocks) -> Block:
        """W1 = params["W1"] ... for the parameters the blocks use (and their entries)."""
        used, lines = words(blocks), []
        for key in naming.parameter_keys(self.model.depth):
            layer = int(key[1:])
            entries = [line for line in self.scalars(layer, key)
                       if set(re.findall(r"\w+", line.split(" = ")[0])) & used]
            lines += [f'{key} = params["{key}"]'] if entries or key in used else []
            lines += entries
        return block(("parameters",), lines)
