"""User text (titles) made literal for LaTeX and Markdown."""

from __future__ import annotations

import unicodedata

from ..errors import SpecError

_LATEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
                  "^": r"\textasciicircum{}", "_": r"\_", "~": r"\textasciitilde{}", "%": r"\%",
                  "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}",
                  "'": r"\textquotesingle{}", "`": r"\textasciigrave{}"}
# Characters that start a ligature in TeX's fonts (-- ---, ?` !`; quotes are set as straight
# quotes above): an empty group after each keeps every character as typed.
_LIGATURE_STARTS = set("-?!")
_MARKDOWN_SPECIAL = set("\\`*_{}[]<>#|$~^")
MAX_TITLE = 200


def _check_typesettable(text: str, field: str = "title") -> str:
    """Some text, at most MAX_TITLE characters, only characters pdflatex can set with the
    default fonts: ASCII and accented Latin."""
    if not text.strip():
        raise SpecError(f"{field}: {text!r} is not accepted; give some text, or no {field} for the default one")
    if len(text) > MAX_TITLE:
        raise SpecError(f"{field}: {len(text)} characters is too long; at most {MAX_TITLE} are accepted")
    for char in text:
        if char.isascii() and (char.isprintable() or char == " "):
            continue
        if unicodedata.category(char).startswith("L") and "LATIN" in unicodedata.name(char, "") \
                and ord(char) <= 0xFF:
            continue
        raise SpecError(f"{field}: character {char!r} (U+{ord(char):04X}) cannot be typeset by pdflatex; "
                        "use ASCII or accented Latin letters")
    return text


# Greek letters in the tables' display names (``ELU (α = 1)``), as inline math; the _ of a
# user's activation's name (``square_relu``) escaped, which LaTeX and Markdown both read as _.
_TABLE_CHARACTERS = {"α": r"$\alpha$", "_": r"\_"}


def table_words(text: str) -> str:
    """A display name from the activation and loss tables, settable by pdflatex (and by
    GitHub's Markdown math): Greek letters as inline math, _ escaped."""
    return "".join(_TABLE_CHARACTERS.get(char, char) for char in text)


def escape_latex(text: str) -> str:
    """User text for LaTeX: every character TeX treats specially becomes a literal, and no
    ligature forms (``---`` stays three hyphens)."""
    _check_typesettable(text)
    return "".join(_LATEX_SPECIAL.get(char, char + "{}" if char in _LIGATURE_STARTS else char) for char in text)


def escape_markdown(text: str) -> str:
    """User text for Markdown: punctuation Markdown (or GitHub math) would interpret is escaped,
    and a leading character that would start a list or a quote."""
    _check_typesettable(text)
    escaped = "".join("\\" + char if char in _MARKDOWN_SPECIAL else char for char in text)
    return "\\" + escaped if escaped[:1] in ("-", "+", ">", "=") else escaped
