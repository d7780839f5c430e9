"""The message tables of the reports, one module per language (en.py, pt.py): every sentence,
heading and rule name.

Values are LaTeX-and-Markdown-safe text: mathematics goes between ``$...$`` (GitHub renders
it), and nothing else that TeX treats specially appears. ``{name}`` fields are filled with
mathematics or numbers by the report builder. A value may be a mapping ``{"neurons": ...,
"layers": ...}`` when the two notations need different words (handout 004 speaks of
thresholds and signals, handout 000 of biases and activations).
"""

from __future__ import annotations

from typing import Mapping

from ...errors import SymbackError
from . import en, pt

LANGUAGES = ("en", "pt")
TABLES = {"en": en.MESSAGES, "pt": pt.MESSAGES}
HANDOUTS = {"en": en.HANDOUTS, "pt": pt.HANDOUTS}
RULES = {"en": en.RULES, "pt": pt.RULES}


class Messages:
    """The messages of one language, with per-notation variants already chosen.

    Args:
        lang: ``en`` or ``pt``.
        notation: ``neurons`` or ``layers``.
        references: ``none`` (the document stands on its own) or ``handouts`` (it cites the
            equations of handouts 000 and 004).
    Raises:
        SymbackError: for a language that has no table.
    """

    def __init__(self, lang: str, notation: str, references: str = "none"):
        if lang not in TABLES:
            raise SymbackError(f"--lang: {lang!r} is not accepted; accepted: {', '.join(LANGUAGES)}")
        self.lang = lang
        self.notation = notation
        self._table = {**TABLES[lang], **(HANDOUTS[lang] if references == "handouts" else {})}
        self._rules = RULES[lang]

    def _choose(self, value):
        return value[self.notation] if isinstance(value, Mapping) else value

    def __call__(self, key: str, **fields) -> str:
        """The message ``key`` with its ``{fields}`` filled in."""
        text = self._choose(self._table[key])
        if isinstance(text, list):
            return [item.format(**fields) for item in text]
        return text.format(**fields)

    def has(self, key: str) -> bool:
        return key in self._table

    def rule(self, key: str) -> str:
        """The name of a derivation rule (py's keys and the report's own)."""
        return self._choose(self._rules[key])
