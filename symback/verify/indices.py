"""Free indices: which letters a formula leaves free, and every value they can take.

A free letter ranges over every neuron (or layer, for the layer notation's ``l``) for which
every symbol of the formula exists: ``w_{jF}`` puts j in the last hidden layer, ``w_{lj}``
together with ``w_{jF}`` puts l in the layer before it. ``--where 'j=4,5'`` narrows a letter
to the values given.
"""

from __future__ import annotations

from . import ast
from .symbol_values import Invalid, SymbolValues
from .verdict import Unreadable

MAX_INSTANCES = 64


def _symbols(formula: ast.Formula):
    """(Sym, letters bound around it) for every symbol of every side."""
    for side in formula.sides:
        for node, bound in ast.walk(side):
            if isinstance(node, ast.Sym):
                yield node, bound


def free_letters(formula: ast.Formula) -> tuple[list[str], set[str]]:
    """-> (free letters in order of appearance, the ones that are layers)."""
    order: list[tuple[int, str]] = []
    layers: set[str] = set()
    for side in formula.sides:
        for node, bound in ast.walk(side):
            letters: set[str] = set()
            if isinstance(node, ast.Sym):
                letters = set(node.letters) - bound
                if node.layer is not None and node.layer.var not in (None, "L"):
                    layers.add(node.layer.var)
            elif isinstance(node, ast.Iverson):
                letters = {i.value for i in (node.left, node.right) if i.kind == "letter"} - bound
            for letter in letters:
                if letter not in [name for _, name in order]:
                    order.append((node.col, letter))
    return [name for _, name in sorted(order, key=lambda item: (item[0], item[1]))], layers


def _candidates(letter: str, layers: set[str], values: SymbolValues, where: dict) -> list:
    model = values.model
    if letter in where:
        return where[letter]
    if letter == "#generic_w":
        return list(model.parameters)
    if letter == "#generic_theta":
        return [p for p in model.parameters if p.base.name == "Theta"]
    if letter in layers:
        return list(range(0, model.depth + 1))
    if values.notation == "layers":
        return list(range(1, max(model.arch.sizes) + 1))
    return list(range(1, model.ranges[-1].last + 1))


def parse_where(texts, notation: str, model) -> dict:
    """``['j=4,5', 'k=1']`` -> {'j': [4, 5], 'k': [1]} (F is the single output).

    Raises:
        Unreadable: naming the --where text that cannot be read.
    """
    where: dict = {}
    for text in texts or ():
        letter, _, values = text.partition("=")
        letter = letter.strip()
        if len(letter) != 1 or not letter.isalpha() or not values.strip():
            raise Unreadable(f"--where {text!r}: write a letter and its values, like j=4,5", 1, text, ("j=4,5",))
        parsed = []
        for value in values.split(","):
            value = value.strip()
            if value == "F" and notation == "neurons" and model.single_output:
                parsed.append(model.outputs.first)
            elif value.isdigit():
                parsed.append(int(value))
            else:
                raise Unreadable(f"--where {text!r}: {value!r} is not a neuron number", 1, value, ("a number",))
        where[letter] = parsed
    return where


def instances(formula: ast.Formula, values: SymbolValues, where: dict) -> tuple[list[dict], list[str], int]:
    """Every assignment of the free letters for which every symbol exists.

    Returns:
        (assignments, the free letters, how many assignments there were before any cap).
    Raises:
        Unreadable: when a --where letter is not free in the formula, or no assignment exists.
    """
    letters, layers = free_letters(formula)
    unknown = sorted(set(where) - set(letters))
    if unknown:
        raise Unreadable(f"--where names {unknown[0]}, which is not a free index of this formula",
                         1, unknown[0], tuple(letters))
    checks = [(sym, sym.letters - bound) for sym, bound in _symbols(formula) if not (sym.letters & bound)]
    found: list[dict] = []
    first_error: list = []

    def valid(env) -> bool:
        # Each symbol is checked once: when the last of its letters receives a value.
        newest = letters[len(env) - 1] if env else None
        for sym, needs in checks:
            ready = needs <= env.keys() and (newest in needs if newest else not needs)
            if ready:
                try:
                    values.scalar(sym, env) if sym.fields else values.unindexed(sym, env)
                except Invalid:
                    first_error.append(sym)
                    return False
        return True

    def extend(env: dict, position: int) -> None:
        if position == len(letters):
            found.append(dict(env))
            return
        for value in _candidates(letters[position], layers, values, where):
            env[letters[position]] = value
            if valid(env):
                extend(env, position + 1)
            del env[letters[position]]

    if valid({}):
        extend({}, 0)
    if not found:
        sym = first_error[-1] if first_error else None
        detail = f"{sym.text} does not exist in this network" if sym and not letters else (
            f"no value of {', '.join(l.lstrip('#') for l in letters)} makes every symbol exist"
            + (f" (the last that failed: {sym.text})" if sym else ""))
        raise Unreadable(detail, sym.col if sym else 1, sym.text if sym else "", ())
    total = len(found)
    if total > MAX_INSTANCES:
        step = total / MAX_INSTANCES
        found = [found[int(index * step)] for index in range(MAX_INSTANCES)]
    return found, letters, total
