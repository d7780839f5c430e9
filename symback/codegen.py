"""Derivation -> plain records of strings for templates/numpy/train.py.j2 (standalone NumPy code).

Printed from the Derivation: the error terms (output δ, eqs. 15-16 or the canonical (ŷ - y)/n;
δ_j = g'(e_j) Σ_m w_{j,m} δ_m, eq. 17), the gradient δ forms (Σ_i δ_{i,j} s_{i,k}, eqs. 18-21),
the model's e_{i,j} = Σ_k w_{k,j} s_{i,k} + Θ_j and the loss term (log ŷ from the pre-activations).
``layers`` (here): each template vectorised (the template -> matrix table is in printing/numpy.py),
cse, then in-place ufuncs into preallocated buffers (printing/inplace.py). ``neurons``
(codegen_neurons.py): each template per neuron, one statement over the column of all
observations, as handout 004 writes e4 = w14*x1 + ... + theta4. The records, the tables and the
Writer base both styles share are in codegen_writer.py.
"""

from __future__ import annotations

import re

from sympy import Symbol

from .codegen_neurons import NeuronWriter
from .codegen_writer import ACTIVATION, EQUATIONS, TEMPLATE, Block, TrainingCode, Writer, eliminate
from .derive import Derivation, derive
from .errors import SymbackError
from .jinja import render
from .model import DELTA, E, N_OBS, S, THETA, W, X, Y, YHAT
from .printing.inplace import InplaceEmitter
from .printing.numpy import (N_COLUMNS, Dot, LogSumExp, NumPyCodePrinter, stable_objective_term, vectorise,
                             with_derivatives)
from .spec import Architecture

__all__ = ["STYLES", "TEMPLATE", "NEURONS_STYLE_LIMIT", "EQUATIONS", "ACTIVATION", "Block", "TrainingCode",
           "render_training_code", "training_code", "eliminate", "Writer", "LayerWriter", "NeuronWriter"]

STYLES = ("layers", "neurons")
NEURONS_STYLE_LIMIT = 400  # parameters: beyond this, one statement per neuron is unreadable


def render_training_code(arch: Architecture, style: str = "layers") -> str:
    """The whole train.py for ``arch``: deterministic, opening with a do-not-edit header.

    Args:
        arch: the network to train.
        style: ``layers`` (vectorised matrix form) or ``neurons`` (one statement per neuron).
    Returns:
        the text of a Python file that needs only NumPy.
    Raises:
        SymbackError: an unknown style, or ``neurons`` for a network too large to spell out.
    """
    return render("numpy", TEMPLATE, code=training_code(derive(arch), style))


def training_code(derivation: Derivation, style: str = "layers") -> TrainingCode:
    """The Derivation as a TrainingCode record (see render_training_code)."""
    arch = derivation.arch
    if style not in STYLES:
        raise SymbackError(f"--style: {style!r} is not accepted; accepted: {', '.join(STYLES)}")
    if style == "neurons" and arch.parameter_count > NEURONS_STYLE_LIMIT:
        raise SymbackError(f"--style neurons: {arch.shorthand} has {arch.parameter_count} parameters, "
                           f"more than the {NEURONS_STYLE_LIMIT} spelled out one by one; use --style layers")
    return (LayerWriter if style == "layers" else NeuronWriter)(derivation).code()


