"""Quick fixes: the LaTeX snippet of an item, a suppression comment, a not-applicable mark, a checklist answer.

Fixes insert text; nothing the author wrote is replaced, with one guarded exception: the placeholder tokens of
a venue checklist (`\\answerTODO{}`, `\\justificationTODO{}`), which must go for the answer to count (an answer
inserted next to `\\answerTODO{}` would leave the question unanswered). Such an Edit names the exact text it
replaces, and `apply` first checks that this text is still at that line and column: a fix computed on an older
version of the file never overwrites what the author has typed since. The language server turns an Edit into
a versioned TextEdit over that range; `paperlint fix` applies it with `apply`.
"""

from __future__ import annotations

from dataclasses import dataclass

from paperlint.checklist.registry import load_registry
from paperlint.engine.kinds import checklist_block
from paperlint.engine.report import MISSING, WEAK, Report, Verdict
from paperlint.paper.checklist_block import ABSENT, NOT_INCLUDED


class StaleEdit(Exception):
    """The text an Edit replaces is no longer where it was: the file changed since the check."""


@dataclass(frozen=True)
class Edit:
    """Insert `text` at `line`:`column` (1-based, code points) of `file` (relative to the paper's folder), in place
    of `replaces` (empty for a pure insertion)."""

    file: str
    line: int
    text: str
    title: str
    column: int = 1
    replaces: str = ""

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "column": self.column, "text": self.text,
                "replaces": self.replaces, "title": self.title}

    def apply(self, source: str) -> str:
        """`source` with the edit made; StaleEdit when the replaced text is not there any more."""
        lines = source.split("\n")
        if not 1 <= self.line <= len(lines) + 1:
            raise StaleEdit(f"{self.file}:{self.line}: the file has only {len(lines)} lines")
        at = sum(len(x) + 1 for x in lines[:self.line - 1]) + self.column - 1
        if source[at:at + len(self.replaces)] != self.replaces or at > len(source):
            raise StaleEdit(f"{self.file}:{self.line}:{self.column}: expected {self.replaces!r}, found "
                            f"{source[at:at + max(len(self.replaces), 20)]!r}; check again")
        return source[:at] + self.text + source[at + len(self.replaces):]


def item_fix(verdict: Verdict) -> Edit | None:
    """The item's snippet, inserted where it belongs (end of the setup section, before the bibliography...)."""
    if verdict.status not in (MISSING, WEAK) or not verdict.fix or "insert_at" not in verdict.fix:
        return None
    at = verdict.fix["insert_at"]
    snippet = verdict.fix["snippet"].rstrip("\n")
    return Edit(at["file"], at["line"], f"% paperlint: {verdict.id}\n{snippet}\n\n", verdict.fix["title"])


def answer_fix(verdict: Verdict) -> Edit | None:
    """A checklist answer or justification: `\\answerTODO{}` becomes the answer the evidence supports, an empty
    or TODO justification points to the section where the evidence is."""
    if verdict.status not in (MISSING, WEAK) or not verdict.fix or "edit" not in verdict.fix:
        return None
    e = verdict.fix["edit"]
    return Edit(e["file"], e["line"], e["text"], verdict.fix["title"], e["column"], e["replaces"])


def suppress_fix(verdict: Verdict, file: str, line: int) -> Edit:
    """`% paperlint: ignore ITEM` on its own line just above `line`: the finding there is silenced."""
    return Edit(file, line, f"% paperlint: ignore {verdict.id} -- TODO: why this is fine\n",
                f"Suppress {verdict.id} on this line")


def not_applicable_fix(report: Report, verdict: Verdict) -> Edit:
    """`% paperlint: not-applicable ITEM` after \\begin{document}: recorded for the whole paper."""
    line = report.document_line + 1 if report.document_line else 1
    return Edit(report.root, line, f"% paperlint: not-applicable {verdict.id} -- TODO: why it does not apply\n",
                f"Mark {verdict.id} not applicable for this paper")



def checklist_edit(report: Report) -> Edit | None:
    """Insert the venue checklist a paper lacks: the fix of its profile's checklist item (the whole checklist, or
    the \\input of the file holding it), else, for a profile without one, the NeurIPS 2025 checklist before
    \\end{document}. None when the paper has a checklist (even commented out)."""
    status = report.checklist.status if report.checklist else ABSENT
    if status not in (ABSENT, NOT_INCLUDED):
        return None
    for v in report.verdicts:  # without a compiled checklist, only the checklist item inserts at the checklist
        if v.status == MISSING and v.fix and v.fix.get("where") == "checklist" and "insert_at" in v.fix:
            return item_fix(v)
    if status == NOT_INCLUDED or report.checklist_place is None:
        return None
    registry = load_registry("neurips-2025")
    item = next(i for i in registry.items.values() if i.kind == "checklist")
    questions = [i for i in registry.items.values() if i.kind == "consistency" and i.question.form == "neurips"]
    at = report.checklist_place
    return Edit(at.file, at.line, checklist_block(item.checklist, questions), f"Insert the {item.checklist.heading}")
