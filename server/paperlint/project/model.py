"""The Project: the files of one paper, their compiled view, and how they include each other."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from itertools import accumulate, repeat
from operator import add
from pathlib import Path


@dataclass
class SourceFile:
    """One file of the project.

    `masked` is the compiled view: the text with everything TeX would not typeset as the
    paper (comments, \\iffalse blocks, comment environments, text after \\end{document})
    blanked with spaces. Newlines are kept, so an offset in `masked` is the same offset in
    `text`: the source map is the identity and every finding points at the real file.
    """

    path: Path
    rel: str  # path relative to the project folder, with forward slashes
    text: str
    masked: str = ""
    directives: list["Directive"] = field(default_factory=list)
    _line_starts: list[int] | None = field(default=None, repr=False)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and 1-based column (in code points) of an offset."""
        if self._line_starts is None:  # each line starts one past the end of the one before (computed in C)
            lines = self.text.split("\n")
            self._line_starts = list(accumulate(map(add, map(len, lines[:-1]), repeat(1)), initial=0))
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def line_text(self, line: int) -> str:
        self.line_col(0)
        assert self._line_starts is not None
        start = self._line_starts[line - 1]
        end = self.text.find("\n", start)
        return self.text[start:] if end < 0 else self.text[start:end]


@dataclass(frozen=True)
class Directive:
    """A `% paperlint: ...` magic comment: verb (ignore, disable, enable, not-applicable), items, reason."""

    verb: str
    items: tuple[str, ...]
    reason: str
    line: int


@dataclass(frozen=True)
class Include:
    """An \\input-like command at `start:end` of `file`, resolved to `target` (None when missing)."""

    file: str
    start: int
    end: int
    command: str
    argument: str
    target: str | None


@dataclass(frozen=True)
class Problem:
    """Something wrong with the project itself (missing include, cycle, unreadable file...)."""

    code: str
    message: str
    file: str
    line: int = 1
    column: int = 1
    severity: str = "warning"

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "file": self.file, "line": self.line,
                "column": self.column, "severity": self.severity}


@dataclass
class Project:
    """A paper: its root file, every file reached from it in compile order, and the include graph."""

    folder: Path
    root: str
    files: dict[str, SourceFile]
    order: list[str]  # files in the order TeX first reads them
    includes: dict[tuple[str, int], Include]
    problems: list[Problem]
    unused: list[str]  # .tex files in the folder that no include reaches

    def file(self, rel: str) -> SourceFile:
        return self.files[rel]
