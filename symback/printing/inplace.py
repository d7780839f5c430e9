"""In-place emission: an array expression written into a preallocated buffer.

``InplaceEmitter`` turns an expression over whole arrays (as ``vectorise`` in printing/numpy.py
gives it) into a few in-place ufunc calls (``out=``), so that a training step allocates no
large temporaries.
"""

from __future__ import annotations

from typing import Callable

import sympy
from sympy import Add, Integer, Mul, Pow

from .numpy import N_COLUMNS, Column, Dot, LayerSum, NumPyCodePrinter, T

INPLACE = {"multiply": "*", "add": "+", "subtract": "-"}


def broadcast(shapes) -> tuple:
    """NumPy broadcasting of 2-D shapes whose entries are ints or N_COLUMNS."""
    return tuple(N_COLUMNS if any(shape[d] == N_COLUMNS for shape in shapes)
                 else max((shape[d] for shape in shapes), default=1) for d in (0, 1))


class InplaceEmitter:
    """Writes an array expression into a buffer with in-place ufunc calls (``out=``).

    Args:
        printer: prints simple operands (arrays, scalars, masks).
        shapes: 2-D shape of every array symbol; any other symbol is a scalar.
        scratch: the name of a scratch buffer of a shape, not among the busy ones.
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
            return tuple(reversed(self.shape(expr.args[0])))
        if isinstance(expr, Dot):
            return self.shape(expr.args[0])[0], self.shape(expr.args[1])[1]
        if isinstance(expr, LayerSum):
            shape = list(self.shape(expr.args[0]))
            shape[int(expr.args[1])] = 1
            return tuple(shape)
        return broadcast([self.shape(arg) for arg in expr.args if isinstance(arg, sympy.Basic)])

    def is_array(self, expr) -> bool:
        return any(node in self.shapes for node in expr.atoms(sympy.Symbol, Column))

    def simple(self, expr) -> bool:
        """Printed as an operand of one ufunc call: an array name, a scalar, a mask."""
        return expr in self.shapes or not self.is_array(expr) or isinstance(expr, sympy.Heaviside)

    def p(self, expr) -> str:
        """A number as a float literal (no int-to-float conversion per call)."""
        return repr(float(expr)) if expr.is_Number else self.printer.doprint(expr)

    def emit(self, expr, out: str) -> list[str]:
        """Statements leaving the value of ``expr`` in the buffer named ``out``."""
        if isinstance(expr, Dot):
            return [f"np.matmul({self.p(expr.args[0])}, {self.p(expr.args[1])}, out={out})"]
        if isinstance(expr, LayerSum):
            lines, operand = self.operand(expr.args[0])
            self.busy.discard(operand)
            return lines + [f"np.sum({operand}, axis={expr.args[1]}, keepdims=True, out={out})"]
        if isinstance(expr, (Mul, Add)):
            return self.fold(*self.items(expr), out)
        if isinstance(expr, Pow) and expr.exp in (2, -1):
            lines, operand = self.operand(expr.base, into=out)
            return lines + [f"np.{'square' if expr.exp == 2 else 'reciprocal'}({operand}, out={out})"]
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

    def items(self, expr) -> tuple[list, tuple]:
        """The operands of a product or sum, in the order that needs the fewest calls:
        one of the full shape first (it can be written straight into the buffer), matrix
        operations before composites before names; scalars last, negative terms last."""
        full = self.shape(expr)
        rank = lambda t: (self.shape(t) != full, 0 if isinstance(t, (Dot, LayerSum)) else 2 - (not self.simple(t)))
        if isinstance(expr, Mul):
            scalar = Mul(*[f for f in expr.args if not self.is_array(f)])
            arrays = sorted((f for f in expr.args if self.is_array(f)), key=rank)
            return [(f, "multiply") for f in arrays] + ([(scalar, "multiply")] if scalar != 1 else []), full
        minus = lambda t: t.could_extract_minus_sign()
        terms = sorted(expr.args, key=lambda t: (minus(t),) + rank(t))
        negate = minus(terms[0])  # every term negative: add them up, then negate
        items = [(-t if minus(t) else t, "subtract" if minus(t) != negate else "add") for t in terms]
        return items + ([(Integer(-1), "multiply")] if negate else []), full

    def fold(self, items, full: tuple, out: str) -> list[str]:
        """out = first (op) second (op) ...: the first straight into ``out`` when it can be."""
        (first, _), rest = items[0], items[1:]
        if not self.simple(first) and self.shape(first) == full:
            lines = self.emit(first, out)
        else:
            lines, a = self.operand(first)
            if rest:
                (second, ufunc), rest = rest[0], rest[1:]
                more, b = self.operand(second)
                lines += more + [f"np.{ufunc}({a}, {b}, out={out})"]
                self.busy.discard(b)
            else:
                lines.append(f"np.copyto({out}, {a})")
            self.busy.discard(a)
        for term, ufunc in rest:
            more, b = self.operand(term)
            lines += more + [f"{out} {INPLACE[ufunc]}= {b}"]
            self.busy.discard(b)
        return lines
