"""Vectors and matrices of one observation, as the reports' matrix sections write them.

Neuron notation: bold symbols are the layer's arrays, ``\\mathbf{W}^{(2)}``,
``\\boldsymbol{\\Theta}^{(2)}``, ``\\mathbf{e}^{2}_{i}``, ``\\mathbf{s}^{2}_{i}``,
``\\boldsymbol{\\varepsilon}^{2}_{i}``, ``\\mathbf{x}_{i}``, ``\\hat{\\mathbf{y}}_{i}`` (the bold
point ``(\\hat{\\mathbf{w}}^0, \\hat{\\boldsymbol{\\Theta}}^0)`` stays a point).
Layer notation: in a formula of vectors (one with ``W^{(l)}``, ``b^{(l)}``, ``z^l`` or ``\\nabla``),
``z^{l}_{i}``, ``a^{l}_{i}``, ``\\delta^{l}_{i}``, ``x_{i}``, ``y_{i}`` are the vectors of
observation ``i``; elsewhere ``a^{l-1}_i`` keeps handout 000's meaning, one neuron ``i``.
"""

from __future__ import annotations

from .. import tree as ast
from ..verdict import Unreadable
from . import scripts as sc
from .spellings import lookup

VECTOR_KINDS = ("weight", "threshold", "pre", "out", "error", "pred", "target", "predf", "input")
WITHOUT_LAYER = ("input", "target", "pred", "predf")
BOLD_HEADS = {"W": "weight"}  # the neuron notation's matrix names its scalar tables do not hold
OBSERVATION = "i"


def vector_kind(symbols, head: str, hat: bool, bold: bool, subs, sups) -> str | None:
    """The kind of array a symbol names, or None when it is a scalar (or the point)."""
    if symbols.notation.name == "neurons":
        if not bold:
            return None
        kinds = [p.kind for p in lookup(symbols.notation, head, hat)]
        kind = BOLD_HEADS.get(head) if not hat and head in BOLD_HEADS else (kinds[0] if kinds else None)
        if kind in ("weight", "threshold") and not subs and (not sups or sc.plain_text(sups[0]) in ("0", "1")):
            return None
        return kind if kind in VECTOR_KINDS else None
    if not symbols.vectors or len(subs) != 1 or sc.plain_text(subs[0]) != OBSERVATION:
        return None
    patterns = lookup(symbols.notation, head, hat)
    if patterns and patterns[0].kind in VECTOR_KINDS and patterns[0].sub[:1] == ("i",):
        return patterns[0].kind
    return None


def vector(symbols, kind: str, subs, sups, column: int, text: str) -> ast.Node:
    """The array symbol: its layer from the superscript, its subscript the observation.

    Raises:
        Unreadable: when the layer is missing or the subscript is not one letter.
    """
    rest, layer = list(sups), None
    if kind not in WITHOUT_LAYER:
        if not rest:
            raise Unreadable(f"{text}: needs its layer as a superscript, like ^{{(2)}}", column, text, ())
        layer, transposes = sc.layer_ref(rest.pop(0), text)
        if layer is None:
            raise Unreadable(f"{text}: needs its layer as a superscript, like ^{{(2)}}", column, text, ())
        rest = ["T"] * transposes + rest
    if subs:
        letter = sc.plain_text(subs[0])
        if letter is None or len(letter) != 1 or not letter.isalpha():
            raise Unreadable(f"{text}: the subscript of a vector names the observation, like _{{i}}",
                             column, text, ())
        symbols.observation_letters.add(letter)
    symbols.matrix_seen = True
    node = ast.Sym(kind, ((),), (), layer, None, text, col=column)
    return symbols._scripted(node, rest, text)


def gradient_layer(symbols, sub, column: int):
    """The subscript of ∇: ``a`` (None), or the output activations ``a^{L}_{i}``, ``\\mathbf{s}^{3}_{i}``.

    Raises:
        Unreadable: for any other subscript.
    """
    symbols.matrix_seen = True
    if sc.plain_text(sub) == "a":
        return None
    value = symbols.reader.argument(sub)
    if isinstance(value, ast.Sym) and value.kind in ("out", "pred") and not value.fields:
        return value.layer
    raise Unreadable("only \\nabla_a C (the gradient in the output activations) is read",
                     column, "\\nabla", ("\\nabla_a",))
