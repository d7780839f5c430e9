"""The ``neurons`` style of training code: handout 004's form, one statement per neuron.

Each template printed per neuron, one statement over the column of all observations, as handout
004 writes e4 = w14*x1 + ... + theta4 (the shared parts are in codegen_writer.py).
"""

from __future__ import annotations

import sympy
from sympy import Indexed, Integer

from .codegen_writer import ACTIVATION, Block, Writer, eliminate
from .derive import Derivation
from .model import DELTA, E, N_OBS, OBS, S, THETA, W, X, Y, YHAT
from .printing.numpy import LogSumExp, NumPyCodePrinter, stable_objective_term, with_derivatives


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
