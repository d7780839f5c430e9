"""Reading users' files with one-line errors, and writing files atomically: a failed run
never leaves a partial file or removes an old one."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .errors import OutputError

# A spec or a handout is a few kilobytes; a megabyte is far beyond any real one and keeps a
# mistaken argument (a disk image, /dev/zero) from being read into memory.
MAX_READ_BYTES = 1_000_000
NAME_MAX = 255     # bytes in one path component on the usual file systems (ext4, APFS, NTFS)
PATH_MAX = 4096


def read_user_text(path: str | Path, label: str, kind: str, error=OutputError) -> str:
    """UTF-8 text of a regular file a user named, or ``error`` naming it: "<label> 'p' not
    found", "... is a directory, not a <kind>", "... is not a regular file", "... is N bytes;
    at most ...", "... cannot be read: <reason>".

    The file is opened without blocking (a FIFO does not wait for a writer) and checked with
    fstat before a byte is read, so a device or a pipe is refused, not read.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise error(f"{label} '{path}' not found") from None
    except (OSError, ValueError) as failure:
        raise error(f"{label} '{path}' cannot be read: {_reason(failure)}") from None
    info = os.fstat(descriptor)
    problem = _not_readable(info, kind)
    if problem:
        os.close(descriptor)
        raise error(f"{label} '{path}' {problem}")
    with os.fdopen(descriptor, "rb") as stream:
        try:
            data = stream.read(MAX_READ_BYTES + 1)
            if len(data) > MAX_READ_BYTES:  # grew since fstat
                raise error(f"{label} '{path}' is over {MAX_READ_BYTES:,} bytes; at most that is accepted")
            return data.decode("utf-8")
        except (OSError, UnicodeDecodeError) as failure:
            raise error(f"{label} '{path}' cannot be read: {_reason(failure)}") from None


def _not_readable(info: os.stat_result, kind: str) -> str | None:
    """Why a file with this stat is not read, or None."""
    if stat.S_ISDIR(info.st_mode):
        return f"is a directory, not a {kind}"
    if not stat.S_ISREG(info.st_mode):
        return f"is not a regular file (a device, pipe or socket); give a {kind}"
    if info.st_size > MAX_READ_BYTES:
        return f"is {info.st_size:,} bytes; at most {MAX_READ_BYTES:,} are accepted"
    return None


def _reason(failure: Exception) -> str:
    return getattr(failure, "strerror", None) or str(failure)


def output_path(text: str | Path, option: str = "--out") -> Path:
    """``text`` as an output path, or an OutputError in one line: empty, a NUL character, a
    name longer than the file system allows (checked before the system is asked)."""
    text = str(text) if isinstance(text, Path) else text
    if not text.strip():
        raise OutputError(f"{option}: an empty name is not accepted; give a path")
    if "\x00" in text:
        raise OutputError(f"{option}: {_short(text)!r} contains a NUL character; give a path")
    encoded = os.fsencode(text)
    if len(encoded) > PATH_MAX:
        raise OutputError(f"{option}: {_short(text)!r} is {len(encoded)} bytes long; at most {PATH_MAX}")
    for part in Path(text).parts:
        if len(os.fsencode(part)) > NAME_MAX:
            raise OutputError(f"{option}: the name {_short(part)!r} is {len(os.fsencode(part))} bytes long; "
                              f"at most {NAME_MAX} per file or directory name")
    return Path(text)


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[:width] + "…"


def ensure_directory(path: str | Path) -> Path:
    """Create ``path`` (and parents) or explain in one line why it cannot be an output directory."""
    path = output_path(path)
    try:
        if path.exists() and not path.is_dir():
            raise OutputError(f"--out: '{path}' is a file, not a directory")
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"--out: cannot create directory '{path}': {_reason(error)}") from None
    if not os.access(path, os.W_OK):
        raise OutputError(f"--out: directory '{path}' is not writable")
    return path


def write_atomic(path: str | Path, content: str | bytes) -> Path:
    """Write to a temporary file beside ``path`` and rename it into place."""
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    temporary = None
    try:
        # A short prefix: the temporary name must fit wherever the final name fits.
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name[:32]}.", dir=path.parent)
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
