"""derive's records: each group printed once as a template and filled per parameter must say
what printing every parameter's own expression says (up to the order of commuting factors)."""

import re

import pytest
import sympy

from symback import derive, parse_shorthand
from symback.listing import gradient_records
from symback.notation import Namer
from symback.printing import text, written_out

CASES = [
    ("3-2-3-1", "sigmoid", "sse", "neurons", "in-out"),
    ("3-2-3-1", "sigmoid", "sse", "layers", "out-in"),
    ("3-2-3", "sigmoid,softmax", "sse", "neurons", "in-out"),
    ("3-2-3", "tanh,softmax", "cce", "neurons", "in-out"),
    ("2-3-3", "relu,softmax", "mse", "layers", "in-out"),
    ("3-4-2", "tanh,sigmoid", "bce", "neurons", "in-out"),
    ("2-2-2-2", "relu,tanh,linear", "mse", "neurons", "in-out"),
    ("2-13-1", "sigmoid", "sse", "neurons", "in-out"),
]
NAME = re.compile(r"[A-Za-z]+'?(?:\^\{[^}]*\})?(?:_\{[^}]*\}|_\d+)?")
KEPT = {"SUMI", "KD", "STEP"}


def as_sympy(line: str) -> sympy.Expr:
    """A printed form as a SymPy expression with one opaque symbol (or function) per printed
    name, so that two prints are equal exactly when they differ only in the order of terms and
    factors."""
    line = re.sub(r"sum_i ", "SUMI*", line)
    line = re.sub(r"sum_\{(\w+)=([^}]*)\} ", r"SUMI*KD(\1, \2)*", line)
    line = re.sub(r"\[([^]=]+) = ([^]]+)\]", r"KD(\1, \2)", line)
    line = re.sub(r"\[([^]>]+) > 0\]", r"STEP(\1)", line)
    names = {}
    line = NAME.sub(lambda m: m.group(0) if m.group(0) in KEPT else names.setdefault(m.group(0), f"t{len(names)}"),
                    line)
    return sympy.sympify(line, locals={"KD": sympy.Function("KD"), "STEP": sympy.Function("STEP")})


@pytest.mark.parametrize("sizes,activations,loss,notation,layout", CASES)
def test_filled_templates_say_what_each_parameter_prints(sizes, activations, loss, notation, layout):
    arch = parse_shorthand(sizes, activations, loss, notation, layout)
    derivation = derive(arch)
    namer = Namer(derivation.model, notation)
    records = list(gradient_records(derivation, namer, with_latex=False))
    gradients = list(derivation.gradients())
    assert [record["parameter"] for record in records] == [namer.parameter_text(g.parameter) for g in gradients]
    for record, gradient in zip(records, gradients):
        for printed, expression in ((record["expression"], gradient.expression),
                                    (record["specific"]["expression"], gradient.specific),
                                    (record["delta_form"], gradient.delta_form)):
            direct = text(written_out(expression) if printed is not record["delta_form"] else expression, namer)
            assert sympy.expand(as_sympy(printed) - as_sympy(direct)) == 0, (printed, direct)
