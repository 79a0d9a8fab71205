"""Reading source files without ever raising: encodings, sizes, odd file types."""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_BYTES = 5 * 1024 * 1024


class SourceError(Exception):
    """A file that cannot be read as LaTeX; the message says why and what to do."""


def read_source(path: Path, max_bytes: int = MAX_BYTES) -> tuple[str, str | None]:
    """Return (text, warning). Raises SourceError with a message meant for the author."""
    try:
        st = os.stat(path)
    except OSError as e:
        raise SourceError(f"cannot read {path}: {e.strerror or e}") from None
    if stat.S_ISDIR(st.st_mode):
        raise SourceError(f"{path} is a folder, not a .tex file")
    if not stat.S_ISREG(st.st_mode):
        raise SourceError(f"{path} is not a regular file (device, socket or pipe); skipped")
    if st.st_size > max_bytes:
        raise SourceError(f"{path} is {st.st_size // 1024} KB, over the {max_bytes // 1024} KB limit; skipped "
                          "(raise max_file_bytes in .paperlint.yaml if it really is part of the paper)")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise SourceError(f"cannot read {path}: {e.strerror or e}") from None
    head = data[:8192]
    if head.count(0) > len(head) // 100:  # a stray NUL typed into a paper is not a binary file
        raise SourceError(f"{path} looks binary (it holds NUL bytes); skipped")
    try:
        text, warning = data.decode("utf-8"), None
    except UnicodeDecodeError as e:
        text = data.decode("latin-1")
        warning = f"{path} is not valid UTF-8 (byte {e.start}); read as Latin-1"
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", " "), warning
