"""Progress on stderr for long worked examples: only on a terminal, only after 2 seconds."""

from __future__ import annotations

import sys
import time

DELAY = 2.0


class Progress:
    """Callable ``(done, total)`` that shows "label done/total" once the work takes long."""

    def __init__(self, label: str, stream=None):
        self.label, self.stream = label, stream or sys.stderr
        self.start = time.monotonic()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.stream.isatty() or time.monotonic() - self.start < DELAY:
            return
        self.shown = True
        self.stream.write(f"\r{self.label} {done}/{total}")
        self.stream.flush()

    def close(self) -> None:
        """End the progress line (if one was shown)."""
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
