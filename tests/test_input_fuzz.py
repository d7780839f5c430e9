"""Fuzzing the inputs that describe a network: spec TOML files, the shorthand, and the option
flags. Every case ends with exit code 0, 1 or 2, exit 2 with exactly one line on stderr, and
never with an exception escaping ``main`` (a traceback for a user). Seeded (derandomized), so
CI runs the same few hundred cases every time; accepted networks stay small or run with
--groups so that each case is quick."""

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from symback.cli import main

ROOT = Path(__file__).resolve().parent.parent
CASE_SECONDS = 30  # a hang (a FIFO, an unbounded loop) fails the case instead of the whole run


def fuzz(cases: int):
    return settings(derandomize=True, deadline=None, database=None, max_examples=cases,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

NAMES = ["sigmoid", "tanh", "relu", "linear", "softmax", "sse", "mse", "bce", "cce", "neurons", "layers",
         "in-out", "out-in", "none", "handouts", "", " ", "SIGMOID", "sigmoid ", "sigmod", "ＳＳＥ", "s\x00e"]
FIELDS = ["inputs", "layers", "loss", "notation", "layout", "title", "references", "example", "size",
          "activation", "Loss", "extra", "inputs.x"]


def run_main(argv: list[str]) -> tuple[int, str]:
    """``main(argv)`` in this process with a time limit; (exit code, stderr)."""
    err = io.StringIO()

    def timeout(signum, frame):
        raise TimeoutError(f"case took over {CASE_SECONDS} s: {argv!r}")

    previous = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(CASE_SECONDS)
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exit_:  # argparse's own usage errors
                code = exit_.code
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return code, err.getvalue()


def assert_clean(argv: list[str]) -> int:
    code, err = run_main(argv)
    assert code in (0, 1, 2), (argv, code, err)
    if code == 2:
        assert err.count("\n") == 1 and err.endswith("\n"), (argv, err)
    assert "Traceback" not in err, (argv, err)
    return code


# -- TOML values -----------------------------------------------------------------------------
def toml_value(value) -> str:
    """TOML text of a generated value (strings through JSON escapes, which TOML shares)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return {"nan": "nan", "inf": "inf", "-inf": "-inf"}.get(repr(value), repr(value))
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    return str(value)  # raw TOML such as a date


SCALARS = st.one_of(st.sampled_from(NAMES), st.integers(-3, 6), st.sampled_from([0, -1, 10**6, 2**64, 10**400]),
                    st.floats(allow_nan=True), st.booleans(), st.text(max_size=12),
                    st.sampled_from(["1979-05-27", "07:32:00", "1979-05-27T07:32:00Z"]).map(lambda t: _Raw(t)))


class _Raw(str):
    """A TOML literal written as is (dates and times)."""


def _raw_str(value) -> str:
    return str(value) if isinstance(value, _Raw) else toml_value(value)


VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                        st.dictionaries(st.sampled_from(FIELDS), inner, max_size=2)),
                      max_leaves=4)
LAYER = st.fixed_dictionaries({}, optional={"size": st.one_of(st.integers(1, 3), VALUES),
                                            "activation": st.one_of(st.sampled_from(NAMES), VALUES)})


def toml_text(fields: dict, layers: list, layers_raw) -> str:
    lines = [f"{json.dumps(name) if '.' in name else name} = {_raw_str(value)}"
             for name, value in fields.items() if name != "layers"]
    if layers_raw is not None:
        lines.append(f"layers = {_raw_str(layers_raw)}")
    for layer in layers:
        lines.append("[[layers]]")
        lines += [f"{name} = {_raw_str(value)}" for name, value in layer.items()]
    return "\n".join(lines) + "\n"


SPEC_FIELDS = st.fixed_dictionaries(
    {"inputs": st.one_of(st.integers(1, 3), VALUES)},
    optional={name: VALUES for name in ("loss", "notation", "layout", "title", "references", "extra")})


@fuzz(150)
@given(fields=SPEC_FIELDS, layers=st.lists(LAYER, max_size=3), layers_raw=st.one_of(st.none(), VALUES),
       cut=st.one_of(st.none(), st.integers(0, 200)), noise=st.binary(max_size=3))
def test_toml_spec(tmp_path_factory, fields, layers, layers_raw, cut, noise):
    text = toml_text(fields, layers, layers_raw if not layers else None).encode("utf-8")
    if cut is not None:  # a truncated or corrupted file
        text = text[:cut] + noise + text[cut:]
    path = tmp_path_factory.mktemp("fuzz") / "spec.toml"
    path.write_bytes(text)
    assert_clean(["derive", str(path), "--check", "none", "--groups"])


# -- shorthand -------------------------------------------------------------------------------
PIECES = ["1", "2", "3", "0", " ", "10", "99999", "100001", "9" * 30, "²", "①", "𝟐", "٣", "２", "x", ".", "+",
          "e3", "_", "\t", "0x2", "1_0", "toml", ".toml", "/", "\\", "é", ""]
SIZE = st.lists(st.sampled_from(PIECES), min_size=1, max_size=2).map("".join)
SEPARATORS = ["-", "-", "-", "--", " - ", "–", "−"]


@fuzz(200)
@given(sizes=st.lists(SIZE, min_size=1, max_size=5), separator=st.sampled_from(SEPARATORS), groups=st.booleans())
def test_shorthand(sizes, separator, groups):
    spec = separator.join(sizes)
    argv = ["derive", spec, "--check", "none"] + (["--groups"] if groups else [])
    code = assert_clean(argv)
    if any(ch in spec for ch in "²①𝟐٣２"):
        assert code == 2, spec  # ASCII digits only


# -- option flags ----------------------------------------------------------------------------
OPTION_VALUES = NAMES + ["sigmoid,softmax", "tanh,tanh,tanh,tanh", ",", "sigmoid,", "relu,,linear", "json", "text",
                         "symbolic", "numeric", "expanded", "auto", "x" * 300]
OPTIONS = ["--loss", "--activation", "--notation", "--layout", "--format", "--check"]


@fuzz(150)
@given(spec=st.sampled_from(["2-2-1", "2-3", "1-2-2", None]),
       options=st.dictionaries(st.sampled_from(OPTIONS), st.sampled_from(OPTION_VALUES), max_size=4),
       stray=st.sampled_from([[], ["--bogus"], ["--loss"], ["extra-positional"], ["--out", ""]]))
def test_flags(tmp_path_factory, monkeypatch, spec, options, stray):
    if options.get("--check") in ("expanded", "numeric", "symbolic", "auto"):
        options["--check"] = "none"  # proofs are tested elsewhere; keep each case quick
    argv = ["derive"] + ([spec] if spec else []) + [f"{name}={value}" for name, value in options.items()] + stray
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))
    assert_clean(argv + ([] if "--check" in options else ["--check", "none"]))


@pytest.mark.parametrize("argv", [
    ["derive", "3-²-1"], ["derive", "2-1", "--loss", ""], ["codegen", "2-1", "--out", "a" * 300],
    ["derive", "/dev/zero"], ["derive", "2-1", "--groups", "--check", "none"],
])
def test_real_process_exit_codes(argv):
    """The entry point a user runs: exit code and stderr of a fresh process."""
    result = subprocess.run([sys.executable, "-m", "symback.cli", *argv], capture_output=True, text=True,
                            timeout=120, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert result.returncode in (0, 2), result.stderr
    assert "Traceback" not in result.stderr
    if result.returncode == 2:
        assert result.stderr.count("\n") == 1, result.stderr
