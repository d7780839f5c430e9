"""Records of what ``verify`` found: per formula, per link of a chain, per instance.

Plain frozen data (strings and numbers only) so that the text and JSON renderers need no
SymPy, and the same run always gives the same records.
"""

from __future__ import annotations

import dataclasses

CORRECT, WRONG, UNREADABLE, SKIPPED = "correct", "wrong", "unreadable", "skipped"


class Unreadable(Exception):
    """A formula that cannot be read: where, which token, and what was expected there.

    Not a SymbackError: one unreadable formula is reported and the others are still checked.
    """

    def __init__(self, message: str, column: int, token: str, expected: tuple[str, ...] = ()):
        super().__init__(message)
        self.message = message
        self.column = column
        self.token = token
        self.expected = tuple(expected)

    def to_dict(self) -> dict:
        return {"message": self.message, "column": self.column, "token": self.token,
                "expected": list(self.expected)}


@dataclasses.dataclass(frozen=True)
class Diagnosis:
    """A familiar mistake: a key of the message table and the words that fill it."""

    key: str
    fields: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict:
        return {"mistake": self.key, **dict(self.fields)}


@dataclasses.dataclass(frozen=True)
class Counterexample:
    """Values of the symbols where the two sides differ, and both sides' values there."""

    values: tuple[tuple[str, str], ...]
    left: str
    right: str

    def to_dict(self) -> dict:
        return {"values": dict(self.values), "left": self.left, "right": self.right}


@dataclasses.dataclass(frozen=True)
class Failure:
    """One instance (values of the free indices) for which one link does not hold."""

    instance: tuple[tuple[str, str], ...]
    diagnosis: Diagnosis | None
    counterexample: Counterexample | None
    shape: str | None = None

    def to_dict(self) -> dict:
        data = {"instance": dict(self.instance),
                "diagnosis": self.diagnosis.to_dict() if self.diagnosis else None,
                "counterexample": self.counterexample.to_dict() if self.counterexample else None}
        if self.shape:
            data["shape"] = self.shape
        return data


@dataclasses.dataclass(frozen=True)
class Link:
    """``left = right``, one equality of a chain, over every instance of the formula."""

    number: int
    left: str
    right: str
    checked: int
    failures: tuple[Failure, ...]
    methods: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.failures

    def to_dict(self) -> dict:
        return {"link": self.number, "left": self.left, "right": self.right, "ok": self.ok,
                "instances_checked": self.checked, "decided": list(self.methods),
                "failures": [failure.to_dict() for failure in self.failures]}


@dataclasses.dataclass(frozen=True)
class Verdict:
    """Everything reported for one formula."""

    source: str
    about: str
    status: str
    line: int | None = None
    instances: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    error: Unreadable | None = None
    notes: tuple[str, ...] = ()

    @property
    def methods(self) -> tuple[str, ...]:
        found: list[str] = []
        for link in self.links:
            found += [m for m in link.methods if m not in found]
        return tuple(found)

    def to_dict(self) -> dict:
        data = {"formula": self.source, "about": self.about, "verdict": self.status}
        if self.line is not None:
            data["line"] = self.line
        if self.error is not None:
            data["error"] = self.error.to_dict()
            return data
        data["instances"] = list(self.instances)
        data["decided"] = list(self.methods)
        data["links"] = [link.to_dict() for link in self.links]
        if self.notes:
            data["notes"] = list(self.notes)
        return data


def exit_code(verdicts) -> int:
    """0 when every formula is correct, 1 when any is wrong, 2 when any is unreadable
    (skipped displays of a file count for nothing)."""
    statuses = {verdict.status for verdict in verdicts}
    if UNREADABLE in statuses:
        return 2
    return 1 if WRONG in statuses else 0
