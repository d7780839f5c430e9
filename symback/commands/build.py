"""``symback build``: regenerate generated/ (the handout networks' reports, spec and train.py),
or with ``--check`` compare a fresh build with it byte for byte."""

from __future__ import annotations

import filecmp
import tempfile
from pathlib import Path

from ..errors import SymbackError
from ..output import ensure_directory, output_path, write_atomic
from ..report import build_reports, render_latex, render_markdown
from ..report_pdf import compile_pdf, tex_available
from ..spec import DEFAULT, Architecture

LANGS = ("pt", "en")
COMPARED = (".tex", ".md", ".py", ".toml")

# Handout 004's network in its notation; handout 000's two-hidden-layer classifier in its own.
HANDOUTS = {
    "handout-004": DEFAULT,
    "handout-000": Architecture(inputs=4, layers=((3, "sigmoid"), (3, "sigmoid"), (1, "sigmoid")),
                                loss="bce", notation="layers", layout="in-out"),
}


def add_arguments(parser) -> None:
    parser.add_argument("--out", default="generated", metavar="DIR",
                        help="where to write handout-004/ and handout-000/ (default generated)")
    parser.add_argument("--check", action="store_true",
                        help="build into a temporary directory and compare the .tex, .md, .py and .toml files "
                             "with DIR byte for byte (exit 1 on a difference)")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDFs even when TeX is installed")


def run(args) -> int:
    out = output_path(args.out)
    if args.check:
        return check(out)
    pdf = not args.no_pdf and tex_available()
    for path in build(out, pdf=pdf):
        print(path)
    if not pdf and not args.no_pdf:
        print("PDFs not written: pdflatex was not found")
    return 0


def _training_code(arch: Architecture) -> str:
    from ..codegen import render_training_code
    return render_training_code(arch, style="layers")


def build_directory(directory: Path, arch: Architecture, pdf: bool) -> list[Path]:
    """spec.toml, report.<lang>.tex and report.<lang>.md (and .pdf) for one handout network.

    Every report is laid out and verified before the first file is written.
    """
    reports = build_reports(arch, LANGS, source="spec.toml")
    directory = ensure_directory(directory)
    written = [write_atomic(directory / "spec.toml", arch.to_toml())]
    for report in reports:
        tex = render_latex(report)
        written.append(write_atomic(directory / f"report.{report.lang}.tex", tex))
        written.append(write_atomic(directory / f"report.{report.lang}.md", render_markdown(report)))
        if pdf:
            written.append(compile_pdf(tex, directory / f"report.{report.lang}.pdf"))
    return written


def build(out: Path, pdf: bool = False) -> list[Path]:
    """Every handout directory under ``out``: reports first, then train.py for each."""
    written = []
    for name, arch in HANDOUTS.items():
        written += build_directory(out / name, arch, pdf)
    for name, arch in HANDOUTS.items():
        written.append(write_atomic(out / name / "train.py", _training_code(arch)))
    return written


def differences(fresh: Path, committed: Path) -> list[str]:
    """Compared files that are missing, extra or different (paths relative to the build)."""
    found = []
    names = {path.relative_to(fresh) for path in fresh.rglob("*") if path.suffix in COMPARED}
    names |= {path.relative_to(committed) for path in committed.rglob("*")
              if path.suffix in COMPARED and path.relative_to(committed).parts[0] in HANDOUTS}
    for name in sorted(names):
        new, old = fresh / name, committed / name
        if not old.exists():
            found.append(f"missing from {committed}: {name}")
        elif not new.exists():
            found.append(f"not produced by the build: {name}")
        elif not filecmp.cmp(new, old, shallow=False):
            found.append(f"differs: {name}")
    return found


def check(out: Path) -> int:
    """Exit 0 when ``out`` holds exactly what a fresh build writes, 1 otherwise."""
    if not out.is_dir():
        raise SymbackError(f"--out: '{out}' is not a directory; run `symback build` first")
    with tempfile.TemporaryDirectory(prefix="symback-build-") as temporary:
        build(Path(temporary), pdf=False)
        found = differences(Path(temporary), out)
    for line in found:
        print(line)
    if found:
        print(f"{out} is out of date: run `symback build`")
        return 1
    print(f"{out} is up to date")
    return 0
