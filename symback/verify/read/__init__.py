"""Reading a formula: text -> raw LaTeX structure (grammar) -> formula tree (notation tables).

    raw     = parse_raw(text)                        # parser.py: lark, columns kept
    formula = Reader(notation, layout, text).formula(raw)   # reader.py and its helpers

In the layer notation a formula that writes a vector or matrix is read a second time with
``x_i``, ``z^l_i``, ``a^l_i`` as observation ``i``'s vectors.
"""

from __future__ import annotations

from ...notation import Notation
from .. import tree
from ..verdict import Unreadable
from .parser import parse_raw
from .qualifier import split
from .reader import Reader


def read(text: str, notation: Notation, layout: str) -> tree.Formula:
    """Formula text -> ``tree.Formula`` in ``notation`` (NEURONS or LAYERS) and ``layout``.

    Raises:
        Unreadable: with the column, the token and what was expected there.
    """
    raw = parse_raw(text)
    reader = Reader(notation, layout, text)
    try:
        formula = reader.formula(raw)
    except Unreadable:
        if notation.name != "layers" or not reader.symbols.matrix_seen:
            raise
        formula = None
    if notation.name == "layers" and reader.symbols.matrix_seen:
        try:
            return Reader(notation, layout, text, vectors=True).formula(raw)
        except Unreadable:
            if formula is None:
                raise
    return formula


__all__ = ["read", "split", "parse_raw"]
