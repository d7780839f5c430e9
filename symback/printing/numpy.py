"""NumPy code for derivation expressions: the printer, the matrix mapping and in-place emission.

Three pieces, each about one expression:

* ``vectorise`` turns a template written per observation and per neuron (``e[i, j]``,
  ``Σ_m w[j, m] δ[i, m]``, ``Σ_i δ[i, j] s[i, k]``) into an expression over whole arrays, where
  every contraction over an index becomes an explicit matrix operation:

  ==========================================  ====================================
  template (index i: observation)             matrix form
  ==========================================  ====================================
  Σ_k w_{k,j} s_{i,k}                         ``Dot(a, W)``         (a @ W)
  Σ_m w_{j,m} δ_{i,m}                         ``Dot(d, T(W))``      (d @ W.T)
  Σ_i δ_{i,j} s_{i,k}                         ``Dot(T(a), d)``      (a.T @ d)
  Σ_i δ_{i,j}                                 ``ColumnSum(d)``      (ones @ d)
  Σ_q f(e_{i,q}) over one layer               ``RowSum(f)``         (sum over axis 1)
  w_{j,9} δ_{i,9}, neuron 9 alone in a layer  the same as Σ over that layer
  anything indexed (i, j) only                elementwise, NumPy broadcasting
  ==========================================  ====================================

* ``NumPyCodePrinter`` prints such an expression (or a per-neuron one) as NumPy code.
* ``InplaceEmitter`` writes an elementwise expression into a preallocated buffer with a few
  in-place ufunc calls (``out=``), so that a training step allocates no large temporaries.
"""

from __future__ import annotations

from typing import Callable

import sympy
from sympy import Add, Function, Indexed, KroneckerDelta, Mul, Pow, Sum, Symbol
from sympy.printing.numpy import NumPyPrinter

from ..model import OBS
from .layout import ordered_factors, positive_first

N_ROWS = "n"  # the row count of an (observations x neurons) array, unknown until run time


class Dot(Function):
    """Matrix product P @ Q of two arrays (either may be ``T(X)``)."""

    nargs = 2


class T(Function):
    """The transpose X.T of an array operand of ``Dot``."""

    nargs = 1


class RowSum(Function):
    """Σ over the neurons of one layer, per observation: an (n, 1) column."""

    nargs = 1


class ColumnSum(Function):
    """Σ_i over the observations (rows) of an array."""

    nargs = 1


class Softplus(Function):
    """log(1 + exp(x)): -log σ(-x), the stable form of the logarithm of a sigmoid."""

    nargs = 1


class LogSumExp(Function):
    """log Σ_q exp(e_q) over the output layer; log softmax_o = e_o - LogSumExp."""

    @classmethod
    def eval(cls, *args):
        """Vectorised arguments collapse to one array: drop the repeats."""
        unique = tuple(dict.fromkeys(args))
        if len(unique) < len(args):
            return cls(*unique)
        return None


class NumPyCodePrinter(NumPyPrinter):
    """SymPy's NumPy printer writing ``np.``, plain floats, and the array operations above."""

    def __init__(self, name_of: Callable[[Indexed], str] | None = None, model=None):
        super().__init__({"order": "none"} if model is not None else {})
        self.name_of = name_of
        self.model = model

    def doprint(self, expr, assign_to=None):
        """Rationals become floats first, so 1/2 prints 0.5 and needs no parentheses."""
        floats = {r: sympy.Float(r) for r in expr.atoms(sympy.Rational) if not r.is_Integer}
        return super().doprint(expr.xreplace(floats), assign_to)

    def _print_Add(self, expr, order=None):
        """With a model: positive terms first, (yhat - y) as the handouts write it."""
        if self.model is None:
            return super()._print_Add(expr, order)
        return super()._print_Add(positive_first(expr), order="none")

    def _print_Mul(self, expr):
        """With a model: factors in path order, w_{6F} eps_F s_6 (1 - s_6) as in handout 004."""
        if self.model is None or sympy.fraction(expr, exact=True)[1] != 1:
            return super()._print_Mul(expr)
        return super()._print_Mul(Mul(*ordered_factors(self.model, expr), evaluate=False))

    def _module_format(self, fqn, register=True):
        """The generated file imports NumPy as np."""
        name = super()._module_format(fqn, register)
        return "np." + name[len("numpy."):] if name.startswith("numpy.") else name

    def _print_Symbol(self, expr):
        return expr.name

    def _print_Indexed(self, expr):
        """Per-neuron names (e4, w14, theta4) come from the caller's naming function."""
        return self.name_of(expr)

    def _print_Pow(self, expr, rational=False):
        """x**(-1) as 1/x; x**2 stays a power."""
        if expr.exp == -1:
            return f"1/{self.parenthesize(expr.base, 100)}"
        return super()._print_Pow(expr, rational)

    def _print_Heaviside(self, expr):
        """H(z) with H(0) = 0 (relu'(0) = 0): a boolean mask, 1.0 where z > 0."""
        return f"({self._print(expr.args[0])} > 0)"

    def _print_Dot(self, expr):
        """In parentheses: @ binds like * in Python, and the product comes first."""
        return f"({self._print(expr.args[0])} @ {self._print(expr.args[1])})"

    def _print_T(self, expr):
        return f"{self._print(expr.args[0])}.T"

    def _print_RowSum(self, expr):
        return f"np.sum({self._print(expr.args[0])}, axis=1, keepdims=True)"

    def _print_ColumnSum(self, expr):
        """Σ_i as a vector-matrix product with a ones vector: far faster than sum(axis=0)."""
        return f"ones @ {self._print(expr.args[0])}"

    def _print_Sum(self, expr):
        """Σ_i over the observations of per-neuron column vectors (neurons style)."""
        return f"np.sum({self._print(expr.function)})"

    def _print_Softplus(self, expr):
        return f"np.logaddexp(0.0, {self._print(expr.args[0])})"

    def _print_LogSumExp(self, expr):
        return f"_logsumexp({', '.join(self._print(arg) for arg in expr.args)})"


