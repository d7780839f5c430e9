"""Formula text is read by a grammar and never evaluated: code and TeX primitives are
unreadable (exit 2), and reading them creates no file and runs nothing."""

import os
import re
import subprocess
from pathlib import Path

import pytest

from symback.cli import main

HOSTILE = [
    "__import__('os').system('touch PWNED')",
    "eval('1+1') = 2",
    "exec(\"open('PWNED','w')\")",
    r"\input{/etc/passwd}",
    r"\include{PWNED}",
    r"\write18{touch PWNED}",
    r"\immediate\write18{touch PWNED}",
    r"\def\x{touch PWNED} \x",
    r"\catcode`\^^@=11",
    r"\openout1=PWNED \write1{x}",
    r"\usepackage{shellesc} \ShellEscape{touch PWNED}",
    r"$(touch PWNED)",
    r"`touch PWNED`",
    "w_{1,4} = __import__('subprocess').run(['touch', 'PWNED'])",
    r"\frac{\partial J}{\partial w_{1,4}} = \input{PWNED}",
    "lambda: open('PWNED', 'w')",
]

VERIFY_SOURCES = sorted((Path(__file__).resolve().parent.parent / "symback" / "verify").rglob("*.py")) + [
    Path(__file__).resolve().parent.parent / "symback" / "commands" / "verify.py"]


@pytest.fixture
def tripwires(monkeypatch, tmp_path):
    """Fail loudly if anything tries to run a program; work in an empty directory."""
    calls = []

    def refuse(*args, **kwargs):
        calls.append(args)
        raise AssertionError(f"verify tried to run something: {args!r}")

    monkeypatch.setattr(os, "system", refuse)
    monkeypatch.setattr(os, "popen", refuse)
    monkeypatch.setattr(subprocess, "Popen", refuse)
    monkeypatch.chdir(tmp_path)
    return calls, tmp_path


@pytest.mark.parametrize("formula", HOSTILE)
def test_hostile_formula_is_unreadable_and_harmless(tripwires, capsys, formula):
    calls, directory = tripwires
    before = sorted(os.listdir(directory))
    code = main(["verify", formula])
    out = capsys.readouterr().out
    assert code == 2
    assert "unreadable" in out and "column" in out
    assert sorted(os.listdir(directory)) == before
    assert not calls
    assert not Path("/tmp/PWNED").exists() or Path("/tmp/PWNED").stat().st_mtime < 0


def test_hostile_file_is_unreadable_and_harmless(tripwires, capsys):
    calls, directory = tripwires
    source = "\n".join(["\\documentclass{article}", "\\begin{document}"]
                       + [f"\\[ {formula} \\]" for formula in HOSTILE] + ["\\end{document}", ""])
    (directory / "hostile.tex").write_text(source, encoding="utf-8")
    before = sorted(os.listdir(directory))
    code = main(["verify", "--file", "hostile.tex", "--format", "json", "--strict"])
    out = capsys.readouterr().out
    assert code == 2
    assert out.count('"verdict": "unreadable"') == len(HOSTILE)
    # Without --strict the displays that are not about the network are listed as skipped.
    code = main(["verify", "--file", "hostile.tex", "--format", "json"])
    out = capsys.readouterr().out
    assert code == 2
    assert out.count('"verdict": "unreadable"') + out.count('"verdict": "skipped"') == len(HOSTILE)
    assert sorted(os.listdir(directory)) == before
    assert not calls


def test_no_evaluation_of_text_in_the_sources():
    """No eval/exec/sympify/parse_expr anywhere in verify: text only ever meets the grammar."""
    forbidden = re.compile(r"\b(eval|exec|sympify|parse_expr)\s*\(|__import__")
    for path in VERIFY_SOURCES:
        source = path.read_text(encoding="utf-8")
        code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("#"))
        assert not forbidden.search(code), f"{path.name} evaluates something"
