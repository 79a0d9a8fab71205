"""The checklist summary: a code lens on the root file's first line, and the report behind it."""

from __future__ import annotations

from lsprotocol import types

from paperlint.engine.report import MISSING, NOT_APPLICABLE, PRESENT, WEAK, Report

SHOW_REPORT = "paperlint.showReport"


def summary(report: Report) -> str:
    c = report.counts()
    applicable = c[PRESENT] + c[WEAK] + c[MISSING]
    return f"Checklist ({report.profile}): {c[PRESENT]} of {applicable} · {c[WEAK]} weak · {c[MISSING]} missing"


def code_lens(report: Report, uri: str) -> types.CodeLens:
    return types.CodeLens(range=types.Range(start=types.Position(line=0, character=0),
                                            end=types.Position(line=0, character=0)),
                          command=types.Command(title=summary(report), command=SHOW_REPORT, arguments=[uri]))


def markdown(report: Report) -> str:
    """The report for a reader: the summary, then the items by status with what was found or why not."""
    lines = [f"# {summary(report)}", "", f"Paper `{report.root}` ({len(report.files)} files); "
             f"type: {report.facts.type}.", ""]
    for status, heading in ((MISSING, "Missing"), (WEAK, "Weak"), (PRESENT, "Present"),
                            (NOT_APPLICABLE, "Not applicable")):
        verdicts = [v for v in report.verdicts if v.status == status]
        if not verdicts:
            continue
        lines += [f"## {heading} ({len(verdicts)})", ""]
        for v in verdicts:
            where = "; ".join(f"{h.file}:{h.line} “{h.text}”" for h in v.evidence[:2])
            detail = where if status in (PRESENT, WEAK) else v.reason if status == MISSING else ""
            lines.append(f"- **{v.title}** (`{v.id}`): {v.message}" + (f" — {detail}" if detail else ""))
        lines.append("")
    return "\n".join(lines)
