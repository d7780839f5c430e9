"""Command line: argument parsing and exit codes only; each command's pipeline lives in
``symback/commands/<name>.py`` (``add_arguments(parser)`` and ``run(args) -> int``).

Exit codes: 0 success, 1 a check found something wrong (verify), 2 bad input.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from .errors import SymbackError

# name -> (module, one-line help). Modules are imported only when their command runs, so
# that `symback --help` and `symback derive` do not pay for what they do not use.
COMMANDS = {
    "derive": ("symback.commands.derive", "derive the gradient of the objective for every weight and threshold"),
    "report": ("symback.commands.report", "write a step-by-step derivation as LaTeX, PDF and Markdown"),
    "build": ("symback.commands.build", "regenerate generated/ (handout networks: reports and train.py)"),
    "codegen": ("symback.commands.codegen", "write standalone NumPy training code from the derivation"),
    "verify": ("symback.commands.verify", "check hand-written gradient formulas and say what is wrong"),
    "example": ("symback.commands.example", "work out one iteration with numbers, every value shown and checked"),
    "exercises": ("symback.commands.exercises", "write an exercise sheet with its answer key (worked examples)"),
}

DESCRIPTION = """symback builds a multilayer perceptron in SymPy, derives the gradient of the
objective with respect to every weight and threshold layer by layer, checks every step, and
renders the derivation as text, LaTeX or NumPy code.

SPEC (every command): nothing for handout 004's 3-2-3-1 sigmoid network, a shorthand such
as 3-2-3-1, or the path of a TOML file with inputs, [[layers]] (size, activation), loss,
notation, layout and title."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad usage in one line and exits 2 (it already exits 2)."""

    def error(self, message):
        self.exit(2, f"symback: error: {message}\n")


def build_parser(selected: str | None = None) -> argparse.ArgumentParser:
    """The parser; only the ``selected`` command's module is imported for its options."""
    parser = _Parser(prog="symback", description=DESCRIPTION,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, (module, summary) in COMMANDS.items():
        subparser = subparsers.add_parser(name, help=summary, description=summary,
                                          formatter_class=argparse.RawDescriptionHelpFormatter)
        subparser.set_defaults(module=module)
        if name == selected:
            importlib.import_module(module).add_arguments(subparser)
    return parser


RECURSION_LIMIT = 10_000


def main(argv: list[str] | None = None) -> int:
    """Run one command; a SymbackError becomes one line on stderr and exit code 2."""
    argv = sys.argv[1:] if argv is None else list(argv)
    selected = argv[0] if argv and argv[0] in COMMANDS else None
    args = build_parser(selected).parse_args(argv)
    # SymPy prints and compares recursively, a few frames per layer: the nested expression of
    # a network of MAX_DEPTH (100) layers needs more than Python's default of 1000.
    sys.setrecursionlimit(max(sys.getrecursionlimit(), RECURSION_LIMIT))
    if not args.command:
        build_parser().print_help()
        return 2
    try:
        return importlib.import_module(args.module).run(args)
    except SymbackError as error:
        print(f"symback {args.command}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `symback derive | head`: the reader left; say nothing more on a closed pipe.
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
