"""Decisions shared by both printers: factor order along the path, and which sums to write out."""

from __future__ import annotations

import sympy

from ..model import DELTA, E, S, THETA, W, X, Y, YHAT, ActivationBase, Model, NeuronIndex, Partial

WRITE_OUT_LIMIT = 12


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
        if factor.base in (S, X, E, DELTA):
            return 2.0 * layer(factor.indices[1]) - 1.5
        if factor.base == THETA:
            return 2.0 * layer(factor.indices[0]) - 1.5
        if factor.base in (Y, YHAT):
            return 1000.0
    if isinstance(factor, (sympy.Sum,)):
        return -500.0
    if isinstance(factor, Partial):
        return -1000.0
    if factor.is_Number:
        return 2000.0
    return 1000.0 if not factor.free_symbols or any(
        isinstance(a, sympy.Indexed) and a.base in (Y, YHAT) for a in factor.atoms(sympy.Indexed)) else 0.0


def ordered_factors(model: Model, expr: sympy.Mul) -> list:
    """The factors of a product in path order (stable for equal keys)."""
    return sorted(expr.args, key=lambda factor: -path_key(model, factor))


def positive_first(expr: sympy.Add) -> sympy.Add:
    """The same sum with its terms reordered: positive ones first, in their canonical order."""
    terms = sorted(expr.args, key=lambda term: term.could_extract_minus_sign())
    return sympy.Add(*terms, evaluate=False)
