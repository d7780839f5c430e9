"""The time limit around symbolic work (symback/verify/judge/budget.py)."""

import time

import pytest

from symback.verify.judge.budget import Budget, OutOfTime


def test_work_past_the_budget_is_stopped():
    budget = Budget(0.2)
    start = time.monotonic()
    with pytest.raises(OutOfTime):
        budget.run(lambda: time.sleep(5))
    assert time.monotonic() - start < 2
    assert budget.exhausted


def test_a_swallowed_expiry_does_not_let_the_work_run_on():
    """Python swallows an exception raised inside a garbage-collector callback or a __del__
    ("Exception ignored in ..."); the timer fires again, so the work still stops."""
    swallowed = []

    def work():
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                time.sleep(0.01)
            except OutOfTime:
                if not swallowed:
                    swallowed.append(True)   # the first expiry is lost, as in a gc callback
                    continue
                raise
        return "ran to the end"

    budget = Budget(0.2)
    start = time.monotonic()
    with pytest.raises(OutOfTime):
        budget.run(work)
    assert swallowed and time.monotonic() - start < 2


def test_work_within_the_budget_returns_and_the_timer_is_gone():
    budget = Budget(1.0)
    assert budget.run(lambda x: x + 1, 1) == 2
    time.sleep(1.2)   # an armed timer would raise here
    assert not budget.exhausted and 0 < budget.left <= 1.0


def test_an_exhausted_budget_refuses_more_work():
    budget = Budget(0.1)
    with pytest.raises(OutOfTime):
        budget.run(lambda: time.sleep(2))
    with pytest.raises(OutOfTime):
        budget.run(lambda: 1)
    budget.reset()
    assert budget.run(lambda: 1) == 1