# -- vectorise ------------------------------------------------------------------------------
ArrayOf = Callable[[Indexed], tuple[Symbol, tuple]]


def _has_index(expr, index) -> bool:
    if index.is_Symbol:
        return index in expr.free_symbols
    return any(index in ind.indices for ind in expr.atoms(Indexed))


def _axes(expr, array: ArrayOf) -> set:
    return {axis for ind in expr.atoms(Indexed) for axis in array(ind)[1]}


def _oriented(operand: Indexed, array: ArrayOf, position: int, index) -> sympy.Expr:
    """The array of ``operand`` transposed if needed so that ``index`` sits at ``position``."""
    symbol = array(operand)[0]
    return symbol if operand.indices.index(index) == position % len(operand.indices) else T(symbol)


def vectorise(expr, array: ArrayOf, layer_of: Callable, target: tuple):
    """A per-observation, per-neuron template as an expression over whole arrays.

    Args:
        expr: template with Indexed signals, Sums over neuron indices or observations.
        array: maps an Indexed to (array symbol, axes); axes hold "i" or layer numbers.
        layer_of: layer of a concrete neuron number.
        target: the axes of the result, e.g. ("i", 2) for δ of layer 2, (1, 2) for ∂J/∂W2.
    Returns:
        the expression with every contraction written as Dot, RowSum or ColumnSum.
    Raises:
        NotImplementedError: for a contraction none of the table's patterns covers.
    """
    def walk(node):
        if isinstance(node, Sum):
            (index, _first, _last), = node.limits
            return contract(Mul.make_args(node.function), index)
        if isinstance(node, Mul):
            lone = [i for ind in node.atoms(Indexed) for i in ind.indices
                    if i.is_Integer and layer_of(i) not in target]
            if lone:  # neuron alone in its layer: Σ over that layer has a single term
                return contract(node.args, lone[0])
            return Mul(*[walk(arg) for arg in node.args])
        if isinstance(node, Indexed):
            return array(node)[0]
        if not node.args or node.is_Number:
            return node
        return node.func(*[walk(arg) for arg in node.args])

    def contract(factors, index):
        inner = [f for f in factors if _has_index(f, index)]
        outer = Mul(*[walk(f) for f in factors if not _has_index(f, index)])
        body = Mul(*inner)
        if body.has(KroneckerDelta):
            return outer * kronecker(body, index)
        if len(inner) == 2 and all(isinstance(f, Indexed) for f in inner):
            return outer * dot(inner, index)
        if len(inner) == 1 and isinstance(inner[0], Indexed) and len(target) == 1:
            return outer * ColumnSum(array(inner[0])[0])
        if index != OBS:
            return outer * RowSum(walk(body))
        raise NotImplementedError(f"no matrix form for a sum over {index} of {body}")

    def dot(inner, index):
        first = next((f for f in inner if any(array(f)[1][p] == target[0] and f.indices[p] != index
                                                for p in range(len(f.indices)))), inner[0])
        second = inner[1] if first is inner[0] else inner[0]
        return Dot(_oriented(first, array, -1, index), _oriented(second, array, 0, index))

    def kronecker(body, index):
        """Σ_q body with [q = j] factors: the [q = j] part is body at q = j (no sum left)."""
        factors = Mul.make_args(body)
        split = next(f for f in factors if isinstance(f, Add) and f.has(KroneckerDelta))
        rest = Mul(*[f for f in factors if f is not split])
        total = sympy.Integer(0)
        for term in Add.make_args(split):
            deltas = list(term.atoms(KroneckerDelta))
            if deltas:
                other = next(i for i in deltas[0].args if i != index)
                total += walk((rest * term).xreplace({index: other}))
            else:
                total += contract(Mul.make_args(rest * term), index)
        return total

    return walk(expr)


# -- in-place emission ----------------------------------------------------------------------
def broadcast(shapes) -> tuple:
    """NumPy broadcasting of (rows, columns) shapes; rows are N_ROWS or 1."""
    rows = N_ROWS if any(shape[0] == N_ROWS for shape in shapes) else 1
    return rows, max((shape[1] for shape in shapes), default=1)


