"""Quick fixes as pure insertions: the LaTeX snippet of an item, a suppression comment, a not-applicable mark.

Every fix only inserts text at a line start; nothing the author wrote is replaced. The language server turns
an Edit into a versioned TextEdit; `paperlint fix` applies it to the file.
"""

from __future__ import annotations

from dataclasses import dataclass

from paperlint.engine.report import MISSING, WEAK, Report, Verdict


@dataclass(frozen=True)
class Edit:
    """Insert `text` at the start of `line` (1-based) of `file` (relative to the paper's folder)."""

    file: str
    line: int
    text: str
    title: str

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "text": self.text, "title": self.title}


def item_fix(verdict: Verdict) -> Edit | None:
    """The item's snippet, inserted where it belongs (end of the setup section, before the bibliography...)."""
    if verdict.status not in (MISSING, WEAK) or not verdict.fix or "insert_at" not in verdict.fix:
        return None
    at = verdict.fix["insert_at"]
    snippet = verdict.fix["snippet"].rstrip("\n")
    return Edit(at["file"], at["line"], f"% paperlint: {verdict.id}\n{snippet}\n\n", verdict.fix["title"])


def suppress_fix(verdict: Verdict, file: str, line: int) -> Edit:
    """`% paperlint: ignore ITEM` on its own line just above `line`: the finding there is silenced."""
    return Edit(file, line, f"% paperlint: ignore {verdict.id} -- TODO: why this is fine\n",
                f"Suppress {verdict.id} on this line")


def not_applicable_fix(report: Report, verdict: Verdict) -> Edit:
    """`% paperlint: not-applicable ITEM` after \\begin{document}: recorded for the whole paper."""
    line = report.document_line + 1 if report.document_line else 1
    return Edit(report.root, line, f"% paperlint: not-applicable {verdict.id} -- TODO: why it does not apply\n",
                f"Mark {verdict.id} not applicable for this paper")
