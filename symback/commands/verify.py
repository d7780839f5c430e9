"""``symback verify [SPEC] 'FORMULA' ... | --file handout.tex``: check hand-written formulas.

Exit code 0 when every formula is correct, 1 when any is wrong, 2 when any is unreadable
(or the options are).
"""

from __future__ import annotations

import argparse
import os
import stat

from .common import add_spec_arguments
from ..derive import derive
from ..errors import SymbackError
from ..limits import MAX_VERIFY_PARAMETERS, refuse_above
from ..output import read_user_text
from ..spec import looks_like_spec, resolve
from ..verify.check import Context, skipped, verify
from ..verify.limits import MAX_FILE_BYTES
from ..verify.render import text_lines, to_json
from ..verify.messages import words
from ..verify.read.texfile import display_formulas, position
from ..verify.read.topic import about_network
from ..verify.verdict import UNREADABLE, exit_code

EXAMPLES = r"""examples:
  symback verify '\frac{\partial J}{\partial \hat{w}_{j,F}} = \sum_{i=1}^n (\hat{y}_i - y_i) g'"'"'(e_{i,F}) s_{i,j}'
  symback verify 3-2-3-1 --notation layers --layout out-in '\delta^l = ((W^{(l+1)})^T \delta^{l+1}) \odot \sigma'"'"'(z^l)'
  symback verify --file handout.tex --format json
  symback verify '\varepsilon_{i,j} = g'"'"'(e_{i,j}) \sum_{m=6}^{8} w_{j,m} \varepsilon_{i,m}' --where 'j=4'

Free indices (j, k, l, ...) take every value for which every symbol of the formula exists;
--where 'j=4,5' (or a trailing '\quad (j = 4, 5)' in the formula) narrows them."""


def _intermixed(parser: argparse.ArgumentParser) -> None:
    """Let SPEC, options and FORMULAs come in any order (``verify 3-2-3-1 --notation layers 'F'``).

    argparse assigns consecutive positionals in one go, so a formula after an option would be
    "unrecognized"; parse_known_intermixed_args fixes that, and it calls parse_known_args
    itself, hence the guard.
    """
    base = type(parser)

    class Intermixed(base):
        def parse_known_args(self, args=None, namespace=None):
            if getattr(self, "_intermixing", False):
                return base.parse_known_args(self, args, namespace)
            self._intermixing = True
            try:
                return self.parse_known_intermixed_args(args, namespace)
            finally:
                self._intermixing = False

    parser.__class__ = Intermixed


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The verify options (SPEC and its overrides come from the shared spec arguments)."""
    add_spec_arguments(parser)
    _intermixed(parser)
    parser.epilog = (EXAMPLES + f"\n\nNetworks of at most {MAX_VERIFY_PARAMETERS:,} parameters (free indices are "
                     "searched over every parameter).")
    parser.add_argument("formulas", nargs="*", metavar="FORMULA",
                        help="a formula in LaTeX (quote it for the shell); several may be given")
    parser.add_argument("--file", metavar="PATH",
                        help="check every display-math formula of a .tex file (with its line number)")
    parser.add_argument("--strict", action="store_true",
                        help="with --file, check every display (one not about the network is then "
                             "unreadable, exit 2) instead of listing those as skipped")
    parser.add_argument("--where", action="append", default=[], metavar="LETTER=VALUES",
                        help="values of a free index, like 'j=4,5' (repeatable)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    parser.add_argument("--method", choices=("auto", "symbolic", "numeric"), default="auto",
                        help="how equality is decided: symbolic (SymPy, signals one level down, within a "
                             "time budget per formula; the default) or 60-digit random points only")


def _spec_and_formulas(args) -> tuple[str | None, list[str]]:
    """SPEC is optional and comes first: a formula in its place is a formula."""
    spec, formulas = args.spec, list(args.formulas)
    if spec is not None and not looks_like_spec(spec):
        formulas.insert(0, spec)
        spec = None
    return spec, formulas


def _read(path: str) -> str:
    """The text of --file: a regular file of at most MAX_FILE_BYTES, checked before reading
    (a device such as /dev/zero would never end, a FIFO would wait forever)."""
    try:
        info = os.stat(path)
    except OSError:
        info = None  # read_user_text says what is wrong, as for every user file
    if info is not None and not stat.S_ISDIR(info.st_mode):
        if not stat.S_ISREG(info.st_mode):
            raise SymbackError(f"--file: '{path}' is not a regular file (a device, pipe or socket); "
                               "give a .tex file")
        if info.st_size > MAX_FILE_BYTES:
            raise SymbackError(f"--file: '{path}' has {info.st_size} bytes; at most {MAX_FILE_BYTES} are read")
    return read_user_text(path, "--file:", ".tex file", SymbackError)


def run(args) -> int:
    """Check every formula given (and every display formula of --file); print the verdicts."""
    spec, formulas = _spec_and_formulas(args)
    if not formulas and not args.file:
        raise SymbackError("give at least one FORMULA or --file PATH")
    arch = resolve(spec, args.activation, args.loss, args.notation, args.layout, args.l2)
    refuse_above(arch, MAX_VERIFY_PARAMETERS, "verify (free indices searched over every parameter)",
                 "check the formula on a narrower network of the same depth and activations")
    context = Context.create(arch, derive(arch), arch.notation, arch.layout, args.method, args.where)
    verdicts, places = [], []
    for formula in formulas:
        verdicts.append(verify(formula, context))
        places.append("")
    if args.file:
        source = _read(args.file)
        for found in display_formulas(source):
            if not args.strict and not about_network(found.text, context.notation):
                verdicts.append(skipped(found.text, found.line))
                places.append(f"line {found.line}")
                continue
            verdict = verify(found.text, context, line=found.line)
            if verdict.status == UNREADABLE:
                line, column = position(source, found.start, verdict.error.column)
                verdict.error.column = column
                verdict.error.message += f" (line {line})" if line != found.line else ""
            verdicts.append(verdict)
            places.append(f"line {found.line}")
        if not any(places):
            raise SymbackError(f"--file: no display math found in '{args.file}'")
    names = words(context.notation)
    if args.format == "json":
        info = {"spec": arch.to_dict(), "notation": context.notation.name, "layout": context.layout}
        print(to_json(verdicts, info, names))
    else:
        for verdict, place in zip(verdicts, places):
            print("\n".join(text_lines(verdict, names, place)))
    return exit_code(verdicts)
