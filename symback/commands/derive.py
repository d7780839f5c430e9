"""``symback derive``: Architecture -> Model -> Derivation -> Proof -> printed gradients."""

from __future__ import annotations

import json
import sys

from ..cli import add_spec_arguments
from ..derive import derive
from ..errors import SymbackError
from ..listing import error_term_records, gradient_records
from ..notation import Namer
from ..printing import text
from ..proof import prove
from ..spec import resolve

LATEX_LIMIT = 10_000
CHECKS = ("symbolic", "expanded", "numeric", "auto", "none")
FORMATS = ("text", "json")


def add_arguments(parser) -> None:
    add_spec_arguments(parser)
    parser.add_argument("--format", default="text", metavar="FORMAT",
                        help="text (default): one gradient per line; json: "
                             '{"architecture", "gradients": [{"parameter", "expression", "delta_form", "latex", '
                             '"specific": {"expression", "latex"}}], "error_terms", "proof"} '
                             "(latex left out above 10,000 parameters)")
    parser.add_argument("--check", default="symbolic", metavar="METHOD",
                        help="how the derivation is proved before printing: symbolic (default: every link of "
                             "every chain, exact, at every size), expanded (nested expressions: small networks "
                             "only), numeric (60-digit checks at random points, a sample of each layer), "
                             "auto (the same as symbolic), or none")


def run(args) -> int:
    if args.format not in FORMATS:
        raise SymbackError(f"--format: {args.format!r} is not accepted; accepted: {', '.join(FORMATS)}")
    if args.check not in CHECKS:
        raise SymbackError(f"--check: {args.check!r} is not accepted; accepted: {', '.join(CHECKS)}")
    arch = resolve(args.spec, args.activation, args.loss, args.notation, args.layout)
    derivation = derive(arch)
    proof = prove(derivation, args.check) if args.check != "none" else None
    if proof is not None:
        proof.raise_for_failures()
    namer = Namer(derivation.model, arch.notation)
    if args.format == "json":
        _print_json(derivation, namer, proof)
    else:
        _print_text(derivation, namer, proof)
    return 0


def _proof_record(proof) -> dict | None:
    if proof is None:
        return None
    return {"method": proof.method, "equalities": len(proof.checks), "ok": proof.ok}


def _print_json(derivation, namer, proof) -> None:
    arch = derivation.arch
    with_latex = arch.parameter_count <= LATEX_LIMIT
    out = sys.stdout
    head = {"architecture": arch.to_dict(), "proof": _proof_record(proof),
            "error_terms": error_term_records(derivation, namer)}
    # Streamed: 109,386 gradients would otherwise sit in memory twice as one string.
    out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "gradients": [')
    for index, record in enumerate(gradient_records(derivation, namer, with_latex)):
        out.write(("," if index else "") + "\n" + json.dumps(record, ensure_ascii=False))
    out.write("\n]}\n")


def _print_text(derivation, namer, proof) -> None:
    arch = derivation.arch
    objective = namer.notation.objective.text
    out = sys.stdout
    out.write(f"# {arch.shorthand}, activations {','.join(arch.activations)}, loss {arch.loss}, "
              f"{arch.notation} notation\n")
    out.write(f"{objective} = {text(derivation.model.objective(), namer)}\n")
    for record in error_term_records(derivation, namer):
        free = f"    for j in {{{', '.join(record['neurons'])}}}" if len(record["neurons"]) > 1 else ""
        out.write(f"{record['symbol']} = {record['expression']}{free}\n")
    for record in gradient_records(derivation, namer, with_latex=False):
        head = f"d{objective}/d{record['parameter']}"
        out.write(f"{head} = {record['expression']}\n")
        indent = " " * len(head)
        if record["specific"]["expression"] != record["expression"]:
            out.write(f"{indent} = {record['specific']['expression']}\n")
        out.write(f"{indent} = {record['delta_form']}\n")
    if proof is not None:
        out.write(f"# {proof}\n")
