"""The ledger of a report: every equality the document displays, and its verification.

A report registers each displayed equality as a Claim (two SymPy expressions, possibly with
free neuron indices) at the moment it lays the equality out; ``Ledger.verify`` then checks
every claim with the Proof for every value of its free indices (two fixed combinations, all
first neurons and all last neurons, when the network is too large for the symbolic method)
before anything is written. A matrix equation
is registered through the scalar equation of its entries, which is what it abbreviates.
"""

from __future__ import annotations

import dataclasses
import itertools
from functools import cached_property

import mpmath
import sympy
from sympy import Integer

from .derive import Derivation
from .errors import ProofError
from .model import NeuronIndex
from .numeric import DIGITS, NumericPoint
from .proof import NUMERIC_POINTS, Prover

SYMBOLIC_LIMIT = 150  # kept for the Verification record until the ledger asks the Prover alone

try:  # the core's numeric evaluator; see _MemoPoint
    from .numeric import _Evaluator
except ImportError:  # pragma: no cover - the core changed: fall back to the plain Prover
    _Evaluator = None


@dataclasses.dataclass(frozen=True)
class Claim:
    """One displayed equality: ``left = right`` for every value of the free indices."""

    what: str
    left: sympy.Expr
    right: sympy.Expr

    @property
    def free(self) -> tuple[NeuronIndex, ...]:
        symbols = (self.left.free_symbols | self.right.free_symbols)
        return tuple(sorted((s for s in symbols if isinstance(s, NeuronIndex)), key=lambda s: s.name))


@dataclasses.dataclass(frozen=True)
class Verification:
    """What the ledger checked: equalities displayed, checks run, and how."""

    equalities: int
    checks: int
    method: str
    parameters: int
    digits: int = DIGITS
    points: int = NUMERIC_POINTS
    limit: int = SYMBOLIC_LIMIT


if _Evaluator is not None:
    class _MemoEvaluator(_Evaluator):
        """The core evaluator, remembering the value of every distinct (subexpression, values
        of the neuron indices it uses). The nested prediction of 784-128-64-10 has 6.4 million
        terms written out but only a few hundred thousand distinct ones."""

        def __init__(self, point, values, memo):
            super().__init__(point, values)
            self.memo, self.indices = memo, point.indices_of

        def run(self, expr, env):
            if not expr.args or isinstance(expr, sympy.Indexed):
                return super().run(expr, env)
            key = (expr, tuple((index, env[index]) for index in self.indices(expr) if index in env))
            if key not in self.memo:
                self.memo[key] = super().run(expr, env)
            return self.memo[key]


class _MemoPoint(NumericPoint):
    """A NumericPoint whose evaluations share one memo per set of signal values."""

    def evaluate(self, expr, values=None):
        values = self.signals() if values is None else values
        memos = self.__dict__.setdefault("_memos", {})
        memo = memos.setdefault(id(values), ({}, values))[0]  # values kept alive: ids stay unique
        with mpmath.workdps(DIGITS):
            return _MemoEvaluator(self, values, memo).run(expr, {})

    def indices_of(self, expr) -> tuple:
        cache = self.__dict__.setdefault("_indices", {})
        if expr not in cache:
            cache[expr] = tuple(sorted((s for s in expr.free_symbols if isinstance(s, NeuronIndex)),
                                       key=lambda s: s.name))
        return cache[expr]


class _ReportProver(Prover):
    """The Proof's Prover; numeric points evaluate with a memo (a workaround until the
    core's evaluator memoizes: remove this class then)."""

    @cached_property
    def points(self):
        point = _MemoPoint if _Evaluator is not None else NumericPoint
        return [point(self.model, self.seed + index) for index in range(NUMERIC_POINTS)]


class Ledger:
    """Collects the claims of one document and verifies them all before it is written.

    Args:
        derivation: the derivation whose model the claims are about.
        method: ``auto`` (symbolic up to 150 parameters), ``symbolic`` or ``numeric``.
    """

    def __init__(self, derivation: Derivation, method: str = "auto"):
        self.derivation = derivation
        self.model = derivation.model
        self.prover = _ReportProver(derivation, method)
        self.claims: list[Claim] = []
        self._results: dict = {}

    def spawn(self) -> "Ledger":
        """A new ledger for another document of the same derivation: no claims yet, but the
        prover and the results of checks already run are shared (same mathematics)."""
        twin = Ledger.__new__(Ledger)
        twin.derivation, twin.model, twin.prover = self.derivation, self.model, self.prover
        twin.claims, twin._results = [], self._results
        return twin

    def claim(self, what: str, left, right) -> None:
        """Register one displayed equality (checked later by ``verify``)."""
        self.claims.append(Claim(what, sympy.sympify(left), sympy.sympify(right)))

    @property
    def sampled(self) -> bool:
        return self.prover.method == "numeric"

    def combinations(self, free: tuple[NeuronIndex, ...]):
        """Every combination of values of the free indices; with the numeric method, two:
        every index at the first neuron of its layer, then every index at the last."""
        ranges = [list(self.model.ranges[index.layer].numbers()) for index in free]
        if not self.sampled:
            return itertools.product(*ranges)
        return list(dict.fromkeys([tuple(r[0] for r in ranges), tuple(r[-1] for r in ranges)]))

    def instances(self, claim: Claim):
        """(mapping, left, right) for the values of the claim's free indices checked."""
        free = claim.free
        for combination in self.combinations(free):
            mapping = {index: Integer(value) for index, value in zip(free, combination)}
            yield mapping, claim.left.xreplace(mapping), claim.right.xreplace(mapping)

    def verify(self) -> Verification:
        """Check every claim on every instance; raise ProofError on the first failure.

        Raises:
            ProofError: naming the equality, the index values and the difference found.
        """
        checks = 0
        for claim in self.claims:
            for mapping, left, right in self.instances(claim):
                key = (left, right)
                if key not in self._results:
                    self._results[key] = self.prover.check(claim.what, left, right)
                result = self._results[key]
                checks += 1
                if not result.ok:
                    values = ", ".join(f"{index.name} = {value}" for index, value in mapping.items())
                    where = f" for {values}" if values else ""
                    raise ProofError(f"the equality {claim.what!r}{where} did not check out "
                                     f"({result.method}): {result.detail}; nothing was written")
        return Verification(len(self.claims), checks, self.prover.method, self.model.arch.parameter_count)
