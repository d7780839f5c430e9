"""The ``layers`` style of training code: handout 000's matrix form, one array per layer.

Each template of the Derivation (the error terms δ_j = g'(e_j) Σ_m w_{j,m} δ_m, eq. 17; the
gradient δ forms Σ_i δ_{i,j} s_{i,k}, eqs. 18-21; e_{i,j} = Σ_k w_{k,j} s_{i,k} + Θ_j; the
stable loss term) is vectorised (the template -> matrix table is in printing/numpy.py), put
through cse, then written with in-place ufuncs into preallocated buffers (printing/inplace.py).
"""

from __future__ import annotations

from functools import cached_property

from sympy import Symbol

from ..activations import LogSumExp
from ..derive import Derivation
from ..model import DELTA, E, N_OBS, S, THETA, W, X, Y, YHAT
from ..printing.inplace import InplaceEmitter
from ..printing.numpy import (N_COLUMNS, Column, Dot, NumPyCodePrinter, stable_objective_term,
                              vectorise, with_derivatives)
from . import naming
from .lines import block
from .penalty import as_arrays, coded, penalty_split
from .records import Block, Part
from .writer import Writer, eliminate, words


class Workspace:
    """The buffers one part writes: (name, rows), in the order they are first used."""

    def __init__(self):
        self.buffers: dict[str, int] = {}

    def scratch(self, shape, busy: set) -> str:
        """The first scratch buffer of ``shape``'s row count that is not busy."""
        name = next(n for n in (naming.scratch(shape[0], k) for k in range(len(busy) + 1)) if n not in busy)
        self.buffers.setdefault(name, shape[0])
        return name


