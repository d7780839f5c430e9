"""Progress on stderr for work a user waits for: shown only on a terminal, only after a while.

A line is redrawn in place at most a few times a second, and only once the work has run
for ``delay`` seconds, so fast runs and redirected stderr stay silent.
"""

from __future__ import annotations

import sys
import time


class Progress:
    """``with Progress("proving") as progress: progress.update(done, total, "weights of layer 2")``."""

    def __init__(self, label: str, delay: float = 1.5, interval: float = 0.25, stream=None):
        self.label, self.delay, self.interval = label, delay, interval
        self.stream = sys.stderr if stream is None else stream
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False
        self.enabled = hasattr(self.stream, "isatty") and self.stream.isatty()

    def update(self, done: int, total: int, what: str = "") -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.start < self.delay or now - self.last < self.interval:
            return
        self.last, self.shown = now, True
        line = f"{self.label}: {done}/{total}" + (f" ({what})" if what else "")
        self.stream.write("\r" + line[:100].ljust(100))
        self.stream.flush()

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        if self.shown:
            self.stream.write("\r" + " " * 100 + "\r")
            self.stream.flush()
