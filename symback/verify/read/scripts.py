"""Subscripts and superscripts as indices and layers: ``_{j,F}``, ``_{jF}``, ``_{14}``, ``^{(l+1)}``.

Handouts write ``w_{14}`` for ``w_{1,4}`` and ``\\hat{w}^0_{6F}`` for ``\\hat{w}^0_{6,F}``; a run
of digits is split every way that gives the right number of indices and the builder keeps
the splits that name existing neurons.
"""

from __future__ import annotations

from ..tree import Index, LayerRef
from ..verdict import Unreadable
from .nodes import Group, Postfix, RawRelation, Tok, Wrap


def single_product(relation):
    """The items of a relation that is one product with no sign: ``jF`` -> [j, F]."""
    if not isinstance(relation, RawRelation) or len(relation.sides) != 1:
        return None
    terms = relation.sides[0]
    if len(terms) != 1 or terms[0][0] != "+" or len(terms[0][1]) != 1:
        return None
    return [item for op, item in terms[0][1][0]] if all(op is None for op, _ in terms[0][1][0]) else None


def chunks(arg) -> list[Tok] | None:
    """Letters and digit runs of a script argument, or None when it is not a plain index list."""
    if isinstance(arg, Tok):
        return [arg] if arg.kind in ("LETTER", "DIGIT", "NUMBER") else None
    if not isinstance(arg, Group):
        return None
    found: list[Tok] = []
    for relation in arg.items:
        items = single_product(relation)
        if items is None:
            return None
        for item in items:
            if not isinstance(item, Postfix) or item.scripts or not isinstance(item.primary, Tok):
                return None
            if item.primary.kind not in ("LETTER", "DIGIT", "NUMBER") or "." in item.primary.text:
                return None
            found.append(item.primary)
    return found


def index_of(token: Tok, output_name: str | None) -> Index:
    if token.kind == "LETTER":
        kind = "output" if output_name and token.text == output_name else "letter"
        return Index(kind, token.text, token.col)
    return Index("number", int(token.text), token.col)


def _splits(tokens: list[Tok], count: int) -> list[list[Tok]]:
    """Every way of cutting digit runs so that ``tokens`` become ``count`` indices."""
    if not tokens:
        return [[]] if count == 0 else []
    first, rest = tokens[0], tokens[1:]
    if first.kind == "LETTER" or len(first.text) == 1:
        return [[first] + tail for tail in _splits(rest, count - 1)]
    results = []
    for cut in range(1, len(first.text) + 1):
        head = Tok("NUMBER", first.text[:cut], first.col, first.pos)
        remainder = first.text[cut:]
        tail_tokens = ([Tok("NUMBER", remainder, first.col + cut, first.pos + cut)] if remainder else []) + rest
        if remainder and remainder.startswith("0"):
            continue
        results += [[head] + tail for tail in _splits(tail_tokens, count - 1)]
    return results


def index_options(arg, count: int, output_name: str | None, where: str) -> tuple[tuple[Index, ...], ...]:
    """The readings of a subscript as ``count`` indices (several when digits can be cut two ways).

    Raises:
        Unreadable: when the subscript is not a list of letters and numbers of that length.
    """
    if isinstance(arg, Group) and len(arg.items) > 1:
        if len(arg.items) != count:
            raise Unreadable(f"{where} takes {count} indices here, not {len(arg.items)}", arg.col, where, ())
        options = [chunks(Group("brace", [item], arg.col, arg.pos, arg.end)) for item in arg.items]
        if any(option is None or len(option) != 1 for option in options):
            raise Unreadable(f"the indices of {where} must be letters or numbers", arg.col, where, ())
        return (tuple(index_of(option[0], output_name) for option in options),)
    tokens = chunks(arg)
    if tokens is None:
        column = getattr(arg, "col", 1)
        raise Unreadable(f"the subscript of {where} must be letters or numbers, like {{j,F}} or {{14}}",
                         column, where, ())
    return tuple(tuple(index_of(t, output_name) for t in split) for split in _splits(tokens, count))


def count_chunks(arg) -> int | None:
    """How many indices a subscript writes at least (digit runs count once)."""
    if isinstance(arg, Group) and len(arg.items) > 1:
        return len(arg.items)
    tokens = chunks(arg)
    return None if tokens is None else len(tokens)


