"""The checks behind the spec's validation messages: each names the field, the value shown
briefly, and what is accepted (spec.py builds the Architecture with them)."""

from __future__ import annotations

import re
from typing import Any, Iterable

from .activations import ACTIVATIONS
from .errors import SpecError
from .formula import CustomActivation
from .losses import LOSSES

MAX_SIZE = 100_000  # far beyond what a derivation is printed for, well before memory runs out
MAX_DEPTH = 100  # layers of weights: every command is tested at this depth (tests/test_depth.py)
MAX_L2 = 1e6
CUSTOM_NAME = re.compile(r"^[a-z][a-z0-9_]{0,30}$")
REGULARIZATION_FIELDS = ("l2",)
CUSTOM_FIELDS = ("formula", "latex")

def _accepted(names: Iterable[str]) -> str:
    return ", ".join(sorted(names))


def _positive_int(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise SpecError(f"{field}: {_shown(value)} is not accepted; a size must be a positive integer")
    if value > MAX_SIZE:
        raise SpecError(f"{field}: {value} is too large; at most {MAX_SIZE} neurons per layer")
    return value


def _toml_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in escaped) + '"'


def _check_l2(value: Any, field: str) -> float:
    """λ of the L2 penalty: a finite number from 0 to MAX_L2."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= MAX_L2:
        raise SpecError(f"{field}: {value!r} is not accepted; λ must be a number from 0 to {MAX_L2:g}")
    return float(value)


def _check_custom_name(name: Any) -> None:
    if not isinstance(name, str) or not CUSTOM_NAME.match(name):
        raise SpecError(f"activations.{name}: the name is not accepted; use lower-case letters, digits and _, "
                        "starting with a letter, at most 31 characters")
    if name in ACTIVATIONS:
        raise SpecError(f"activations.{name}: {name!r} is a built-in activation; choose another name")


def _check_choice(value: Any, field: str, accepted: Iterable[str]) -> None:
    if not isinstance(value, str) or value not in accepted:  # a TOML list or table is not a name
        raise SpecError(f"{field}: {_shown(value)} is not accepted; accepted: {_accepted(accepted)}")


def _shown(value: Any, width: int = 60) -> str:
    """repr of a user's value, cut short: a message stays one readable line."""
    text = repr(value)
    return text if len(text) <= width else text[:width] + "…"


def _check_output_rules(layers: tuple, loss: str) -> None:
    last = len(layers) - 1
    for index, layer in enumerate(layers[:-1]):
        if layer.activation == "softmax":
            raise SpecError(f"layers[{index}].activation: 'softmax' is accepted only on the output "
                            f"layer (layers[{last}]), not on hidden layer {index + 1}")
    output = layers[-1]
    if output.activation == "softmax" and output.size == 1:
        raise SpecError(f"layers[{last}].activation: 'softmax' on a single output is the constant 1; "
                        "use softmax with 2 or more outputs, or sigmoid with bce")
    required = LOSSES[loss].requires_output
    if required and output.activation != required:
        raise SpecError(f"loss: {loss!r} needs a {required} output layer, "
                        f"but layers[{last}].activation is {output.activation!r}")


def _regularization(table: Any) -> float:
    """``[regularization]``: l2 = λ."""
    if not isinstance(table, dict):
        raise SpecError(f"regularization: {table!r} is not accepted; use a [regularization] table with l2 = λ")
    unknown = sorted(set(table) - set(REGULARIZATION_FIELDS))
    if unknown:
        raise SpecError(f"regularization: unknown field {unknown[0]!r}; accepted: {_accepted(REGULARIZATION_FIELDS)}")
    return _check_l2(table.get("l2", 0.0), "regularization.l2")


def _custom_activations(tables: Any) -> tuple[CustomActivation, ...]:
    """``[activations.NAME]`` tables: formula (required) and latex (optional)."""
    if not isinstance(tables, dict):
        raise SpecError(f"activations: {tables!r} is not accepted; use [activations.NAME] tables")
    customs = []
    for name, table in tables.items():
        _check_custom_name(name)
        if not isinstance(table, dict):
            raise SpecError(f"activations.{name}: {table!r} is not accepted; give a table with formula = \"...\"")
        unknown = sorted(set(table) - set(CUSTOM_FIELDS))
        if unknown:
            raise SpecError(f"activations.{name}: unknown field {unknown[0]!r}; accepted: {_accepted(CUSTOM_FIELDS)}")
        if "formula" not in table:
            raise SpecError(f"activations.{name}.formula: missing; give the activation as a formula in z")
        latex = table.get("latex")
        if latex is not None and not isinstance(latex, str):
            raise SpecError(f"activations.{name}.latex: {latex!r} is not accepted; give LaTeX text")
        customs.append(CustomActivation(name, table["formula"], latex))
    return tuple(customs)
