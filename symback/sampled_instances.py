"""The cross-check methods (expanded, numeric) need concrete indices: each group is checked on
a seeded sample of its parameters, and each error term on a sample of its layer's neurons."""

from __future__ import annotations

import random

from sympy import Integer

from .derive import Group
from .proof_report import Check


def sample(items, seed: int, size: int = 4) -> list:
    """``items`` (a list or a range) when short, else a seeded sample of ``size``."""
    return list(items) if len(items) <= size else random.Random(seed).sample(items, size)


def sampled_instance_checks(prover, group: Group) -> list[Check]:
    """The chains of a seeded sample of the group's parameters, checked by ``prover`` (a
    proof.Prover, which imports this module)."""
    checks, derivation = [], prover.derivation
    targets = derivation.model.ranges[group.layer]
    sources = derivation.model.ranges[group.layer - 1] if group.kind == "weight" else None
    # A sample of positions, not of a list of every parameter (millions in a wide layer).
    count = targets.size * (sources.size if sources else 1)
    for position in sample(range(count), prover.seed):
        k = sources.first + position // targets.size if sources else None
        gradient = derivation.instance(group, k, targets.first + position % targets.size)
        chain = gradient.chain("prediction_chain")
        output = gradient.group.output.xreplace(gradient.substitution)
        outputs = [output] if output.is_Integer else [Integer(o) for o in prover.model.outputs.numbers()][:2]
        for o in outputs:
            checks += prover.check_chain(f"{gradient.parameter} prediction_chain (output {o})",
                                         chain.xreplace({output: o}))
        for chain_name in ("objective_chain", "delta_chain"):
            checks += prover.check_chain(f"{gradient.parameter} {chain_name}", gradient.chain(chain_name))
    return checks
