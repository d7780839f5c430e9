"""Derivation -> plain records of strings for templates/numpy/train.py.j2 (standalone NumPy code).

Printed from the Derivation: the error terms (output δ, eqs. 15-16 or the canonical (ŷ - y)/n;
δ_j = g'(e_j) Σ_m w_{j,m} δ_m, eq. 17), the gradient δ forms (Σ_i δ_{i,j} s_{i,k}, eqs. 18-21),
the model's e_{i,j} = Σ_k w_{k,j} s_{i,k} + Θ_j and the loss term (log ŷ from the pre-activations).
``layers``: each template vectorised (the template -> matrix table is in printing/numpy.py),
cse, then in-place ufuncs into preallocated buffers. ``neurons``: each template per neuron, one
statement over the column of all observations, as handout 004 writes e4 = w14*x1 + ... + theta4.
"""

from __future__ import annotations

import dataclasses
import re

import sympy
from sympy import Indexed, Integer, Symbol

from .derive import CANONICAL, DELTA_DEF, DELTA_RECURSION, Derivation, derive
from .errors import SymbackError
from .jinja import render
from .model import DELTA, E, N_OBS, OBS, S, THETA, W, X, Y, YHAT
from .notation import Namer
from .printing import text
from .printing.numpy import (N_COLUMNS, Dot, InplaceEmitter, LogSumExp, NumPyCodePrinter, stable_objective_term,
                             vectorise, with_derivatives)
from .spec import Architecture

STYLES = ("layers", "neurons")
TEMPLATE = "train.py.j2"
NEURONS_STYLE_LIMIT = 400  # parameters: beyond this, one statement per neuron is unreadable
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


