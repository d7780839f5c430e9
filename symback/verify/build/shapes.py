"""Shapes of built values: scalars (None) and matrices, and what to say when they do not fit."""

from __future__ import annotations

import sympy


class ShapeMismatch(Exception):
    """Two matrices that cannot be combined (or two sides of different shapes)."""

    def __init__(self, operation: str, left: tuple, right: tuple, col: int):
        super().__init__(f"{operation}: {shape_text(left)} and {shape_text(right)}")
        self.operation, self.left, self.right, self.col = operation, left, right, col

    @property
    def detail(self) -> str:
        """What did not fit, and which transpose would make it fit."""
        text = f"{self.operation} of {shape_text(self.left)} and {shape_text(self.right)}"
        left, right = self.left, self.right
        if left is None or right is None:
            return text
        if self.operation == "product" and left[0] == right[0]:
            return text + "; the left factor transposed would fit"
        if self.operation == "product" and left[1] == right[1]:
            return text + "; the right factor transposed would fit"
        if self.operation != "product" and tuple(reversed(left)) == tuple(right):
            return text + "; one of them transposed would fit"
        return text


def shape_text(shape) -> str:
    return "scalar" if shape is None else f"{shape[0]}×{shape[1]}"


def shape_of(value):
    return tuple(value.shape) if isinstance(value, sympy.MatrixBase) else None


def broadcast(value, shape):
    """A scalar as that scalar times the matrix of ones of ``shape`` (a matrix stays)."""
    return value if shape_of(value) is not None else value * sympy.ones(*shape)


def elementwise(value, function):
    return value.applyfunc(function) if isinstance(value, sympy.MatrixBase) else function(value)
