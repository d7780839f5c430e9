"""NumPy code for derivation expressions: the printer and the matrix mapping.

* ``vectorise`` turns a template written per observation i and per neuron (``e[i, j]``,
  ``Σ_m w[j, m] δ[i, m]``, ``Σ_i δ[i, j] s[i, k]``) into an expression over whole arrays. The
  caller says where each symbol lives (array name and axes); every contraction over an index
  becomes a matrix operation, oriented from the axes. With signals stored one row per neuron
  and one column per observation (a^l is n_l x n, the handouts' column vectors side by side):

  ==============================  ============================  =========================
  template                        matrix form                   NumPy
  ==============================  ============================  =========================
  Σ_k w_{k,j} s_{i,k} + Θ_j       Dot(T(W), a) + b              W.T @ a + b[:, None]
  Σ_k w_{k,j} x_{i,k} + Θ_j       Dot(T(W), T(X)) + b           W.T @ X.T + b[:, None]
  Σ_m w_{j,m} δ_{i,m}             Dot(W_next, d_next)           W_next @ d_next
  Σ_i δ_{i,j} s_{i,k}             Dot(a_prev, T(d))             a_prev @ d.T
  Σ_i δ_{i,j} x_{i,k}             Dot(T(X), T(d))               X.T @ d.T
  Σ_i δ_{i,j}                     Dot(d, ones)                  d @ ones
  Σ_q f_{i,q} over one layer      LayerSum(f)                   np.sum(f, axis=0, ...)
  w_{j,9} δ_{i,9}, 9 alone        W_next * d_next               broadcasting (n_l,1)*(1,n)
  anything indexed (i, j) only    elementwise                   broadcasting
  ==============================  ============================  =========================

* ``NumPyCodePrinter`` prints such an expression, or a per-neuron one (``e4``, ``w14``).

Writing such an expression into preallocated buffers is ``printing/inplace.py``'s job.
"""

from __future__ import annotations

from typing import Callable

import sympy
from sympy import Add, Function, Indexed, Integer, KroneckerDelta, Mul, Sum, Symbol
from sympy.printing.numpy import NumPyPrinter

from ..model import OBS, ActivationBase, Model
from .layout import ordered_factors, positive_first

N_COLUMNS = "n"  # the observation axis: its length is known only when the code runs
ONES = Symbol("ones")


class Dot(Function):
    """Matrix product P @ Q of two arrays (either may be ``T(X)``)."""

    nargs = 2


class T(Function):
    """The transpose X.T of an operand of ``Dot``."""

    nargs = 1


class Column(Function):
    """A 1-D array of one value per neuron used as a column, so that it broadcasts over the
    observations: b[:, None] (the code text is printed here, never kept in a symbol name)."""

    nargs = 1


class LayerSum(Function):
    """Σ over the neurons of one layer, for every observation: LayerSum(array, axis)."""

    nargs = 2


def with_derivatives(model: Model, expr):
    """g'_l(e) from the layer's activation table, written in s = g(e) where it can be:
    σ' = s (1 - s), tanh' = 1 - s², relu' = H(e) with H(0) = 0, linear' = 1; the table's
    NumPy form where that one is the stable one (elu' = H(e) + (1 - H(e)) (s + 1))."""
    def replace(node):
        e, activation = node.args[0], model.activation(node.layer)
        s = model.s(e.indices[1])
        stable = activation.numpy_derivative or activation.derivative_in_signals
        return stable(e, s)
    return expr.replace(lambda node: isinstance(node, ActivationBase) and node.prime, replace)


def stable_objective_term(model: Model, output):
    """The loss term with log ŷ written from the pre-activations (no log 0, no overflow), as the
    output activation's table entry gives it (log σ(e) = -softplus(-e), log softmax_o = e_o - lse)."""
    e = model.e(Integer(model.outputs.first) if model.single_output else output)
    layer = [model.e(Integer(q)) for q in model.outputs.numbers()]
    logs = model.activation(model.depth).stable_logs(model.yhat(output), e, layer)
    return model.loss_term(output).xreplace(logs)


