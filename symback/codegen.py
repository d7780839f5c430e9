"""Derivation -> plain records of strings for templates/numpy: standalone NumPy training code.

Every statement of the backward pass is printed from the Derivation: the error terms
(``derivation.error_terms``: δ at the output, eqs. 15-16 or the canonical (ŷ - y)/n, and the
recursion δ_j = g'(e_j) Σ_m w_{j,m} δ_m, eq. 17) and the gradient δ forms
(``group.delta_form``: Σ_i δ_{i,j} s_{i,k}, eqs. 18-21). The forward pass prints the model's
definition e_{i,j} = Σ_k w_{k,j} s_{i,k} + Θ_j, and the objective the loss table's term with
log ŷ rewritten from the pre-activations. Two styles:

* ``layers``: each template vectorised over observations and neurons (symback.printing.numpy
  holds the template -> matrix table), after common-subexpression elimination, written into
  preallocated buffers with in-place ufuncs;
* ``neurons``: each template instantiated for every neuron and printed as one statement over
  the column of all observations, the way handout 004 writes it (e4 = w14*x1 + ... + theta4).
"""

from __future__ import annotations

import dataclasses
import re

import sympy
from sympy import Integer, Symbol

from .derive import CANONICAL, DELTA_DEF, DELTA_RECURSION, Derivation, derive
from .errors import SymbackError
from .jinja import render
from .model import DELTA, E, N_OBS, OBS, S, THETA, W, X, Y, YHAT, ActivationBase, Model, Softmax
from .notation import Namer
from .printing import text
from .printing.numpy import N_ROWS, Dot, InplaceEmitter, LogSumExp, NumPyCodePrinter, Softplus, vectorise
from .spec import Architecture

STYLES = ("layers", "neurons")
TEMPLATE = "train.py.j2"
NEURONS_STYLE_LIMIT = 400  # parameters; beyond this one statement per neuron is unreadable

# Which equation each kind of statement implements (handout 004: neurons; 000: layers).
EQUATIONS = {
    "e": "handout 004 step 2 (forward computation); handout 000 eqs. 1-3",
    "s": "s = g(e), the activation of every neuron of the layer",
    DELTA_DEF: "handout 000 eqs. 15-16, with the loss derivative of eqs. 7/9",
    CANONICAL: "handout 000 eq. 11: the output error collapses to (yhat - y)/n",
    DELTA_RECURSION: "handout 000 eq. 17 (handout 004: the sum over the next layer)",
    "threshold": "handout 000 eqs. 20-21; handout 004 'threshold' updates",
    "weight": "handout 000 eqs. 18-19; handout 004 'synaptic weight' updates",
}
ACTIVATION_CODE = {  # layers style: stable forms, written into a buffer
    "sigmoid": "_sigmoid({z}, out={a})", "tanh": "np.tanh({z}, out={a})",
    "relu": "np.maximum({z}, 0.0, out={a})", "softmax": "_softmax({z}, out={a})",
}
NEURON_ACTIVATION_CODE = {"sigmoid": "_sigmoid({e})", "tanh": "np.tanh({e})", "relu": "np.maximum({e}, 0.0)",
                          "linear": "{e}"}


@dataclasses.dataclass(frozen=True)
class Block:
    """Statements implementing one equation, and the comment lines that name it."""

    comment: tuple[str, ...]
    lines: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class TrainingCode:
    """Everything the train.py template needs, as strings."""

    style: str
    template: str
    shorthand: str
    activations: tuple[str, ...]
    loss: str
    command: str
    layer_lines: tuple[str, ...]
    objective_text: str
    sizes: tuple[int, ...]
    keys: tuple[str, ...]
    helpers: tuple[str, ...]
    buffers: tuple[tuple[str, str], ...]
    unpack: tuple[str, ...]
    forward: tuple[Block, ...]
    signals: tuple[str, ...]
    prediction: str
    objective: Block
    backward: tuple[Block, ...]
    gradients: tuple[str, ...]
    folds_rate: bool
    letter: str


