"""``symback report``: Architecture -> Derivation -> laid-out, verified Report -> .tex/.md/.pdf."""

from __future__ import annotations

from .common import add_spec_arguments, architecture
from ..errors import SymbackError
from ..limits import MAX_REPORT_NUMERIC_PARAMETERS, refuse_above
from ..report.messages import LANGUAGES
from ..output import ensure_directory
from ..report import build_report, parse_formats, write_report
from ..report.lock import locked

METHODS = ("auto", "symbolic", "numeric")


def add_arguments(parser) -> None:
    add_spec_arguments(parser)
    parser.add_argument("--out", default=".", metavar="DIR",
                        help="directory for report.tex, report.md and report.pdf (created if needed; default .)")
    parser.add_argument("--lang", default="en", metavar="LANG", help="en (default) or pt")
    parser.add_argument("--format", default="tex,md", metavar="LIST",
                        help="comma-separated: tex, md, pdf (default tex,md; pdf needs TeX Live and also "
                             "writes the .tex)")
    parser.add_argument("--fragment", action="store_true",
                        help="write report.tex as the document body only, to \\input into a document of your "
                             "own (the packages it needs are listed at its top); not with --format pdf")
    parser.add_argument("--check", default="auto", metavar="METHOD",
                        help="how every displayed equality is verified before writing: auto (default, the same "
                             "as symbolic: each equality with its indices free, at any size), symbolic, or numeric "
                             "(60-digit values at every value of every free index: networks of at most "
                             f"{MAX_REPORT_NUMERIC_PARAMETERS:,} parameters)")


def run(args) -> int:
    if args.lang not in LANGUAGES:
        raise SymbackError(f"--lang: {args.lang!r} is not accepted; accepted: {', '.join(LANGUAGES)}")
    if args.check not in METHODS:
        raise SymbackError(f"--check: {args.check!r} is not accepted; accepted: {', '.join(METHODS)}")
    formats = parse_formats(args.format)
    if args.fragment and "pdf" in formats:
        raise SymbackError("--fragment: a document body cannot be built into a PDF; use --format tex or tex,md")
    arch = architecture(args)
    if args.check == "numeric":
        refuse_above(arch, MAX_REPORT_NUMERIC_PARAMETERS, "report --check numeric (every equality at every index)",
                     "use --check symbolic (the default), which proves each equality with its indices free")
    if not args.out.strip():
        raise SymbackError("--out: '' is not accepted; give a directory (. for the current one)")
    directory = ensure_directory(args.out)  # before the work: a bad --out fails at once
    with locked(directory):
        report = build_report(arch, args.lang, args.check)
        written = write_report(report, directory, formats, fragment=args.fragment)
    print(f"{', '.join(str(path) for path in written)}: {report.verification.summary()}")
    return 0
