"""Decisions shared by the printers: factor order along the path, which sums to write out, and
how wide a line of display math will be."""

from __future__ import annotations

import re

import sympy

from ..model import DELTA, E, S, THETA, W, X, Y, YHAT, ActivationBase, Model, NeuronIndex, Partial

WRITE_OUT_LIMIT = 12

MAX_LISTED = 6  # index values listed in full up to this many ("j = 1, 2, ..., 128" above)

# Index letters that also name a symbol (``o`` is the output in the layer notation: ``o_{i,o}``
# would read as nonsense) and the letter printed instead.
RENAMED_INDICES = {"o": "c"}


def index_values(namer, index: NeuronIndex, ellipsis: str) -> list[str]:
    """The values a free index stands for, as the notation numbers them (``6, 7, 8``, or
    ``1, 2, ellipsis, 128`` when there are more than MAX_LISTED)."""
    numbers = namer.model.ranges[index.layer].numbers()  # a range: only the values shown are named
    name = lambda n: namer.index(sympy.Integer(n))
    if len(numbers) > MAX_LISTED:
        return [name(n) for n in numbers[:2]] + [ellipsis, name(numbers[-1])]
    return [name(n) for n in numbers]


def distinct_indices(expr, renamed: dict):
    """``expr`` with every index whose letter names a symbol replaced by an index of the same
    layer with another letter; ``renamed`` (old index -> new) keeps the choice consistent
    between the expressions of one document."""
    expr = sympy.sympify(expr)
    for index in expr.free_symbols | {limit[0] for s in expr.atoms(sympy.Sum) for limit in s.limits}:
        if isinstance(index, NeuronIndex) and index.name in RENAMED_INDICES and index not in renamed:
            renamed[index] = NeuronIndex(RENAMED_INDICES[index.name], index.layer)
    return expr.xreplace(renamed) if renamed else expr


def _neuron_sum(expr) -> bool:
    return isinstance(expr, sympy.Sum) and any(isinstance(limit[0], NeuronIndex) for limit in expr.limits)


def sum_terms(expr) -> int:
    """Terms the largest nest of neuron sums in ``expr`` becomes when written out."""
    if _neuron_sum(expr):
        size = 1
        for variable, first, last in expr.limits:
            if isinstance(variable, NeuronIndex):
                size *= int(last - first + 1)
        return size * sum_terms(expr.function)
    if not isinstance(expr, sympy.Basic) or not expr.args:
        return 1
    return max(sum_terms(arg) for arg in expr.args)


def expand_neuron_sums(expr):
    """Σ over neurons written out term by term by substitution (``doit`` would turn a Σ over
    a Kronecker delta into a Piecewise); Σ over observations stays, even when SymPy has
    merged both into one Sum."""
    def write_out(node):
        terms, kept = [node.function], []
        for variable, first, last in node.limits:
            if not isinstance(variable, NeuronIndex):
                kept.append((variable, first, last))
                continue
            terms = [term.xreplace({variable: sympy.Integer(v)}) for term in terms
                     for v in range(int(first), int(last) + 1)]
        total = sympy.Add(*terms)
        return sympy.Sum(total, *kept) if kept else total
    return expr.replace(lambda e: isinstance(e, sympy.Sum)
                        and any(isinstance(limit[0], NeuronIndex) for limit in e.limits), write_out)


def written_out(expr, limit: int = WRITE_OUT_LIMIT):
    """Write out the neuron sums when all of them together stay within ``limit`` terms, as
    handout 004 writes w_{6F}s_{i,6} + w_{7F}s_{i,7} + w_{8F}s_{i,8}; otherwise keep every Σ.

    Renderers pass one decision for a whole chain (see ``chain_limit``) so that a sum written
    out in one step is not folded back into Σ in the next.
    """
    if limit <= 0 or sum_terms(expr) > limit:
        return expr
    return expand_neuron_sums(expr)


def chain_limit(expressions, limit: int = WRITE_OUT_LIMIT) -> int:
    """``limit`` if every expression of a chain can be written out within it, else 0."""
    return limit if all(sum_terms(expr) <= limit for expr in expressions) else 0


def pull_constants(expr):
    """Σ_m a·b(m) -> a·Σ_m b(m): factors that do not depend on a sum's variables move out.

    Used for chains too long to write out: the result reads like handout 004's last line
    (``g'(e_F) (Σ_l w_{lF} g'(e_l) w_{jl}) g'(e_j)``) and a check evaluates the factor once
    instead of once per term. Sums over observations are left alone: Σ_i stays the outermost
    sign, as in the update rule."""
    def pull(node):
        variables = {limit[0] for limit in node.limits}
        inside = [f for f in node.function.args if f.free_symbols & variables]
        outside = [f for f in node.function.args if not f.free_symbols & variables]
        if not outside:
            return node
        return sympy.Mul(*outside) * sympy.Sum(sympy.Mul(*inside), *node.limits)
    return expr.replace(lambda e: isinstance(e, sympy.Sum) and isinstance(e.function, sympy.Mul)
                        and all(isinstance(limit[0], NeuronIndex) for limit in e.limits), pull)


def written_chain(expressions) -> list:
    """Every expression of a chain written out (one decision per chain), or none of them,
    in which case constant factors are pulled out of the sums."""
    limit = chain_limit(expressions)
    if limit:
        return [written_out(expr, limit) for expr in expressions]
    return [pull_constants(expr) for expr in expressions]


