"""``symback codegen``: Architecture -> Derivation -> train.py (standalone NumPy training code)."""

from __future__ import annotations

import sys

from .common import add_spec_arguments, architecture
from ..codegen import check_style, render_training_code
from ..errors import OutputError
from ..limits import MAX_NEURONS_STYLE_PARAMETERS
from ..output import output_path, write_atomic


EPILOG = """The file needs only NumPy: python train.py train|predict|evaluate (--help lists each
command's options). With L2 regularization (--l2 LAMBDA, or l2 in the spec's [regularization]
table) it minimises J + (LAMBDA/2) sum of w^2 over every weight (thresholds are not
penalised); LAMBDA is written into the file, and its train and evaluate commands take --l2 to
use another."""


def add_arguments(parser) -> None:
    parser.epilog = EPILOG
    add_spec_arguments(parser)
    parser.add_argument("--out", metavar="PATH",
                        help="file to write (atomically); without it the code goes to standard output")
    parser.add_argument("--style", default="layers", metavar="STYLE",
                        help="layers (default): vectorised matrix code with preallocated buffers; "
                             "neurons: one statement per neuron, line by line as handout 004 writes it "
                             f"(networks of at most {MAX_NEURONS_STYLE_PARAMETERS:,} parameters)")


def run(args) -> int:
    """Write the training code; a bad SPEC, style or path is a SymbackError (exit 2)."""
    arch = architecture(args)
    check_style(arch, args.style)  # before the work: one line for a bad style or size
    path = None if args.out is None else output_path(args.out)  # before the work: fail at once
    code = render_training_code(arch, args.style)
    if path is None:
        sys.stdout.write(code)
        return 0
    if path.is_dir():
        raise OutputError(f"--out: '{path}' is a directory; give the path of the .py file to write")
    if not path.parent.is_dir():
        raise OutputError(f"--out: directory '{path.parent}' does not exist")
    write_atomic(path, code)
    return 0
