"""The Architecture record and the three ways to describe one: TOML, shorthand, Python.

Every validation message lives here and names the field, the value and what is accepted.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from pathlib import Path
from typing import Any, Iterable

from functools import cached_property

from .activations import ACTIVATIONS, Activation
from .formula import CustomActivation, custom_activation
from .spec_checks import (MAX_DEPTH, MAX_SIZE, _accepted, _check_choice, _check_custom_name, _check_l2,
                          _check_output_rules, _custom_activations, _positive_int, _regularization, _shown,
                          _toml_string)
from .errors import SpecError
from .example.data import ExampleData, read_example_table
from .losses import LOSSES
from .output import read_user_text

NOTATIONS = ("neurons", "layers")
LAYOUTS = ("in-out", "out-in")
REFERENCES = ("none", "handouts")
TOML_FIELDS = ("inputs", "layers", "loss", "notation", "layout", "title", "references", "example",
               "activations", "regularization")
LAYER_FIELDS = ("size", "activation")
SHORTHAND = re.compile(r"^[\w\s.+-]*$")
ASCII_DIGITS = re.compile(r"[0-9]+")


@dataclasses.dataclass(frozen=True)
class Layer:
    """One layer of neurons: how many, and the activation they all share."""

    size: int
    activation: str


@dataclasses.dataclass(frozen=True)
class Architecture:
    """A multilayer perceptron, validated on construction.

    Args:
        inputs: number of input covariates.
        layers: hidden layers then the output layer, as ``Layer`` or ``(size, activation)``.
        loss: one of ``sse``, ``mse``, ``bce``, ``cce``.
        notation: ``neurons`` (handout 004) or ``layers`` (handout 000).
        layout: ``in-out`` (W is n_{l-1} x n_l, z = Wᵀa + b) or ``out-in`` (z = W a + b).
        title: optional document title.
        references: ``none`` (reports explain their notation and cite no course handout) or
            ``handouts`` (reports cite handouts 000 and 004, as the generated/ examples do).
        example: optional numbers for a worked example (the ``[example]`` table).
        l2: λ of the L2 penalty (λ/2) Σ w² added to the objective over every weight (thresholds
            and biases are not penalised); 0 for none.
        custom_activations: the user's own activations (``[activations.NAME]`` tables), each a
            formula in z that layers may name like a built-in one.

    Raises:
        SpecError: naming the first invalid field.
    """

    inputs: int
    layers: tuple[Layer, ...]
    loss: str = "sse"
    notation: str = "neurons"
    layout: str = "in-out"
    title: str | None = None
    references: str = "none"
    example: ExampleData | None = None
    custom_activations: tuple[CustomActivation, ...] = ()
    l2: float = 0.0

    def __post_init__(self):
        _positive_int(self.inputs, "inputs")
        object.__setattr__(self, "custom_activations", tuple(self.custom_activations))
        for custom in self.custom_activations:
            _check_custom_name(custom.name)
        accepted = set(ACTIVATIONS) | {custom.name for custom in self.custom_activations}
        if isinstance(self.layers, (str, bytes)) or not isinstance(self.layers, Iterable):
            raise SpecError(f"layers: {_shown(self.layers)} is not accepted; give a list of layers")
        layers = tuple(_as_layer(layer, f"layers[{index}]", accepted) for index, layer in enumerate(self.layers))
        if not layers:
            raise SpecError("layers: an empty list is not accepted; give at least the output layer")
        if len(layers) > MAX_DEPTH:
            raise SpecError(f"layers: {len(layers)} layers are too many; at most {MAX_DEPTH} (the deepest network "
                            "every command is tested on)")
        object.__setattr__(self, "layers", layers)
        _check_choice(self.loss, "loss", LOSSES)
        _check_choice(self.notation, "notation", NOTATIONS)
        _check_choice(self.layout, "layout", LAYOUTS)
        _check_choice(self.references, "references", REFERENCES)
        object.__setattr__(self, "l2", _check_l2(self.l2, "regularization.l2"))
        if self.title is not None and not isinstance(self.title, str):
            raise SpecError(f"title: {_shown(self.title)} is not accepted; a title must be text")
        if self.example is not None and not isinstance(self.example, ExampleData):
            raise SpecError(f"example: {_shown(self.example)} is not accepted; give an ExampleData or an [example] table")
        _check_output_rules(layers, self.loss)
        self.activation_table  # every formula read and checked now, with the field named

    @cached_property
    def activation_table(self) -> dict[str, Activation]:
        """The built-in activations and this architecture's own, by name."""
        table = dict(ACTIVATIONS)
        for custom in self.custom_activations:
            table[custom.name] = custom_activation(custom, f"activations.{custom.name}.formula")
        return table

    @property
    def sizes(self) -> tuple[int, ...]:
        """Neurons per layer, inputs first: (3, 2, 3, 1) for the handout network."""
        return (self.inputs,) + tuple(layer.size for layer in self.layers)

    @property
    def activations(self) -> tuple[str, ...]:
        return tuple(layer.activation for layer in self.layers)

    @property
    def depth(self) -> int:
        """Number of layers with parameters (hidden layers plus the output layer)."""
        return len(self.layers)

    @property
    def parameter_count(self) -> int:
        sizes = self.sizes
        return sum(sizes[l - 1] * sizes[l] + sizes[l] for l in range(1, len(sizes)))

    @property
    def shorthand(self) -> str:
        return "-".join(str(size) for size in self.sizes)

    def to_dict(self) -> dict:
        """Plain data, the same fields as the TOML file (for JSON output and spec.toml)."""
        data = {"inputs": self.inputs,
                "layers": [{"size": layer.size, "activation": layer.activation} for layer in self.layers],
                "loss": self.loss, "notation": self.notation, "layout": self.layout}
        if self.title is not None:
            data["title"] = self.title
        if self.references != "none":
            data["references"] = self.references
        if self.l2:
            data["regularization"] = {"l2": self.l2}
        if self.custom_activations:
            data["activations"] = {custom.name: {"formula": custom.formula, **({"latex": custom.latex}
                                                                              if custom.latex else {})}
                                   for custom in self.custom_activations}
        return data

    def to_toml(self) -> str:
        """The TOML text this architecture reads back from (deterministic)."""
        lines = []
        if self.title is not None:
            lines.append(f"title = {_toml_string(self.title)}")
        lines += [f"inputs = {self.inputs}", f'loss = "{self.loss}"',
                  f'notation = "{self.notation}"', f'layout = "{self.layout}"']
        if self.references != "none":
            lines.append(f'references = "{self.references}"')
        lines.append("")
        for layer in self.layers:
            lines += ["[[layers]]", f"size = {layer.size}", f'activation = "{layer.activation}"', ""]
        if self.l2:
            lines += ["[regularization]", f"l2 = {self.l2!r}", ""]
        for custom in self.custom_activations:
            lines += [f"[activations.{custom.name}]", f"formula = {_toml_string(custom.formula)}"]
            lines += [f"latex = {_toml_string(custom.latex)}"] if custom.latex else []
            lines.append("")
        return "\n".join(lines)

    def replace(self, **changes) -> "Architecture":
        return dataclasses.replace(self, **changes)


