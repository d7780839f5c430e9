"""Formula tree + values of the free indices -> SymPy: scalars, or matrices with checked shapes.

The result uses only the model's objects (``w``, ``Theta``, ``e``, ``s``, ``delta``, g and g'
of each layer, ``Partial``), so the Prover and the numeric points of the core evaluate it.
Neuron sums are written out (they are short); the sum over observations stays a ``Sum``.
"""

from __future__ import annotations

import dataclasses

import sympy
from sympy import Integer, KroneckerDelta

from ...activations import ACTIVATIONS
from ...derive import LOSS_I, OBJECTIVE
from ...notation import Notation
from ...model import E, N_OBS, S, THETA, W, X, YHAT, F, Model, Partial, Softmax
from .. import tree as ast
from ..limits import MAX_POWER
from ..verdict import Unreadable
from .observations import observation_sum
from .shapes import ShapeMismatch, broadcast, elementwise, shape_of
from .values import SymbolValues


# Functions of analysis written in exponentials, which the 60-digit points evaluate directly.
FUNCTIONS = {
    "exp": sympy.exp, "log": sympy.log,
    "cosh": lambda x: (sympy.exp(x) + sympy.exp(-x)) / 2,
    "sinh": lambda x: (sympy.exp(x) - sympy.exp(-x)) / 2,
    "sech": lambda x: 2 / (sympy.exp(x) + sympy.exp(-x)),
    "step": lambda x: sympy.Heaviside(x, 0),
    "step_eq": lambda x: sympy.Heaviside(x, 1),
}


def _outer_atoms(expr):
    """Indexed symbols of ``expr`` outside any function application: in g(b + W^T g(...))
    only the outer b and W say which layer the outer g belongs to."""
    if isinstance(expr, sympy.Indexed):
        yield expr
        return
    if isinstance(expr, (sympy.Function, Partial)) and not isinstance(expr, sympy.Indexed):
        return
    for arg in getattr(expr, "args", ()):
        yield from _outer_atoms(arg)


