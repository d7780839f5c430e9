"""``symback verify``: read hand-written backpropagation formulas and check them.

    text -> read/ (lark grammar, notation tables) -> formula tree -> build/ (SymPy per instance
    of the free indices) -> judge/ (equality, familiar mistake, counterexample) -> Verdict
    (correct | wrong with a diagnosis and a counterexample | unreadable with column, token and
    what was expected) -> render (text or JSON)
"""

from .check import Context, verify
from .verdict import CORRECT, UNREADABLE, WRONG, Verdict, exit_code

__all__ = ["Context", "verify", "Verdict", "exit_code", "CORRECT", "WRONG", "UNREADABLE"]
