"""Writing a worked example's or an exercise sheet's files, after everything is rendered."""

from __future__ import annotations

from pathlib import Path

from ..errors import OutputError
from ..output import write_atomic
from ..report.lock import locked
from ..report.pdf import compile_pdf

FORMATS = ("tex", "md", "pdf", "json", "npz")


def parse_formats(text: str, accepted: tuple[str, ...] = FORMATS) -> tuple[str, ...]:
    """``tex,md,pdf`` -> ('tex', 'md', 'pdf'); an unknown format is a one-line error."""
    formats = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [name for name in formats if name not in accepted]
    if unknown or not formats:
        raise OutputError(f"--format: {unknown[0] if unknown else text!r} is not accepted; "
                          f"accepted: {', '.join(accepted)} (comma-separated)")
    return formats


def write_files(directory: Path, texts: dict[str, str | bytes], pdfs: dict[str, str]) -> list[Path]:
    """Compile every PDF first, then write every file (each atomically) under the output
    folder's lock, so that a failed PDF leaves the folder as it was.

    Args:
        directory: an existing, writable directory.
        texts: file name -> content.
        pdfs: PDF file name -> LaTeX source.
    """
    contents = dict(texts)
    contents.update({name: compile_pdf(tex, name) for name, tex in pdfs.items()})
    with locked(directory):
        return [write_atomic(directory / name, content) for name, content in contents.items()]