def _as_layer(layer: Any, field: str, accepted: Iterable[str] = ACTIVATIONS) -> Layer:
    if isinstance(layer, Layer):
        size, activation = layer.size, layer.activation
    elif isinstance(layer, dict):
        unknown = sorted(set(layer) - set(LAYER_FIELDS))
        if unknown:
            raise SpecError(f"{field}: unknown field {unknown[0]!r}; accepted: {_accepted(LAYER_FIELDS)}")
        if "size" not in layer:
            raise SpecError(f"{field}.size: missing; every layer needs a size")
        size, activation = layer["size"], layer.get("activation", "sigmoid")
    elif isinstance(layer, (tuple, list)) and len(layer) == 2:
        size, activation = layer
    else:
        raise SpecError(f"{field}: {_shown(layer)} is not accepted; give (size, activation)")
    _positive_int(size, f"{field}.size")
    _check_choice(activation, f"{field}.activation", accepted)
    return Layer(size, activation)


DEFAULT = Architecture(inputs=3, layers=((2, "sigmoid"), (3, "sigmoid"), (1, "sigmoid")),
                       loss="sse", notation="neurons", title=None)


def from_dict(data: dict, source: str = "spec") -> Architecture:
    """Build an Architecture from parsed TOML (or any mapping with the same fields)."""
    unknown = sorted(set(data) - set(TOML_FIELDS))
    if unknown:
        raise SpecError(f"{source}: unknown field {unknown[0]!r}; accepted: {_accepted(TOML_FIELDS)}")
    for field in ("inputs", "layers"):
        if field not in data:
            raise SpecError(f"{source}: missing field {field!r}")
    if not isinstance(data["layers"], list):
        raise SpecError(f"layers: {_shown(data['layers'])} is not accepted; use [[layers]] tables")
    return Architecture(inputs=data["inputs"], layers=tuple(data["layers"]),
                        loss=data.get("loss", "sse"), notation=data.get("notation", "neurons"),
                        layout=data.get("layout", "in-out"), title=data.get("title"),
                        references=data.get("references", "none"), example=_example(data),
                        custom_activations=_custom_activations(data.get("activations", {})),
                        l2=_regularization(data.get("regularization", {})))


