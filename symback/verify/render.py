"""Verdicts as text (one line per formula, details under it) and as JSON for tools.

Wording lives in messages.py, keyed by the diagnosis keys of judge/.
"""

from __future__ import annotations

import json

from .messages import COUNTEREXAMPLE, MESSAGES, METHODS, UNKNOWN
from .verdict import CORRECT, SKIPPED, UNREADABLE, WRONG, Failure, Link, Verdict, exit_code

MAX_EXPECTED = 20  # a notation's symbols all fit (the layer notation has 16)


def describe(failure: Failure, names: dict) -> str:
    """The diagnosis of one failure in words, with the notation's ``names`` (messages.words)."""
    if failure.diagnosis is None:
        return UNKNOWN
    template = MESSAGES.get(failure.diagnosis.key, failure.diagnosis.key)
    return template.format(**{**names, **dict(failure.diagnosis.fields)})


def _instance(failure: Failure) -> str:
    return ", ".join(f"{k}={v}" for k, v in failure.instance)


def _link_lines(link: Link, single: bool, names: dict) -> list[str]:
    lines = [] if single else [f"  link {link.number}: {_short(link.left)} = {_short(link.right)}"]
    indent = "    " if single else "      "
    groups: dict[str, list[Failure]] = {}
    for failure in link.failures:
        key = failure.diagnosis.key if failure.diagnosis else ""
        groups.setdefault(key, []).append(failure)
    for failures in groups.values():
        words = describe(failures[0], names)
        if len({describe(f, names) for f in failures}) > 1:
            words += f" (at {_instance(failures[0])}; likewise at the others)"
        where = _instances([_instance(f) for f in failures if f.instance])
        entry = f" ({failures[0].shape})" if failures[0].shape and "entry" in failures[0].shape else ""
        lines.append(f"{indent}{'for ' + where + ': ' if where else ''}{words}{entry}")
        example = next((f for f in failures if f.counterexample), None)
        if example is not None:
            values = ", ".join(f"{name} = {value}" for name, value in example.counterexample.values)
            at = f" ({_instance(example)})" if example.instance else ""
            lines.append(f"{indent}  {COUNTEREXAMPLE.format(at=at)}" + (f": {values}" if values else ""))
            lines.append(f"{indent}  left side = {example.counterexample.left}, "
                         f"right side = {example.counterexample.right}")
    return lines


def _instances(shown: list[str], limit: int = 4) -> str:
    """``j=6; j=7`` or, for many, the first few and how many there are in all."""
    if len(shown) <= limit + 1:
        return "; ".join(shown)
    return "; ".join(shown[:limit]) + f"; … ({len(shown)} in all)"


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def text_lines(verdict: Verdict, names: dict, where: str = "") -> list[str]:
    """One line for the formula (✓/✗ and what it is about), then the details."""
    prefix = f"{where}: " if where else ""
    if verdict.status == SKIPPED:
        return [f"– {prefix}{_short(verdict.about)} — skipped ({verdict.notes[0]})"]
    if verdict.status == UNREADABLE:
        error = verdict.error
        expected = f"; expected {', '.join(error.expected[:MAX_EXPECTED])}" if error.expected else ""
        token = f" at '{error.token}'" if error.token else ""
        return [f"✗ {prefix}{_short(verdict.about)} — unreadable",
                f"    column {error.column}{token}: {error.message}{expected}"]
    count = len(verdict.instances)
    scope = f" (for {count} instance{'s' if count > 1 else ''}: {_instances(list(verdict.instances), 3)})" \
        if verdict.instances else ""
    if verdict.status == CORRECT:
        lines = [f"✓ {prefix}{_short(verdict.about)}{scope} — correct"]
    else:
        lines = [f"✗ {prefix}{_short(verdict.about)}{scope} — wrong"]
    single = len(verdict.links) == 1
    for link in verdict.links:
        if not link.ok:
            lines += _link_lines(link, single, names)
        elif not single and verdict.status == WRONG:
            lines.append(f"  link {link.number}: correct")
    methods = [m for m in verdict.methods if m in METHODS]
    if len(methods) == 2:
        lines.append(f"    {METHODS['symbolic']} where it could; else {METHODS['numeric'][8:]}")
    else:
        lines += [f"    {METHODS[m]}" for m in methods]
    lines += [f"    note: {note}" for note in verdict.notes]
    return lines


def to_json(verdicts, context_info: dict, names: dict) -> str:
    """The whole run as JSON: settings, one record per formula, the summary and exit code."""
    formulas = []
    for verdict in verdicts:
        data = verdict.to_dict()
        for link in data.get("links", []):
            for failure, record in zip(link["failures"], _failures(verdict, link["link"])):
                failure["explanation"] = describe(record, names)
        formulas.append(data)
    summary = {status: sum(1 for v in verdicts if v.status == status) for status in (CORRECT, WRONG, UNREADABLE, SKIPPED)}
    payload = {**context_info, "formulas": formulas, "summary": summary, "exit_code": exit_code(verdicts)}
    return json.dumps(payload, indent=2, ensure_ascii=False)


def _failures(verdict: Verdict, number: int):
    link = next(link for link in verdict.links if link.number == number)
    return link.failures
