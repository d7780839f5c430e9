"""The ledger of a report: every equality the document displays, and its proof.

A report registers each displayed equality as a Claim (two SymPy expressions, possibly with
free neuron indices) at the moment it lays the equality out; ``Ledger.verify`` then asks the
Prover to check every claim for every value of its free indices before anything is written.
A matrix equation is registered through the scalar equation of its entries, which is what it
abbreviates.
"""

from __future__ import annotations

import collections
import dataclasses
import itertools

import sympy
from sympy import Integer

from ..derive import Derivation
from ..errors import ProofError
from ..model import NeuronIndex
from ..numeric import DIGITS
from ..proof import NUMERIC_POINTS, Check, Prover


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
    """What the ledger checked: equalities displayed, checks run, and by which methods.

    ``methods`` counts the checks per method, as the Prover's Check records name it.
    """

    equalities: int
    checks: int
    methods: tuple[tuple[str, int], ...]
    digits: int = DIGITS
    points: int = NUMERIC_POINTS

    @property
    def method(self) -> str:
        """The one method every check used, or ``mixed``."""
        return self.methods[0][0] if len(self.methods) == 1 else "mixed"

    def summary(self) -> str:
        """``88 equalities verified symbolically (224 checks)``, for the command's last line."""
        if self.method != "mixed":
            return f"{self.equalities} equalities verified {self.method}ally ({self.checks} checks)"
        counts = ", ".join(f"{count} {method}" for method, count in self.methods)
        return f"{self.equalities} equalities verified ({self.checks} checks: {counts})"


class Ledger:
    """Collects the claims of one document and verifies them all before it is written.

    Args:
        derivation: the derivation whose model the claims are about.
        method: passed to the Prover (``auto``, ``symbolic`` or ``numeric``).
    """

    def __init__(self, derivation: Derivation, method: str = "auto"):
        self.derivation = derivation
        self.model = derivation.model
        self.prover = Prover(derivation, method)
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

    def instances(self, claim: Claim):
        """(mapping, left, right) for every combination of values of the claim's free indices.

        The symbolic proof first takes the indices free, which proves every combination at
        once; a display that writes a sum out term by term next to a free index is then
        checked combination by combination."""
        if self.prover.method == "symbolic" and claim.free and self._check(claim, claim.left, claim.right).ok:
            yield {}, claim.left, claim.right
            return
        free = claim.free
        ranges = [self.model.ranges[index.layer].numbers() for index in free]
        for combination in itertools.product(*ranges):
            mapping = {index: Integer(value) for index, value in zip(free, combination)}
            yield mapping, claim.left.xreplace(mapping), claim.right.xreplace(mapping)

    def _check(self, claim: Claim, left, right) -> Check:
        key = (left, right)
        if key not in self._results:
            self._results[key] = self.prover.check(claim.what, left, right)
        return self._results[key]

    def verify(self) -> Verification:
        """Check every claim on every instance; raise ProofError on the first failure.

        Raises:
            ProofError: naming the equality, the index values and the difference found.
        """
        methods: collections.Counter = collections.Counter()
        for claim in self.claims:
            for mapping, left, right in self.instances(claim):
                result = self._check(claim, left, right)
                methods[result.method] += 1
                if not result.ok:
                    values = ", ".join(f"{index.name} = {value}" for index, value in mapping.items())
                    where = f" for {values}" if values else ""
                    raise ProofError(f"the equality {claim.what!r}{where} did not check out "
                                     f"({result.method}): {result.detail}; nothing was written")
        return Verification(len(self.claims), sum(methods.values()), tuple(sorted(methods.items())))
