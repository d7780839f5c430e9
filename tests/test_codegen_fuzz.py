"""Fuzzed CSV files for the generated train.py: exit 0, 2 or 3 only, one line on stderr for an
error, never an exception escaping main, each case quickly (in-process, bounded iterations)."""

import time

import pytest
from codegen_helpers import load, write_generated
from hypothesis import HealthCheck, given, settings, strategies as st

ODD = st.sampled_from(["1e308", "1e309", "-0", "nan", "inf", "", " ", "x", '"1"', '"1,2"', "1;2", "\t",
                       "\ufeff1", "\x00", "é", "3-", "0x10", "1_0", "1e-320", "٣", "2", "-1", "0.5"])
NUMBERS = st.one_of(st.sampled_from(["0", "1"]), st.floats(-1e6, 1e6).map(repr))
CELLS = st.one_of(NUMBERS, NUMBERS, NUMBERS, ODD)
DELIMITERS = st.sampled_from([",", ";", "\t", "|", " "])


@st.composite
def csv_texts(draw):
    delimiter = draw(DELIMITERS)
    names = st.lists(st.sampled_from(["a", "b", "y", "c", "", "a b", "\ufeffa"]), max_size=4)
    header = draw(st.one_of(st.just(["a", "b", "y"]), st.just(["a", "b", "y"]), names))
    row = st.one_of(st.lists(CELLS, min_size=3, max_size=3), st.lists(CELLS, max_size=4))
    rows = draw(st.lists(row, max_size=6))
    ending = draw(st.sampled_from(["\n", "\r\n", ""]))
    return ending.join([delimiter.join(header)] + [delimiter.join(row) for row in rows]) + ending


@pytest.fixture(scope="module")
def programs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    return folder, {"bce": load(write_generated(folder, (2, 3, 1), ("tanh", "sigmoid"), "bce")),
                    "cce": load(write_generated(folder, (2, 3), ("softmax",), "cce")),
                    "sse": load(write_generated(folder, (2, 1), ("linear",), "sse", "neurons"))}


@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=csv_texts(), network=st.sampled_from(["bce", "cce", "sse"]),
       extra=st.sampled_from([[], ["--batch-size", "2"], ["--standardize"], ["--lr", "1e9"],
                              ["--validation", "0.5", "--patience", "1"], ["--dtype", "float32"]]))
def test_fuzzed_csv_gives_a_clean_exit(programs, capsys, text, network, extra):
    folder, modules = programs
    path = folder / "fuzz.csv"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    started = time.monotonic()
    code = modules[network].main(["train", str(path), "--target", "y", "--max-iter", "3", *extra])
    assert time.monotonic() - started < 5
    err = capsys.readouterr().err
    assert code in (0, 2, 3)
    if code:
        assert err.count("\n") == 1 and err.startswith("train.py: error: "), err
