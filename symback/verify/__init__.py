"""``symback verify``: read hand-written backpropagation formulas and check them.

    text -> parser (lark grammar, notation tables) -> formula tree -> SymPy per instance of the
    free indices -> equality (Prover, or 60-digit points) -> Verdict (correct | wrong with a
    diagnosis and a counterexample | unreadable with column, token and what was expected)
"""

from .check import Context, verify
from .verdict import CORRECT, UNREADABLE, WRONG, Verdict, exit_code

__all__ = ["Context", "verify", "Verdict", "exit_code", "CORRECT", "WRONG", "UNREADABLE"]
