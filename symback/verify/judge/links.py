"""Judging the links of a chain: ``side_k = side_{k+1}`` entry by entry, for every instance,
and for each failing instance the familiar mistake and a counterexample.

Both sides are built already (build/); a side that is a ShapeMismatch is a failure with that
diagnosis, an update rule's right side is the gradient it subtracts.
"""

from __future__ import annotations

import dataclasses

import sympy

from ..build.shapes import ShapeMismatch, shape_of
from ..build.updates import UpdateForm, gradient_of
from ..limits import MAX_DIAGNOSED
from ..verdict import Diagnosis, Failure, Link, Unreadable
from .compare import EvaluationError, per_observation
from .counterexample import counterexample
from .activation_mistakes import refine_sign
from .diagnose import diagnose


class Judge:
    """Judges the links of one formula with the shared comparison of a run (``context``)."""

    def __init__(self, context, update: bool, instance_text):
        self.context = context
        self.update = update
        self.instance_text = instance_text

    def sides_of(self, sides, number):
        """(left, right) of link ``number``: an update rule compares with ∂J/∂p of its parameter."""
        left = gradient_of(sides[0]) if self.update else sides[number]
        right = sides[number + 1]
        return _scalar_if_single(left), right

    def link(self, sides, number, head, env):
        """-> (Failure | None, method | None) for link ``number`` in one instance."""
        left, right = self.sides_of(sides, number)
        if isinstance(right, UpdateForm):
            if right.problem is not None:
                return Failure((), Diagnosis(right.problem), None), None
            right = right.gradient
        right = _scalar_if_single(right)
        if not isinstance(left, ShapeMismatch) and not isinstance(right, ShapeMismatch) \
                and shape_of(left) != shape_of(right):
            right = ShapeMismatch("sides", shape_of(left), shape_of(right), 1)
        for value in (left, right):
            if isinstance(value, ShapeMismatch):
                detail = value.detail
                return Failure((), Diagnosis("shape_mismatch", (("detail", detail),)), None, detail), None
        return self._entries(left, right, head)

    def _entries(self, left, right, head):
        pairs = _entries(left, right)
        methods = set()
        for position, (a, b) in enumerate(pairs):
            failure, method = self._entry(a, b)
            methods.add(method)
            if failure is not None:
                if len(pairs) > 1:
                    failure = dataclasses.replace(failure, shape=f"entry {_entry_name(left, position)}")
                return failure, method
        return None, "symbolic" if methods == {"symbolic"} else "numeric"

    def _entry(self, a, b):
        context = self.context
        key = _observation_sum_mistake(a, b) if context.notation.name == "neurons" else None
        if key is not None:
            return Failure((), Diagnosis(key), None), "numeric"
        try:
            outcome = context.comparator.equal(a, b)
        except EvaluationError as error:
            raise Unreadable(f"cannot evaluate this formula: {error}", 1, "", ()) from None
        if outcome.equal:
            return None, outcome.method
        return Failure((), None, None), outcome.method

    def record(self, number, left_text, right_text, outcomes) -> Link:
        """The Link of ``number`` from (env, sides, head, (failure, method)) of every instance."""
        failures, methods, diagnosed = [], [], 0
        for env, sides, head, (failure, method) in outcomes:
            if method and method not in methods:
                methods.append(method)
            if failure is None:
                continue
            if failure.diagnosis is None and diagnosed < MAX_DIAGNOSED:
                failure = self.explain(sides, head, number, failure)
                diagnosed += 1
            elif failure.diagnosis is None:
                failure = dataclasses.replace(failure, diagnosis=Diagnosis("not_examined", (("count", str(MAX_DIAGNOSED)),)))
            failures.append(dataclasses.replace(failure, instance=self.instance_text(env)))
        return Link(number + 1, left_text, right_text, len(outcomes), tuple(failures), tuple(sorted(methods)))

    def explain(self, sides, head, number, failure) -> Failure:
        """Attach a diagnosis and a counterexample to the failing instance of a link."""
        left, right = self.sides_of(sides, number)
        right = right.gradient if isinstance(right, UpdateForm) else right
        context = self.context
        for a, b, subject in _failing_entries(left, right, head, context.comparator):
            forms, focus = context.subjects.correct(subject, a)
            found = diagnose(context.comparator, context.mutator, forms, b, focus, subject)
            found = refine_sign(found or _transposed(context, subject, b), b, context.derivation.model,
                                self.update)
            example = counterexample(context.comparator, context.namer, a, b)
            return dataclasses.replace(failure, diagnosis=found, counterexample=example)
        return failure


def _transposed(context, subject, wrong) -> Diagnosis | None:
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


def _observation_sum_mistake(left, right) -> str | None:
    """Σ_i missing (the left side sums over i, the right is one observation's term) or extra
    (the right side sums over i, the left is one observation's); a constant is neither."""
    if not per_observation(left) and per_observation(right):
        return "missing_observation_sum"
    if per_observation(left) and not per_observation(right) and right.has(sympy.Sum):
        return "extra_observation_sum"
    return None


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
