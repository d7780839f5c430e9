"""What a report says: no handout cited unless asked, notations defined where they first
appear, index letters that never name a symbol."""

from __future__ import annotations

import re

import pytest

from symback.report import build_report, render_latex, render_markdown
from symback.report.messages import HANDOUTS, LANGUAGES, TABLES
from symback.spec import resolve

SOFTMAX_LAYERS = ("2-2-2", "tanh,softmax", "cce", "layers")


def _tex(spec, activation=None, loss=None, notation="neurons", lang="en", **changes) -> str:
    arch = resolve(spec, activation, loss, notation).replace(**changes)
    return render_latex(build_report(arch, lang))


@pytest.fixture(scope="module")
def softmax_reports():
    arch = resolve(*SOFTMAX_LAYERS)
    return {lang: build_report(arch, lang) for lang in LANGUAGES}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_handout_messages_override_existing_ones(lang):
    assert set(HANDOUTS[lang]) <= set(TABLES[lang])
    assert set(HANDOUTS["en"]) == set(HANDOUTS["pt"])


@pytest.mark.parametrize("lang, words", [("en", r"handout|equations? \d"), ("pt", r"apostila|equaç(ão|ões) \d")])
def test_reports_cite_no_handout_by_default(softmax_reports, lang, words):
    report = softmax_reports[lang]
    for text in (render_latex(report), render_markdown(report)):
        assert not re.search(words, text, re.I), re.search(words, text, re.I).group(0)


@pytest.mark.parametrize("lang, cited", [("en", "handout 004"), ("pt", "apostila 004")])
def test_references_handouts_keeps_the_citations(lang, cited):
    tex = _tex("2-1", lang=lang, references="handouts")
    assert cited in tex and ("000" in tex)


def test_an_unknown_references_value_is_refused():
    from symback.errors import SpecError
    with pytest.raises(SpecError, match="references: 'course' is not accepted; accepted: handouts, none"):
        resolve("2-1").replace(references="course")


def test_the_output_index_is_not_the_output_letter(softmax_reports):
    tex = render_latex(softmax_reports["en"])
    assert "o_{i,c}" in tex
    assert not re.search(r"_\{[^}]*,o\}|o = 1|\[o =|= o\\right\]", tex)


def test_the_iverson_bracket_is_defined_once_right_after_the_display_that_first_uses_it(softmax_reports):
    for lang, report in softmax_reports.items():
        tex = render_latex(report)
        definition = {"en": "Iverson bracket", "pt": "colchete de Iverson"}[lang]
        assert tex.count(definition) == 1
        first_use = tex.index(r"\left[c = j\right]")
        assert tex.index(r"\end{align*}", first_use) < tex.index(definition) < tex.index(r"\begin{align*}", first_use)


def test_no_iverson_sentence_without_a_bracket():
    assert "Iverson" not in _tex("2-2-1")


# -- how a Derivation shows itself (printing/notebook.py) ----------------------------------------
def test_derivation_text_shows_each_group_once_with_its_ranges():
    from symback.derive import derive
    from symback.printing.notebook import derivation_text, gradient_text
    derivation = derive(resolve("3-2-3-1"))
    lines = derivation_text(derivation).splitlines()
    assert lines[0].startswith("Derivation of the 3-2-3-1 network") and len(lines) == 1 + 6
    assert lines[1].startswith("  dJ/dTheta_{F} = sum_i ") and " for " not in lines[1]
    assert lines[3].endswith("for j = 6, 7, 8") and lines[6].endswith("for k = 1, 2, 3; j = 4, 5")
    shown = gradient_text(next(iter(derivation.gradients())), derivation.model)
    assert shown.startswith("dJ/dw_{1,4} = sum_i ")
    assert not re.search(r"gp_|_m\b|e\[i", shown)


def test_notebook_display_names_the_ranges_and_renames_the_output_index():
    from symback.derive import derive
    from symback.printing.notebook import derivation_repr_latex
    shown = derivation_repr_latex(derive(resolve(*SOFTMAX_LAYERS)))
    assert shown.count(r"\frac{\partial C}") == 4 and r"\quad (k = 1, 2; j = 1, 2)" in shown
    assert "_{i,o}" not in shown and r"\sum_{o" not in shown