class NumPyCodePrinter(NumPyPrinter):
    """SymPy's NumPy printer writing ``np.``, plain floats, and the array operations above.

    Args:
        name_of: the variable name of a per-neuron symbol (neurons style).
        model: when given, factors print in handout 004's path order and (ŷ - y) positive first.
    """

    def __init__(self, name_of: Callable[[Indexed], str] | None = None, model: Model | None = None):
        super().__init__({"order": "none"} if model is not None else {})
        self.name_of = name_of
        self.model = model

    def doprint(self, expr, assign_to=None):
        """Rationals with a finite decimal form become floats first: 1/2 prints as 0.5, with no
        parentheses; 1/3 stays a quotient (a rounded 0.333333333333333 would not be exact)."""
        finite = lambda q: sympy.factorint(q).keys() <= {2, 5}
        floats = {r: sympy.Float(r) for r in expr.atoms(sympy.Rational)
                  if not r.is_Integer and finite(r.q)}
        return super().doprint(expr.xreplace(floats), assign_to)

    def _module_format(self, fqn, register=True):
        """The generated file imports NumPy as np."""
        name = super()._module_format(fqn, register)
        return "np." + name[len("numpy."):] if name.startswith("numpy.") else name

    def _print_Add(self, expr, order=None):
        if self.model is None:
            return super()._print_Add(expr, order)
        return super()._print_Add(positive_first(expr), order="none")

    def _print_Mul(self, expr):
        if self.model is None or sympy.fraction(expr, exact=True)[1] != 1:
            return super()._print_Mul(expr)
        return super()._print_Mul(Mul(*ordered_factors(self.model, expr), evaluate=False))

    def _print_Indexed(self, expr):
        return self.name_of(expr)

    def _print_Pow(self, expr, rational=False):
        """x**(-1) as 1/x rather than x**(-1.0)."""
        if expr.exp == -1:
            return f"1/{self.parenthesize(expr.base, 100)}"
        return super()._print_Pow(expr, rational)

    def _print_Heaviside(self, expr):
        """H(z) with H(0) = 0, i.e. relu'(0) = 0: a boolean mask, true where z > 0."""
        return f"({self._print(expr.args[0])} > 0)"

    def _print_Dot(self, expr):
        """In parentheses: @ binds like * in Python."""
        return f"({self._print(expr.args[0])} @ {self._print(expr.args[1])})"

    def _print_Column(self, expr):
        return f"{self._print(expr.args[0])}[:, None]"

    def _print_T(self, expr):
        return f"{self._print(expr.args[0])}.T"

    def _print_LayerSum(self, expr):
        return f"np.sum({self._print(expr.args[0])}, axis={expr.args[1]}, keepdims=True)"

    def _print_Sum(self, expr):
        """Σ_i over the observations of one neuron's column of values (neurons style)."""
        return f"np.sum({self._print(expr.function)})"

    def _print_Sigmoid(self, expr):
        """σ(x) by the generated file's stable helper (for the derivatives of softplus and silu)."""
        return f"_sigmoid({self._print(expr.args[0])})"

    def _print_Softplus(self, expr):
        return f"np.logaddexp(0.0, {self._print(expr.args[0])})"

    def _print_LogSumExp(self, expr):
        return f"_logsumexp({', '.join(self._print(arg) for arg in expr.args)})"


# -- vectorise ------------------------------------------------------------------------------
ArrayOf = Callable[[Indexed], tuple[Symbol, tuple]]


def vectorise(expr, array: ArrayOf, layer_of: Callable, target: tuple):
    """A per-observation, per-neuron template as an expression over whole arrays.

    Args:
        expr: template with Indexed signals and Sums over neuron indices or observations.
        array: maps an Indexed to (array symbol, axes); an axis is "i" or a layer number.
        layer_of: layer of a concrete neuron number.
        target: axes of the result, e.g. (2, "i") for δ of layer 2, (1, 2) for ∂J/∂W2.
    Returns:
        the expression with every contraction written as Dot or LayerSum.
    Raises:
        NotImplementedError: for a contraction that none of the table's patterns covers.
    """
    return Vectoriser(array, layer_of, target).walk(expr)


