"""One formula -> one Verdict, read as the pipeline it is:

    body, ranges = split(text)                              # a trailing "(j = 4, 5)"
    formula      = read(body, notation, layout)             # read/: grammar + notation tables
    envs         = instances(formula, values, where)        # build/: free indices and their ranges
    sides        = build_sides(builder, formula, env)       # build/: SymPy objects of the model
    links        = judge.link(...) per link and instance    # judge/: equality, mistake, counterexample
"""

from __future__ import annotations

import dataclasses

import sympy

from ..derive import Derivation
from ..errors import SymbackError
from ..notation import Namer, Notation, notation_named
from ..spec import Architecture
from .build.builder import Builder
from .build.indices import free_letters, instances, parse_where
from .build.updates import build_sides, is_update
from .judge.compare import Comparator
from .judge.diagnose import Mutator
from .judge.links import Judge
from .judge.subject import Subjects
from .limits import SYMBOLIC_SECONDS
from .read import read, split
from .verdict import CORRECT, SKIPPED, UNREADABLE, WRONG, Unreadable, Verdict

INTERNAL = "internal error in symback verify (please report it)"
TIME_NOTE = (f"the symbolic comparison took longer than its {SYMBOLIC_SECONDS:g} s; the rest was decided at "
             "60-digit points")
SKIPPED_NOTE = "not about the network: no symbol of the notation, derivative or ∇ on its left side"
UPDATE_NOTE = ("an update rule is checked through its gradient: the values shown are ∂J/∂p (left) "
               "and the gradient the rule subtracts (right)")


@dataclasses.dataclass
class Context:
    """Everything shared by the formulas of one run: model, derivation, comparison, options."""

    arch: Architecture
    notation: Notation
    layout: str
    derivation: Derivation
    builder: Builder
    comparator: Comparator
    mutator: Mutator
    namer: Namer
    subjects: Subjects
    where: dict

    @classmethod
    def create(cls, arch: Architecture, derivation: Derivation, notation: str | None = None,
               layout: str | None = None, method: str = "auto", where=()) -> "Context":
        """Raises SymbackError when --where cannot be read."""
        notation = notation_named(notation or arch.notation)
        layout = layout or arch.layout
        model = derivation.model
        try:
            parsed_where = parse_where(where, notation, model)
        except Unreadable as error:
            raise SymbackError(error.message) from None
        namer = Namer(model, notation, layout=layout)
        subjects = Subjects(derivation)
        return cls(arch, notation, layout, derivation, Builder(model, notation, layout),
                   Comparator(derivation, method, subjects), Mutator(model, namer), namer,
                   subjects, parsed_where)


def verify(text: str, context: Context, line: int | None = None) -> Verdict:
    """Check one formula; an unreadable one gets a Verdict with the error, never an exception."""
    about = " ".join(text.split())[:70]
    try:
        body, ranges = split(text)
        where = {**context.where, **parse_where(ranges, context.notation, context.derivation.model)}
        formula = read(body, context.notation, context.layout)
        return _check(context, formula, line, where)
    except Unreadable as error:
        return Verdict(text, about, UNREADABLE, line, error=error)
    except RecursionError:
        return Verdict(text, about, UNREADABLE, line,
                       error=Unreadable("the formula is nested too deeply to read", 1, "", ()))
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, ZeroDivisionError) as error:
        # A bug in verify must not hide the other formulas' verdicts; the tests assert it never happens.
        message = f"{INTERNAL}: {type(error).__name__}: {error}"
        return Verdict(text, about, UNREADABLE, line, error=Unreadable(message, 1, "", ()))


def skipped(text: str, line: int | None) -> Verdict:
    """A display of a file that is not about the network: listed, not checked."""
    return Verdict(text, " ".join(text.split())[:70], SKIPPED, line, notes=(SKIPPED_NOTE,))


def _check(context: Context, formula, line, where) -> Verdict:
    """Every link of the chain for every instance of the free indices, then the Verdict."""
    if len(formula.sides) < 2:
        raise Unreadable("a formula needs two sides joined by '='", len(formula.text) + 1, "", ("=",))
    update = is_update(formula)
    context.comparator.budget.reset()
    envs, letters, total = instances(formula, context.builder.values, where)
    shown = _InstanceText(context, formula)
    judge = Judge(context, update, shown)
    count = len(formula.sides) - 1
    outcomes: list[list] = [[] for _ in range(count)]
    for env in envs:
        sides = build_sides(context.builder, formula, env, update)
        head = context.subjects.head(sides[0], update)
        for number in range(count):
            outcomes[number].append((env, sides, head, judge.link(sides, number, head, env)))
    links = tuple(judge.record(number, formula.side_text(0 if update else number),
                               formula.side_text(number + 1), outcomes[number]) for number in range(count))
    status = CORRECT if all(link.ok for link in links) else WRONG
    notes = (f"checked {len(envs)} of {total} instances, evenly spaced",) if total > len(envs) else ()
    notes += (UPDATE_NOTE,) if update else ()
    notes += (TIME_NOTE,) if context.comparator.budget.exhausted else ()
    instances_shown = tuple(", ".join(f"{k}={v}" for k, v in shown(env)) for env in envs) if letters else ()
    return Verdict(formula.text, formula.side_text(0)[:70], status, line, instances_shown, links, notes=notes)


class _InstanceText:
    """The values of the free letters of one instance as a reader writes them (F, w_{1,4}, l=2)."""

    def __init__(self, context: Context, formula):
        self.namer = context.namer
        self.global_indices = context.notation.global_indices
        self.layers = free_letters(formula)[1]

    def __call__(self, env) -> tuple[tuple[str, str], ...]:
        shown = []
        for letter, value in env.items():
            if letter.startswith("#"):
                shown.append(("parameter", self.namer.parameter_text(value)))
            elif self.global_indices and isinstance(value, int) and letter not in self.layers:
                shown.append((letter, self.namer.index(sympy.Integer(value))))
            else:
                shown.append((letter, str(value)))
        return tuple(shown)
