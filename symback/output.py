"""Reading users' files with one-line errors, and writing files atomically: a failed run
never leaves a partial file or removes an old one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError


def read_user_text(path: str | Path, label: str, kind: str, error=OutputError) -> str:
    """UTF-8 text of a file a user named, or ``error`` naming it: "<label> 'p' not found",
    "... is a directory, not a <kind>", "... cannot be read: <reason>"."""
    try:
        return Path(path).read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise error(f"{label} '{path}' not found") from None
    except IsADirectoryError:
        raise error(f"{label} '{path}' is a directory, not a {kind}") from None
    except (OSError, UnicodeDecodeError) as failure:
        reason = getattr(failure, "strerror", None) or str(failure)
        raise error(f"{label} '{path}' cannot be read: {reason}") from None


def ensure_directory(path: str | Path) -> Path:
    """Create ``path`` (and parents) or explain in one line why it cannot be an output directory."""
    path = Path(path)
    try:
        if path.exists() and not path.is_dir():
            raise OutputError(f"--out: '{path}' is a file, not a directory")
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"--out: cannot create directory '{path}': {error.strerror}") from None
    if not os.access(path, os.W_OK):
        raise OutputError(f"--out: directory '{path}' is not writable")
    return path


def write_atomic(path: str | Path, content: str | bytes) -> Path:
    """Write to a temporary file beside ``path`` and rename it into place."""
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp creates 0600; give the usual mode
        os.replace(temporary, path)
    except OSError as error:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
        raise OutputError(f"cannot write '{path}': {error.strerror or error}") from None
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
