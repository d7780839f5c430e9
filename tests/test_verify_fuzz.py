"""Fuzzing: random strings and mutations of valid formulas never raise, always give a verdict
(correct / wrong) or an unreadable with a column, and take a bounded time each."""

import time

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from symback.derive import derive
from symback.spec import resolve
from symback.verify import Context, verify
from symback.verify.check import INTERNAL

from verify_tables import ARCHS, TABLE

PIECES = list("abefgijklmnosuwxyzACFJLTW0123456789+-=()[]{}_^',.;/*|&~ ") + [
    "\\", r"\frac", r"\partial", r"\sum", r"\hat", r"\mathbf", r"\Theta", r"\delta", r"\sigma", r"\odot",
    r"\cdot", r"\left(", r"\right)", r"\nabla_a", r"\log", r"\exp", r"\varepsilon", "g'", "e_{i,j}",
    "w_{jF}", "s_{i,6}", "^T", "^{(l+1)}", r"\mathcal{C}", r"\operatorname{softmax}", r"\input", r"\def",
    r"\quad (j = 4)", "_{i=1}^n", "x_{i,1}", r"\sum_{m=6}^{8}", "[o = q]", r"\lambda", "λ", "lambda"]
# Token-level edits that keep formulas readable more often than character noise does.
SWAPS = [("j", "k"), ("F", "6"), ("e_", "s_"), ("g'", "g"), ("+", "-"), ("i,", "j,"), ("^T", ""),
         ("(l+1)", "(l)"), ("\\odot", " "), ("2", "3"), ("\\hat", ""), ("_{", "_{1"), ("}", "}}")]

_CONTEXTS = {}


def context(key):
    if key not in _CONTEXTS:
        spec, activation, loss, notation, layout = ARCHS[key]
        arch = resolve(spec, activation, loss, notation, layout)
        _CONTEXTS[key] = Context.create(arch, derive(arch))
        # The first formula of a network builds the run's caches (grammar, prover): set-up of
        # the run, not time spent on one formula.
        verify(next(row[1] for row in TABLE if row[0] == key), _CONTEXTS[key])
    return _CONTEXTS[key]


def check(key, text):
    start = time.process_time()  # CPU time: the bound is on the work, not on the machine's load
    verdict = verify(text, context(key))
    elapsed = time.process_time() - start
    assert verdict.status in ("correct", "wrong", "unreadable")
    if verdict.status == "unreadable":
        assert verdict.error.column >= 1 and verdict.error.message
        assert INTERNAL not in verdict.error.message, verdict.error.message
    # Bounded per case (issue 15): the cases that once ran for minutes now take well under a
    # second alone. Wrong formulas are diagnosed by trying familiar mistakes, and a comparison
    # that passes verify's 5-second symbolic budget falls back to the points: with the tests on
    # every core, one such case took 6.2 s of CPU in CI (1.5 s alone), hence 10 s, as for the
    # penalty edits of tests/test_verify_l2.py.
    assert elapsed < 10.0, (elapsed, text)


FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                derandomize=True)


@FAST
@given(st.sampled_from(["A", "C"]), st.lists(st.sampled_from(PIECES), max_size=25).map("".join))
def test_random_strings(key, text):
    check(key, text)


@FAST
@given(st.sampled_from(range(len(TABLE))), st.data())
def test_mutations_of_valid_formulas(row, data):
    key, text = TABLE[row][0], TABLE[row][1]
    for _ in range(data.draw(st.integers(1, 3))):
        choice = data.draw(st.integers(0, 5))  # 2..5: token swaps, which keep formulas readable
        if choice == 0 and text:
            position = data.draw(st.integers(0, len(text) - 1))
            text = text[:position] + text[position + 1:]
        elif choice == 1:
            position = data.draw(st.integers(0, len(text)))
            text = text[:position] + data.draw(st.sampled_from(PIECES)) + text[position:]
        else:
            old, new = data.draw(st.sampled_from(SWAPS))
            text = text.replace(old, new, 1)
    check(key, text)


@pytest.mark.parametrize("text", ["", " ", "=", "==", "{", "}", "\\", "^", "_", "'", "((((((((((((x))))))))))))",
                                  "(" * 200 + ")" * 200, "w" * 5000, r"\frac" * 50, "x_{i,1}^" * 30])
def test_edge_cases(text):
    check("A", text)
