"""One formula -> one Verdict: read it, give its free indices every value, build each side,
check every link of the chain, and for each link that fails say which familiar mistake it
is and where the two sides differ.

    formula = parse(text, notation, layout)                # grammar + notation tables
    envs    = instances(formula, values, where)            # free indices and their ranges
    sides   = [build(side, env) for side in formula.sides]  # SymPy objects of the model
    links   = [compare(left, right) for each link]         # Prover or numeric points
"""

from __future__ import annotations

import dataclasses

import sympy

from ..derive import OBJECTIVE
from ..model import THETA, W, Partial
from . import ast, qualifier
from .build import ShapeMismatch, shape_of
from .compare import EvaluationError, per_observation
from .context import Context
from .counterexample import counterexample
from .diagnose import diagnose
from .indices import instances, parse_where
from .parser import parse
from .symbol_values import RATE, Invalid
from .updates import UpdateForm, update_gradient
from .verdict import CORRECT, UNREADABLE, WRONG, Diagnosis, Failure, Link, Unreadable, Verdict

MAX_DIAGNOSED = 6
INTERNAL = "internal error in symback verify (please report it)"


def verify(text: str, context: Context, line: int | None = None) -> Verdict:
    """Check one formula; an unreadable one gets a Verdict with the error, never an exception."""
    about = " ".join(text.split())[:70]
    try:
        body, ranges = qualifier.split(text)
        where = {**context.where, **parse_where(ranges, context.notation, context.derivation.model)}
        formula = parse(body, context.notation, context.layout)
        return _Checker(context, formula, line, where).run()
    except Unreadable as error:
        return Verdict(text, about, UNREADABLE, line, error=error)
    except RecursionError:
        return Verdict(text, about, UNREADABLE, line,
                       error=Unreadable("the formula is nested too deeply to read", 1, "", ()))
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, ZeroDivisionError) as error:
        # A bug in verify must not hide the other formulas' verdicts; the tests assert it never happens.
        message = f"{INTERNAL}: {type(error).__name__}: {error}"
        return Verdict(text, about, UNREADABLE, line, error=Unreadable(message, 1, "", ()))


class _Checker:
    def __init__(self, context: Context, formula: ast.Formula, line: int | None, where: dict):
        self.context = context
        self.formula = formula
        self.line = line
        self.where = where
        self.update = _is_update(formula)

    def run(self) -> Verdict:
        """Every link for every instance, then the records (diagnosing the failures)."""
        formula = self.formula
        if len(formula.sides) < 2:
            raise Unreadable("a formula needs two sides joined by '='", len(formula.text) + 1, "",
                             ("=",))
        envs, letters, total = instances(formula, self.context.builder.values, self.where)
        count = len(formula.sides) - 1
        outcomes: list[list] = [[] for _ in range(count)]
        for env in envs:
            sides = self._sides(env)
            head = self.context.subjects.head(sides[0], self.update)
            for number in range(count):
                outcomes[number].append((env, self._link(sides, number, head, env)))
        links = tuple(self._record(number, outcomes[number]) for number in range(count))
        status = CORRECT if all(link.ok for link in links) else WRONG
        notes = (f"checked {len(envs)} of {total} instances, evenly spaced",) if total > len(envs) else ()
        if self.update:
            notes += ("an update rule is checked through its gradient: the values shown are ∂J/∂p (left) "
                      "and the gradient the rule subtracts (right)",)
        shown = tuple(self._instance_text(env) for env in envs) if letters else ()
        return Verdict(formula.text, formula.side_text(0)[:70], status, self.line,
                       tuple(", ".join(f"{k}={v}" for k, v in inst) for inst in shown), links, notes=notes)

    # -- sides -----------------------------------------------------------------------------
    def _sides(self, env) -> list:
        builder, values = self.context.builder, []
        for position, side in enumerate(self.formula.sides):
            try:
                value = builder.build(side, env, allow_next=self.update and position == 0)
            except ShapeMismatch as mismatch:
                value = mismatch
            except Invalid:
                raise Unreadable(f"{self.formula.side_text(position)[:40]}: a symbol in a sum does not exist "
                                 "in this network", side.col, "", ()) from None
            if self.update and position > 0 and not isinstance(value, ShapeMismatch):
                value = update_gradient(value, values[0], RATE)
            if self.update and position == 0:
                value = _parameter(value, side)
            values.append(value)
        return values

    # -- links --------------------------------------------------------------------------------
    def _link(self, sides, number, head, env):
        """-> (Failure | None, method | None) for link ``number`` in one instance."""
        left, right = sides[number], sides[number + 1]
        if self.update:
            left = _gradient_of(sides[0])
        if isinstance(right, UpdateForm):
            if right.problem is not None:
                return Failure((), Diagnosis(right.problem), None), None
            right = right.gradient
        left, right = _scalar_if_single(left), _scalar_if_single(right)
        if not isinstance(left, ShapeMismatch) and not isinstance(right, ShapeMismatch) \
                and shape_of(left) != shape_of(right):
            right = ShapeMismatch("sides", shape_of(left), shape_of(right), 1)
        for value in (left, right):
            if isinstance(value, ShapeMismatch):
                detail = value.detail
                return Failure((), Diagnosis("shape_mismatch", (("detail", detail),)), None, detail), None
        pairs = _entries(left, right)
        heads = _entries(head, head) if isinstance(head, sympy.MatrixBase) else None
        methods = set()
        for position, (a, b) in enumerate(pairs):
            subject = heads[position][0] if heads else head
            failure, method = self._entry(a, b, subject, env)
            methods.add(method)
            if failure is not None:
                if len(pairs) > 1:
                    failure = dataclasses.replace(failure, shape=f"entry {_entry_name(left, position)}")
                return failure, "numeric"
        return None, "symbolic" if methods == {"symbolic"} else "numeric"

    def _entry(self, a, b, subject, env):
        context = self.context
        if context.notation == "neurons" and per_observation(a) != per_observation(b):
            key = "missing_observation_sum" if per_observation(b) else "extra_observation_sum"
            return Failure((), Diagnosis(key), None), "numeric"
        try:
            outcome = context.comparator.equal(a, b)
        except EvaluationError as error:
            raise Unreadable(f"cannot evaluate this formula: {error}", 1, "", ()) from None
        if outcome.equal:
            return None, outcome.method
        return Failure((), None, None), outcome.method

    def _record(self, number, outcomes) -> Link:
        left = self.formula.side_text(0 if self.update else number)
        right = self.formula.side_text(number + 1)
        failures, methods, diagnosed = [], [], 0
        for env, (failure, method) in outcomes:
            if method and method not in methods:
                methods.append(method)
            if failure is None:
                continue
            if failure.diagnosis is None and diagnosed < MAX_DIAGNOSED:
                failure = self._explain(env, number, failure)
                diagnosed += 1
            elif failure.diagnosis is None:
                failure = dataclasses.replace(failure, diagnosis=Diagnosis("not_examined", (("count", str(MAX_DIAGNOSED)),)))
            failures.append(dataclasses.replace(failure, instance=self._instance_text(env)))
        return Link(number + 1, left, right, len(outcomes), tuple(failures), tuple(sorted(methods)))

    def _explain(self, env, number, failure) -> Failure:
        """Rebuild the failing instance and attach a diagnosis and a counterexample."""
        sides = self._sides(env)
        head = self.context.subjects.head(sides[0], self.update)
        left = _gradient_of(sides[0]) if self.update else sides[number]
        right = sides[number + 1]
        right = right.gradient if isinstance(right, UpdateForm) else right
        context = self.context
        for a, b, subject in _failing_entries(left, right, head, context.comparator):
            forms, focus = context.subjects.correct(subject, a)
            found = diagnose(context.comparator, context.mutator, forms, b, focus)
            found = found or _transposed(context, subject, b)
            example = counterexample(context.comparator, context.namer, a, b)
            return dataclasses.replace(failure, diagnosis=found, counterexample=example)
        return failure

    def _instance_text(self, env) -> tuple[tuple[str, str], ...]:
        shown = []
        for letter, value in env.items():
            if letter.startswith("#"):
                shown.append(("parameter", self.context.namer.parameter_text(value)))
            elif self.context.notation == "neurons" and isinstance(value, int) and not _is_layer(self.formula, letter):
                shown.append((letter, self.context.namer.index(sympy.Integer(value))))
            else:
                shown.append((letter, str(value)))
        return tuple(shown)