def render_training_code(arch: Architecture, style: str = "layers") -> str:
    """The whole train.py for ``arch``: deterministic, opening with a do-not-edit header.

    Args:
        arch: the network to train.
        style: ``layers`` (vectorised matrix form) or ``neurons`` (one statement per neuron).
    Returns:
        the text of a Python file that needs only NumPy.
    Raises:
        SymbackError: for an unknown style, or ``neurons`` on a network too large to spell out.
    """
    return render("numpy", TEMPLATE, code=training_code(derive(arch), style))


def training_code(derivation: Derivation, style: str = "layers") -> TrainingCode:
    """The Derivation as plain records of strings (see TrainingCode)."""
    arch = derivation.arch
    if style not in STYLES:
        raise SymbackError(f"--style: {style!r} is not accepted; accepted: {', '.join(STYLES)}")
    if style == "neurons" and arch.parameter_count > NEURONS_STYLE_LIMIT:
        raise SymbackError(f"--style neurons: {arch.shorthand} has {arch.parameter_count} parameters; one "
                           f"statement per neuron is offered up to {NEURONS_STYLE_LIMIT}, use --style layers")
    writer = (LayerWriter if style == "layers" else NeuronWriter)(derivation)
    return writer.code()


def command_line(arch: Architecture, style: str) -> str:
    """The symback command that writes this file again."""
    return (f"symback codegen {arch.shorthand} --activation {','.join(arch.activations)} "
            f"--loss {arch.loss} --style {style} --out train.py")


def with_derivatives(model: Model, expr):
    """g'_l(e) written with the layer's activation table, in s = g(e) where it can be:
    σ' = s (1 - s), tanh' = 1 - s², relu' = H(e) with H(0) = 0, linear' = 1."""
    def replace(node):
        e = node.args[0]
        activation = model.activation(node.layer)
        s = model.s(e.indices[1])
        value = activation.sympy_form(e)
        return activation.sympy_derivative(e).xreplace({} if value == e else {value: s})
    return expr.replace(lambda n: isinstance(n, ActivationBase) and n.prime, replace)


def stable_objective_term(model: Model, output):
    """The loss term with log ŷ written from the pre-activations (no log of 0, no overflow):
    log σ(e) = -softplus(-e), log(1 - σ(e)) = -softplus(e), log softmax_o = e_o - logsumexp(e)."""
    term = model.loss_term(output)
    yhat, name = model.yhat(output), model.activation(model.depth).name
    e = model.e(output if not model.single_output else Integer(model.outputs.first))
    if name == "sigmoid":
        return term.xreplace({sympy.log(yhat): -Softplus(-e), sympy.log(1 - yhat): -Softplus(e)})
    if name == "softmax":
        lse = LogSumExp(*[model.e(Integer(q)) for q in model.outputs.numbers()])
        return term.xreplace({sympy.log(yhat): e - lse})
    return term


