"""Is a display of a handout about the network? ``--file`` checks those and lists the others
(``E = mc^2``, a definition of the sigmoid in x) as skipped.

A display is about the network when its first side names a symbol of the notation in use
(w, Θ, e, s, ε, J, ... or W, b, z, a, δ, C, ...), a derivative, or ∇: a gradient, an error
term, an update rule, a signal definition or the objective.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ...notation import Notation
from .spellings import heads, patterns

_FIRST_SIDE = re.compile(r"^(.*?)(?:=|\\gets|\\leftarrow|\\coloneqq|$)", re.S)
_OPERATORS = (r"\\partial", r"\\nabla")


@lru_cache(maxsize=None)
def _pattern(notation: Notation) -> re.Pattern:
    objective = notation.objective.latex
    weights = {pattern.head for pattern in patterns(notation) if pattern.kind == "weight"}
    names = [_spelled(head, head in weights) for head in heads(notation) if head not in ("g", "\\sigma", objective)]
    # A letter counts as a symbol only on its own and with an index or layer (x_{i,1}, a^l),
    # not inside a word or a command name: f(x) = x^2 is no formula about the network.
    tokens = "|".join(sorted(names, key=len, reverse=True))
    scripted = rf"(?<![A-Za-z\\])(?:{tokens})(?![A-Za-z])(?:\s*\}}){{0,2}}\s*[_^']"
    plain = "|".join([re.escape(objective)] + list(_OPERATORS))
    return re.compile(rf"{scripted}|(?<![A-Za-z\\])(?:{plain})(?![A-Za-z])")


_BOLD = r"(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)"


def _spelled(head: str, weight: bool) -> str:
    """A head as a pattern; ``\\hat{y}`` also as ``\\hat y``, ``\\widehat{y}`` or ``\\hat{\\mathbf{y}}``;
    any head in bold face (the matrix forms: ``\\mathbf{s}``, ``\\boldsymbol{\\Theta}``), a
    ``weight`` head also as a capital (``\\mathbf{W}``, the neuron notation's matrix of w)."""
    if head.startswith("\\hat{"):
        return r"\\(?:hat|widehat)\s*\{?\s*" + _BOLD + "?" + re.escape(head[len("\\hat{"):-1])
    letters = {head, head.upper()} if weight else {head}
    bold = _BOLD + "(?:" + "|".join(sorted(map(re.escape, letters))) + ")"
    return f"(?:{bold}|{re.escape(head)})"


def about_network(text: str, notation: Notation) -> bool:
    """True when the first side of ``text`` names a symbol of ``notation``, ∂ or ∇."""
    first = _FIRST_SIDE.match(text).group(1)
    return bool(_pattern(notation).search(first))
