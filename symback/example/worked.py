"""The pipeline of a worked example, one line per stage:
Architecture -> Derivation -> Problem -> iterations (evaluated formulas) -> checked."""

from __future__ import annotations

import dataclasses
from typing import Callable

from ..derive import Derivation, derive
from ..limits import MAX_WORKED_PARAMETERS, refuse_above
from ..notation import Namer
from ..spec import Architecture
from .check import check_iteration
from .compute import Iteration, Worker
from .problem import build_problem
from .values import Problem



@dataclasses.dataclass(frozen=True)
class Worked:
    """A worked example whose every number agreed with the independent computation."""

    derivation: Derivation
    problem: Problem
    iterations: tuple[Iteration, ...]
    namer: Namer


def check_size(arch: Architecture, what: str = "a worked example") -> None:
    """A worked example prints every number of every parameter: one line (SymbackError) for a
    network over MAX_WORKED_PARAMETERS, before any work; ``what`` names the command."""
    refuse_above(arch, MAX_WORKED_PARAMETERS, f"{what} (every number of every parameter)",
                 "use report for the formulas, codegen --style layers for training code")


def work_out(arch: Architecture, seed: int = 0, iterations: int | None = None, problem: Problem | None = None,
             progress: Callable[[int, int], None] | None = None) -> Worked:
    """Evaluate the derived formulas at the example's numbers and check every one.

    Args:
        arch: the network (its ``example`` gives the numbers it has).
        seed: seed of whatever the spec leaves out.
        iterations: overrides the spec's iteration count.
        problem: numbers to use instead of the spec's (exercise sheets).
        progress: called with (done, total) after each iteration.
    Raises:
        SpecError: a bad value in ``[example]``; SymbackError: a network too large to print;
        ProofError: a value that disagreed.
    """
    check_size(arch)
    derivation = derive(arch)
    problem = problem or build_problem(derivation.model, seed, iterations)
    namer = Namer(derivation.model, arch.notation)
    done = []
    if progress is not None:
        progress(0, problem.iterations)
    for iteration in Worker(derivation, problem).run():
        check_iteration(derivation.model, problem, iteration, namer)
        done.append(iteration)
        if progress is not None:
            progress(len(done), problem.iterations)
    return Worked(derivation, problem, tuple(done), namer)
