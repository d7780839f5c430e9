"""SymPy printers for derivation expressions: everything inside one expression."""

from .latex import LatexPrinter, latex
from .layout import chain_limit, sum_terms, written_out
from .text import TextPrinter, text

__all__ = ["LatexPrinter", "TextPrinter", "latex", "text", "written_out", "chain_limit", "sum_terms"]
