"""One run at a time per output folder: an advisory lock on ``<folder>/.symback.lock``.

``flock`` is released by the kernel when the process dies, even by SIGKILL, so a killed run
never leaves a folder locked. The lock file is removed on release; a run that locked a file
already unlinked by the previous holder tries again on the new one.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path

from ..errors import OutputError

LOCK_NAME = ".symback.lock"


def _acquire(path: Path) -> int:
    for _ in range(3):
        handle = os.open(path, os.O_CREAT | os.O_RDWR, 0o666)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(handle)
            raise OutputError(f"--out: '{path.parent}' is in use by another symback run (lock {LOCK_NAME}); "
                              "wait for it to finish or choose another directory") from None
        with contextlib.suppress(FileNotFoundError):
            if os.path.samestat(os.fstat(handle), os.stat(path)):
                return handle
        os.close(handle)  # the holder before us removed this file: lock the new one
    raise OutputError(f"--out: cannot lock '{path.parent}': the lock file keeps changing")


@contextlib.contextmanager
def locked(directory: str | Path):
    """Hold the output folder's lock for the duration of a run.

    Raises:
        OutputError: another run holds it, or the lock file cannot be created.
    """
    path = Path(directory) / LOCK_NAME
    try:
        handle = _acquire(path)
    except OSError as error:
        raise OutputError(f"--out: cannot lock '{path.parent}': {error.strerror or error}") from None
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(handle)