class Builder:
    """Builds one formula tree for one assignment of its free letters."""

    def __init__(self, model: Model, notation: Notation, layout: str):
        self.model = model
        self.values = SymbolValues(model, notation, layout)
        self.notation = notation

    def build(self, node: ast.Node, env: dict, allow_next: bool = False):
        """The value of ``node`` for ``env`` (``allow_next``: p¹ is accepted, on an update rule's left)."""
        self.values.allow_next = allow_next
        try:
            return self._build(node, env)
        finally:
            self.values.allow_next = False

    def _build(self, node, env):
        method = getattr(self, "_" + type(node).__name__.lower())
        return method(node, env)

    # -- leaves ---------------------------------------------------------------------------
    def _num(self, node: ast.Num, env):
        return node.value

    def _sym(self, node: ast.Sym, env):
        if node.fields:
            return self.values.scalar(node, env)
        return self.values.unindexed(node, env)

    def _iverson(self, node: ast.Iverson, env):
        def value(index):
            if index.kind == "letter":
                return env[index.value]
            return self.values.number(index, env)
        return KroneckerDelta(Integer(value(node.left)), Integer(value(node.right)))

    def _grada(self, node: ast.GradA, env):
        model = self.model
        if node.layer is not None and self.values.layer_value(node.layer, env) != model.depth:
            raise Unreadable("\\nabla is read only in the activations of the output layer", node.col,
                             "\\nabla", ())
        outputs = [Integer(o) for o in model.outputs.numbers()]
        return sympy.Matrix([[model.loss.dterm(model.yhat(o), model.y(o), N_OBS)] for o in outputs])

    def _matrix(self, node: ast.Matrix, env):
        rows = [[self._build(entry, env) for entry in row] for row in node.rows]
        if any(shape_of(entry) is not None for row in rows for entry in row):
            raise Unreadable("the entries of a matrix must be numbers, not vectors", node.col, "\\begin", ())
        return sympy.Matrix(rows)

    def _point(self, node, env):
        raise Unreadable("(ŵ, Θ̂) is accepted only after J, f_i or a derivative", node.col, "(", ())

    # -- arithmetic -----------------------------------------------------------------------
    def _add(self, node: ast.Add, env):
        values = [(sign, self._build(term, env)) for sign, term in node.terms]
        shapes = {shape_of(value) for _, value in values} - {None}
        if len(shapes) > 1:
            left, right = sorted(shapes, key=str)[:2]
            raise ShapeMismatch("sum", left, right, node.col)
        if shapes:  # 1 - a: a scalar next to a vector stands for that scalar times the vector of ones
            shape = shapes.pop()
            values = [(sign, broadcast(value, shape)) for sign, value in values]
        total = values[0][1] * values[0][0]
        for sign, value in values[1:]:
            total = total + value * sign
        return total

    def _mul(self, node: ast.Mul, env):
        result = self._build(node.factors[0], env)
        for factor in node.factors[1:]:
            value = self._build(factor, env)
            left, right = shape_of(result), shape_of(value)
            if left is not None and right is not None and left[1] != right[0]:
                raise ShapeMismatch("product", left, right, factor.col)
            result = result * value
        return result

    def _hadamard(self, node: ast.Hadamard, env):
        result = self._build(node.factors[0], env)
        for factor in node.factors[1:]:
            value = self._build(factor, env)
            left, right = shape_of(result), shape_of(value)
            if left is None or right is None:
                result = result * value
            elif left != right:
                raise ShapeMismatch("elementwise product", left, right, factor.col)
            else:
                result = result.multiply_elementwise(value)
        return result

    def _div(self, node: ast.Div, env):
        num, den = self._build(node.num, env), self._build(node.den, env)
        if shape_of(den) is not None:
            raise ShapeMismatch("division", shape_of(num), shape_of(den), node.den.col)
        return num / den

    def _pow(self, node: ast.Pow, env):
        base, exponent = self._build(node.base, env), self._build(node.exponent, env)
        if shape_of(base) is not None or shape_of(exponent) is not None:
            raise ShapeMismatch("power", shape_of(base), shape_of(exponent), node.col)
        if exponent.is_Number and abs(exponent) > MAX_POWER:
            # Expanding (a + b)^1000 symbolically would take forever; no derivation needs it.
            raise Unreadable(f"powers up to {MAX_POWER} are read, not {exponent}", node.col, "^", ())
        return base ** exponent

    def _transpose(self, node: ast.Transpose, env):
        value = self._build(node.node, env)
        return value.T if isinstance(value, sympy.MatrixBase) else value

    # -- sums ---------------------------------------------------------------------------------
    def _sumover(self, node: ast.SumOver, env):
        if node.observations:
            body = self._build(node.body, env)
            return elementwise(body, observation_sum)
        first, last = self._bound(node.first, env), self._bound(node.last, env)
        total = Integer(0)
        for value in self.values.sum_range(first, last, node.col):
            total = total + self._build(node.body, {**env, node.var: value})
        return total

    def _bound(self, index: ast.Index, env) -> int:
        if index.kind == "output":
            return self.values.number(index, env)
        if index.kind == "letter":
            if index.value not in env:
                raise Unreadable(f"the bound {index.value} of a sum is not a number", index.col, index.value, ())
            return env[index.value]
        return index.value

    # -- functions and derivatives ----------------------------------------------------------------
    def _apply(self, node: ast.Apply, env):
        arg = self._build(node.arg, env)
        if node.func in ("g", "gp"):
            return elementwise(arg, lambda entry: self._activation(node, entry))
        if node.func == "softmax" or node.func.startswith(("act:", "actp:")):
            return elementwise(arg, lambda entry: self._named(node, entry))
        return elementwise(arg, FUNCTIONS[node.func])

    def _named(self, node: ast.Apply, entry):
        """An activation named by the writer (\\tanh, ReLU, max(0, x), softmax): g of the layer
        it is applied in when that layer uses it, otherwise the table's function itself."""
        name = node.func.partition(":")[2] or node.func
        prime = node.func.startswith("actp:")
        layer = self._signal_layer(entry)
        if layer is not None and 1 <= layer <= self.model.depth and self.model.activation(layer).name == name:
            return self._activation(dataclasses.replace(node, func="gp" if prime else "g", layer=layer), entry)
        activation = ACTIVATIONS[name]
        if not activation.elementwise:
            if prime:
                raise Unreadable(f"{name} couples the outputs: it has no elementwise derivative",
                                 node.col, name, ())
            return self._softmax(node, entry)
        return (activation.sympy_derivative if prime else activation.sympy_form)(entry)

    def _activation(self, node: ast.Apply, entry):
        layer = node.layer if node.layer is not None else self._infer_layer(entry, node)
        if not 1 <= layer <= self.model.depth:
            raise Unreadable(f"there is no layer {layer}", node.col, str(layer), ())
        if not self.model.activation(layer).elementwise:
            if node.func == "g":
                return self._softmax(node, entry)
            raise Unreadable("softmax couples the outputs: it has no elementwise derivative g'; write "
                             "s_{i,o}([o = q] - s_{i,q})", node.col, "g'", ())
        table = self.model.g_prime if node.func == "gp" else self.model.g
        return table[layer](entry)

    def _softmax(self, node, entry):
        model = self.model
        if not (isinstance(entry, sympy.Indexed) and entry.base == E
                and model.layer_of(entry.indices[1]) == model.depth
                and not model.activation(model.depth).elementwise):
            raise Unreadable("softmax is read only as softmax(e_{i,o}) of a softmax output layer",
                             node.col, "softmax", ())
        return Softmax(entry)

    def _infer_layer(self, entry, node) -> int:
        """The layer whose input signal ``entry`` is (any layer when all use one activation)."""
        layer = self._signal_layer(entry)
        if layer is not None:
            return layer
        if len(set(self.model.arch.activations)) == 1 and not any(True for _ in _outer_atoms(entry)):
            return 1
        raise Unreadable("cannot tell which layer's activation this is; write g_{l}(...) with its layer",
                         node.col, "g", ())

    def _signal_layer(self, entry) -> int | None:
        """The layer whose input signal ``entry`` is, from its e, Θ, w or s symbols (None if unclear)."""
        if isinstance(entry, sympy.Indexed) and entry.base == S:
            return self.model.layer_of(entry.indices[1])  # g'(s_{i,j}): the mistake of taking g' at s
        layers = set()
        for atom in _outer_atoms(entry):
            if atom.base in (E,) or atom.base == THETA:
                layers.add(self.model.layer_of(atom.indices[-1]))
            elif atom.base == W:
                layers.add(self.model.layer_of(atom.indices[1]))
            elif atom.base in (S, X):
                layers.add(self.model.layer_of(atom.indices[1]) + 1)
        return layers.pop() if len(layers) == 1 else None

    def _deriv(self, node: ast.Deriv, env):
        wrt = self._build(node.wrt, env)
        quantity = self._build(node.quantity, env)
        if isinstance(quantity, sympy.MatrixBase):
            raise Unreadable("the numerator of a derivative must be a scalar (the cost or one signal)",
                             node.col, "\\partial", ())
        return elementwise(wrt, lambda entry: self._partial(node, quantity, entry))

    def _partial(self, node, quantity, wrt):
        model = self.model
        if not isinstance(wrt, sympy.Indexed):
            raise Unreadable("a derivative is taken with respect to one symbol", node.col, "\\partial", ())
        if wrt.base in (W, THETA):
            return Partial(quantity, wrt)
        objective = quantity in (OBJECTIVE, LOSS_I)
        if wrt.base == E and objective:
            return Partial(LOSS_I, wrt)
        output = wrt.indices[-1] if len(wrt.indices) > 1 else model.outputs.first
        if wrt.base in (YHAT, F, S) and objective and model.layer_of(output) == model.depth:
            o = Integer(output)
            return model.loss.dterm(model.yhat(o), model.y(o), N_OBS)
        raise Unreadable("derivatives are read with respect to a weight or threshold, or of the cost "
                         "with respect to e/z or the prediction", node.col, "\\partial", ())