class Writer:
    """What both styles share: the model, comments in the notation, the block order."""

    notation = "neurons"

    def __init__(self, derivation: Derivation):
        self.derivation = derivation
        self.model = derivation.model
        self.arch = derivation.arch
        self.namer = Namer(self.model, self.notation_name())
        self.helpers: set[str] = set()

    def notation_name(self) -> str:
        return self.notation

    def text(self, expr) -> str:
        return text(expr, self.namer)

    def layer_title(self, layer: int) -> str:
        rng = self.model.ranges[layer]
        where = "output layer" if layer == self.model.depth else f"hidden layer {layer}"
        first, last = self.namer.index(Integer(rng.first)), self.namer.index(Integer(rng.last))
        neurons = f"neuron {first}" if rng.size == 1 else f"neurons {first}..{last}"
        return f"Layer {layer} ({where}, {self.model.activation(layer).name}), {neurons}"

    def layer_lines(self) -> tuple[str, ...]:
        lines = [f"inputs: {self.arch.inputs} (neurons 1..{self.arch.inputs})"]
        return tuple(lines + [self.layer_title(layer) for layer in range(1, self.model.depth + 1)])

    def gradient_comment(self, group) -> tuple[str, ...]:
        lhs, rhs = self.text(group.delta_chain.lhs), self.text(group.delta_form)
        return (f"{lhs} = {rhs}", f"[{EQUATIONS[group.kind]}]")

    def error_comment(self, layer: int) -> tuple[str, ...]:
        chain = self.derivation.error_term(layer).chain
        lines = [f"{self.text(chain.lhs)} = {self.text(step.expr)}   [{EQUATIONS[step.rule]}]"
                 for step in chain.steps]
        return tuple(lines)

    def keys(self) -> tuple[str, ...]:
        return tuple(f"{kind}{l}" for l in range(1, self.model.depth + 1) for kind in "Wb")

    def code(self) -> TrainingCode:
        backward, gradients = self.backward()
        objective = self.objective()
        forward, signals, prediction = self.forward()
        for name in self.arch.activations:
            self.helpers.add(name)
        return TrainingCode(
            style=self.style, template=f"templates/numpy/{TEMPLATE}", shorthand=self.arch.shorthand,
            activations=self.arch.activations, loss=self.arch.loss,
            command=command_line(self.arch, self.style), layer_lines=self.layer_lines(),
            objective_text=self.text(self.model.objective()), sizes=self.arch.sizes, keys=self.keys(),
            helpers=tuple(sorted(self.helpers)), buffers=self.buffer_list(), unpack=self.unpack(),
            forward=tuple(forward), signals=tuple(signals), prediction=prediction, objective=objective,
            backward=tuple(backward), gradients=tuple(gradients), folds_rate=self.style == "layers",
            letter=self.model.loss.objective)



