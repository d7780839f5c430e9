"""``symback example``: Architecture -> worked, checked numbers -> .tex/.md/.pdf/.json/.npz."""

from __future__ import annotations

import sys

from .common import add_spec_arguments, architecture
from ..errors import SymbackError
from ..example.data import MAX_ITERATIONS
from ..example.document import example_document, render_latex, render_markdown
from ..example.export import example_record, npz_bytes, to_json
from ..example.files import parse_formats, write_files
from ..example.messages import LANGUAGES
from ..example.progress import Progress
from ..example.worked import check_size, work_out
from ..limits import MAX_WORKED_PARAMETERS
from ..output import ensure_directory

MAX_DIGITS = 30
WORKED_LIMIT = (f"Networks of at most {MAX_WORKED_PARAMETERS:,} parameters: every number of every parameter is "
                "printed and checked.")


def add_arguments(parser) -> None:
    add_shared_arguments(
        parser, out_help="directory for example.tex/.md/.pdf/.json and params.npz (created if needed); "
                         "without it, JSON goes to stdout and other files to the current directory",
        format_help="comma-separated: tex, md, pdf, json, npz (the initial values for train.py --init); "
                    "default tex,md, or json without --out")
    parser.epilog = WORKED_LIMIT
    parser.add_argument("--iterations", type=int, metavar="N",
                        help="iterations to work out (default: the spec's [example].iterations, or 1)")


def add_shared_arguments(parser, out_help: str, format_help: str) -> None:
    """SPEC, --out, --format, --lang, --digits, --seed: shared with ``symback exercises``."""
    add_spec_arguments(parser)
    parser.add_argument("--out", metavar="DIR", help=out_help)
    parser.add_argument("--format", default=None, metavar="LIST", help=format_help)
    parser.add_argument("--lang", default="en", metavar="LANG", help="en (default) or pt")
    parser.add_argument("--digits", default=9, type=int, metavar="N",
                        help=f"significant digits of printed numbers, 1..{MAX_DIGITS} (default 9)")
    parser.add_argument("--seed", default=0, type=int, metavar="S",
                        help="seed of the values the spec does not give (default 0)")


def check_common(args) -> None:
    """--lang and --digits, shared with ``symback exercises``."""
    if args.lang not in LANGUAGES:
        raise SymbackError(f"--lang: {args.lang!r} is not accepted; accepted: {', '.join(LANGUAGES)}")
    if not 1 <= args.digits <= MAX_DIGITS:
        raise SymbackError(f"--digits: {args.digits} is not accepted; give 1 to {MAX_DIGITS}")


def run(args) -> int:
    check_common(args)
    formats = parse_formats(args.format or ("tex,md" if args.out else "json"))
    if args.iterations is not None and not 1 <= args.iterations <= MAX_ITERATIONS:
        raise SymbackError(f"--iterations: {args.iterations} is not accepted; give 1 to {MAX_ITERATIONS}")
    arch = architecture(args)
    check_size(arch, "example")  # before any work: one line for a network too large to print
    directory = ensure_directory("." if args.out is None else args.out)  # before the work: a bad --out fails at once
    progress = Progress("symback example: iteration")
    try:
        worked = work_out(arch, args.seed, args.iterations, progress=progress)
    finally:
        progress.close()
    texts, pdfs, json_text = _outputs(worked, args, formats)
    written = write_files(directory, texts, pdfs) if texts or pdfs else []
    if json_text is not None and not args.out:
        sys.stdout.write(json_text)
    if written:
        print(f"{', '.join(str(path) for path in written)}: {len(worked.iterations)} iteration(s), every "
              "number checked", file=sys.stderr if json_text and not args.out else sys.stdout)
    return 0


def _outputs(worked, args, formats) -> tuple[dict, dict, str | None]:
    """(files to write, PDFs to compile from LaTeX, JSON text), all rendered before any is written."""
    texts, pdfs = {}, {}
    document = example_document(worked, args.lang, args.digits) if {"tex", "md", "pdf"} & set(formats) else None
    if "tex" in formats or "pdf" in formats:
        texts["example.tex"] = render_latex(document)
        if "pdf" in formats:
            pdfs["example.pdf"] = texts["example.tex"]
    if "md" in formats:
        texts["example.md"] = render_markdown(document)
    json_text = to_json(example_record(worked)) if "json" in formats else None
    if json_text is not None and args.out:
        texts["example.json"] = json_text
    if "npz" in formats:
        texts["params.npz"] = npz_bytes(worked)
    return texts, pdfs, json_text
