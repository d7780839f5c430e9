"""A Worked example (or a set of them) as a Document of strings, rendered by the templates.

    document = example_document(worked, "en", digits=9)
    tex = render_latex(document)       # templates/latex/example.tex.j2
    md = render_markdown(document)     # templates/markdown/example.md.j2
"""

from __future__ import annotations

import dataclasses

from ..jinja import render
from .records import Block, Document, Section
from .sections import (Context, backward_section, forward_section, gradients_section, iterations_section,
                       objective_section, setup_section, update_section)
from .worked import Worked

LATEX_TEMPLATE = "example.tex.j2"
MARKDOWN_TEMPLATE = "example.md.j2"


def context(worked: Worked, lang: str, digits: int) -> Context:
    return Context(worked.derivation, worked.problem, worked.iterations, worked.namer, lang, digits)


def source(worked: Worked) -> str:
    arch = worked.derivation.arch
    return (f"{arch.shorthand} ({', '.join(arch.activations)}; loss {arch.loss}; notation {arch.notation}; "
            f"layout {arch.layout})")


def example_sections(worked: Worked, lang: str, digits: int) -> tuple[Section, ...]:
    """Starting values, forward pass, objective, error terms, gradients, update[, iterations]."""
    ctx = context(worked, lang, digits)
    builders = [setup_section, forward_section, objective_section, backward_section, gradients_section,
                update_section]
    if len(worked.iterations) > 1:
        builders.append(iterations_section)
    return tuple(builder(ctx) for builder in builders)


def example_document(worked: Worked, lang: str, digits: int) -> Document:
    """The worked example of one problem."""
    ctx = context(worked, lang, digits)
    shorthand = worked.derivation.arch.shorthand
    return Document(lang, ctx.m("title", shorthand=shorthand), ctx.m("figure_name"), ctx.m("author"), ctx.m("intro", digits=digits),
                    source(worked), example_sections(worked, lang, digits))


def as_subsections(title: str, sections: tuple[Section, ...]) -> Section:
    """Several sections folded into one, their titles becoming subsections (answer keys)."""
    blocks = []
    for section in sections:
        blocks.append(Block("subsection", section.title))
        blocks += [dataclasses.replace(block, kind="subsubsection") if block.kind == "subsection" else block
                   for block in section.blocks]
    return Section(title, tuple(blocks))


def render_latex(document: Document) -> str:
    return render("latex", LATEX_TEMPLATE, doc=document, template=LATEX_TEMPLATE)


def render_markdown(document: Document) -> str:
    return render("markdown", MARKDOWN_TEMPLATE, doc=document, template=MARKDOWN_TEMPLATE)