class LayerWriter(Writer):
    """Matrix form: one block per equation and layer, arrays of all observations at once."""

    style = "layers"

    def __init__(self, derivation: Derivation):
        super().__init__(derivation)
        self.printer = NumPyCodePrinter()
        self.buffers: dict[str, int] = {}
        self.shapes = {Symbol("X"): (N_ROWS, self.arch.inputs), Symbol("y"): (N_ROWS, self.arch.sizes[-1])}
        for l in range(1, self.model.depth + 1):
            self.shapes[Symbol(f"W{l}")] = self.arch.sizes[l - 1], self.arch.sizes[l]
            self.shapes[Symbol(f"b{l}")] = 1, self.arch.sizes[l]
            for prefix in "zad":
                self.shapes[Symbol(f"{prefix}{l}")] = N_ROWS, self.arch.sizes[l]
        self.emitter = InplaceEmitter(self.printer, self.shapes, self.scratch)
        self.needed: set[str] = set()

    def notation_name(self) -> str:
        return self.arch.notation  # the matrix code reads well in either notation

    def array(self, ind):
        """(array symbol, axes) of one template symbol; axes are "i" and layer numbers."""
        base, idx, last = ind.base, ind.indices, self.model.depth
        if base == W:
            layer = self.model.layer_of(idx[1])
            return Symbol(f"W{layer}"), (layer - 1, layer)
        if base == THETA:
            layer = self.model.layer_of(idx[0])
            return Symbol(f"b{layer}"), (layer,)
        if base in (Y, YHAT):
            return Symbol("y" if base == Y else f"a{last}"), ("i", last)
        if base == X:
            return Symbol("X"), ("i", 0)
        layer = self.model.layer_of(idx[1])
        return Symbol(f"{ {E: 'z', S: 'a', DELTA: 'd'}[base]}{layer}"), ("i", layer)

    def vec(self, expr, target):
        return vectorise(with_derivatives(self.model, expr), self.array, self.model.layer_of, target)

    def scratch(self, shape, busy: set) -> str:
        names = (f"t{shape[1]}" + (f"_{k}" if k else "") for k in range(len(busy) + 1))
        name = next(name for name in names if name not in busy)
        self.buffers.setdefault(name, shape[1])
        return name

    def emit(self, expr, out: str, prefix: str) -> list[str]:
        """cse, then every shared subexpression into its own buffer, the result into ``out``."""
        replacements, (reduced,) = sympy.cse([expr], symbols=sympy.numbered_symbols(prefix))
        self.needed |= {symbol.name for symbol in expr.free_symbols}
        lines = ["n = y.shape[0]"] if expr.has(N_OBS) else []
        for symbol, value in replacements:
            if self.emitter.is_array(value):
                self.shapes[symbol] = self.emitter.shape(value)
                self.buffers[symbol.name] = self.shapes[symbol][1]
                lines += self.emitter.emit(value, symbol.name)
            else:
                lines.append(f"{symbol.name} = {self.printer.doprint(value)}")
        return lines + self.emitter.emit(reduced, out)

    def statement(self, expr) -> str:
        return self.printer.doprint(expr).removeprefix("(").removesuffix(")") if isinstance(expr, Dot) \
            else self.printer.doprint(expr)

    def backward(self):
        blocks, gradients, scale = [], {}, Symbol("scale")
        for layer in range(self.model.depth, 0, -1):
            expr = self.vec(self.derivation.error_term(layer).chain.final, ("i", layer))
            expr = scale * expr if layer == self.model.depth else expr
            self.buffers[f"d{layer}"] = self.arch.sizes[layer]
            mapping = f"as arrays: d{layer} = {self.printer.doprint(expr)}"
            blocks.append(Block((self.layer_title(layer),) + self.error_comment(layer) + (mapping,),
                                tuple(self.emit(expr, f"d{layer}", f"c{layer}_"))))
            for kind, target in (("threshold", (layer,)), ("weight", (layer - 1, layer))):
                group = self.derivation.group(layer, kind)
                name = f"g{'b' if kind == 'threshold' else 'W'}{layer}"
                gradients[name] = self.statement(self.vec(group.delta_form, target))
                blocks.append(Block(self.gradient_comment(group), (f"{name} = {gradients[name]}",)))
        return [self.bindings(blocks)] + blocks, sorted(gradients, key=lambda g: self.keys().index(g[1:]))

    def objective(self) -> Block:
        o = self.model.index_for(self.model.depth, "o")
        expr = self.vec(stable_objective_term(self.model, o), ("i", self.model.depth))
        code = self.printer.doprint(expr)
        self.needed |= {s.name for s in expr.free_symbols}
        self.helpers.update(["logsumexp"] if "_logsumexp" in code else [])
        lines = ("n = y.shape[0]",) if expr.has(N_OBS) else ()
        return Block((self.text(self.model.objective()),), lines + (f"return float(np.sum({code}))",))

    def forward(self):
        blocks, signals = [], []
        for layer in range(1, self.model.depth + 1):
            j = self.model.index_for(layer, "j")
            e_def = self.model.e_definition(j)
            z, a = f"z{layer}", f"a{layer}"
            self.buffers[z] = self.arch.sizes[layer]
            lines = self.emit(self.vec(e_def, ("i", layer)), z, f"f{layer}_")
            name = self.model.activation(layer).name
            keep = z in self.needed
            if name == "linear":
                lines.append(f"{a} = {z}")
            elif keep:
                self.buffers[a] = self.arch.sizes[layer]
                lines.append(ACTIVATION_CODE[name].format(z=z, a=a))
            else:
                lines.append(f"{a} = " + ACTIVATION_CODE[name].format(z=z, a=z) + "  # e is not needed later")
            signals += [a] + ([z] if keep else [])
            comment = (self.layer_title(layer), f"{self.text(self.model.e(j))} = {self.text(e_def)}   "
                       f"[{EQUATIONS['e']}]", f"{self.text(self.model.s(j))} = "
                       f"{self.text(self.model.s_definition(j))}")
            blocks.append(Block(comment, tuple(lines)))
        return [self.bindings(blocks)] + blocks, signals, f"a{self.model.depth}"

    def bindings(self, blocks) -> Block:
        """name = ws["name"] for every buffer the blocks write or read."""
        words = {word for block in blocks for line in block.lines for word in re.findall(r"\w+", line)}
        names = [name for name in ["ones"] + list(self.buffers) if name in words]
        return Block(("buffers of the workspace, written in place",), tuple(f'{n} = ws["{n}"]' for n in names))

    def buffer_list(self):
        return tuple((name, str(columns)) for name, columns in self.buffers.items())

    def unpack(self):
        return ()


