"""``symback build``: regenerate generated/ (the handout networks' reports, spec and train.py),
or with ``--check`` compare a fresh build with it byte for byte."""

from __future__ import annotations

import filecmp
import tempfile
from pathlib import Path

from ..errors import SymbackError
from ..output import ensure_directory, output_path, write_atomic
from ..report import build_reports, render_latex, render_markdown
from ..report.lock import locked
from ..report.pdf import compile_pdf, tex_available
from ..spec import DEFAULT, Architecture

LANGS = ("pt", "en")
COMPARED = (".tex", ".md", ".py", ".toml", ".pdf")

# Handout 004's network in its notation; handout 000's two-hidden-layer classifier in its own.
HANDOUTS = {
    "handout-004": DEFAULT.replace(references="handouts"),
    "handout-000": Architecture(inputs=4, layers=((3, "sigmoid"), (3, "sigmoid"), (1, "sigmoid")),
                                loss="bce", notation="layers", layout="in-out", references="handouts"),
}


def add_arguments(parser) -> None:
    parser.add_argument("--out", default="generated", metavar="DIR",
                        help="where to write handout-004/ and handout-000/ (default generated)")
    parser.add_argument("--check", action="store_true",
                        help="build into a temporary directory and compare the .tex, .md, .py, .toml and .pdf "
                             "files with DIR byte for byte (exit 1 on a difference)")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDFs even when TeX is installed")


def run(args) -> int:
    out = output_path(args.out)  # empty, NUL or too long: one line before any work
    pdf = not args.no_pdf and tex_available()
    if args.check:
        return check(out, pdf)
    out = ensure_directory(out)
    with locked(out):
        written = build(out, pdf=pdf)
    for path in written:
        print(path)
    if not pdf and not args.no_pdf:
        print("PDFs not written: pdflatex was not found")
    return 0


def _training_code(arch: Architecture) -> str:
    from ..codegen import render_training_code
    return render_training_code(arch, style="layers")


def handout_files(arch: Architecture, pdf: bool) -> dict[str, str | bytes]:
    """spec.toml, report.<lang>.tex and report.<lang>.md (and .pdf) of one handout network,
    every report laid out and verified (and compiled) before anything is written."""
    files: dict[str, str | bytes] = {"spec.toml": arch.to_toml()}
    for report in build_reports(arch, LANGS, source="spec.toml"):
        tex = render_latex(report)
        files[f"report.{report.lang}.tex"] = tex
        files[f"report.{report.lang}.md"] = render_markdown(report)
        if pdf:
            files[f"report.{report.lang}.pdf"] = compile_pdf(tex, f"report.{report.lang}.pdf")
    return files


def build_directory(directory: Path, arch: Architecture, pdf: bool) -> list[Path]:
    """The files of one handout network, written into ``directory``."""
    files = handout_files(arch, pdf)
    directory = ensure_directory(directory)
    return [write_atomic(directory / name, content) for name, content in files.items()]


def build(out: Path, pdf: bool = False) -> list[Path]:
    """Every handout directory under ``out``, renamed into place once all were produced."""
    produced = {name: handout_files(arch, pdf) for name, arch in HANDOUTS.items()}
    for name, arch in HANDOUTS.items():
        produced[name]["train.py"] = _training_code(arch)
    written = []
    for name, files in produced.items():
        directory = ensure_directory(out / name)
        written += [write_atomic(directory / file, content) for file, content in files.items()]
    return written


def differences(fresh: Path, committed: Path, suffixes=COMPARED) -> list[str]:
    """Compared files that are missing, extra or different (paths relative to the build)."""
    found = []
    names = {path.relative_to(fresh) for path in fresh.rglob("*") if path.suffix in suffixes}
    names |= {path.relative_to(committed) for path in committed.rglob("*")
              if path.suffix in suffixes and path.relative_to(committed).parts[0] in HANDOUTS}
    for name in sorted(names):
        new, old = fresh / name, committed / name
        if not old.exists():
            found.append(f"missing from {committed}: {name}")
        elif not new.exists():
            found.append(f"not produced by the build: {name}")
        elif not filecmp.cmp(new, old, shallow=False):
            found.append(f"differs: {name}")
    return found


def check(out: Path, pdf: bool) -> int:
    """Exit 0 when ``out`` holds exactly what a fresh build writes (PDFs too when TeX is
    installed), 1 otherwise."""
    if not out.is_dir():
        raise SymbackError(f"--out: '{out}' is not a directory; run `symback build` first")
    with tempfile.TemporaryDirectory(prefix="symback-build-") as temporary:
        build(Path(temporary), pdf=pdf)
        found = differences(Path(temporary), out, COMPARED if pdf else tuple(s for s in COMPARED if s != ".pdf"))
    if not pdf:
        print("PDFs not compared: pdflatex was not found (or --no-pdf)")
    for line in found:
        print(line)
    if found:
        print(f"{out} is out of date: run `symback build`")
        return 1
    print(f"{out} is up to date")
    return 0
