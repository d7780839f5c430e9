"""Function names as people write them: ``\\tanh``, ``\\operatorname{ReLU}``, ``\\max(0, x)``,
``\\operatorname{sech}^2``, ``\\cosh``, ``\\exp``, ``\\ln``, ``\\log``, with a prime for the
derivative and a power on the function (``\\tanh^2(x)`` is ``(\\tanh x)^2``).

An activation is recognised by its name in ``symback.activations.ACTIVATIONS`` (any case), so
a new entry of that table is read without a change here; the builder decides whether the name
is the activation of the layer it is applied in (then it is g) or another function.
"""

from __future__ import annotations

from ...activations import ACTIVATIONS
from ..verdict import Unreadable
from . import scripts as sc
from .nodes import Marker

# Functions of analysis that are no activation: word -> ``Apply.func``.
MATH = {"log": "log", "ln": "log", "exp": "exp", "cosh": "cosh", "sinh": "sinh", "sech": "sech"}


def func_of(word: str, prime: bool) -> str | None:
    """``Apply.func`` for a function word (None when it names no function read here)."""
    name = _activation_named(word)
    if name is not None:
        return ("actp:" if prime else "act:") + name
    lower = word.lower()
    if prime:
        return None
    return MATH.get(lower)


def _activation_named(word: str) -> str | None:
    """The table's activation a word names, in any case and without underscores (LeakyReLU)."""
    wanted = word.lower().replace("_", "")
    return next((name for name in ACTIVATIONS if name.replace("_", "") == wanted), None)


def accepted_words() -> tuple[str, ...]:
    """The function words read, for "expected" lists."""
    return tuple(sorted(ACTIVATIONS)) + tuple(sorted(set(MATH)))


def function_marker(symbols, word: str, column: int, scripts, shown: str) -> Marker:
    """``\\tanh``, ``\\operatorname{ReLU}'``, ``\\operatorname{sech}^2``: the marker waiting for
    its argument (``\\max`` reads as max(0, x), the ReLU)."""
    primes, power = split_scripts(symbols, scripts, shown, column)
    if word == "max" and not primes and power is None:
        return Marker("func", column, func="max")
    func = func_of(word, primes > 0)
    if func is None or primes > 1:
        raise Unreadable(f"unknown function {shown!r}", column, shown, accepted_words())
    return Marker("func", column, func=func, power=power)


def split_scripts(symbols, scripts, shown: str, column: int):
    """-> (number of primes, the power or None) of a function name's scripts.

    Raises:
        Unreadable: for a subscript, or two powers.
    """
    primes, power = 0, None
    for script in scripts:
        if script.kind == "prime" or (script.kind == "sup" and sc.plain_text(script.arg) == "\\prime"):
            primes += 1
        elif script.kind == "sup" and power is None:
            power = symbols.reader.argument(script.arg)
        else:
            raise Unreadable(f"{shown}: a function takes a prime or a power here, like {shown}^2(x)",
                             column, shown, ("(",))
    return primes, power
