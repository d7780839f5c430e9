"""Test-side helpers for worked examples: run the CLI, map JSON names to reference arrays, and
re-evaluate printed LaTeX arithmetic. Written from the notation tables of notation.md, not
from symback's Namer, so that a misspelled name or a wrong printed sum shows up."""

from __future__ import annotations

import contextlib
import io
import json
import math
import re

import numpy as np

from symback.cli import main


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def example_json(argv: list[str]) -> dict:
    code, out, err = run_cli(["example"] + argv + ["--format", "json"])
    assert code == 0, err
    return json.loads(out)


def reference_params(record: dict) -> dict:
    """{"W1": (n0, n1) array, ...} in reference.py's in-out layout from the JSON "initial"."""
    layout = record["architecture"]["layout"]
    params = {}
    for key, value in record["initial"].items():
        array = np.array(value, dtype=float)
        params[key] = array.T if key.startswith("W") and layout == "out-in" else array
    return params


def parameter_key(name: str, sizes: list[int], notation: str, layout: str) -> tuple[str, tuple]:
    """A parameter NAME -> (reference key, index), from the spellings of notation.md."""
    firsts = np.cumsum([1] + sizes[:-1])
    layer_of = lambda neuron: int(np.searchsorted(firsts, neuron, side="right")) - 1
    number = lambda text: firsts[-1] if text == "F" else int(text)
    if notation == "neurons":
        match = re.fullmatch(r"w_\{(\w+),(\w+)\}", name)
        if match:
            k, j = number(match[1]), number(match[2])
            layer = layer_of(j)
            return f"W{layer}", (k - firsts[layer - 1], j - firsts[layer])
        j = number(re.fullmatch(r"Theta_\{(\w+)\}", name)[1])
        return f"b{layer_of(j)}", (j - firsts[layer_of(j)],)
    match = re.fullmatch(r"W\^\{\((\d+)\)\}_\{(\d+),(\d+)\}", name)
    if match:
        row, col = int(match[2]) - 1, int(match[3]) - 1
        return f"W{match[1]}", (row, col) if layout == "in-out" else (col, row)
    match = re.fullmatch(r"b\^\{\((\d+)\)\}_\{(\d+)\}", name)
    return f"b{match[1]}", (int(match[2]) - 1,)


# -- printed arithmetic -------------------------------------------------------------------------
ACTIVATIONS = {
    "sigmoid": (lambda z: 1 / (1 + math.exp(-z)), lambda z: math.exp(-z) / (1 + math.exp(-z)) ** 2),
    "tanh": (math.tanh, lambda z: 1 - math.tanh(z) ** 2),
    "relu": (lambda z: max(z, 0.0), lambda z: 1.0 if z > 0 else 0.0),
    "linear": (lambda z: z, lambda z: 1.0),
}
TOKEN = re.compile(r"\s*(\\left\(|\\right\)|\\bigl\(|\\bigr\)|\\frac|\\cdot|\\exp|\\log|\\sigma|\\quad"
                   r"|\d+(?:\.\d+)?|[-+{}^'()_g])")


class Arithmetic:
    """Evaluates the arithmetic symback prints: numbers, + - \\cdot, parentheses, \\frac,
    powers, and g / g' / \\sigma (of a layer, ``g_{2}``), \\exp, \\log of a number."""

    def __init__(self, text: str, activations: list[str]):
        self.tokens = [t for t in TOKEN.findall(text) if t != r"\quad"]
        if "".join(self.tokens).replace(" ", "") != re.sub(r"\s|\\quad", "", text):
            raise ValueError(f"not arithmetic: {text}")
        self.position, self.activations = 0, activations

    def peek(self):
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self, expected=None):
        token = self.peek()
        if expected is not None and token != expected:
            raise ValueError(f"expected {expected!r}, found {token!r}")
        self.position += 1
        return token

    def value(self) -> float:
        result = self.expression()
        if self.peek() is not None:
            raise ValueError(f"left over: {self.tokens[self.position:]}")
        return result

    def expression(self) -> float:
        total = self.term()
        while self.peek() in ("+", "-"):
            total = total + self.term() if self.take() == "+" else total - self.term()
        return total

    def term(self) -> float:
        product = self.factor()
        while self.peek() == r"\cdot":
            self.take()
            product *= self.factor()
        return product

    def factor(self) -> float:
        if self.peek() == "-":
            self.take()
            return -self.factor()
        base = self.atom()
        if self.peek() == "^":
            self.take()
            self.take("{")
            exponent = self.expression()
            self.take("}")
            base = base ** exponent
        return base

    def atom(self) -> float:
        token = self.take()
        closing = {r"\left(": r"\right)", r"\bigl(": r"\bigr)"}
        if token in closing:
            inner = self.expression()
            self.take(closing[token])
            return inner
        if token == r"\frac":
            self.take("{")
            top = self.expression()
            self.take("}")
            self.take("{")
            bottom = self.expression()
            self.take("}")
            return top / bottom
        if token in ("g", r"\sigma", r"\exp", r"\log"):
            return self.function(token)
        return float(token)

    def function(self, name: str) -> float:
        prime = self.peek() == "'"
        if prime:
            self.take()
        layer = None
        if self.peek() == "_":
            self.take()
            self.take("{")
            layer = int(self.take())
            self.take("}")
        self.take(r"\left(")
        argument = self.expression()
        self.take(r"\right)")
        if name == r"\exp":
            return math.exp(argument)
        if name == r"\log":
            return math.log(argument)
        activation = self.activations[layer - 1] if layer else self.activations[0]
        return ACTIVATIONS[activation][1 if prime else 0](argument)


def display_chains(tex: str) -> list[list[str]]:
    """Every chain of an align* display, split at its top-level '=' signs: the left side
    first, then each right-hand side (continuation lines joined)."""
    chains = []
    for block in re.findall(r"\\begin\{align\*\}(.*?)\\end\{align\*\}", tex, re.S):
        current = None
        for row in block.split(r"\\" + "\n"):
            row = row.strip().rstrip("\\").strip()
            if "&" not in row:
                continue
            left, right = (part.strip() for part in row.split("&", 1))
            if left:
                current = [left, right]
                chains.append(current)
            elif current is not None and not right.startswith("="):
                current[-1] += " " + right
            elif current is not None:
                current.append(right)
    return [[chain[0]] + [part.strip() for part in " ".join(chain[1:]).lstrip("= ").split(" = ") if part.strip()]
            for chain in chains]


def evaluable(text: str, activations: list[str]) -> float | None:
    """The value of a printed right-hand side made of numbers only, else None."""
    text = text.lstrip("= ").strip()
    try:
        return Arithmetic(text, activations).value()
    except (ValueError, IndexError, ZeroDivisionError, OverflowError):
        return None