class LayerWriter(Writer):
    """Matrix form: each signal a (neurons x observations) array, one block per equation."""

    style = "layers"
    helper_variants = {"softmax": "softmax_layers", "logsumexp": "logsumexp_layers"}

    def __init__(self, derivation: Derivation):
        super().__init__(derivation, derivation.arch.notation)
        sizes, depth = self.arch.sizes, self.model.depth
        self.printer = NumPyCodePrinter()
        self.shapes = {Symbol(naming.INPUTS): (N_COLUMNS, sizes[0]),
                       Symbol(naming.TARGETS): (sizes[-1], N_COLUMNS)}
        for l in range(1, depth + 1):
            self.shapes[naming.weights(l)] = sizes[l - 1], sizes[l]
            self.shapes[Column(naming.thresholds(l))] = sizes[l], 1
            self.shapes.update({naming.signal(base, l): (sizes[l], N_COLUMNS) for base in (E, S, DELTA)})

    def array(self, ind):
        """(array, axes) of a template symbol: signals are (layer, "i"), X is ("i", 0)."""
        base, idx, last = ind.base, ind.indices, self.model.depth
        if base == W:
            layer = self.model.layer_of(idx[1])
            return naming.weights(layer), (layer - 1, layer)
        if base == THETA:
            layer = self.model.layer_of(idx[0])
            return Column(naming.thresholds(layer)), (layer,)
        if base in (Y, YHAT):
            return (Symbol(naming.TARGETS) if base == Y else naming.signal(S, last)), (last, "i")
        if base == X:
            return Symbol(naming.INPUTS), ("i", 0)
        layer = self.model.layer_of(idx[1])
        return naming.signal(base, layer), (layer, "i")

    def vec(self, expr, target):
        return vectorise(with_derivatives(self.model, expr), self.array, self.model.layer_of, target)

    @cached_property
    def errors(self) -> dict:
        """δ of every layer as an array expression (the output's scaled by the learning rate)."""
        depth, errors = self.model.depth, {}
        for layer in range(depth, 0, -1):
            expr = self.vec(self.derivation.error_term(layer).chain.generic, (layer, "i"))
            errors[layer] = Symbol(naming.SCALE) * expr if layer == depth else expr
        return errors

    @cached_property
    def objective_term(self):
        o = self.model.index_for(self.model.depth, "o")
        return self.vec(stable_objective_term(self.model, o), (self.model.depth, "i"))

    @cached_property
    def needed(self) -> set[str]:
        """Names the backward pass and the objective read: a pre-activation among them is kept."""
        exprs = list(self.errors.values()) + [self.objective_term]
        return {symbol.name for expr in exprs for symbol in expr.free_symbols}

    def emit(self, expr, out: str, prefix: str, workspace: Workspace) -> list[str]:
        """cse, then each shared subexpression into a buffer of its own, the result into ``out``."""
        emitter = InplaceEmitter(self.printer, self.shapes, workspace.scratch)
        replacements, (reduced,) = eliminate([expr], prefix, emitter.is_array)
        lines = ["n = X.shape[0]"] if expr.has(N_OBS) else []
        for symbol, value in replacements:
            self.shapes[symbol] = emitter.shape(value)
            workspace.buffers[symbol.name] = self.shapes[symbol][0]
            lines += emitter.emit(value, symbol.name)
        return lines + emitter.emit(reduced, out)

    def bindings(self, blocks, buffers, extra: tuple = ()):
        """name = ws["name"] for every buffer the blocks use."""
        used = words(blocks)
        names = [name for name in [naming.ONES] + list(buffers) if name in used]
        return block(("buffers of the workspace, written in place (signals: one row per neuron)",),
                     extra + tuple(f'{name} = ws["{name}"]' for name in names))

    def backward(self):
        blocks, workspace = [], Workspace()
        for layer in range(self.model.depth, 0, -1):
            d, expr = naming.signal(DELTA, layer).name, self.errors[layer]
            workspace.buffers[d] = self.arch.sizes[layer]
            comment = self.comments.error(layer) + (f"as arrays: {d} = {self.printer.doprint(expr)}",)
            blocks.append(block(comment, self.emit(expr, d, naming.shared("c", layer), workspace)))
            for kind, target in (("threshold", (layer,)), ("weight", (layer - 1, layer))):
                blocks.append(self.gradient(self.derivation.group(layer, kind), target))
        names = tuple(map(naming.gradient, naming.parameter_keys(self.model.depth)))
        targets = (f"{naming.TARGETS} = y.T",)
        head = [self.parameters(blocks), self.bindings(blocks, workspace.buffers, targets)]
        return Part(tuple(head + blocks), tuple(workspace.buffers.items())), names

    def gradient(self, group, target) -> Block:
        """scale * dJ/dp of one group: the loss's part from the scaled error terms, then (with
        L2) the penalty's λ w, which is not proportional to the output error: it takes the
        scale itself, added in place."""
        data, decay = penalty_split(coded(group.delta_form))
        name = naming.gradient(f"{'b' if group.kind == 'threshold' else 'W'}{group.layer}")
        expr = self.vec(data, target)
        text = self.printer.doprint(expr)
        lines = [f"{name} = {text[1:-1] if isinstance(expr, Dot) else text}"]
        if decay != 0:
            factor, array = self.vec(decay, target).as_independent(naming.weights(group.layer))
            lines.append(f"{name} += {self.printer.doprint(Symbol(naming.SCALE) * factor)}*{array}")
        note = " is added times the scale (it is not proportional to the output error)"
        return block(self.comments.gradient(group, note), lines)

    def penalty_form(self):
        return as_arrays(self.model.penalty(), self.model)

    def objective(self) -> Part:
        expr = self.objective_term
        lines = (f"{naming.TARGETS} = y.T",) + (("n = y.shape[0]",) if expr.has(N_OBS) else ())
        total = f"return float(np.sum({self.printer.doprint(expr)}))"
        text = block((self.comments.data_term(),), lines + (total,))
        return Part((text,), helpers=frozenset({"logsumexp"} if expr.has(LogSumExp) else ()))

    def forward(self):
        blocks, signals, workspace = [], [], Workspace()
        for layer in range(1, self.model.depth + 1):
            z, a = naming.signal(E, layer).name, naming.signal(S, layer).name
            activation = self.model.activation(layer)
            workspace.buffers[z] = self.arch.sizes[layer]
            expr = self.vec(self.model.e_definition(self.model.index_for(layer, "j")), (layer, "i"))
            lines = self.emit(expr, z, naming.shared("f", layer), workspace)
            formula = activation.numpy_into is None  # a user's activation: a new array
            aliased = not formula and "{a}" not in activation.numpy_into  # a is z itself (linear)
            keep = z in self.needed and not aliased  # otherwise s overwrites e in place
            if keep and not formula:
                workspace.buffers[a] = self.arch.sizes[layer]
            code = (self.printer.doprint(activation.sympy_form(Symbol(z))) if formula
                    else activation.numpy_into.format(z=z, a=a if keep else z))
            lines.append(f"{a} = {code}")
            signals += [a] + ([z] if keep else [])
            note = "" if keep or aliased or formula else ", in place (the pre-activation is not needed later)"
            comment = self.comments.forward(layer) + (
                f"as arrays: {z} = {self.printer.doprint(expr)}; {a} = {activation.name}({z}){note}",)
            blocks.append(block(comment, lines))
        head = [self.parameters(blocks), self.bindings(blocks, workspace.buffers)]
        return Part(tuple(head + blocks), tuple(workspace.buffers.items())), ", ".join(signals), \
            f"{naming.signal(S, self.model.depth)}.T"
