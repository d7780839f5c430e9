"""Exercise sheets: N problems on one network, numbers drawn from a seed and rounded to two
decimals so that they can be done by hand; the answer key is each problem's worked example.

Problem k draws from the seed sequence (seed, k), so problem k does not change when N grows.
A draw that puts a relu pre-activation exactly on its kink is drawn again (seed, k, attempt).
"""

from __future__ import annotations

import dataclasses

import numpy as np
from sympy import Integer

from ..derive import OBJECTIVE, derive
from ..errors import SpecError
from ..model import THETA, W, Partial
from ..printing.latex import latex
from ..spec import Architecture
from .data import ExampleData
from .document import as_subsections, context, example_sections, source
from .problem import build_problem
from .records import Block, Document, Section
from .sections import setup_section
from .worked import Worked, check_size, work_out

DECIMALS = 2
OBSERVATIONS = 1
ATTEMPTS = 20


@dataclasses.dataclass(frozen=True)
class Exercise:
    """One problem: its worked example and the parameters whose gradients it asks for."""

    worked: Worked
    asked: tuple


def _asked(arch: Architecture, model, seed: tuple) -> tuple:
    """A weight into the first hidden layer, the output threshold, a weight into the output."""
    rng = np.random.default_rng(seed + (1,))
    first, depth = model.ranges, model.depth
    pick = lambda numbers: int(numbers[int(rng.integers(0, len(numbers)))])
    asked = [W[Integer(pick(first[0].numbers())), Integer(pick(first[1].numbers()))],
             THETA[Integer(pick(first[depth].numbers()))]]
    if depth > 1:
        asked.append(W[Integer(pick(first[depth - 1].numbers())), Integer(pick(first[depth].numbers()))])
    return tuple(dict.fromkeys(asked))


def make_exercise(arch: Architecture, seed: int, index: int) -> Exercise:
    """Problem ``index`` of the sheet drawn from ``seed``."""
    check_size(arch)  # before the derivation and the draw: both grow with the network
    model = derive(arch).model
    for attempt in range(ATTEMPTS):
        sequence = (seed, index, attempt)
        problem = build_problem(model, sequence, 1, DECIMALS, data=_data_without_numbers(arch),
                                observations=OBSERVATIONS)
        try:
            worked = work_out(arch, problem=dataclasses.replace(problem, drawn=()))
        except SpecError:  # a relu pre-activation on its kink: draw again
            continue
        return Exercise(worked, _asked(arch, model, (seed, index)))
    raise SpecError(f"exercises: no draw of problem {index + 1} avoids relu's kink in {ATTEMPTS} attempts")


def _data_without_numbers(arch: Architecture):
    """The spec's learning rate only: exercise data and initial values are always drawn."""
    rate = arch.example.learning_rate if arch.example is not None else None
    return ExampleData(learning_rate=rate)


def _names(exercise: Exercise) -> tuple[str, str]:
    namer = exercise.worked.namer
    partials = ", ".join(f"${latex(Partial(OBJECTIVE, p), namer)}$" for p in exercise.asked)
    symbols = ", ".join(f"${namer.spell(p, 'latex')}$" for p in exercise.asked)
    return partials, symbols


def sheet_document(exercises: list[Exercise], lang: str, digits: int, seed: int) -> Document:
    """The problems: data, initial values, and what to compute."""
    sections = []
    for index, exercise in enumerate(exercises, start=1):
        ctx = context(exercise.worked, lang, digits)
        letters = ctx.letters
        setup = setup_section(ctx)
        text = ctx.m("problem_text", **ctx.network_words(), rate=letters["rate"], rate_value=ctx.number(exercise.worked.problem.learning_rate))
        partials, symbols = _names(exercise)
        items = (ctx.m("ask_forward", e=letters["e"], s=letters["s"]), ctx.m("ask_objective", j=letters["j"]),
                 ctx.m("ask_gradients", names=partials), ctx.m("ask_updates", names=symbols))
        blocks = (Block("paragraph", text),) + setup.blocks[1:] + (Block("items", items=items),)
        sections.append(Section(ctx.m("problem", index=index), blocks))
    first = context(exercises[0].worked, lang, digits)
    shorthand = exercises[0].worked.derivation.arch.shorthand
    return Document(lang, first.m("sheet_title", shorthand=shorthand), first.m("figure_name"), first.m("author"),
                    first.m("sheet_intro", count=len(exercises), seed=seed), source(exercises[0].worked),
                    tuple(sections))


def key_document(exercises: list[Exercise], lang: str, digits: int) -> Document:
    """Each problem worked out, every number checked."""
    first = context(exercises[0].worked, lang, digits)
    sections = tuple(as_subsections(first.m("problem", index=index), example_sections(e.worked, lang, digits))
                     for index, e in enumerate(exercises, start=1))
    shorthand = exercises[0].worked.derivation.arch.shorthand
    return Document(lang, first.m("key_title", shorthand=shorthand), first.m("figure_name"), first.m("author"),
                    first.m("key_intro") + " " + first.m("intro", digits=digits), source(exercises[0].worked),
                    sections)
