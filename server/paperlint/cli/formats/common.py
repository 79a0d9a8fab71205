"""What every machine format needs from a Report: the findings, where each one points, and how loud it is."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from paperlint.engine.report import MISSING, WEAK, Report, Verdict

# SARIF levels; `github` maps note to a notice annotation
_WEAKER = {"error": "warning", "warning": "note", "info": "note"}
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


@dataclass
class Options:
    """How the command line asked for the output."""

    color: bool = False
    show_present: bool = True
    fail: set[str] = field(default_factory=lambda: {MISSING})  # statuses that make `check` exit 1


@dataclass
class Finding:
    verdict: Verdict
    path: str  # relative to the working directory when the paper is under it, else absolute
    line: int
    column: int
    level: str  # error | warning | note


def level(verdict: Verdict) -> str:
    """A missing item is as loud as its severity; a weak mention one step quieter."""
    return LEVELS[verdict.severity] if verdict.status == MISSING else _WEAKER[verdict.severity]


def display_path(report: Report, file: str) -> str:
    """The path CI tools expect: relative to the working directory (the repository in CI) when possible."""
    p = Path(report.folder) / file
    try:
        return p.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return os.path.normpath(p).replace(os.sep, "/")


def findings(report: Report) -> list[Finding]:
    """Missing and weak verdicts, each at its place: a weak mention where it was found, a missing item where
    the author would add it (the section heading), else the root file's first line."""
    out = []
    for v in report.verdicts:
        if v.status not in (MISSING, WEAK):
            continue
        if v.status == WEAK and v.evidence:
            file, line, col = v.evidence[0].file, v.evidence[0].line, v.evidence[0].column
        elif v.anchor:
            file, line, col = v.anchor.file, v.anchor.line, v.anchor.column
        else:
            file, line, col = report.root, 1, 1
        out.append(Finding(v, display_path(report, file), line, col, level(v)))
    return out
