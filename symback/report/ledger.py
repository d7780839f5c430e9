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
from typing import Callable

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
    rule: str | None = None
    # The derivation's own two sides, when the display writes sums out or takes constants
    # out of them: the link is proved on these, and the display shown to be the same terms.
    source: tuple | None = None
    # An equality outside the network (a user's activation's derivative, in one real
    # variable) brings its own decision: (left, right) -> Check.
    decide: Callable | None = dataclasses.field(default=None, compare=False)

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
        self._equal: dict = {}

    def spawn(self) -> "Ledger":
        """A new ledger for another document of the same derivation: no claims yet, but the
        prover and the results of checks already run are shared (same mathematics)."""
        twin = Ledger.__new__(Ledger)
        twin.derivation, twin.model, twin.prover = self.derivation, self.model, self.prover
        twin.claims, twin._results, twin._equal = [], self._results, self._equal
        return twin

    def claim(self, what: str, left, right, rule: str | None = None, source: tuple | None = None,
              decide: Callable | None = None) -> None:
        """Register one displayed equality (checked later by ``verify``); ``rule`` names the
        link's rule, ``source`` its two sides as the derivation wrote them, and ``decide``
        replaces the Prover for an equality that is not about the network."""
        source = None if source is None or (source[0], source[1]) == (left, right) else source
        self.claims.append(Claim(what, sympy.sympify(left), sympy.sympify(right), rule, source, decide))

    def mappings(self, claim: Claim):
        """The values of the claim's free indices to check it for.

        The symbolic proof first takes the indices free, which proves every combination at
        once; a display that writes a sum out term by term next to a free index is then
        checked combination by combination."""
        if self.prover.method == "symbolic" and claim.free and self._check(claim, {}).ok:
            yield {}
            return
        free = claim.free
        ranges = [self.model.ranges[index.layer].numbers() for index in free]
        for combination in itertools.product(*ranges):
            yield {index: Integer(value) for index, value in zip(free, combination)}

    def _check(self, claim: Claim, mapping: dict) -> Check:
        key = (claim.left, claim.right, claim.rule, claim.source, tuple(mapping.items()))
        if key not in self._results:
            if not mapping and self._root(claim.left) == self._root(claim.right):
                # Both sides stand in one chain of equalities checked above: transitivity.
                self._results[key] = Check(claim.what, self.prover.method, True, "by the equalities above")
            else:
                self._results[key] = self._decide(claim, mapping)
            if not mapping and self._results[key].ok:
                self._join(claim.left, claim.right)
                for shown, source in zip((claim.left, claim.right), claim.source or ()):
                    self._join(shown, source)
        return self._results[key]

    def _root(self, expr):
        """The representative of the expressions proved equal to ``expr`` (union-find)."""
        while self._equal.get(expr, expr) != expr:
            expr = self._equal[expr]
        return expr

    def _join(self, left, right) -> None:
        self._equal[self._root(left)] = self._root(right)

    def _decide(self, claim: Claim, mapping: dict) -> Check:
        """The link on the derivation's own sides (its rule known; proved with the indices
        free where it can be), then each displayed side the same terms as its source; without
        a source, the displayed sides themselves."""
        left, right = claim.left.xreplace(mapping), claim.right.xreplace(mapping)
        if claim.decide is not None:
            return claim.decide(left, right)
        if claim.source is None:
            return self.prover.check(claim.what, left, right, claim.rule)
        link = self._check(claim, {}) if mapping and self.prover.method == "symbolic" else None
        if link is None or not link.ok:
            source = [side.xreplace(mapping) for side in claim.source]
            link = self.prover.check(claim.what, *source, claim.rule)
        if not link.ok:
            return link
        for shown, source in ((left, claim.source[0]), (right, claim.source[1])):
            same = self.prover.check_display(claim.what, shown, source.xreplace(mapping))
            if not same.ok:
                return same
        return link

    def verify(self) -> Verification:
        """Check every claim on every instance; raise ProofError on the first failure.

        Raises:
            ProofError: naming the equality, the index values and the difference found.
        """
        methods: collections.Counter = collections.Counter()
        for claim in self.claims:
            for mapping in self.mappings(claim):
                result = self._check(claim, mapping)
                methods[result.method] += 1
                if not result.ok:
                    values = ", ".join(f"{index.name} = {value}" for index, value in mapping.items())
                    where = f" for {values}" if values else ""
                    raise ProofError(f"the equality {claim.what!r}{where} did not check out "
                                     f"({result.method}): {result.detail}; nothing was written")
        return Verification(len(self.claims), sum(methods.values()), tuple(sorted(methods.items())))
