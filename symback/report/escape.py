"""User text (titles) made literal for LaTeX and Markdown."""

from __future__ import annotations

import unicodedata

from ..errors import SpecError

_LATEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
                  "^": r"\textasciicircum{}", "_": r"\_", "~": r"\textasciitilde{}", "%": r"\%",
                  "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}"}
_MARKDOWN_SPECIAL = set("\\`*_{}[]<>#|$~^")


def _check_typesettable(text: str, field: str = "title") -> str:
    """Only characters pdflatex can set with the default fonts: ASCII and accented Latin."""
    for char in text:
        if char.isascii() and (char.isprintable() or char == " "):
            continue
        if unicodedata.category(char).startswith("L") and "LATIN" in unicodedata.name(char, "") \
                and ord(char) <= 0xFF:
            continue
        raise SpecError(f"{field}: character {char!r} (U+{ord(char):04X}) cannot be typeset by pdflatex; "
                        "use ASCII or accented Latin letters")
    return text


def escape_latex(text: str) -> str:
    """User text for LaTeX: every character TeX treats specially becomes a literal."""
    _check_typesettable(text)
    return "".join(_LATEX_SPECIAL.get(char, char) for char in text)


def escape_markdown(text: str) -> str:
    """User text for Markdown: punctuation Markdown (or GitHub math) would interpret is escaped,
    and a leading character that would start a list or a quote."""
    _check_typesettable(text)
    escaped = "".join("\\" + char if char in _MARKDOWN_SPECIAL else char for char in text)
    return "\\" + escaped if escaped[:1] in ("-", "+", ">", "=") else escaped
