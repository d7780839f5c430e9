"""Jinja2 environments for the templates/ directory (LaTeX, Markdown, NumPy).

templates/ lives at the top of the repository; a non-editable install places it inside the
package as ``symback/templates`` (see pyproject.toml), so both places are looked up.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from .errors import OutputError


def templates_dir() -> Path:
    """The directory holding latex/, markdown/ and numpy/ templates."""
    installed = Path(__file__).parent / "templates"
    checkout = Path(__file__).parent.parent / "templates"
    for candidate in (installed, checkout):
        if candidate.is_dir():
            return candidate
    raise OutputError(f"templates not found in {installed} or {checkout}; reinstall symback")


@lru_cache(maxsize=None)
def environment(kind: str) -> jinja2.Environment:
    """StrictUndefined, no autoescape; LaTeX templates use ((* *)) and ((( ))) delimiters
    so that TeX braces never collide with Jinja's."""
    options = dict(loader=jinja2.FileSystemLoader(str(templates_dir() / kind)),
                   undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                   keep_trailing_newline=True, autoescape=False)
    if kind == "latex":
        options.update(block_start_string="((*", block_end_string="*))",
                       variable_start_string="(((", variable_end_string=")))",
                       comment_start_string="((=", comment_end_string="=))")
    return jinja2.Environment(**options)


def render(kind: str, name: str, **context) -> str:
    """Render templates/<kind>/<name> with the given plain-string context."""
    return environment(kind).get_template(name).render(**context)