# -- width of display math -----------------------------------------------------------------------
# How wide a line of display math will be, estimated from its LaTeX (no TeX run).
# The unit is the width of an average italic letter at 11 pt (about 7 pt); calibrated against
# pdflatex's box widths on report lines, the estimate errs by less than 10 %, enough to decide
# where to break a line.

_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[{}^_]|[^\\{}^_]")
_ZERO = {r"\left", r"\right", r"\bigl", r"\bigr", r"\Bigl", r"\Bigr", r"\mathbf", r"\boldsymbol",
         r"\operatorname", r"\hat", r"\displaystyle", r"\limits", r"\mathrm"}
_WIDE = {r"\sum": 1.6, r"\quad": 2.0, r"\qquad": 4.0, r"\cdot": 1.2, r"\odot": 1.8, r"\ldots": 1.6,
         r"\cdots": 1.6, r"\log": 1.8, r"\exp": 2.0, r"\leftarrow": 2.2, r"\text": 0.0}
_OPERATORS = {"+": 1.8, "-": 1.8, "=": 1.8, ">": 1.8, "<": 1.8, ",": 0.5, "(": 0.6, ")": 0.6, "[": 0.6, "]": 0.6, " ": 0.0,
              "'": 0.3, ".": 0.3}


def _letter(token: str) -> float:
    """Capitals and Greek capitals are wider than the average italic letter."""
    if len(token) == 1:
        return 1.4 if token.isupper() else 1.0
    return 1.4 if token[1:2].isupper() else 1.1


def _group(tokens, start):
    """Tokens of the brace group (or single token) at ``start`` and the index after it."""
    if start >= len(tokens):
        return [], start
    if tokens[start] != "{":
        return [tokens[start]], start + 1
    depth, index = 0, start
    while index < len(tokens):
        depth += {"{": 1, "}": -1}.get(tokens[index], 0)
        if depth == 0:
            return tokens[start + 1:index], index + 1
        index += 1
    return tokens[start + 1:], len(tokens)


def _width(tokens) -> float:
    total, index, script = 0.0, 0, 0.0
    while index < len(tokens):
        token = tokens[index]
        if token in "^_":
            group, index = _group(tokens, index + 1)
            width = 0.7 * _width(group)
            total += max(0.0, width - script)  # super- and subscript stack on one base
            script = max(script, width)
            continue
        script = 0.0
        if token == r"\frac":
            top, index = _group(tokens, index + 1)
            bottom, index = _group(tokens, index)
            total += max(_width(top), _width(bottom)) + 0.4
        elif token == r"\text":
            group, index = _group(tokens, index + 1)
            total += 0.8 * len(group)
        elif token in ("{", "}"):
            index += 1
        else:
            total += 0.0 if token in _ZERO else _WIDE.get(token, _OPERATORS.get(token, _letter(token)))
            index += 1
            if token in (r"\left", r"\right") and index < len(tokens) and tokens[index] == ".":
                index += 1
    return total


def visual_width(latex: str) -> float:
    """Rough width of display math in characters of an italic letter; enough to decide breaks."""
    return _width(_TOKEN.findall(latex))


def path_key(model: Model, factor) -> float:
    """Order of a factor when reading a path from the output back to the parameter.

    Handout 004 writes g'(e_{i,F}) ŵ_{jF} g'(e_{i,j}) s_{i,l}: the loss factor first, then
    each layer's g' before the weight into it, down to the source signal.
    """
    def layer(index):
        return model.layer_of(index)

    if isinstance(factor, ActivationBase):
        return 2.0 * factor.layer
    if isinstance(factor, sympy.Indexed):
        if factor.base == W:
            return 2.0 * layer(factor.indices[1]) - 1
        if factor.base in (S, E) and layer(factor.indices[1]) > 0:
            # where g'(e) stood: s_{i,F} (1 - s_{i,F}) before the weight into F
            return 2.0 * layer(factor.indices[1]) + 0.5
        if factor.base in (S, X, E, DELTA):
            return 2.0 * layer(factor.indices[1]) - 1.5
        if factor.base == THETA:
            return 2.0 * layer(factor.indices[0]) - 1.5
        if factor.base in (Y, YHAT):
            return 1000.0
    if isinstance(factor, (sympy.Sum,)):
        return -500.0
    if isinstance(factor, (Partial, sympy.Derivative)):  # d/dz (u): a part still to differentiate
        return -1000.0
    if factor.is_Number:
        return 2000.0
    atoms = factor.atoms(sympy.Indexed)
    if not atoms:
        return 1500.0  # n, a constant: first, as in 2 n ŷ
    if any(a.base in (Y, YHAT) for a in atoms):
        return 1000.0
    signals = [path_key(model, a) for a in atoms if a.base in (S, X, E)]
    # (1 - s_{i,j}), 1 - s², [e > 0] right after the signal they are written in
    return min(signals) - 0.01 if signals else 0.0


def ordered_factors(model: Model, expr: sympy.Mul) -> list:
    """The factors of a product in path order (stable for equal keys)."""
    return sorted(expr.args, key=lambda factor: -path_key(model, factor))


def positive_first(expr: sympy.Add) -> sympy.Add:
    """The same sum with its terms reordered: positive ones first, in their canonical order."""
    terms = sorted(expr.args, key=lambda term: term.could_extract_minus_sign())
    return sympy.Add(*terms, evaluate=False)