class NeuronWriter(Writer):
    """Handout 004's form: one statement per neuron, each a column over all observations."""

    style = "neurons"

    def __init__(self, derivation: Derivation):
        super().__init__(derivation)
        labels = [self.namer.index(Integer(n)) for n in range(1, self.model.ranges[-1].last + 1)]
        self.sep = "" if all(len(label) == 1 for label in labels) else "_"
        self.printer = NumPyCodePrinter(name_of=self.name, model=self.model)

    def label(self, neuron) -> str:
        return self.namer.index(neuron)

    def name(self, ind) -> str:
        """w14, theta4, e4, s4, x1, eps4, y / y6, yhat / yhat6 (labels as in handout 004)."""
        base, idx = ind.base, ind.indices
        if base == W:
            return f"w{self.label(idx[0])}{self.sep}{self.label(idx[1])}"
        if base == THETA:
            return f"theta{self.label(idx[0])}"
        if base in (Y, YHAT):
            stem = "y" if base == Y else "yhat"
            return stem if len(idx) == 1 else f"{stem}{self.label(idx[1])}"
        return {E: "e", S: "s", X: "x", DELTA: "eps"}[base] + self.label(idx[1])

    def p(self, expr) -> str:
        return self.printer.doprint(expr)

    def neurons(self, layer: int):
        return [Integer(n) for n in self.model.ranges[layer].numbers()]

    def names(self, symbols) -> str:
        return ", ".join(self.name(s) for s in symbols) + ("," if len(symbols) == 1 else "")

    def cse(self, pairs, prefix: str) -> list[str]:
        """``name = value`` lines after common-subexpression elimination over all of them."""
        replacements, reduced = sympy.cse([value for _, value in pairs], symbols=sympy.numbered_symbols(prefix))
        return [f"{s.name} = {self.p(v)}" for s, v in replacements] + \
               [f"{name} = {self.p(value)}" for (name, _), value in zip(pairs, reduced)]

    def columns(self, targets: bool, n: bool = False) -> Block:
        """x1, x2 = X.T; and yhat = sF, y = y[:, 0] (or yhat6, yhat7 = s6, s7; y6, y7 = y.T)."""
        model, inputs = self.model, [X[OBS, Integer(k)] for k in self.model.ranges[0].numbers()]
        lines = [f"{self.names(inputs)} = X.T"] + (["n = y.shape[0]"] if n else [])
        if targets:
            outputs = self.neurons(model.depth)
            lines.append(f"{', '.join(self.name(model.yhat(o)) for o in outputs)} = "
                         f"{', '.join(self.name(model.s(o)) for o in outputs)}")
            lines.append(f"{self.names([model.y(o) for o in outputs])} = y.T")
        return Block(("x_{i,k} are the columns of X" + (", yhat_{i,o} = s_{i,o}" if targets else ""),),
                     tuple(lines))

    def forward(self):
        blocks, signals = [self.columns(False)], []
        for layer in range(1, self.model.depth + 1):
            lines, activation = [], self.model.activation(layer).name
            for j in self.neurons(layer):
                terms = sorted(sympy.Add.make_args(self.model.e_definition(j).doit()),
                               key=lambda t: (t.has(THETA), str(t)))
                ordered = [sympy.Mul(*sorted(t.args, key=lambda f: f.base != W), evaluate=False)
                           if t.is_Mul else t for t in terms]
                lines.append(f"{self.name(self.model.e(j))} = {self.p(sympy.Add(*ordered, evaluate=False))}")
                if activation != "softmax":
                    code = NEURON_ACTIVATION_CODE[activation].format(e=self.name(self.model.e(j)))
                    lines.append(f"{self.name(self.model.s(j))} = {code}")
            e_names = self.names([self.model.e(j) for j in self.neurons(layer)])
            if activation == "softmax":
                lines.append(f"{self.names([self.model.s(j) for j in self.neurons(layer)])} = _softmax({e_names})")
            signals += [self.name(f(j)) for j in self.neurons(layer) for f in (self.model.e, self.model.s)]
            j = self.model.index_for(layer, "j")
            comment = (self.layer_title(layer), f"{self.text(self.model.e(j))} = {self.text(self.model.e_definition(j))}"
                       f"   [{EQUATIONS['e']}]", f"{self.text(self.model.s(j))} = {self.text(self.model.s_definition(j))}")
            blocks.append(Block(comment, tuple(lines)))
        outputs = [self.name(self.model.s(j)) for j in self.neurons(self.model.depth)]
        prediction = f"{outputs[0]}[:, None]" if len(outputs) == 1 else f"np.stack([{', '.join(outputs)}], axis=1)"
        return blocks, signals, prediction

    def backward(self):
        blocks, gradients, model = [self.columns(True, n=self.model.loss.name != "sse")], [], self.model
        for layer in range(model.depth, 0, -1):
            term = self.derivation.error_term(layer)
            pairs = [(self.name(model.delta(j)), with_derivatives(model, term.chain.final.xreplace(
                {term.neuron: j} if not term.neuron.is_Integer else {})).doit()) for j in self.neurons(layer)]
            blocks.append(Block((self.layer_title(layer),) + self.error_comment(layer),
                                tuple(self.cse(pairs, f"c{layer}_"))))
            for kind in ("threshold", "weight"):
                group = self.derivation.group(layer, kind)
                lines = [f"d{self.name(g.parameter)} = {self.p(g.delta_form)}"
                         for g in self.derivation.instances(group)]
                blocks.append(Block(self.gradient_comment(group), tuple(lines)))
        for layer in range(1, model.depth + 1):
            rows = [[f"dw{self.label(Integer(k))}{self.sep}{self.label(j)}" for j in self.neurons(layer)]
                    for k in self.model.ranges[layer - 1].numbers()]
            gradients.append("np.array([" + ", ".join("[" + ", ".join(r) + "]" for r in rows) + "])")
            gradients.append("np.array([" + ", ".join(f"dtheta{self.label(j)}" for j in self.neurons(layer)) + "])")
        return blocks, gradients

    def objective(self) -> Block:
        o = self.model.index_for(self.model.depth, "o")
        term = stable_objective_term(self.model, o)
        total = sympy.Add(*[term.xreplace({o: q}) for q in self.neurons(self.model.depth)]) \
            if o.is_Dummy else term
        self.helpers.update(["logsumexp"] if total.has(LogSumExp) else [])
        lines = list(self.columns(True, n=total.has(N_OBS)).lines[1:]) + self.cse([("J", total)], "c")
        lines[-1] = f"return float(np.sum({lines[-1].removeprefix('J = ')}))"
        return Block((self.text(self.model.objective()),), tuple(lines))

    def buffer_list(self):
        return ()

    def unpack(self):
        """w14, w15 = W1[0] ...: row k of W{l} holds the weights out of neuron k."""
        lines = []
        for layer in range(1, self.model.depth + 1):
            for row, k in enumerate(self.model.ranges[layer - 1].numbers()):
                lines.append(f"{self.names([W[Integer(k), j] for j in self.neurons(layer)])} = W{layer}[{row}]")
            lines.append(f"{self.names([THETA[j] for j in self.neurons(layer)])} = b{layer}")
        return tuple(lines)
