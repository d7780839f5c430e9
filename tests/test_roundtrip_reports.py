"""The round trip of issue 5: every display equation of every generated report verifies.

``symback verify --file`` reads every display-math formula of ``generated/*/report.*.tex``
with the spec the report was built from; each must be read (none unreadable) and correct
(none wrong). The tables' shape statements (``W \\in \\mathbb{R}^{3 \\times 2}``) are inline
math and are not display formulas; nothing else is left out.

Besides the equalities, the reports display two kinds of statements that are not
equalities between expressions: definitions of gradient descent with ``:=`` and update rules
with ``\\leftarrow``. verify reads them as update rules and checks the gradient they subtract;
the test counts them apart, and the equalities (``=``) verify found must be exactly the
equalities the report says it checked ("Each of the 140 equalities ...").
"""

import json
from pathlib import Path

import pytest

from report_helpers import NOT_EQUALITY, stated_equalities, verify_report

from symback.cli import main
from symback.derive import derive
from symback.spec import resolve
from symback.verify import Context
from symback.verify.read.texfile import display_formulas

GENERATED = Path(__file__).resolve().parent.parent / "generated"
REPORTS = sorted(GENERATED.glob("handout-*/report.*.tex"))
# The mathematics of the two languages is the same; the Portuguese text around it is read by
# tests/test_report_layout.py's fresh handout-000 report in Portuguese.
ENGLISH = [path for path in REPORTS if path.name == "report.en.tex"]


@pytest.fixture(scope="module")
def contexts():
    """One verify Context per spec.toml (derivation shared by both languages)."""
    cache = {}

    def get(spec: Path) -> Context:
        if spec not in cache:
            arch = resolve(str(spec), None, None, None, None)
            cache[spec] = Context.create(arch, derive(arch))
        return cache[spec]
    return get


def test_the_generated_reports_are_there():
    names = {(path.parent.name, path.name) for path in REPORTS}
    for handout in ("handout-004", "handout-000"):
        for lang in ("en", "pt"):
            assert (handout, f"report.{lang}.tex") in names


@pytest.mark.parametrize("report", ENGLISH, ids=[f"{p.parent.name}/{p.name}" for p in ENGLISH])
def test_every_equation_of_the_report_verifies(report, contexts):
    source = report.read_text(encoding="utf-8")
    context = contexts(report.parent / "spec.toml")
    problems, equalities, statements = verify_report(source, context)
    formulas = display_formulas(source)
    assert not problems, f"{len(problems)} of {len(formulas)} formulas not correct: {problems[:3]}"
    assert stated_equalities(source) is not None, "the report no longer says how many equalities it checked"
    assert equalities == stated_equalities(source)
    # The statements that are not equalities, all verified as update rules: gradient descent
    # stated for a generic parameter (two, with := in the neuron notation, \leftarrow in the
    # layer notation) and for the matrices (two, \leftarrow); in the layer notation also each
    # group's update rule, step form and error-term form, written with \leftarrow as handout
    # 000 does (the neuron notation writes those with =, and counts them as equalities).
    assert statements == len(NOT_EQUALITY.findall(" ".join(f.text for f in formulas)))
    per_group = 2 if context.notation.name == "layers" else 0
    assert statements == 4 + per_group * len(context.derivation.groups)


# -- reports with the L2 penalty (issue 14): written by `symback report`, read by `verify --file`
@pytest.mark.parametrize("notation, lang", [("neurons", "en"), ("layers", "pt")])
def test_every_equation_of_a_report_with_l2_verifies(tmp_path, capsys, notation, lang):
    """`symback report 3-2-3-1 --l2 0.05 --format tex` then `symback verify ... --file` on it:
    every display is read and correct (the penalty, λ w_{k,j} in every weight's chain, the
    update rules and the matrix forms), and the equalities found are those the report states."""
    options = ["3-2-3-1", "--l2", "0.05", "--notation", notation]
    assert main(["report", *options, "--lang", lang, "--format", "tex", "--out", str(tmp_path)]) == 0
    capsys.readouterr()
    report = tmp_path / "report.tex"
    code = main(["verify", *options, "--file", str(report), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    verdicts = [formula["verdict"] for formula in data["formulas"]]
    assert code == 0 and set(verdicts) == {"correct"}, data["summary"]
    source = report.read_text(encoding="utf-8")
    assert r"\lambda" in source
    statements = sum(len(NOT_EQUALITY.findall(formula["formula"])) for formula in data["formulas"])
    equalities = sum(len(formula["links"]) for formula in data["formulas"]) - statements
    assert equalities == stated_equalities(source)
