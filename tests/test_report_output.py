"""What a report run leaves behind: TeX confined, one line on every failure, nothing half
written, one run per output folder, children gone after an interrupt."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from symback.cli import main
from symback.errors import SpecError
from symback.report.escape import MAX_TITLE, escape_latex
from symback.report.lock import LOCK_NAME, locked

ROOT = Path(__file__).resolve().parent.parent

FAKE_TEX = """#!/bin/sh
echo "$@" > "{record}.args"
env > "{record}.env"
echo $$ > "{record}.pid"
{action}
"""


def fake_pdflatex(tmp_path: Path, action: str) -> dict:
    """An environment whose PATH holds only a pdflatex that records its call, then does ``action``."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "pdflatex"
    script.write_text(FAKE_TEX.format(record=tmp_path / "call", action=action))
    script.chmod(0o755)
    return dict(os.environ, PATH=f"{bin_dir}:/usr/bin:/bin", PYTHONPATH=str(ROOT), TMPDIR=str(tmp_path))


def one_line_error(capsys, *argv) -> str:
    assert main(list(argv)) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1, error
    return error


@pytest.mark.parametrize("title, accepted", [("   ", False), ("x" * MAX_TITLE, True), ("x" * (MAX_TITLE + 1), False)])
def test_title_limits(title, accepted):
    if accepted:
        assert escape_latex(title) == title
    else:
        with pytest.raises(SpecError, match="title: "):
            escape_latex(title)


@pytest.mark.parametrize("typed, escaped", [
    ("a---b", "a-{}-{}-{}b"),
    ("''q''", r"\textquotesingle{}\textquotesingle{}q\textquotesingle{}\textquotesingle{}"),
    ("?` !`", r"?{}\textasciigrave{} !{}\textasciigrave{}"),
])
def test_titles_are_set_literally(typed, escaped):
    assert escape_latex(typed) == escaped


@pytest.mark.parametrize("out", ["", "x" * 300])
def test_bad_out_is_one_line(out, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert "--out" in one_line_error(capsys, "report", "2-1", "--out", out)
    assert list(tmp_path.iterdir()) == []


def test_a_locked_folder_is_refused(tmp_path, capsys):
    with locked(tmp_path):
        error = one_line_error(capsys, "report", "2-1", "--out", str(tmp_path))
    assert "in use by another symback run" in error
    assert sorted(path.name for path in tmp_path.iterdir()) == []
    assert main(["report", "2-1", "--out", str(tmp_path)]) == 0
    assert not (tmp_path / LOCK_NAME).exists()


def test_tex_is_confined_and_its_error_line_reported(tmp_path):
    env = fake_pdflatex(tmp_path, 'echo "! Undefined control sequence."; exit 1')
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "symback.cli", "report", "2-1", "--format", "tex,md,pdf",
                             "--out", str(out)], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "pdflatex failed: Undefined control sequence." in result.stderr and "nothing was written" in result.stderr
    assert not out.exists() or list(out.iterdir()) == []
    assert "-no-shell-escape" in (tmp_path / "call.args").read_text().split()
    environment = (tmp_path / "call.env").read_text().splitlines()
    assert "openin_any=p" in environment and "openout_any=p" in environment


def test_an_interrupted_run_kills_tex_and_removes_its_folder(tmp_path):
    env = fake_pdflatex(tmp_path, "sleep 60")
    process = subprocess.Popen([sys.executable, "-m", "symback.cli", "report", "2-1", "--format", "pdf",
                                "--out", str(tmp_path / "out")], env=env, stderr=subprocess.PIPE)
    pid_file = tmp_path / "call.pid"
    deadline = time.monotonic() + 120
    while not pid_file.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(0.3)
    tex_pid = int(pid_file.read_text())
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) != 0
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):
        os.kill(tex_pid, 0)
    assert not list(tmp_path.glob("symback-tex-*"))
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []
