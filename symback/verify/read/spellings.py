"""The symbols a notation writes, read from the same Notation tables the printers use.

Each Spelling template of ``symback.notation`` (``w_{{{k},{j}}}``, ``\\hat{{w}}^{{{it}}}_{{{k},{j}}}``,
``W^{{({l})}}_{{{row},{col}}}``, ...) is filled with marker values and taken apart into a
Pattern: the head (``w``, ``\\Theta``, ``z``), whether it wears a hat, what its superscript
carries (iteration or layer) and which index each subscript slot holds. Whatever a report
prints can therefore be read back, and a change to a table changes the reader with it.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

from ...notation import NOTATIONS, Notation

# Notation fields that name a symbol, and the kind of symbol each one is.
FIELDS = {
    "weight": "weight", "threshold": "threshold", "pre_activation": "pre",
    "activation_out": "out", "input": "input", "target": "target", "target_multi": "target",
    "prediction": "pred", "prediction_multi": "pred", "prediction_function": "predf",
    "prediction_function_multi": "predf", "error": "error", "objective": "objective",
    "objective_i": "objective_i", "rate": "rate", "activation": "g", "activation_prime": "g",
}
MARKERS = {"it": "@it", "i": "@i", "j": "@j", "k": "@k", "l": "@l", "row": "@row", "col": "@col", "sub": ""}
_HEAD = re.compile(r"^(?P<hat>\\hat\{)?(?P<head>\\[A-Za-z]+|[A-Za-z])(?(hat)\})(?P<prime>')?")
_SCRIPT = re.compile(r"([_^])(?:\{([^{}]*)\}|(@[a-z]+|[A-Za-z0-9]))")

# Spellings the handouts use besides the tables' own (handout 000 writes w^l_{ij}, h^{(l)},
# \mathcal{C}; both write \epsilon for \varepsilon now and then, and σ for the activation). Keyed by notation name:
# (head, kind, superscript meaning, subscript fields).
ALIASES = {
    "neurons": (("\\epsilon", "error", None, ("i", "j")),
                ("\\theta", "threshold", None, ("j",)),
                ("\\vartheta", "threshold", None, ("j",)),
                ("\\sigma", "g", None, ())),
    "layers": (("w", "weight", "layer", ("row", "col")),
               ("h", "out", "layer", ("i", "j")),
               ("g", "g", None, ()),
               ("\\epsilon", "error", "layer", ("i", "j"))),
}


@dataclasses.dataclass(frozen=True)
class Pattern:
    """One way of writing one kind of symbol."""

    kind: str
    head: str
    hat: bool
    prime: bool
    sup: str | None            # "iteration" | "layer" | None
    sub: tuple[str, ...]       # index fields: ("k", "j"), ("i", "j"), ("row", "col"), ("i",)
    literal: str | None = None  # J_{i}: a fixed subscript letter


def _pattern(kind: str, template: str) -> Pattern | None:
    filled = template.format(**MARKERS)
    head = _HEAD.match(filled)
    if head is None:
        return None
    rest = filled[head.end():]
    sup, sub, literal = None, (), None
    for mark, braced, bare in _SCRIPT.findall(rest):
        content = braced or bare
        if mark == "^":
            sup = "iteration" if "@it" in content else "layer" if "@l" in content else None
        else:
            parts = [part.strip() for part in content.split(",")]
            if all(part.startswith("@") for part in parts):
                sub = tuple(part[1:] for part in parts)
            else:
                literal = content
    if _SCRIPT.sub("", rest).strip():
        return None
    return Pattern(kind, head["head"], bool(head["hat"]), bool(head["prime"]), sup, sub, literal)


@lru_cache(maxsize=None)
def patterns(notation: Notation) -> tuple[Pattern, ...]:
    """Every spelling of ``notation`` (tables first, then the handouts' aliases)."""
    found: list[Pattern] = []
    for field, kind in FIELDS.items():
        spelling = getattr(notation, field)
        for template in (spelling.latex, spelling.latex_estimate):
            if template:
                pattern = _pattern(kind, template)
                if pattern is not None and pattern not in found:
                    found.append(pattern)
    for head, kind, sup, sub in ALIASES.get(notation.name, ()):
        found.append(Pattern(kind, head, False, False, sup, sub))
    return tuple(found)


def heads(notation: Notation) -> tuple[str, ...]:
    """The heads a notation knows, for "expected" lists in messages."""
    seen: list[str] = []
    for pattern in patterns(notation):
        shown = f"\\hat{{{pattern.head}}}" if pattern.hat else pattern.head
        if shown not in seen:
            seen.append(shown)
    return tuple(seen)


def lookup(notation: Notation, head: str, hat: bool) -> list[Pattern]:
    """Patterns for a head; a hat is optional on symbols that have an estimate spelling."""
    candidates = [p for p in patterns(notation) if p.head == head]
    exact = [p for p in candidates if p.hat == hat]
    if exact:
        return exact
    if hat:
        # ŵ, Θ̂ in the layer notation mean "the updated value" (handout 000, eq. 13).
        return [p for p in candidates if p.kind in ("weight", "threshold")]
    return []


def other_notation(notation: Notation, head: str) -> str | None:
    """The other notation's name when it, and not this one, knows ``head``."""
    for other in NOTATIONS.values():
        if other != notation and any(p.head == head for p in patterns(other)):
            return other.name
    return None
