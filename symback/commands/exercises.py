"""``symback exercises``: N drawn problems -> exercises.tex/.pdf, answers.tex/.pdf, exercises.json."""

from __future__ import annotations

import sys

from ..errors import SymbackError
from ..example.document import render_latex
from ..example.exercises import key_document, make_exercise, sheet_document
from ..example.export import example_record, to_json
from ..example.files import parse_formats, write_files
from ..example.progress import Progress
from ..example.worked import check_size
from ..limits import MAX_SHEET_PARAMETERS
from ..output import ensure_directory
from .common import architecture
from .example import WORKED_LIMIT, add_shared_arguments, check_common

FORMATS = ("tex", "pdf", "json")
MAX_COUNT = 100


def add_arguments(parser) -> None:
    add_shared_arguments(
        parser, out_help="directory for exercises.tex/.pdf, answers.tex/.pdf and exercises.json; without it, "
                         "JSON goes to stdout and other files to the current directory",
        format_help="comma-separated: tex, pdf (exercises and answers), json (exercises.json); default tex, "
                    "or json without --out")
    parser.epilog = WORKED_LIMIT + f" At most {MAX_SHEET_PARAMETERS:,} parameters in all (--count times parameters)."
    parser.add_argument("--count", default=3, type=int, metavar="N", help=f"problems, 1..{MAX_COUNT} (default 3)")


def run(args) -> int:
    check_common(args)
    formats = parse_formats(args.format or ("tex" if args.out else "json"), FORMATS)
    if not 1 <= args.count <= MAX_COUNT:
        raise SymbackError(f"--count: {args.count} is not accepted; give 1 to {MAX_COUNT}")
    arch = architecture(args)
    check_size(arch, "exercises")  # before any work: one line for a network too large to print
    if args.count * arch.parameter_count > MAX_SHEET_PARAMETERS:
        raise SymbackError(f"--count {args.count}: {args.count} problems of {arch.parameter_count:,} parameters; "
                           f"exercises takes at most {MAX_SHEET_PARAMETERS:,} parameters in all (--count times "
                           f"parameters): use --count {max(1, MAX_SHEET_PARAMETERS // arch.parameter_count)} or less")
    directory = ensure_directory("." if args.out is None else args.out)
    progress = Progress("symback exercises: problem")
    exercises = []
    try:
        for index in range(args.count):
            exercises.append(make_exercise(arch, args.seed, index))
            progress(index + 1, args.count)
    finally:
        progress.close()
    sheet = render_latex(sheet_document(exercises, args.lang, args.digits, args.seed))
    key = render_latex(key_document(exercises, args.lang, args.digits))
    texts = {"exercises.tex": sheet, "answers.tex": key} if {"tex", "pdf"} & set(formats) else {}
    pdfs = {"exercises.pdf": sheet, "answers.pdf": key} if "pdf" in formats else {}
    json_text = to_json({"exercises": [example_record(e.worked) for e in exercises]}) if "json" in formats else None
    if json_text is not None and args.out:
        texts["exercises.json"] = json_text
    written = write_files(directory, texts, pdfs) if texts or pdfs else []
    if json_text is not None and not args.out:
        sys.stdout.write(json_text)
    if written:
        print(f"{', '.join(str(path) for path in written)}: {len(exercises)} problem(s), every answer checked",
              file=sys.stderr if json_text and not args.out else sys.stdout)
    return 0
