"""report.tex -> report.pdf with latexmk (or pdflatex twice) in a temporary directory.

The PDF is moved into place only when TeX succeeded, so a failed run leaves an older PDF
untouched. Dates are omitted from the PDF (``\\pdfinfoomitdate`` in the preamble and
SOURCE_DATE_EPOCH here) so that the same .tex gives the same PDF.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import OutputError
from ..output import write_atomic

TIMEOUT = 300


def tex_available() -> bool:
    """True when pdflatex (which latexmk drives too) is on the PATH."""
    return shutil.which("pdflatex") is not None


def _commands() -> list[list[str]]:
    if shutil.which("latexmk"):
        return [["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", "-quiet", "report.tex"]]
    once = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "report.tex"]
    return [once, once]


def _first_error(log: str) -> str:
    """The first TeX error line of a log, for a one-line message."""
    for line in log.splitlines():
        if line.startswith("!"):
            return line[1:].strip()
    return "see the TeX log"


def compile_pdf(tex: str, target: str | Path) -> Path:
    """Compile ``tex`` and write the PDF to ``target``.

    Raises:
        OutputError: no TeX installed, or TeX failed (with its first error line).
    """
    target = Path(target)
    stale = f"; the {target.name} already there is from an earlier run" if target.exists() else ""
    if not tex_available():
        raise OutputError(f"cannot write {target.name}: pdflatex was not found (install TeX Live, e.g. "
                          "texlive-latex-base texlive-latex-recommended texlive-pictures latexmk); "
                          f"{target.with_suffix('.tex').name} was written{stale}")
    environment = dict(os.environ, SOURCE_DATE_EPOCH="0", FORCE_SOURCE_DATE="1")
    with tempfile.TemporaryDirectory(prefix="symback-tex-") as work:
        Path(work, "report.tex").write_text(tex, encoding="utf-8")
        for command in _commands():
            try:
                result = subprocess.run(command, cwd=work, env=environment, capture_output=True,
                                        timeout=TIMEOUT, stdin=subprocess.DEVNULL)
            except subprocess.TimeoutExpired:
                raise OutputError(f"cannot write {target.name}: TeX took more than {TIMEOUT} s{stale}") from None
            if result.returncode != 0:
                log_path = Path(work, "report.log")
                log = log_path.read_text(errors="replace") if log_path.exists() else ""
                raise OutputError(f"cannot write {target.name}: pdflatex failed: {_first_error(log)}{stale}")
        return write_atomic(target, Path(work, "report.pdf").read_bytes())
