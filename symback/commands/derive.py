"""``symback derive``: Architecture -> Model -> Derivation -> Proof -> printed gradients."""

from __future__ import annotations

import json
import sys

from .common import add_spec_arguments, architecture
from ..derive import derive
from ..errors import SymbackError
from ..limits import MAX_EXPANDED_PARAMETERS, MAX_LISTED_PARAMETERS, MAX_NUMERIC_PARAMETERS, refuse_above
from ..listing import error_term_records, gradient_records, group_records
from ..notation import Namer
from ..printing import text
from ..proof import prove

LATEX_LIMIT = 10_000
CHECKS = ("symbolic", "expanded", "numeric", "auto", "none")
FORMATS = ("text", "json")
CHECK_LIMITS = {"expanded": MAX_EXPANDED_PARAMETERS, "numeric": MAX_NUMERIC_PARAMETERS}


def add_arguments(parser) -> None:
    add_spec_arguments(parser)
    parser.add_argument("--format", default="text", metavar="FORMAT",
                        help="text (default): one gradient per line; json: "
                             '{"architecture", "gradients": [{"parameter", "expression", "delta_form", "latex", '
                             '"specific": {"expression", "latex"}}], "error_terms", "proof"} '
                             "(latex left out above 10,000 parameters)")
    parser.add_argument("--check", default="symbolic", metavar="METHOD",
                        help="how the derivation is proved before printing: symbolic (default: every link of "
                             "every chain, exact, at every size), expanded (nested expressions: networks of at "
                             f"most {MAX_EXPANDED_PARAMETERS:,} parameters), numeric (60-digit checks at random "
                             f"points, a sample of each layer: at most {MAX_NUMERIC_PARAMETERS:,} parameters), "
                             "auto (the same as symbolic), or none")
    parser.add_argument("--groups", action="store_true",
                        help="print each group of parameters once (every weight into a layer, every threshold "
                             "of it) with its free indices and their ranges, instead of one line per parameter; "
                             f"works at any size (one line per parameter: at most {MAX_LISTED_PARAMETERS:,} "
                             "parameters). JSON: "
                             '"groups": [{..., "indices": [{"index", "first", "last", "count"}], "parameters"}]')


def run(args) -> int:
    if args.format not in FORMATS:
        raise SymbackError(f"--format: {args.format!r} is not accepted; accepted: {', '.join(FORMATS)}")
    if args.check not in CHECKS:
        raise SymbackError(f"--check: {args.check!r} is not accepted; accepted: {', '.join(CHECKS)}")
    arch = architecture(args)
    if not args.groups:
        refuse_above(arch, MAX_LISTED_PARAMETERS, "derive (one line per parameter)",
                     "use --groups to print each group's formula once with its index ranges")
    if args.check in CHECK_LIMITS:
        refuse_above(arch, CHECK_LIMITS[args.check], f"derive --check {args.check}",
                     "use --check symbolic (the default), which proves every group at any size")
    derivation = derive(arch)
    proof = prove(derivation, args.check) if args.check != "none" else None
    if proof is not None:
        proof.raise_for_failures()
    namer = Namer(derivation.model, arch.notation)
    if args.format == "json":
        _print_json(derivation, namer, proof, args.groups)
    else:
        _print_text(derivation, namer, proof, args.groups)
    return 0


def _proof_record(proof) -> dict | None:
    if proof is None:
        return None
    return {"method": proof.method, "equalities": len(proof.checks), "ok": proof.ok}


def _print_json(derivation, namer, proof, groups: bool) -> None:
    arch = derivation.arch
    with_latex = groups or arch.parameter_count <= LATEX_LIMIT
    out = sys.stdout
    head = {"architecture": arch.to_dict(), "proof": _proof_record(proof),
            "error_terms": error_term_records(derivation, namer, listed=not groups)}
    records = (group_records if groups else gradient_records)(derivation, namer, with_latex)
    # Streamed: 109,386 gradients would otherwise sit in memory twice as one string.
    out.write(json.dumps(head, ensure_ascii=False)[:-1] + f', "{"groups" if groups else "gradients"}": [')
    for index, record in enumerate(records):
        out.write(("," if index else "") + "\n" + json.dumps(record, ensure_ascii=False))
    out.write("\n]}\n")


def _neurons_text(neurons) -> str:
    """    for j in {6, 7, 8}, or for a range    for j in 6..8 (3 neurons); nothing for one."""
    if isinstance(neurons, dict):
        return f"    for j in {_range_text(neurons)}" if neurons["count"] > 1 else ""
    return f"    for j in {{{', '.join(neurons)}}}" if len(neurons) > 1 else ""


def _range_text(found: dict) -> str:
    return f"{found['first']}..{found['last']} ({found['count']:,} neurons)"


def _print_text(derivation, namer, proof, groups: bool) -> None:
    arch = derivation.arch
    objective = namer.notation.objective.text
    out = sys.stdout
    out.write(f"# {arch.shorthand}, activations {','.join(arch.activations)}, loss {arch.loss}, "
              f"{arch.notation} notation" + (f", L2 penalty with lambda = {arch.l2:g}" if arch.l2 else "") + "\n")
    out.write(f"{objective} = {text(derivation.model.objective(), namer)}\n")
    for record in error_term_records(derivation, namer, listed=not groups):
        out.write(f"{record['symbol']} = {record['expression']}{_neurons_text(record['neurons'])}\n")
    for record in (group_records if groups else gradient_records)(derivation, namer, with_latex=False):
        head = f"d{objective}/d{record['parameter']}"
        out.write(f"{head} = {record['expression']}\n")
        indent = " " * len(head)
        if record["specific"]["expression"] != record["expression"]:
            out.write(f"{indent} = {record['specific']['expression']}\n")
        out.write(f"{indent} = {record['delta_form']}\n")
        if record.get("indices"):
            ranges = ", ".join(f"{index['index']} in {_range_text(index)}" for index in record["indices"])
            out.write(f"{indent}   for {ranges}: {record['parameters']:,} parameters\n")
    if proof is not None:
        out.write(f"# {proof}\n")
