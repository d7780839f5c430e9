"""report.tex -> PDF bytes with pdflatex (run twice, so references settle) in a temporary folder.

TeX runs with ``-no-shell-escape`` and may open files only below its working folder
(``openin_any=p``, ``openout_any=p``). It runs in its own process group, asked to die with
symback (Linux), and is killed on an interrupt or SIGTERM before the temporary folder is
removed. Dates are omitted from the PDF (``\\pdfinfoomitdate`` in the preamble and
SOURCE_DATE_EPOCH here) so that the same .tex gives the same PDF. Nothing is written here: the
caller renames the PDF into place with the run's other files.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from ..errors import OutputError

TIMEOUT = 300
RUNS = 2
COMMAND = ["pdflatex", "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "report.tex"]
_PR_SET_PDEATHSIG = 1


def tex_available() -> bool:
    return shutil.which("pdflatex") is not None


def _die_with_parent() -> None:
    """In the child, before exec: SIGKILL when symback dies, even by SIGKILL (Linux only)."""
    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _first_error(*texts: str) -> str:
    """TeX's own error line (``! ...``) from the log or the terminal output."""
    for text in texts:
        for line in text.splitlines():
            if line.startswith("!"):
                return line[1:].strip()
    return ""


@contextlib.contextmanager
def _terminated_on_sigterm():
    """SIGTERM raises KeyboardInterrupt while TeX runs, so that cleanup happens."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt
    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run(work: str, environment: dict) -> tuple[int, str]:
    """One pdflatex run; its process group is killed if anything interrupts it."""
    preexec = _die_with_parent if sys.platform.startswith("linux") else None
    process = subprocess.Popen(COMMAND, cwd=work, env=environment, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               start_new_session=True, preexec_fn=preexec)
    try:
        output, _ = process.communicate(timeout=TIMEOUT)
    except BaseException:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
    return process.returncode, output.decode("utf-8", "replace")


def _environment() -> dict:
    return dict(os.environ, SOURCE_DATE_EPOCH="0", FORCE_SOURCE_DATE="1", openin_any="p", openout_any="p",
                shell_escape="f")


def compile_pdf(tex: str, name: str = "report.pdf") -> bytes:
    """The PDF of ``tex``.

    Args:
        tex: the LaTeX document.
        name: the file the PDF is for (in messages).
    Raises:
        OutputError: no TeX installed, TeX failed (with its error line), or took too long.
    """
    if not tex_available():
        raise OutputError(f"cannot write {name}: pdflatex was not found (install TeX Live, e.g. "
                          "texlive-latex-base texlive-latex-recommended texlive-pictures); nothing was written "
                          "(without TeX, use --format tex,md)")
    with _terminated_on_sigterm(), tempfile.TemporaryDirectory(prefix="symback-tex-") as work:
        Path(work, "report.tex").write_text(tex, encoding="utf-8")
        for _ in range(RUNS):
            try:
                code, output = _run(work, _environment())
            except subprocess.TimeoutExpired:
                raise OutputError(f"cannot write {name}: TeX took more than {TIMEOUT} s; nothing was written") from None
            if code != 0:
                log_path = Path(work, "report.log")
                log = log_path.read_text(errors="replace") if log_path.exists() else ""
                error = _first_error(log, output) or f"exit code {code}, no error line"
                raise OutputError(f"cannot write {name}: pdflatex failed: {error}; nothing was written")
        return Path(work, "report.pdf").read_bytes()