class LayerWriter(Writer):
    """Matrix form: each signal a (neurons x observations) array, one block per equation."""

    style = "layers"

    def __init__(self, derivation: Derivation):
        super().__init__(derivation, derivation.arch.notation)
        sizes = self.arch.sizes
        self.printer, self.needed = NumPyCodePrinter(), set()
        self.shapes = {Symbol("X"): (N_COLUMNS, sizes[0]), Symbol("yT"): (sizes[-1], N_COLUMNS)}
        for l in range(1, self.model.depth + 1):
            self.shapes[Symbol(f"W{l}")] = sizes[l - 1], sizes[l]
            self.shapes[Symbol(f"b{l}[:, None]")] = sizes[l], 1
            self.shapes.update({Symbol(f"{p}{l}"): (sizes[l], N_COLUMNS) for p in "zad"})
        self.emitter = InplaceEmitter(self.printer, self.shapes, self.scratch)

    def array(self, ind):
        """(array, axes) of a template symbol: signals are (layer, "i"), X is ("i", 0)."""
        base, idx, last = ind.base, ind.indices, self.model.depth
        if base == W:
            layer = self.model.layer_of(idx[1])
            return Symbol(f"W{layer}"), (layer - 1, layer)
        if base == THETA:
            layer = self.model.layer_of(idx[0])
            return Symbol(f"b{layer}[:, None]"), (layer,)
        if base in (Y, YHAT):
            return Symbol("yT" if base == Y else f"a{last}"), (last, "i")
        if base == X:
            return Symbol("X"), ("i", 0)
        layer = self.model.layer_of(idx[1])
        return Symbol({E: "z", S: "a", DELTA: "d"}[base] + str(layer)), (layer, "i")

    def vec(self, expr, target):
        return vectorise(with_derivatives(self.model, expr), self.array, self.model.layer_of, target)

    def scratch(self, shape, busy: set) -> str:
        name = next(n for n in (f"t{shape[0]}" + (f"_{k}" if k else "") for k in range(len(busy) + 1))
                    if n not in busy)
        self.buffers.setdefault(name, shape[0])
        return name

    def emit(self, expr, out: str, prefix: str) -> list[str]:
        """cse, then each shared subexpression into a buffer of its own, the result into ``out``."""
        replacements, (reduced,) = eliminate([expr], prefix, self.emitter.is_array)
        self.needed |= {symbol.name for symbol in expr.free_symbols}
        lines = ["n = X.shape[0]"] if expr.has(N_OBS) else []
        for symbol, value in replacements:
            self.shapes[symbol] = self.emitter.shape(value)
            self.buffers[symbol.name] = self.shapes[symbol][0]
            lines += self.emitter.emit(value, symbol.name)
        return lines + self.emitter.emit(reduced, out)

    def bindings(self, blocks, extra: tuple = ()) -> Block:
        """name = ws["name"] for every buffer the blocks use."""
        words = {word for block in blocks for line in block.lines for word in re.findall(r"\w+", line)}
        names = [name for name in ["ones"] + list(self.buffers) if name in words]
        return Block(("buffers of the workspace, written in place (signals: one row per neuron)",),
                     extra + tuple(f'{name} = ws["{name}"]' for name in names))

    def backward(self):
        blocks, gradients = [], {}
        for layer in range(self.model.depth, 0, -1):
            expr = self.vec(self.derivation.error_term(layer).chain.final, (layer, "i"))
            expr = Symbol("scale") * expr if layer == self.model.depth else expr
            self.buffers[f"d{layer}"] = self.arch.sizes[layer]
            mapping = f"as arrays: d{layer} = {self.printer.doprint(expr)}"
            blocks.append(Block(self.error_comment(layer) + (mapping,),
                                tuple(self.emit(expr, f"d{layer}", f"c{layer}_"))))
            for kind, target in (("threshold", (layer,)), ("weight", (layer - 1, layer))):
                group = self.derivation.group(layer, kind)
                name = f"g{'b' if kind == 'threshold' else 'W'}{layer}"
                expr = self.vec(group.delta_form, target)
                gradients[name] = self.printer.doprint(expr)[slice(1, -1) if isinstance(expr, Dot) else slice(None)]
                blocks.append(Block(self.gradient_comment(group), (f"{name} = {gradients[name]}",)))
        keys = [f"g{k}{l}" for l in range(1, self.model.depth + 1) for k in "Wb"]
        return [self.parameters(blocks), self.bindings(blocks, ("yT = y.T",))] + blocks, keys

    def objective(self) -> Block:
        o = self.model.index_for(self.model.depth, "o")
        expr = self.vec(stable_objective_term(self.model, o), (self.model.depth, "i"))
        self.needed |= {symbol.name for symbol in expr.free_symbols}
        self.helpers |= {"logsumexp"} if expr.has(LogSumExp) else set()
        lines = ("yT = y.T",) + (("n = y.shape[0]",) if expr.has(N_OBS) else ())
        return Block((self.text(self.model.objective()),), lines + (f"return float(np.sum({self.printer.doprint(expr)}))",))

    def forward(self):
        blocks, signals = [], []
        for layer in range(1, self.model.depth + 1):
            z, a, name = f"z{layer}", f"a{layer}", self.model.activation(layer).name
            self.buffers[z] = self.arch.sizes[layer]
            expr = self.vec(self.model.e_definition(self.model.index_for(layer, "j")), (layer, "i"))
            lines = self.emit(expr, z, f"f{layer}_")
            keep = z in self.needed  # otherwise s overwrites e in place
            if name == "linear":
                lines.append(f"{a} = {z}")
            else:
                self.buffers.update({a: self.arch.sizes[layer]} if keep else {})
                lines.append(f"{a} = " + ACTIVATION[name][0].format(z=z, a=a if keep else z))
            signals += [a] + ([z] if keep and name != "linear" else [])
            note = "" if keep or name == "linear" else ", in place (the pre-activation is not needed later)"
            comment = self.forward_comment(layer) + (f"as arrays: {z} = {self.printer.doprint(expr)}; {a} = "
                                                     f"{name}({z}){note}",)
            blocks.append(Block(comment, tuple(lines)))
        return [self.parameters(blocks), self.bindings(blocks)] + blocks, signals, f"a{self.model.depth}.T"