class Vectoriser:
    """The rows of the module's table, applied to one template (see ``vectorise``)."""

    def __init__(self, array: ArrayOf, layer_of: Callable, target: tuple):
        self.array, self.layer_of, self.target = array, layer_of, target

    def axis(self, index):
        return "i" if index == OBS else self.layer_of(index)

    @staticmethod
    def has(expr, index) -> bool:
        if index.is_Symbol:
            return index in expr.free_symbols
        return any(index in ind.indices for ind in expr.atoms(Indexed))

    def walk(self, node):
        if isinstance(node, Sum):
            (index, _first, _last), = node.limits
            return self.contract(Mul.make_args(node.function), index)
        if isinstance(node, Mul):  # a neuron alone in its layer: a Σ over it with one term
            lone = [i for ind in node.atoms(Indexed) for i in ind.indices
                    if i.is_Integer and self.layer_of(i) not in self.target]
            return self.contract(node.args, lone[0]) if lone else Mul(*[self.walk(arg) for arg in node.args])
        if isinstance(node, Indexed):
            return self.array(node)[0]
        if not node.args or node.is_Number:
            return node
        return node.func(*[self.walk(arg) for arg in node.args])

    def contract(self, factors, index):
        """Σ over ``index`` of a product: its factors free of the index stay outside."""
        inner = [f for f in factors if self.has(f, index)]
        outer = Mul(*[self.walk(f) for f in factors if not self.has(f, index)])
        body, axis = Mul(*inner), self.axis(index)
        if body.has(KroneckerDelta):
            return outer * self.kronecker(body, index)
        if all(isinstance(f, Indexed) for f in inner) and len(inner) in (1, 2):
            if index.is_Integer and len(inner) == 2 and all(self.aligned(f, axis) for f in inner):
                return outer * Mul(*[self.array(f)[0] for f in inner])  # (n_l, 1) * (1, n) broadcasts
            return outer * self.dot(inner, axis)
        if index != OBS:
            return outer * LayerSum(self.walk(body), Integer(self.target.index(axis)))
        raise NotImplementedError(f"no matrix form for a sum over {index} of {body}")

    def aligned(self, operand, contracted) -> bool:
        """Its axes sit where the target's do, the one-neuron axis in place of the missing one."""
        axes = self.array(operand)[1]
        return len(axes) == len(self.target) and all(a in (t, contracted) for a, t in zip(axes, self.target))

    def oriented(self, operand, contracted, position):
        symbol, axes = self.array(operand) if isinstance(operand, Indexed) else (ONES, ("i",))
        return symbol if axes.index(contracted) == position % len(axes) else T(symbol)

    def dot(self, inner, contracted):
        """P @ Q with the contracted axis last in P and first in Q; Σ_i δ_{i,j} = δ @ ones."""
        inner = inner + [ONES] if len(inner) == 1 else inner
        rest = lambda f: [a for a in (self.array(f)[1] if f is not ONES else ()) if a != contracted]
        first = next((f for f in inner if rest(f)[:1] == [self.target[0]]), inner[1])
        second = inner[1] if first is inner[0] else inner[0]
        return Dot(self.oriented(first, contracted, -1), self.oriented(second, contracted, 0))

    def kronecker(self, body, index):
        """Σ_q body with a [q = j] term: that term is body at q = j, with no sum left."""
        factors = Mul.make_args(body)
        split = next(f for f in factors if isinstance(f, Add) and f.has(KroneckerDelta))
        rest = Mul(*[f for f in factors if f is not split])
        total = Integer(0)
        for term in Add.make_args(split):
            deltas = term.atoms(KroneckerDelta)
            if deltas:
                other = next(i for i in deltas.pop().args if i != index)
                total += self.walk((rest * term).xreplace({index: other}))
            else:
                total += self.contract(Mul.make_args(rest * term), index)
        return total