def _transposed(context: Context, subject, wrong) -> Diagnosis | None:
    """The right side is the gradient of the transposed weight (W_{b,a} for W_{a,b})."""
    found = context.subjects.transposed(subject)
    if found is None:
        return None
    other, gradient = found
    try:
        if context.comparator.numeric_equal(gradient, wrong):
            names = (("symbol", context.namer.parameter_text(subject.args[1])),
                     ("written", context.namer.parameter_text(other)))
            return Diagnosis("swapped_index", names)
    except EvaluationError:
        return None
    return None


def _is_layer(formula, letter) -> bool:
    from .indices import free_letters
    return letter in free_letters(formula)[1]


def _is_update(formula: ast.Formula) -> bool:
    first = formula.sides[0]
    if formula.relations and formula.relations[0] == "<-":
        return True
    return isinstance(first, ast.Sym) and first.iteration == "1"


def _parameter(value, side):
    entries = list(value) if isinstance(value, sympy.MatrixBase) else [value]
    if not all(isinstance(e, sympy.Indexed) and e.base in (W, THETA) for e in entries):
        raise Unreadable("the left side of an update rule must be a weight or a threshold", side.col, "", ())
    return value


def _gradient_of(parameter):
    if isinstance(parameter, sympy.MatrixBase):
        return parameter.applyfunc(lambda p: Partial(OBJECTIVE, p))
    return Partial(OBJECTIVE, parameter)


def _scalar_if_single(value):
    if isinstance(value, sympy.MatrixBase) and value.shape == (1, 1):
        return value[0, 0]
    return value


def _entries(left, right) -> list:
    if isinstance(left, sympy.MatrixBase):
        return [(left[r, c], right[r, c]) for r in range(left.rows) for c in range(left.cols)]
    return [(left, right)]


def _entry_name(matrix, position) -> str:
    return f"({position // matrix.cols + 1}, {position % matrix.cols + 1})"


def _failing_entries(left, right, head, comparator):
    left, right = _scalar_if_single(left), _scalar_if_single(right)
    if isinstance(left, ShapeMismatch) or isinstance(right, ShapeMismatch) or shape_of(left) != shape_of(right):
        return
    heads = _entries(head, head) if isinstance(head, sympy.MatrixBase) else None
    for position, (a, b) in enumerate(_entries(left, right)):
        try:
            if not comparator.numeric_equal(a, b):
                yield a, b, heads[position][0] if heads else head
        except EvaluationError:
            continue

