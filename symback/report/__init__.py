"""Reports: a Derivation turned into plain records of strings, rendered as LaTeX and Markdown.

    report = build_report(arch, "en")       # every displayed equality checked here
    tex = render_latex(report)               # templates/latex/report.tex.j2
    md = render_markdown(report)             # templates/markdown/report.md.j2

``build_report`` raises ProofError (and nothing is written) when any equality it would display
fails the Proof. ``write_report`` writes report.tex / report.md (and report.pdf through
``symback.report.pdf``) into a directory.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from ..derive import Derivation, derive
from ..errors import OutputError
from ..jinja import render
from ..output import ensure_directory, write_atomic
from ..spec import Architecture
from .blocks import Section
from .context import Context
from .escape import escape_latex, escape_markdown
from .groups import derivation_section, errors_section
from .ledger import Ledger, Verification
from .matrix import matrix_section
from .pdf import compile_pdf
from .sections import algorithm_section, checked_section, forward_section, network_section, objective_section

FORMATS = ("tex", "md", "pdf")
LATEX_TEMPLATE = "report.tex.j2"
FRAGMENT_TEMPLATE = "fragment.tex.j2"
MARKDOWN_TEMPLATE = "report.md.j2"

@dataclasses.dataclass(frozen=True)
class Report:
    """Everything a template needs: strings, sections of blocks, and what was verified."""

    lang: str
    title: str           # already escaped for LaTeX
    markdown_title: str  # escaped for Markdown
    author: str
    intro: str
    sections: tuple[Section, ...]
    verification: Verification
    source: str
    figure_name: str
    table_name: str
    markdown_figure: str


# -- building -------------------------------------------------------------------------------
def _source(arch: Architecture) -> str:
    return (f"{arch.shorthand} ({', '.join(arch.activations)}; loss {arch.loss}; notation {arch.notation}; "
            f"layout {arch.layout})")


def build_report(arch: Architecture, lang: str = "en", method: str = "auto",
                 derivation: Derivation | None = None, ledger: Ledger | None = None,
                 source: str | None = None) -> Report:
    """Lay out and verify the report of one architecture in one language.

    Args:
        arch: the network.
        lang: ``en`` or ``pt``.
        method: proof method (``auto``: symbolic up to 150 parameters, numeric above).
        derivation: reuse a derivation already built for ``arch``.
        ledger: a ledger whose verified results may be reused (another language, same maths).
        source: what the generated-file header names as the source (default: the spec summary).
    Returns:
        the Report, every displayed equality verified.
    Raises:
        ProofError: when an equality fails; SpecError for an untypesettable title.
    """
    derivation = derivation or derive(arch)
    ledger = ledger.spawn() if ledger is not None else Ledger(derivation, method)
    ctx = Context(derivation, lang, ledger)
    m = ctx.m
    title = escape_latex(arch.title) if arch.title else m("title", shorthand=arch.shorthand)
    plain = escape_markdown(arch.title) if arch.title else m("title", shorthand=arch.shorthand)
    builders = (network_section, forward_section, objective_section, derivation_section, errors_section,
                matrix_section, algorithm_section)
    sections = [builder(ctx) for builder in builders]
    verification = ledger.verify()
    sections.append(checked_section(ctx, verification))
    return Report(lang, title, plain, m("author"),
                  m("intro", threshold=m("threshold")), tuple(sections), verification,
                  source or _source(arch), m("figure_name"), m("table_name"), m("markdown_figure"))


def build_reports(arch: Architecture, langs, method: str = "auto", source: str | None = None) -> list[Report]:
    """The report of one architecture in several languages; the mathematics is laid out and
    verified for each, the checks themselves run once."""
    derivation = derive(arch)
    ledger = Ledger(derivation, method)
    return [build_report(arch, lang, method, derivation, ledger, source) for lang in langs]


def render_latex(report: Report, fragment: bool = False) -> str:
    """The standalone .tex document, or with ``fragment`` its body only (to ``\\input`` into
    another document; the packages it needs are listed in a comment at its top)."""
    name = FRAGMENT_TEMPLATE if fragment else LATEX_TEMPLATE
    return render("latex", name, doc=report, template=name)


_REF = re.compile(r"(Figure|Figura|Table|Tabela|Section|Seção)~\\ref\{([^}]*)\}")


def _markdown_text(text: str, numbers: dict) -> str:
    """LaTeX cross-references become numbers; ties become spaces."""
    return _REF.sub(lambda match: f"{match.group(1)} {numbers.get(match.group(2), '?')}", text).replace("~", " ")


def render_markdown(report: Report) -> str:
    """The Markdown document (GitHub math: ``$...$`` and ``$$...$$``)."""
    numbers = {"fig:network": 1, "tab:layers": 1, "tab:shapes": 2}
    numbers.update({section.label: index for index, section in enumerate(report.sections, start=1)})
    convert = lambda text: _markdown_text(text, numbers)
    sections = []
    for section in report.sections:
        blocks = tuple(dataclasses.replace(block, text=convert(block.text),
                                           items=tuple(convert(item) for item in block.items))
                       for block in section.blocks)
        sections.append(dataclasses.replace(section, blocks=blocks))
    document = dataclasses.replace(report, intro=convert(report.intro), sections=tuple(sections))
    return render("markdown", MARKDOWN_TEMPLATE, doc=document, template=MARKDOWN_TEMPLATE)


def parse_formats(text: str) -> tuple[str, ...]:
    """``tex,md,pdf`` -> ('tex', 'md', 'pdf'); an unknown format is a one-line error."""
    formats = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [name for name in formats if name not in FORMATS]
    if unknown or not formats:
        raise OutputError(f"--format: {unknown[0] if unknown else text!r} is not accepted; "
                          f"accepted: {', '.join(FORMATS)} (comma-separated)")
    return formats


def write_report(report: Report, out: str | Path, formats=("tex", "md"), stem: str = "report",
                 fragment: bool = False) -> list[Path]:
    """Write the report's files into ``out`` (created if needed), renamed into place only once
    every one of them (the PDF included) was produced.

    With ``fragment`` the .tex holds the document body only (no PDF can be built from it).

    Returns:
        the paths written.
    Raises:
        OutputError: ``out`` unusable, or the PDF could not be built (nothing is written then).
    """
    directory = ensure_directory(out)
    files: dict[str, str | bytes] = {}
    if "tex" in formats or "pdf" in formats:
        files[f"{stem}.tex"] = render_latex(report, fragment)
    if "md" in formats:
        files[f"{stem}.md"] = render_markdown(report)
    if "pdf" in formats:
        files[f"{stem}.pdf"] = compile_pdf(render_latex(report), f"{stem}.pdf")
    return [write_atomic(directory / name, content) for name, content in files.items()]
