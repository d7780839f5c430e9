"""Helpers shared by the report tests: compiling LaTeX, reading a report's displays back, and
verifying every display formula of a report through ``symback verify``."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from symback.verify import CORRECT, verify
from symback.verify.read.texfile import display_formulas

NOT_EQUALITY = re.compile(r":=|\\coloneqq(?![A-Za-z])|\\leftarrow(?![A-Za-z])|\\gets(?![A-Za-z])")
STATED = re.compile(r"(?:Each of the|Cada uma das) (\d+) (?:equalities|igualdades)")
ALIGN = re.compile(r"\\begin\{align\*\}(.*?)\\end\{align\*\}", re.S)


def compile_tex(tex: str, directory: Path) -> str:
    """pdflatex twice (references settle on the second run); returns the second log."""
    assert shutil.which("pdflatex"), "pdflatex is required: install texlive-latex-base, " \
                                     "texlive-latex-recommended and texlive-pictures"
    (directory / "report.tex").write_text(tex, encoding="utf-8")
    for _ in range(2):
        result = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "report.tex"],
                                cwd=directory, capture_output=True, timeout=300, stdin=subprocess.DEVNULL)
    log = (directory / "report.log").read_text(errors="replace")
    assert result.returncode == 0, next((line for line in log.splitlines() if line.startswith("!")), log[-2000:])
    return log


def assert_clean(log: str) -> None:
    """No undefined reference and no overfull box at all (nothing wider than the text, no
    page taller than the page)."""
    assert "undefined" not in log.lower(), [line for line in log.splitlines() if "ndefined" in line]
    assert "Overfull" not in log, [line for line in log.splitlines() if "Overfull" in line]


def display_rows(tex: str) -> list[list[str]]:
    """The rows of every aligned display, each as its LaTeX source line (tags included)."""
    return [[row.strip() for row in re.split(r"\\\\\*?\s*\n", block.strip()) if row.strip()]
            for block in ALIGN.findall(tex)]


def verify_report(source: str, context, keep=lambda text: True) -> tuple[list, int, int]:
    """Every display formula of a report's LaTeX (those ``keep`` accepts) through verify:
    (formulas not correct, equalities found, statements that are not equalities (``:=``,
    ``\\leftarrow``))."""
    formulas = [formula for formula in display_formulas(source) if keep(formula.text)]
    problems, equalities, statements = [], 0, 0
    for formula in formulas:
        verdict = verify(formula.text, context, formula.line)
        if verdict.status != CORRECT:
            detail = verdict.error.message if verdict.error else [l.to_dict() for l in verdict.links if not l.ok]
            problems.append((formula.line, verdict.status, formula.text[:120], detail))
            continue
        others = len(NOT_EQUALITY.findall(formula.text))  # one link per := or \leftarrow
        statements += others
        equalities += len(verdict.links) - others
    return problems, equalities, statements


def stated_equalities(source: str) -> int | None:
    """How many equalities the report says it checked."""
    stated = STATED.search(" ".join(source.split()))
    return int(stated.group(1)) if stated else None