def _example(data: dict) -> ExampleData | None:
    """The ``[example]`` table, its matrices read in the file's own layout."""
    if "example" not in data:
        return None
    layout = data.get("layout", "in-out")
    _check_choice(layout, "layout", LAYOUTS)
    return read_example_table(data["example"], layout)


def load_toml(path: str | Path) -> Architecture:
    """Read a TOML spec file; every failure is a SpecError naming the file."""
    path = Path(path)
    text = read_user_text(path, "spec file", "TOML file", SpecError)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SpecError(f"{path}: TOML syntax error: {error}") from None
    return from_dict(data, source=str(path))


def parse_activations(text: str, depth: int) -> tuple[str, ...]:
    """``sigmoid`` for every layer, or ``tanh,tanh,linear`` one per layer."""
    names = tuple(name.strip() for name in text.split(","))
    if "" in names:
        raise SpecError(f"--activation: {_shown(text)} has an empty name; give one activation for every layer "
                        f"or one per layer, comma-separated: {_accepted(ACTIVATIONS)}")
    if len(names) == 1:
        return names * depth
    if len(names) != depth:
        raise SpecError(f"--activation: {len(names)} activations given ({text!r}) for {depth} layers; "
                        "give one for every layer or exactly one per layer")
    return names


def parse_shorthand(text: str, activation: str = "sigmoid", loss: str = "sse",
                    notation: str = "neurons", layout: str = "in-out") -> Architecture:
    """Read ``3-2-3-1``: inputs, then the size of every layer up to the output."""
    parts = text.strip().split("-")
    if len(parts) < 2:
        raise SpecError(f"SPEC {text!r}: a shorthand needs inputs and at least one layer, like 3-2-3-1")
    sizes = [_shorthand_size(part.strip(), position, text) for position, part in enumerate(parts, start=1)]
    activations = parse_activations(activation, len(sizes) - 1)
    return Architecture(inputs=sizes[0], layers=tuple(zip(sizes[1:], activations)),
                        loss=loss, notation=notation, layout=layout)


def _shorthand_size(part: str, position: int, text: str) -> int:
    """One size of a shorthand: ASCII digits only (int() would also read '𝟐' and '٣')."""
    field = f"SPEC {_shown(text)}: size {position}"
    if not ASCII_DIGITS.fullmatch(part):
        raise SpecError(f"{field} is {_shown(part)}; sizes must be positive integers (digits 0-9) "
                        "separated by '-'")
    if len(part.lstrip("0")) > len(str(MAX_SIZE)):
        raise SpecError(f"{field} is too large; at most {MAX_SIZE} neurons per layer")
    return _positive_int(int(part), field)


def _exists(path: str) -> bool:
    """Path.exists, with names the system refuses (too long, NUL) counting as absent."""
    try:
        return Path(path).exists()
    except (OSError, ValueError):
        return False


def looks_like_spec(text: str) -> bool:
    """A SPEC argument rather than something else (a formula): a shorthand, a .toml name or
    an existing file."""
    try:
        is_file = Path(text).is_file()
    except (OSError, ValueError):
        is_file = False
    return is_file or text.endswith(".toml") or _looks_like_shorthand(text)


def _looks_like_shorthand(spec: str) -> bool:
    """``3-2-3-1`` (or a mistyped one like ``3-x-1``) rather than the path of a TOML file."""
    if _exists(spec) or spec.endswith(".toml") or not SHORTHAND.match(spec):
        return False
    return "-" in spec or spec.strip().isdigit()


def resolve(spec: str | None, activation: str | None = None, loss: str | None = None,
            notation: str | None = None, layout: str | None = None, l2: float | None = None) -> Architecture:
    """The CLI's SPEC argument: nothing (the handout network), a shorthand, or a TOML path.

    Options given on the command line override the file's or the default's fields; an option
    given is checked as given (an empty ``--loss ''`` is an error, not the default).
    """
    for option, value, accepted in (("--loss", loss, LOSSES), ("--notation", notation, NOTATIONS),
                                    ("--layout", layout, LAYOUTS)):
        if value is not None:
            _check_choice(value, option, accepted)
    if spec is not None and _looks_like_shorthand(spec):
        given = lambda value, default: default if value is None else value
        base = parse_shorthand(spec, given(activation, "sigmoid"), given(loss, "sse"),
                               given(notation, "neurons"), given(layout, "in-out"))
        return base.replace(l2=l2) if l2 is not None else base
    base = DEFAULT if spec is None else load_toml(spec)
    changes: dict[str, Any] = {} if l2 is None else {"l2": l2}
    if activation is not None:
        names = parse_activations(activation, base.depth)
        changes["layers"] = tuple(Layer(layer.size, name) for layer, name in zip(base.layers, names))
    for field, value in (("loss", loss), ("notation", notation), ("layout", layout)):
        if value is not None:
            changes[field] = value
    return base.replace(**changes) if changes else base