INPLACE = {"multiply": "*", "add": "+", "subtract": "-"}


class InplaceEmitter:
    """Writes an elementwise array expression into a buffer with in-place ufunc calls.

    Args:
        printer: prints simple operands (arrays, scalars, masks).
        shapes: (rows, columns) of every array symbol; anything else is a scalar.
        scratch: returns the name of a scratch buffer of a shape, not among the busy ones.
    """

    def __init__(self, printer: NumPyCodePrinter, shapes: dict, scratch: Callable[[tuple, set], str]):
        self.printer = printer
        self.shapes = shapes
        self.scratch = scratch
        self.busy: set[str] = set()

    def shape(self, expr) -> tuple:
        if expr in self.shapes:
            return self.shapes[expr]
        if isinstance(expr, T):
            rows, columns = self.shape(expr.args[0])
            return columns, rows
        if isinstance(expr, Dot):
            return self.shape(expr.args[0])[0], self.shape(expr.args[1])[1]
        if isinstance(expr, RowSum):
            return self.shape(expr.args[0])[0], 1
        return broadcast([self.shape(arg) for arg in expr.args])

    def is_array(self, expr) -> bool:
        return any(symbol in self.shapes for symbol in expr.free_symbols)

    def simple(self, expr) -> bool:
        """Printed as an operand of one ufunc call: an array name, a scalar, a mask."""
        return expr in self.shapes or not self.is_array(expr) or isinstance(expr, sympy.Heaviside)

    def p(self, expr) -> str:
        return self.printer.doprint(expr)

    def emit(self, expr, out: str) -> list[str]:
        """Statements leaving the value of ``expr`` in the buffer named ``out``."""
        if isinstance(expr, Dot):
            return [f"np.matmul({self.p(expr.args[0])}, {self.p(expr.args[1])}, out={out})"]
        if isinstance(expr, RowSum):
            lines, operand = self.operand(expr.args[0])
            self.release(operand)
            return lines + [f"np.sum({operand}, axis=1, keepdims=True, out={out})"]
        if isinstance(expr, Mul):
            return self.product(expr, out)
        if isinstance(expr, Add):
            return self.total(expr, out)
        if isinstance(expr, Pow) and expr.exp in (2, -1):
            ufunc = "square" if expr.exp == 2 else "reciprocal"
            lines, operand = self.operand(expr.base, into=out)
            return lines + [f"np.{ufunc}({operand}, out={out})"]
        if isinstance(expr, sympy.Heaviside):
            return [f"np.greater({self.p(expr.args[0])}, 0.0, out={out})"]
        return [f"np.copyto({out}, {self.p(expr)})"]

    def operand(self, expr, into: str | None = None) -> tuple[list[str], str]:
        """(statements, name): a simple operand as printed, anything else into a buffer."""
        if self.simple(expr):
            return [], self.p(expr)
        target = into or self.scratch(self.shape(expr), self.busy)
        self.busy.add(target)
        return self.emit(expr, target), target

    def release(self, name: str) -> None:
        self.busy.discard(name)

    def product(self, expr, out: str) -> list[str]:
        full = self.shape(expr)
        scalar = Mul(*[f for f in expr.args if not self.is_array(f)])
        arrays = sorted((f for f in expr.args if self.is_array(f)),
                        key=lambda f: (self.shape(f) != full, self._order(f)))
        items = [(f, "multiply") for f in arrays] + ([(scalar, "multiply")] if scalar != 1 else [])
        return self.fold(items, out, full)

    def total(self, expr, out: str) -> list[str]:
        full = self.shape(expr)
        terms = sorted(expr.args, key=lambda t: (t.could_extract_minus_sign(), self.shape(t) != full,
                                                  self._order(t)))
        negate = terms[0].could_extract_minus_sign()
        items = [(-t if t.could_extract_minus_sign() else t,
                  "subtract" if t.could_extract_minus_sign() != negate else "add") for t in terms]
        return self.fold(items, out, full) + ([f"np.negative({out}, out={out})"] if negate else [])

    def fold(self, items, out: str, full: tuple) -> list[str]:
        """out = first (op) second (op) ...: the first into ``out`` directly when it can be."""
        (first, _), rest = items[0], items[1:]
        if not self.simple(first) and self.shape(first) == full:
            lines = self.emit(first, out)
        else:
            lines, a = self.operand(first)
            if rest:
                (second, ufunc), rest = rest[0], rest[1:]
                more, b = self.operand(second)
                lines += more + [f"np.{ufunc}({a}, {b}, out={out})"]
                self.release(b)
            else:
                lines.append(f"np.copyto({out}, {a})")
            self.release(a)
        for term, ufunc in rest:
            more, b = self.operand(term)
            lines += more + [f"{out} {INPLACE[ufunc]}= {b}"]
            self.release(b)
        return lines

    def _order(self, factor) -> int:
        """Matrix operations first (they can write the buffer), then composites, then names."""
        if isinstance(factor, (Dot, RowSum)):
            return 0
        return 2 if self.simple(factor) else 1
