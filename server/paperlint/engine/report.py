"""The Report: one verdict per item, the facts, and the problems met on the way. Faces render it."""

from __future__ import annotations

from dataclasses import dataclass, field

from typing import TYPE_CHECKING

from paperlint.paper.facts import Facts
from paperlint.paper.search import Hit
from paperlint.project.model import Problem

if TYPE_CHECKING:
    from paperlint.engine.venue import Detected
    from paperlint.paper.checklist_block import VenueChecklist

PRESENT, WEAK, MISSING, NOT_APPLICABLE = "present", "weak", "missing", "not_applicable"
SCHEMA_VERSION = 1


@dataclass
class Anchor:
    """Where a quick fix inserts its snippet: before `line` (1-based) of `file`."""

    file: str
    line: int
    column: int = 1

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "column": self.column}


@dataclass
class Verdict:
    id: str
    title: str
    status: str
    severity: str
    message: str
    evidence: list[Hit] = field(default_factory=list)
    reason: str = ""
    fix: dict | None = None
    anchor: Anchor | None = None  # where the author would add the missing text

    def as_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "status": self.status, "severity": self.severity,
                "message": self.message, "evidence": [h.as_dict() for h in self.evidence], "reason": self.reason,
                "fix": self.fix, "anchor": self.anchor.as_dict() if self.anchor else None}


@dataclass
class Suppressed:
    """A verdict left out of the report by an `ignore` or `disable` comment."""

    verdict: Verdict
    verb: str
    file: str
    line: int
    reason: str

    def as_dict(self) -> dict:
        return {"id": self.verdict.id, "status": self.verdict.status, "by": self.verb, "file": self.file,
                "line": self.line, "reason": self.reason}


@dataclass
class Report:
    root: str
    folder: str
    profile: str
    files: list[str]
    facts: Facts
    verdicts: list[Verdict]
    problems: list[Problem]
    unused_files: list[str] = field(default_factory=list)
    document_line: int = 0  # line of \begin{document} in the root file, 0 when there is none
    checklist: VenueChecklist | None = None  # the venue checklist found in the paper
    venue: Detected | None = None  # the venue style and review/final mode
    suppressed: list[Suppressed] = field(default_factory=list)  # verdicts silenced by `% paperlint:` comments
    checklist_place: Anchor | None = None  # where a venue checklist is inserted when there is none

    def counts(self) -> dict[str, int]:
        c = {PRESENT: 0, WEAK: 0, MISSING: 0, NOT_APPLICABLE: 0}
        for v in self.verdicts:
            c[v.status] += 1
        return c

    def as_dict(self) -> dict:
        return {"version": SCHEMA_VERSION, "root": self.root, "folder": self.folder, "profile": self.profile,
                "files": self.files, "unused_files": self.unused_files, "facts": self.facts.as_dict(),
                "fact_evidence": self.facts.evidence_dict(), "summary": self.counts(),
                "items": [v.as_dict() for v in self.verdicts], "problems": [p.as_dict() for p in self.problems],
                "checklist": self.checklist.as_dict() if self.checklist else {"status": "absent", "format": None,
                                                                               "answers": []},
                "venue": self.venue.as_dict() if self.venue else None,
                "suppressed": [s.as_dict() for s in self.suppressed]}
