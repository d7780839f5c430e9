"""What a Proof reports: each Check, and the ProofReport that prints as a one-line summary."""

from __future__ import annotations

import dataclasses

from .errors import ProofError


@dataclasses.dataclass(frozen=True)
class Check:
    """One equality checked, for free indices or for one set of index values."""

    what: str
    method: str
    ok: bool
    detail: str = ""


@dataclasses.dataclass(frozen=True)
class ProofReport:
    """What was checked, how, and whether everything held."""

    method: str
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def failures(self) -> tuple[Check, ...]:
        return tuple(check for check in self.checks if not check.ok)

    def __str__(self) -> str:
        failed = len(self.failures)
        verdict = "all hold" if not failed else f"{failed} failed, first: {self.failures[0].what}"
        return f"proof ({self.method}): {len(self.checks)} equalities checked, {verdict}"

    def __repr__(self) -> str:
        return f"<ProofReport {self.method}: {len(self.checks)} checks, {len(self.failures)} failures>"

    def raise_for_failures(self) -> None:
        if not self.ok:
            first = self.failures[0]
            raise ProofError(f"{len(self.failures)} equalities failed the proof; first: {first.what} "
                             f"({first.method}): {first.detail}")
