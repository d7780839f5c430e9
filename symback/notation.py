"""The Namer: spells the symbols of one model in one of the two notations (notations.py).

The LaTeX printer, the text printer and the formula parser of ``verify`` all read the same
tables, so whatever a report prints can be read back.
"""

from __future__ import annotations

from sympy import Integer

from .model import DELTA, E, F, S, THETA, W, X, Y, YHAT, Model, NeuronIndex
from .notations import LAYERS, NEURONS, NOTATIONS, Notation, Spelling, notation_named

__all__ = ["LAYERS", "NEURONS", "NOTATIONS", "Namer", "Notation", "Spelling", "notation_named"]


class Namer:
    """Spells the symbols of one model in one notation (LaTeX or text).

    Args:
        model: the model whose neurons are named.
        notation: NEURONS or LAYERS (or a name).
        iteration: superscript for current values (``"0"`` as in handout 004's ŵ⁰), or None.
        layout: ``in-out`` or ``out-in`` for the layer notation's weight indices.
    """

    def __init__(self, model: Model, notation: Notation | str, iteration: str | None = None,
                 layout: str | None = None):
        self.model = model
        self.notation = notation_named(notation) if isinstance(notation, str) else notation
        self.iteration = iteration if self.notation.global_indices else None
        self.layout = layout or model.arch.layout
        self.uniform = len(set(model.arch.activations)) == 1

    # -- indices --------------------------------------------------------------------------
    def layer(self, index) -> int:
        return self.model.layer_of(index)

    def index(self, index) -> str:
        """A neuron index as printed: a number, F, a local position, or a letter."""
        if isinstance(index, NeuronIndex):
            return index.name
        number = int(index)
        layer = self.model.ranges[self.model.layer_of(number)]
        if self.notation.global_indices:
            if layer.index == self.model.depth and layer.size == 1 and self.notation.single_output_name:
                return self.notation.single_output_name
            return str(number)
        return str(number - layer.first + 1)

    def output(self, index) -> str:
        """The index of a target or prediction: the output's position (1, 2, 3) in both
        notations, the neuron's number being the signal's (ŷ_{i,1} = s_{i,8}); a letter stays."""
        if isinstance(index, NeuronIndex):
            return index.name
        return str(int(index) - self.model.outputs.first + 1)

    def bound(self, layer: int, which: str) -> str:
        """First or last neuron of a layer as a summation bound."""
        rng = self.model.ranges[layer]
        value = rng.first if which == "first" else rng.last
        return self.index(Integer(value))

    # -- symbols --------------------------------------------------------------------------
    def spell(self, indexed, style: str, observation: str = "i") -> str:
        """One Indexed symbol (w, Theta, e, s, x, y, yhat, f, delta) in ``style`` latex|text."""
        notation = self.notation
        base, idx = indexed.base, indexed.indices
        single = self.model.single_output
        if base == W:
            k, j = idx
            layer = self.layer(j)
            row, col = (k, j) if self.layout == "in-out" else (j, k)
            return self._fill(notation.weight, style, k=self.index(k), j=self.index(j), l=layer,
                              row=self.index(row), col=self.index(col))
        if base == THETA:
            return self._fill(notation.threshold, style, j=self.index(idx[0]), l=self.layer(idx[0]))
        if base in (E, S, X) or base == DELTA:
            j = idx[1]
            layer = self.layer(j)
            spelling = {E: notation.pre_activation, S: notation.activation_out, X: notation.input,
                        DELTA: notation.error}[base]
            if base == S and layer == 0:
                spelling = notation.input
            return self._fill(spelling, style, i=observation, j=self.index(j), k=self.index(j), l=layer)
        if base in (Y, YHAT, F):
            multi = len(idx) > 1 and not single
            spelling = {Y: (notation.target, notation.target_multi),
                        YHAT: (notation.prediction, notation.prediction_multi),
                        F: (notation.prediction_function, notation.prediction_function_multi)}[base][multi]
            j = self.output(idx[1]) if multi else ""
            return self._fill(spelling, style, i=observation, j=j, l=self.model.depth)
        raise ValueError(f"no spelling for {indexed}")

    def _fill(self, spelling: Spelling, style: str, **fields) -> str:
        template = spelling.latex if style == "latex" else spelling.text
        if style == "latex" and self.iteration is not None and spelling.latex_estimate:
            template = spelling.latex_estimate
        return template.format(it=self.iteration or "", **fields)

    def activation(self, layer: int, prime: bool, style: str) -> str:
        spelling = self.notation.activation_prime if prime else self.notation.activation
        template = spelling.latex if style == "latex" else spelling.text
        sub = "" if self.uniform else (f"_{{{layer}}}" if style == "latex" else f"_{layer}")
        return template.format(sub=sub)

    def parameter_text(self, parameter) -> str:
        """The plain-text parameter name used in JSON: w_{1,4}, Theta_{F}, W^{(1)}_{1,1}."""
        return self.spell(parameter, "text")
