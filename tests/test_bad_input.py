"""Bad input from issue 15: one line on stderr naming the field, the value and what is
accepted; exit code 2; never a traceback, never a silent default, never a read that hangs."""

import os

import pytest

from symback.cli import main
from symback.errors import OutputError
from symback.output import MAX_READ_BYTES, output_path, read_user_text

LONG_NAME = "a" * 300


def one_line_error(capsys, argv) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


@pytest.mark.parametrize("field", ["loss", "notation", "layout", "title", "references"])
@pytest.mark.parametrize("value", ['["sse"]', '{ name = "sse" }', "3", "true"])
def test_toml_field_of_the_wrong_type(tmp_path, capsys, field, value):
    spec = tmp_path / "x.toml"
    spec.write_text(f"inputs = 2\n{field} = {value}\n[[layers]]\nsize = 1\n")
    err = one_line_error(capsys, ["derive", str(spec), "--check", "none"])
    assert f"{field}: " in err and "is not accepted" in err


@pytest.mark.parametrize("value", ['["sigmoid"]', '{ name = "tanh" }', "1"])
def test_toml_activation_of_the_wrong_type(tmp_path, capsys, value):
    spec = tmp_path / "x.toml"
    spec.write_text(f"inputs = 2\n[[layers]]\nsize = 1\nactivation = {value}\n")
    err = one_line_error(capsys, ["derive", str(spec), "--check", "none"])
    assert "layers[0].activation: " in err and "accepted: " in err and "sigmoid, " in err


@pytest.mark.parametrize("spec", ["3-²-1", "3-𝟐-1", "3-①-1", "3-⁵-1", "٣-2-1", "3-2-١", "3-２-1"])
def test_shorthand_accepts_ascii_digits_only(capsys, spec):
    err = one_line_error(capsys, ["derive", spec, "--check", "none"])
    assert "size" in err and "digits 0-9" in err


def test_shorthand_with_thousands_of_digits_is_too_large(capsys):
    err = one_line_error(capsys, ["derive", "3-" + "9" * 5000 + "-1"])
    assert "too large; at most 100000 neurons per layer" in err and len(err) < 300


@pytest.mark.parametrize("spec", ["3-2-1", None])
@pytest.mark.parametrize("option,accepted", [("--loss", "bce, cce"), ("--activation", "sigmoid, "),
                                             ("--notation", "layers, neurons"), ("--layout", "in-out, out-in")])
def test_empty_option_is_an_error_not_the_default(capsys, spec, option, accepted):
    argv = ["derive", f"{option}=", "--check", "none"] + ([spec] if spec else [])
    err = one_line_error(capsys, argv)
    assert f"{option}: ''" in err and accepted in err


@pytest.mark.parametrize("activation", ["sigmoid,", ",sigmoid", "sigmoid,,linear"])
def test_empty_activation_in_a_list(capsys, activation):
    assert "has an empty name" in one_line_error(capsys, ["derive", "2-2-2-1", f"--activation={activation}"])


@pytest.mark.parametrize("argv", [
    ["codegen", "2-1", "--out="], ["codegen", "2-1", f"--out={LONG_NAME}"],
    ["codegen", "2-1", f"--out=sub/{LONG_NAME}.py"], ["report", "2-1", "--out="],
    ["report", "2-1", f"--out={LONG_NAME}"], ["build", "--out="], ["build", f"--out={LONG_NAME}"],
    ["build", "--check", "--out="], ["example", "2-1", "--out="], ["exercises", "2-1", "--out="],
    ["example", "2-1", f"--out={LONG_NAME}"],
])
def test_bad_out_is_one_line(tmp_path, capsys, monkeypatch, argv):
    monkeypatch.chdir(tmp_path)
    err = one_line_error(capsys, argv)
    assert "--out: " in err
    assert not list(tmp_path.iterdir())  # nothing written into the current directory


@pytest.mark.parametrize("text,message", [
    ("", "an empty name"), ("   ", "an empty name"), ("a\x00b", "NUL"),
    (LONG_NAME, "300 bytes long; at most 255"), ("d/" + "é" * 200, "400 bytes long"),
    ("x/" * 2100, "bytes long; at most 4096"),
])
def test_output_path_refuses(text, message):
    with pytest.raises(OutputError, match=message):
        output_path(text)


def test_output_path_accepts_a_long_but_valid_name(tmp_path):
    from symback.output import write_atomic
    path = output_path(str(tmp_path / ("b" * 255)))
    write_atomic(path, "x")  # the temporary name beside it must fit as well
    assert path.read_text() == "x"


@pytest.mark.parametrize("path,message", [
    ("/dev/zero", "is not a regular file"), ("/dev/urandom", "is not a regular file"),
    ("/dev/null", "is not a regular file"), ("/", "is a directory, not a TOML file"),
    ("/no/such/spec.toml", "not found"),
])
def test_spec_path_refused_before_reading(capsys, path, message):
    err = one_line_error(capsys, ["derive", path])
    assert message in err


def test_fifo_is_refused_without_waiting(tmp_path, capsys):
    fifo = tmp_path / "x.toml"
    os.mkfifo(fifo)
    assert "is not a regular file" in one_line_error(capsys, ["derive", str(fifo)])


def test_file_over_the_size_limit(tmp_path, capsys):
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * (MAX_READ_BYTES + 1))
    assert "at most 1,000,000 are accepted" in one_line_error(capsys, ["derive", str(big)])
    fits = tmp_path / "fits.tex"
    fits.write_bytes(b"%" * MAX_READ_BYTES)
    assert len(read_user_text(fits, "--file:", ".tex file")) == MAX_READ_BYTES
