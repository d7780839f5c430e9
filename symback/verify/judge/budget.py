"""A time limit around SymPy work: symbolic comparisons that would run long are cut off, and
the 60-digit points decide instead (verify says so).

SymPy cannot be asked to stop, so the limit is a SIGALRM timer raising OutOfTime, a
BaseException that SymPy's own ``except Exception`` clauses let through. The timer repeats
until the work ends: a signal that lands inside a garbage-collector callback or a ``__del__``
has its exception swallowed by Python ("Exception ignored in ..."), and the next one stops the
work. Outside the main thread (no signals there) the work runs without a limit.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time


# How often the expired timer fires again while the work has not stopped.
_REPEAT_SECONDS = 0.05


class OutOfTime(BaseException):
    """The symbolic work ran past its budget."""


class Budget:
    """Seconds left for the symbolic work of one formula."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.left = seconds
        self.exhausted = False

    def reset(self) -> None:
        self.left, self.exhausted = self.seconds, False

    def run(self, function, *args):
        """``function(*args)`` within the time left; raises OutOfTime (and marks the budget
        exhausted) when it runs past it."""
        if self.exhausted or self.left <= 0:
            self.exhausted = True
            raise OutOfTime()
        start = time.monotonic()
        try:
            with _alarm(self.left):
                return function(*args)
        except OutOfTime:
            self.exhausted = True
            raise
        finally:
            self.left -= time.monotonic() - start


@contextlib.contextmanager
def _alarm(seconds: float):
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    armed = True

    def expire(signum, frame):
        if armed:
            raise OutOfTime()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001), _REPEAT_SECONDS)
    try:
        yield
    finally:
        armed = False  # first: a signal arriving during the clean-up must not raise here
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
