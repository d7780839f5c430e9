"""The ``neurons`` style of training code: handout 004's form, one statement per neuron.

Each template printed per neuron, one statement over the column of all observations, as handout
004 writes e4 = w14*x1 + ... + theta4 (the names are naming.NeuronNames').
"""

from __future__ import annotations

import sympy
from sympy import Indexed, Integer

from ..activations import LogSumExp
from ..derive import Derivation
from ..model import N_OBS, OBS, THETA, W, X
from ..printing.numpy import NumPyCodePrinter, stable_objective_term, with_derivatives
from .lines import block
from .naming import NeuronNames
from .penalty import coded, penalty_split
from .records import Block, Part
from .writer import Writer, eliminate


class NeuronWriter(Writer):
    """Handout 004's form: one statement per neuron, each over the column of all observations."""

    style = "neurons"
    helper_variants = {"softmax": "softmax_neurons", "logsumexp": "logsumexp_neurons"}

    def __init__(self, derivation: Derivation):
        super().__init__(derivation, "neurons")
        self.name = NeuronNames(self.model)
        self.printer = NumPyCodePrinter(name_of=self.name, model=self.model)

    def neurons(self, layer: int) -> list:
        return [Integer(n) for n in self.model.ranges[layer].numbers()]

    def cse(self, pairs, prefix: str) -> list[str]:
        """``name = value`` lines after common-subexpression elimination over all of them."""
        replacements, reduced = eliminate([value for _, value in pairs], prefix, lambda v: v.has(Indexed))
        return [f"{symbol.name} = {self.printer.doprint(value)}" for symbol, value in replacements] + \
               [f"{name} = {self.printer.doprint(value)}" for (name, _), value in zip(pairs, reduced)]

    def columns(self, targets: bool, n: bool = False) -> Block:
        """x1, x2 = X.T; n; yhat = sF and y, = y.T (or yhat6, yhat7 = s6, s7 and y6, y7 = y.T)."""
        model, outputs, join = self.model, self.neurons(self.model.depth), self.name.join
        lines = [f"{join([X[OBS, Integer(k)] for k in model.ranges[0].numbers()])} = X.T"]
        lines += ["n = y.shape[0]"] if n else []
        if targets:
            lines += [f"{join([model.yhat(o) for o in outputs], False)} = "
                      f"{join([model.s(o) for o in outputs], False)}",
                      f"{join([model.y(o) for o in outputs])} = y.T"]
        return block(("x_{i,k}: the columns of X" + ("; yhat_{i,o} = s_{i,o}" if targets else ""),), lines)

    def e_statement(self, j) -> str:
        """e4 = w14*x1 + w24*x2 + w34*x3 + theta4: weights first in each term, threshold last."""
        terms = sorted(sympy.Add.make_args(self.model.e_definition(j).doit()),
                       key=lambda t: (t.has(THETA), str(t)))
        written = sympy.Add(*[sympy.Mul(*sorted(t.args, key=lambda f: f.base != W), evaluate=False)
                              if t.is_Mul else t for t in terms], evaluate=False)
        return f"{self.name(self.model.e(j))} = {self.printer.doprint(written)}"

    def activation_code(self, activation, e: str) -> str:
        """s = g(e): the table's NumPy form, or a user's activation's formula printed."""
        if activation.numpy_expr is None:
            return self.printer.doprint(activation.sympy_form(sympy.Symbol(e)))
        return activation.numpy_expr.format(z=e)

    def forward(self):
        blocks, signals, model, join = [self.columns(False)], [], self.model, self.name.join
        for layer in range(1, model.depth + 1):
            activation, neurons = model.activation(layer), self.neurons(layer)
            lines = []
            for j in neurons:
                lines.append(self.e_statement(j))
                if activation.elementwise:
                    code = self.activation_code(activation, self.name(model.e(j)))
                    lines.append(f"{self.name(model.s(j))} = {code}")
            if not activation.elementwise:  # the whole layer at once (softmax)
                code = activation.numpy_expr.format(z=join([model.e(j) for j in neurons], False))
                lines.append(f"{join([model.s(j) for j in neurons])} = {code}")
            signals += [self.name(f(j)) for j in neurons for f in (model.e, model.s)]
            blocks.append(block(self.comments.forward(layer), lines))
        outputs = join([model.s(j) for j in self.neurons(model.depth)], False)
        return Part(tuple([self.parameters(blocks)] + blocks)), ", ".join(signals), \
            f"np.stack([{outputs}], axis=1)"

    def backward(self):
        model = self.model
        blocks, gradients = [self.columns(True, n=model.loss.name != "sse")], []
        for layer in range(model.depth, 0, -1):
            term = self.derivation.error_term(layer)
            pairs = [(self.name(model.delta(j)), with_derivatives(model, term.chain.generic.xreplace(
                {term.neuron: j})).doit()) for j in self.neurons(layer)]
            blocks.append(block(self.comments.error(layer), self.cse(pairs, f"c{layer}_")))
            for kind in ("threshold", "weight"):
                group = self.derivation.group(layer, kind)
                lines = [f"{self.name.derivative(g.parameter)} = {self.gradient(g.delta_form)}"
                         for g in self.derivation.instances(group)]
                blocks.append(block(self.comments.gradient(group), lines))
        derivatives = lambda parameters: ", ".join(map(self.name.derivative, parameters))
        for layer in range(1, model.depth + 1):
            rows = [derivatives([W[Integer(k), j] for j in self.neurons(layer)])
                    for k in model.ranges[layer - 1].numbers()]
            gradients.append("np.array([" + ", ".join(f"[{row}]" for row in rows) + "])")
            gradients.append(f"np.array([{derivatives([THETA[j] for j in self.neurons(layer)])}])")
        return Part(tuple([self.parameters(blocks)] + blocks)), tuple(gradients)

    def gradient(self, delta_form) -> str:
        """One parameter's dJ/dp: the loss's part, then (with L2) the penalty's λ w."""
        data, decay = penalty_split(coded(delta_form))
        return " + ".join(self.printer.doprint(part) for part in (data, decay) if part != 0)

    def penalty_form(self):
        return self.model.penalty().doit()

    def objective(self) -> Part:
        o = self.model.index_for(self.model.depth, "o")
        term = stable_objective_term(self.model, o)
        outputs = self.neurons(self.model.depth)
        total = sympy.Add(*[term.xreplace({o: q}) for q in outputs]) if o.is_Dummy else term
        lines = list(self.columns(True, n=total.has(N_OBS)).lines[1:]) + self.cse([("J", total)], "c")
        lines[-1] = f"return float(np.sum({lines[-1].removeprefix('J = ')}))"
        return Part((block((self.comments.data_term(),), lines),),
                    helpers=frozenset({"logsumexp"} if total.has(LogSumExp) else ()))

    def scalars(self, layer: int, key: str) -> list[str]:
        """w14, w15 = W1[0]: row k of W{l} holds the weights out of neuron k; theta4, theta5 = b1."""
        join = self.name.join
        if key.startswith("b"):
            return [f"{join([THETA[j] for j in self.neurons(layer)])} = {key}"]
        return [f"{join([W[Integer(k), j] for j in self.neurons(layer)])} = {key}[{row}]"
                for row, k in enumerate(self.model.ranges[layer - 1].numbers())]
