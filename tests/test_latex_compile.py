"""Every generated report and reports for more networks compile with pdflatex: no error, no
undefined reference, nothing wider than the page. These tests fail (never skip) without TeX."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from report_helpers import assert_clean, compile_tex

from symback.report import build_report, render_latex
from symback.spec import resolve

GENERATED = Path(__file__).resolve().parent.parent / "generated"


@pytest.mark.parametrize("path", sorted(GENERATED.glob("handout-*/report.*.tex")), ids=lambda p: p.parent.name + "/" + p.name)
def test_generated_report_compiles(path, tmp_path):
    assert_clean(compile_tex(path.read_text(encoding="utf-8"), tmp_path))


def test_there_are_generated_reports():
    assert len(list(GENERATED.glob("handout-*/report.*.tex"))) == 4


# Each notation, each language, a deep and a wide network, softmax and a linear output. The
# numeric method keeps the small ones fast and sets its own closing sentence; the wide one is
# proved symbolically (numerically, every equality at each of its 421 parameters' indices takes
# over a minute), and so is the deep one, whose lowest groups go through the error terms and
# whose figure leaves its middle layers out.
MORE = [
    ("2-3-3-3-3-1", None, None, "layers", "out-in", "pt", "numeric"),
    ("3-8-8-1", None, None, "neurons", "in-out", "en", "numeric"),
    ("3-4-3", "tanh,softmax", "cce", "neurons", "in-out", "pt", "numeric"),
    ("2-3-1", "relu,linear", "mse", "layers", "in-out", "en", "numeric"),
    ("20-16-5", "sigmoid,softmax", "cce", "layers", "in-out", "en", "symbolic"),
    ("2-2-2-2-2-2-2-2-2-1", None, None, "neurons", "in-out", "pt", "symbolic"),
]


@pytest.mark.parametrize("spec, activation, loss, notation, layout, lang, method", MORE, ids=[m[0] for m in MORE])
def test_more_networks_compile(spec, activation, loss, notation, layout, lang, method, tmp_path):
    arch = resolve(spec, activation, loss, notation, layout)
    report = build_report(arch, lang, method=method)
    assert_clean(compile_tex(render_latex(report), tmp_path))


def test_hostile_title_compiles_and_injects_nothing(tmp_path):
    title = r"Grad_1 100% & #2 $x$ {y} \input{/etc/hostname} ^ ~ \end{document}"
    arch = resolve("2-1").replace(title=title)
    report = build_report(arch, "en")
    assert_clean(compile_tex(render_latex(report), tmp_path))
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "report.pdf", "-"], cwd=tmp_path, capture_output=True,
                              text=True).stdout
        assert r"\input{/etc/hostname}" in " ".join(text.split())


def test_fragment_compiles_inside_a_minimal_document(tmp_path):
    from symback.cli import main
    assert main(["report", "2-2-2", "--activation", "tanh,softmax", "--loss", "cce", "--fragment",
                 "--format", "tex", "--out", str(tmp_path)]) == 0
    body = (tmp_path / "report.tex").read_text(encoding="utf-8")
    assert r"\documentclass" not in body and r"\begin{document}" not in body and r"\section{" in body
    needed = re.findall(r"^%\s+(\\(?:usepackage|setlength)(?:\[[^]]*\])?\{[^}]*\}(?:\{[^}]*\})?)$", body, re.M)
    assert needed, "the fragment lists the packages it needs"
    width = re.search(r"(\\usepackage\[a4paper,margin=2.5cm\]\{geometry\})", body).group(1)
    document = "\n".join([r"\documentclass[11pt]{article}", width, *needed,
                          r"\begin{document}", r"\input{report}", r"\end{document}", ""])
    host = tmp_path / "host"
    host.mkdir()
    (host / "body.tex").write_text(body, encoding="utf-8")
    assert_clean(compile_tex(document.replace(r"\input{report}", r"\input{body}"), host))


def test_fragment_and_pdf_is_one_line(tmp_path, capsys):
    from symback.cli import main
    assert main(["report", "2-1", "--fragment", "--format", "pdf", "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err.count("\n") == 1
