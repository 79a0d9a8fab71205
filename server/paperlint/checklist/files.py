"""Where the built-in profiles are, and the error a checklist or config file raises: what the command line needs
before the checklist models load (an audit's main process never loads them: its workers do the checking)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


class ChecklistError(Exception):
    """A checklist or config file that cannot be used; the message names file, line and field."""

    def __init__(self, message: str, file: str = "", line: int = 1):
        super().__init__(message)
        self.file, self.line = file, line


def builtin_dir() -> Path:
    return Path(str(resources.files("paperlint") / "profiles"))


def builtin_profiles() -> list[str]:
    return sorted(p.stem for p in builtin_dir().glob("*.yaml"))


def is_builtin(path: Path) -> bool:
    """Whether a profile file is one of the built-in profiles."""
    return path.resolve().parent == builtin_dir().resolve()