class NeuronWriter(Writer):
    """Handout 004's form: one statement per neuron, each over the column of all observations."""

    style = "neurons"

    def __init__(self, derivation: Derivation):
        super().__init__(derivation, "neurons")
        labels = [self.namer.index(Integer(n)) for n in range(1, self.model.ranges[-1].last + 1)]
        self.sep = "" if all(len(label) == 1 for label in labels) else "_"
        self.printer = NumPyCodePrinter(name_of=self.name, model=self.model)

    def name(self, ind) -> str:
        """w14, theta4, e4, s4, x1, eps4, y or y6, yhat or yhat6 (handout 004's labels)."""
        base, idx, label = ind.base, ind.indices, self.namer.index
        if base == W:
            return f"w{label(idx[0])}{self.sep}{label(idx[1])}"
        if base == THETA:
            return f"theta{label(idx[0])}"
        if base in (Y, YHAT):
            return ("y" if base == Y else "yhat") + (label(idx[1]) if len(idx) > 1 else "")
        return {E: "e", S: "s", X: "x", DELTA: "eps"}[base] + label(idx[1])

    def names(self, symbols, unpack: bool = True) -> str:
        return ", ".join(self.name(s) for s in symbols) + ("," if unpack and len(symbols) == 1 else "")

    def derivatives(self, parameters) -> str:
        return ", ".join("d" + self.name(p) for p in parameters)

    def neurons(self, layer: int) -> list:
        return [Integer(n) for n in self.model.ranges[layer].numbers()]

    def cse(self, pairs, prefix: str) -> list[str]:
        """``name = value`` lines after common-subexpression elimination over all of them."""
        replacements, reduced = eliminate([value for _, value in pairs], prefix, lambda v: v.has(Indexed))
        return [f"{symbol.name} = {self.printer.doprint(value)}" for symbol, value in replacements] + \
               [f"{name} = {self.printer.doprint(value)}" for (name, _), value in zip(pairs, reduced)]

    def columns(self, targets: bool, n: bool = False) -> Block:
        """x1, x2 = X.T; n; yhat = sF and y, = y.T (or yhat6, yhat7 = s6, s7 and y6, y7 = y.T)."""
        model, outputs = self.model, self.neurons(self.model.depth)
        lines = [f"{self.names([X[OBS, Integer(k)] for k in model.ranges[0].numbers()])} = X.T"]
        lines += ["n = y.shape[0]"] if n else []
        if targets:
            lines += [f"{self.names([model.yhat(o) for o in outputs], False)} = "
                      f"{self.names([model.s(o) for o in outputs], False)}",
                      f"{self.names([model.y(o) for o in outputs])} = y.T"]
        return Block(("x_{i,k}: the columns of X" + ("; yhat_{i,o} = s_{i,o}" if targets else ""),), tuple(lines))

    def forward(self):
        blocks, signals, model = [self.columns(False)], [], self.model
        for layer in range(1, model.depth + 1):
            lines, activation = [], model.activation(layer).name
            for j in self.neurons(layer):
                terms = sorted(sympy.Add.make_args(model.e_definition(j).doit()), key=lambda t: (t.has(THETA), str(t)))
                written = sympy.Add(*[sympy.Mul(*sorted(t.args, key=lambda f: f.base != W), evaluate=False)
                                      if t.is_Mul else t for t in terms], evaluate=False)
                lines.append(f"{self.name(model.e(j))} = {self.printer.doprint(written)}")
                if activation != "softmax":
                    code = ACTIVATION[activation][1].format(z=self.name(model.e(j)))
                    lines.append(f"{self.name(model.s(j))} = {code}")
            if activation == "softmax":
                lines.append(f"{self.names([model.s(j) for j in self.neurons(layer)])} = "
                             f"_softmax({self.names([model.e(j) for j in self.neurons(layer)], False)})")
            signals += [self.name(f(j)) for j in self.neurons(layer) for f in (model.e, model.s)]
            blocks.append(Block(self.forward_comment(layer), tuple(lines)))
        outputs = self.names([model.s(j) for j in self.neurons(model.depth)], False)
        return [self.parameters(blocks)] + blocks, signals, f"np.stack([{outputs}], axis=1)"

    def backward(self):
        model = self.model
        blocks, gradients = [self.columns(True, n=model.loss.name != "sse")], []
        for layer in range(model.depth, 0, -1):
            term = self.derivation.error_term(layer)
            pairs = [(self.name(model.delta(j)), with_derivatives(model, term.chain.final.xreplace(
                {term.neuron: j})).doit()) for j in self.neurons(layer)]
            blocks.append(Block(self.error_comment(layer), tuple(self.cse(pairs, f"c{layer}_"))))
            for kind in ("threshold", "weight"):
                group = self.derivation.group(layer, kind)
                lines = [f"d{self.name(g.parameter)} = {self.printer.doprint(g.delta_form)}"
                         for g in self.derivation.instances(group)]
                blocks.append(Block(self.gradient_comment(group), tuple(lines)))
        for layer in range(1, model.depth + 1):
            rows = [self.derivatives([W[Integer(k), j] for j in self.neurons(layer)])
                    for k in model.ranges[layer - 1].numbers()]
            gradients.append("np.array([" + ", ".join(f"[{row}]" for row in rows) + "])")
            gradients.append(f"np.array([{self.derivatives([THETA[j] for j in self.neurons(layer)])}])")
        return [self.parameters(blocks)] + blocks, gradients

    def objective(self) -> Block:
        o = self.model.index_for(self.model.depth, "o")
        term = stable_objective_term(self.model, o)
        total = sympy.Add(*[term.xreplace({o: q}) for q in self.neurons(self.model.depth)]) if o.is_Dummy else term
        self.helpers |= {"logsumexp"} if total.has(LogSumExp) else set()
        lines = list(self.columns(True, n=total.has(N_OBS)).lines[1:]) + self.cse([("J", total)], "c")
        lines[-1] = f"return float(np.sum({lines[-1].removeprefix('J = ')}))"
        return Block((self.text(self.model.objective()),), tuple(lines))

    def scalars(self, layer: int, key: str) -> list[str]:
        """w14, w15 = W1[0]: row k of W{l} holds the weights out of neuron k; theta4, theta5 = b1."""
        if key.startswith("b"):
            return [f"{self.names([THETA[j] for j in self.neurons(layer)])} = {key}"]
        return [f"{self.names([W[Integer(k), j] for j in self.neurons(layer)])} = {key}[{row}]"
                for row, k in enumerate(self.model.ranges[layer - 1].numbers())]
