"""Text output for people: grouped by status, file:line, message and the fix in one line."""

from __future__ import annotations

from paperlint.engine.report import MISSING, NOT_APPLICABLE, PRESENT, WEAK, Report

_COLORS = {MISSING: "\033[31m", WEAK: "\033[33m", PRESENT: "\033[32m", NOT_APPLICABLE: "\033[2m"}
_MARKS = {MISSING: "✗", WEAK: "~", PRESENT: "✓", NOT_APPLICABLE: "-"}
_RESET, _BOLD, _DIM = "\033[0m", "\033[1m", "\033[2m"


def render(reports: list[Report], color: bool = False, show_present: bool = True) -> str:
    out: list[str] = []

    def paint(s: str, code: str) -> str:
        return f"{code}{s}{_RESET}" if color else s

    for r in reports:
        f = r.facts
        gates = ", ".join(n for n, v in f.as_dict().items() if v is True)
        mode = f", {r.venue.mode} mode" if r.venue and r.venue.mode else ""
        out.append(paint(f"{r.root}", _BOLD) + f"  ({r.profile} profile{mode}; {len(r.files)} file(s); "
                   f"{f.type} paper; {gates or 'no gates'})")
        if r.checklist and r.checklist.status != "absent":
            cl = r.checklist
            out.append(f"  venue checklist: {cl.status} ({cl.format}, {len(cl.answers)} questions) at "
                       f"{cl.file}:{cl.line}")
        for p in r.problems:
            if p.severity != "info":
                out.append(f"  {p.file}:{p.line}:{p.column}: {p.severity}: {p.message} [{p.code}]")
        for status, heading in ((MISSING, "Missing"), (WEAK, "Weak"), (PRESENT, "Present"),
                                (NOT_APPLICABLE, "Not applicable")):
            vs = [v for v in r.verdicts if v.status == status]
            if not vs or (status == PRESENT and not show_present):
                continue
            out.append("")
            out.append(paint(f"{heading} ({len(vs)})", _BOLD))
            for v in vs:
                mark = paint(_MARKS[status], _COLORS[status])
                if status in (MISSING, WEAK):
                    where = f"{v.anchor.file}:{v.anchor.line}" if v.anchor else r.root
                    out.append(f"  {mark} {where}: {v.id}: {v.message}")
                    for h in v.evidence[:1]:
                        out.append(paint(f"      found {h.file}:{h.line}: \"{h.text}\"", _DIM))
                    if status == MISSING and v.reason:
                        out.append(paint(f"      looked: {v.reason}", _DIM))
                    if v.fix:
                        out.append(f"      fix: {v.fix['title']} (paperlint explain {v.id})")
                elif status == PRESENT:
                    h = v.evidence[0] if v.evidence else None
                    where = f"{h.file}:{h.line}" if h else ""
                    out.append(f"  {mark} {v.id}: {where} \"{h.text if h else ''}\"")
                else:
                    out.append(paint(f"  {mark} {v.id}: {v.reason}", _DIM))
        c = r.counts()
        applicable = c[PRESENT] + c[WEAK] + c[MISSING]
        out.append("")
        out.append(f"{c[PRESENT]} of {applicable} applicable items present · {c[WEAK]} weak · {c[MISSING]} missing"
                   f" · {c[NOT_APPLICABLE]} not applicable")
    return "\n".join(out)
