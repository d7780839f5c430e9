"""A symbol of the formula tree, with its indices given values, as the model's SymPy object.

Neuron notation indices are global neuron numbers (``F`` the single output); layer notation
indices are positions within the layer its superscript names. A symbol that does not exist
for the given values (``w_{4,F}`` in 3-2-3-1) raises Invalid, which is how free indices
find their ranges.
"""

from __future__ import annotations

import sympy
from sympy import Integer

from ...derive import LOSS_I, OBJECTIVE
from ...notation import Notation
from ...model import DELTA, E, LAMBDA, N_OBS, OBS, THETA, W, X, Model
from .. import tree as ast
from ..verdict import Unreadable

RATE = sympy.Symbol("learning_rate")


class Invalid(Exception):
    """A symbol that does not exist for these index values (the instance is skipped)."""


class SymbolValues:
    """Model objects for the symbols of one notation and layout."""

    def __init__(self, model: Model, notation: Notation, layout: str):
        self.model = model
        self.notation = notation
        self.layout = layout
        self.allow_next = False

    # -- indices ----------------------------------------------------------------------------
    def layer_value(self, ref: ast.LayerRef, env) -> int:
        """The layer number a superscript names for these values."""
        if ref.var is None:
            return ref.offset
        base = self.model.depth if ref.var == "L" else env[ref.var]
        return base + ref.offset

    def number(self, index: ast.Index, env, layer: int | None = None) -> int:
        """Global neuron number of an index (``layer`` given for layer-local positions)."""
        if index.kind == "output":
            if not self.model.single_output:
                raise Unreadable(f"{index.value} names the single output, but this network has "
                                 f"{self.model.outputs.size} outputs; write their numbers", index.col, index.value, ())
            value = self.model.outputs.first
        elif index.kind == "number":
            value = index.value
        else:
            value = env[index.value]
        if self.notation.name == "layers" and layer is not None and index.kind != "output":
            rng = self.model.ranges[layer]
            if not 1 <= value <= rng.size:
                raise Invalid()
            return rng.first + value - 1
        last = self.model.ranges[-1].last
        if not 1 <= value <= last:
            raise Invalid()
        if layer is not None and self.model.layer_of(value) != layer:
            raise Invalid()
        return value

    def sum_range(self, first: int, last: int, col: int) -> range:
        """The values of a neuron sum's variable (a sum longer than the network is refused)."""
        if last - first + 1 > self.model.ranges[-1].last:
            raise Unreadable(f"a sum from {first} to {last} runs over more neurons than the network has",
                             col, "\\sum", ())
        return range(first, last + 1)

    def _layer(self, sym: ast.Sym, env, low: int) -> int | None:
        if sym.layer is None:
            return None
        value = self.layer_value(sym.layer, env)
        if not low <= value <= self.model.depth:
            raise Invalid()
        return value

    # -- scalars -----------------------------------------------------------------------------
    def scalar(self, sym: ast.Sym, env):
        """An indexed symbol (the first reading of its subscript that names existing neurons)."""
        found, error = [], None
        for option in sym.options:
            try:
                found.append(self._scalar(sym, dict(zip(sym.fields, option)), env))
            except Invalid as invalid:
                error = invalid
        if not found:
            raise error or Invalid()
        if len(set(found)) > 1:
            raise Unreadable(f"{sym.text} can be read in {len(set(found))} ways; separate its indices "
                             "with a comma", sym.col, sym.text, ())
        return found[0]

    def _scalar(self, sym: ast.Sym, slots: dict, env):
        kind, model = sym.kind, self.model
        if sym.iteration == "1" and not self.allow_next:
            raise Unreadable(f"{sym.text}: the next value (superscript 1) is read only on the left of an "
                             "update rule", sym.col, sym.text, ())
        if kind == "weight":
            layer = self._layer(sym, env, 1)
            j = self.number(slots["j"], env, layer)
            k = self.number(slots["k"], env, model.layer_of(j) - 1 if layer is None else layer - 1)
            if model.layer_of(j) < 1:
                raise Invalid()
            return W[Integer(k), Integer(j)]
        if kind in ("threshold", "pre", "error"):
            j = self.number(slots["j"], env, self._layer(sym, env, 1))
            if model.layer_of(j) < 1:
                raise Invalid()
            return {"threshold": lambda: THETA[Integer(j)], "pre": lambda: E[OBS, Integer(j)],
                    "error": lambda: DELTA[OBS, Integer(j)]}[kind]()
        if kind == "out":
            return model.s(Integer(self.number(slots["j"], env, self._layer(sym, env, 0))))
        if kind == "input":
            return X[OBS, Integer(self.number(slots["k"], env, 0))]
        if kind in ("target", "pred", "predf"):
            return self._output_symbol(sym, slots, env)
        return self.unindexed(sym, env)

    def _output_symbol(self, sym: ast.Sym, slots: dict, env):
        model = self.model
        if "j" in slots and slots["j"].kind == "number" and self.notation.global_indices:
            # A written output index is the output's position (y_{i,1}), as the Namer prints it.
            position = slots["j"].value
            if not 1 <= position <= model.outputs.size:
                raise Invalid()
            o = Integer(model.outputs.first + position - 1)
        elif "j" in slots:
            o = Integer(self.number(slots["j"], env, model.depth))
        elif model.single_output:
            o = Integer(model.outputs.first)
        else:
            raise Unreadable(f"{sym.text}: this network has {model.outputs.size} outputs; "
                             "write the output index too", sym.col, sym.text, ())
        return {"target": model.y, "pred": model.yhat, "predf": model.f}[sym.kind](o)

    def unindexed(self, sym: ast.Sym, env):
        """A symbol without indices: J, C, δ/α, n, a generic parameter, or a vector/matrix."""
        simple = {"objective": OBJECTIVE, "objective_i": LOSS_I, "rate": RATE, "nobs": N_OBS}
        if sym.kind in simple:
            return simple[sym.kind]
        if sym.kind == "penalty":
            return self.penalty(sym)
        if sym.kind in ("generic_w", "generic_theta"):
            if sym.iteration == "1" and not self.allow_next:
                raise Unreadable(f"{sym.text}: the next value (superscript 1) is read only on the left of an "
                                 "update rule", sym.col, sym.text, ())
            return env["#" + sym.kind]
        if sym.kind == "point":
            raise Unreadable(f"{sym.text}: the vector of parameters is read only as the point (ŵ⁰, Θ̂⁰)",
                             sym.col, sym.text, ())
        return self.matrix(sym, env)

    def penalty(self, sym: ast.Sym):
        """λ of the L2 penalty: the model's LAMBDA, whose value is the spec's.

        Raises:
            Unreadable: when the network has no L2 penalty (λ would have no value: the user
                most likely left out the option, so this is an input error, not a wrong formula).
        """
        if not self.model.regularized:
            raise Unreadable(f"{sym.text}: the formula uses λ, but this network has no L2 regularization "
                             "(add --l2 λ, or [regularization] l2 = λ to the spec)", sym.col, sym.text, ())
        return LAMBDA

    # -- vectors and matrices (layer notation) --------------------------------------------------
    def matrix(self, sym: ast.Sym, env) -> sympy.Matrix:
        """W^{(l)}, b^{(l)}, z^l, a^l, δ^l, x, y, ŷ without indices: per-observation arrays."""
        model = self.model
        if sym.iteration == "1" and not self.allow_next:
            raise Unreadable(f"{sym.text}: the updated value is read only on the left of an update rule",
                             sym.col, sym.text, ())
        low = 0 if sym.kind == "out" else 1
        layer = self._layer(sym, env, low)
        if sym.kind in ("input",):
            layer = 0
        elif sym.kind in ("target", "pred", "predf"):
            layer = model.depth
        if layer is None:
            raise Unreadable(f"{sym.text}: needs its layer", sym.col, sym.text, ())
        numbers = [Integer(n) for n in model.ranges[layer].numbers()]
        if sym.kind == "weight":
            sources = [Integer(n) for n in model.ranges[layer - 1].numbers()]
            rows = [[W[k, j] for j in numbers] for k in sources]
            matrix = sympy.Matrix(rows)
            return matrix if self.layout == "in-out" else matrix.T
        entry = {"threshold": lambda n: THETA[n], "pre": lambda n: E[OBS, n], "out": model.s,
                 "error": lambda n: DELTA[OBS, n], "input": model.s, "target": model.y,
                 "pred": model.yhat, "predf": model.f}[sym.kind]
        return sympy.Matrix([[entry(n)] for n in numbers])