def max_chunks(arg) -> int | None:
    """How many indices a subscript can be read as at most (every digit on its own)."""
    if isinstance(arg, Group) and len(arg.items) > 1:
        return len(arg.items)
    tokens = chunks(arg)
    return None if tokens is None else sum(1 if t.kind == "LETTER" else len(t.text) for t in tokens)


def layer_ref(arg, where: str) -> tuple[LayerRef | None, int]:
    """A layer superscript -> (layer, number of transposes): ``(l+1)``, ``L``, ``T(1)``, ``2``.

    Raises:
        Unreadable: when the superscript is not a layer.
    """
    column = getattr(arg, "col", 1)
    if isinstance(arg, Tok):
        if arg.text in ("T",) or arg.kind == "TOP":
            return None, 1
        if arg.kind == "LETTER":
            return LayerRef(arg.text), 0
        if arg.kind in ("DIGIT", "NUMBER"):
            return LayerRef(None, int(arg.text)), 0
        raise Unreadable(f"{where}: the superscript must be a layer such as l, l+1 or (2)", column, arg.text, ())
    if isinstance(arg, Group) and len(arg.items) == 1:
        return _layer_relation(arg.items[0], where, column)
    raise Unreadable(f"{where}: the superscript must be a layer such as l, l+1 or (2)", column, where, ())


def _layer_relation(relation, where: str, column: int) -> tuple[LayerRef | None, int]:
    if not isinstance(relation, RawRelation) or len(relation.sides) != 1:
        raise Unreadable(f"{where}: the superscript must be a layer", column, where, ())
    terms = relation.sides[0]
    layer, transposes, offset = None, 0, 0
    for position, (sign, products) in enumerate(terms):
        if len(products) != 1:
            raise Unreadable(f"{where}: the superscript must be a layer", column, where, ())
        for op, item in products[0]:
            found, flips, number = _layer_item(item, where, column)
            transposes += flips
            if number is not None and (layer is not None or position > 0):
                offset += number if sign == "+" else -number
            elif number is not None:
                layer = LayerRef(None, number)
            elif found is not None:
                if layer is not None or sign == "-":
                    raise Unreadable(f"{where}: the superscript must be a layer", column, where, ())
                layer = found
    if layer is not None and offset:
        layer = LayerRef(layer.var, layer.offset + offset)
    return layer, transposes


def _layer_item(item, where, column):
    """One factor of a layer superscript -> (layer, transposes, plain number)."""
    if isinstance(item, Postfix) and not item.scripts:
        primary = item.primary
        if isinstance(primary, Tok) and (primary.text == "T" or primary.kind == "TOP"):
            return None, 1, None
        if isinstance(primary, Tok) and primary.kind == "LETTER":
            return LayerRef(primary.text), 0, None
        if isinstance(primary, Tok) and primary.kind in ("DIGIT", "NUMBER") and "." not in primary.text:
            return None, 0, int(primary.text)
        if isinstance(primary, Group) and primary.kind == "paren" and len(primary.items) == 1:
            layer, flips = _layer_relation(primary.items[0], where, column)
            if layer is not None and layer.var is None:
                return None, flips, layer.offset
            return layer, flips, None
    raise Unreadable(f"{where}: the superscript must be a layer such as l, l+1 or (2)", column, where, ())


def plain_text(arg) -> str | None:
    """The text of a one-token script such as ``0``, ``1``, ``T`` or ``2`` (None otherwise);
    every spelling of the transpose (``\\top``, ``\\intercal``, ``\\mathsf{T}``) reads as ``T``."""
    if isinstance(arg, Tok):
        return "T" if arg.kind == "TOP" else arg.text
    if isinstance(arg, Wrap) and arg.kind == "operatorname" and arg.inner.text == "T":
        return "T"
    if isinstance(arg, Group) and len(arg.items) == 1:
        items = single_product(arg.items[0])
        if items and len(items) == 1 and isinstance(items[0], Postfix) and not items[0].scripts \
                and isinstance(items[0].primary, (Tok, Wrap)) and not _index_token(items[0].primary):
            return plain_text(items[0].primary)
    tokens = chunks(arg)
    if tokens is not None and len(tokens) == 1:
        return tokens[0].text
    return None


def _index_token(item) -> bool:
    return isinstance(item, Tok) and item.kind in ("LETTER", "DIGIT", "NUMBER")
