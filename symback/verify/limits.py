"""The limits of ``verify``: they keep every formula and file bounded in time and memory.

Closeness of numbers is the program's one rule, ``symback.limits.close``.
"""

from __future__ import annotations

MAX_FORMULA_LENGTH = 20000     # characters of one formula
MAX_NESTING = 60               # brackets inside brackets
MAX_NUMBER_DIGITS = 100        # digits of one number written in a formula
MAX_POWER = 16                 # |exponent| of a power (expanding (a + b)^1000 would never end)
MAX_INSTANCES = 64             # assignments of the free indices checked per formula
MAX_DIAGNOSED = 6              # failing instances of one link given a diagnosis
MAX_FILE_BYTES = 1_000_000     # a formula or .tex file read by --file
SYMBOLIC_SECONDS = 5.0         # time budget of the symbolic comparison of one formula
