"""Free indices: which letters a formula leaves free, and every value they can take.

A free letter ranges over every neuron (or layer, for the layer notation's ``l``) for which
every symbol of the formula exists: ``w_{jF}`` puts j in the last hidden layer, ``w_{lj}``
together with ``w_{jF}`` puts l in the layer before it. ``--where 'j=4,5'`` narrows a letter
to the values given.
"""

from __future__ import annotations

from ...notation import Notation
from .. import tree as ast
from ..limits import MAX_INSTANCES
from ..verdict import Unreadable
from .values import Invalid, SymbolValues


def _symbols(formula: ast.Formula):
    """(Sym, ranges of the neuron sums around it) for every symbol of every side."""
    def visit(node, ranges):
        if isinstance(node, ast.Sym):
            yield node, ranges
        if isinstance(node, ast.SumOver) and not node.observations:
            ranges = ranges + ((node.var, node.first, node.last),)
        for child in ast.children(node):
            yield from visit(child, ranges)
    for side in formula.sides:
        yield from visit(side, ())


def _bound(index: ast.Index, env: dict, values: SymbolValues) -> int:
    if index.kind == "letter":
        return env[index.value]
    if index.kind == "output":
        return values.number(index, env)
    return index.value


def _exists(sym: ast.Sym, ranges, env: dict, values: SymbolValues) -> bool:
    """The symbol exists for these values, and for every value of the sums around it."""
    if not ranges:
        values.scalar(sym, env) if sym.fields else values.unindexed(sym, env)
        return True
    var, first, last = ranges[0]
    for value in values.sum_range(_bound(first, env, values), _bound(last, env, values), first.col if first else 1):
        _exists(sym, ranges[1:], {**env, var: value}, values)
    return True


def free_letters(formula: ast.Formula) -> tuple[list[str], set[str]]:
    """-> (free letters in order of appearance, the ones that are layers)."""
    order: list[tuple[int, str]] = []
    layers: set[str] = set()
    for side in formula.sides:
        for node, bound in ast.walk(side):
            letters: dict[str, int] = {}
            if isinstance(node, ast.Sym):
                for option in node.options:
                    for index in option:
                        if index.kind == "letter":
                            letters.setdefault(index.value, index.col)
                letters = {name: col for name, col in letters.items() if name in node.letters}
                letters.update({name: node.col for name in node.letters if name not in letters})
                if node.layer is not None and node.layer.var not in (None, "L"):
                    layers.add(node.layer.var)
            elif isinstance(node, ast.Iverson):
                letters = {i.value: i.col for i in (node.left, node.right) if i.kind == "letter"}
            for letter, col in letters.items():
                if letter not in bound and letter not in [name for _, name in order]:
                    order.append((col, letter))
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
    if values.notation.name == "layers":
        return list(range(1, max(model.arch.sizes) + 1))
    return list(range(1, model.ranges[-1].last + 1))


def parse_where(texts, notation: Notation, model) -> dict:
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
            if value == notation.single_output_name and model.single_output:
                parsed.append(model.outputs.first)
            elif value.isdigit():
                parsed.append(int(value))
            else:
                raise Unreadable(f"--where {text!r}: {value!r} is not a neuron number", 1, value, ("a number",))
        where[letter] = parsed
    return where


class _Search:
    """Backtracking over the free letters, pruning as soon as a symbol cannot exist."""

    def __init__(self, formula: ast.Formula, values: SymbolValues, where: dict):
        self.letters, self.layers = free_letters(formula)
        self.values, self.where = values, where
        self.checks = [(sym, ranges, sym.letters - {r[0] for r in ranges}) for sym, ranges in _symbols(formula)]
        self.found: list[dict] = []
        self.failed: list[ast.Sym] = []

    def valid(self, env: dict) -> bool:
        # Each symbol is checked once: when the last of its letters receives a value.
        newest = self.letters[len(env) - 1] if env else None
        for sym, ranges, needs in self.checks:
            if needs <= env.keys() and (newest in needs if newest else not needs):
                try:
                    _exists(sym, ranges, env, self.values)
                except (Invalid, KeyError):
                    self.failed.append(sym)
                    return False
        return True

    def extend(self, env: dict, position: int) -> None:
        if position == len(self.letters):
            self.found.append(dict(env))
            return
        letter = self.letters[position]
        for value in _candidates(letter, self.layers, self.values, self.where):
            env[letter] = value
            if self.valid(env):
                self.extend(env, position + 1)
            del env[letter]

    def run(self) -> list[dict]:
        self.values.allow_next = True  # existence only: the update rule's p^1 is checked when built
        try:
            if self.valid({}):
                self.extend({}, 0)
        finally:
            self.values.allow_next = False
        return self.found

    def failure(self) -> Unreadable:
        sym = self.failed[-1] if self.failed else None
        if sym and not self.letters:
            return Unreadable(f"{sym.text} does not exist in this network", sym.col, sym.text, ())
        detail = f"no value of {', '.join(l.lstrip('#') for l in self.letters)} makes every symbol exist"
        if sym:
            detail += f" (the last that failed: {sym.text})"
        return Unreadable(detail, sym.col if sym else 1, sym.text if sym else "", ())


def instances(formula: ast.Formula, values: SymbolValues, where: dict) -> tuple[list[dict], list[str], int]:
    """Every assignment of the free letters for which every symbol exists.

    Returns:
        (assignments, the free letters, how many assignments there were before any cap).
    Raises:
        Unreadable: when a --where letter is not free in the formula, or no assignment exists.
    """
    search = _Search(formula, values, where)
    unknown = sorted(set(where) - set(search.letters))
    if unknown:
        raise Unreadable(f"--where names {unknown[0]}, which is not a free index of this formula",
                         1, unknown[0], tuple(search.letters))
    found = search.run()
    if not found:
        raise search.failure()
    total = len(found)
    if total > MAX_INSTANCES:
        step = total / MAX_INSTANCES
        found = [found[int(index * step)] for index in range(MAX_INSTANCES)]
    return found, search.letters, total
