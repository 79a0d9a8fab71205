"""Text output for people: grouped by status, file:line, message and the fix in one line.

Coloured with rich when stdout is a terminal (NO_COLOR is honoured), plain text otherwise."""

from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text

from paperlint.cli.formats.common import Options
from paperlint.engine.report import MISSING, NOT_APPLICABLE, PRESENT, WEAK, Report

_STYLES = {MISSING: "red", WEAK: "yellow", PRESENT: "green", NOT_APPLICABLE: "dim"}
_MARKS = {MISSING: "✗", WEAK: "~", PRESENT: "✓", NOT_APPLICABLE: "-"}
_HEADINGS = ((MISSING, "Missing"), (WEAK, "Weak"), (PRESENT, "Present"), (NOT_APPLICABLE, "Not applicable"))


def render(reports: list[Report], opts: Options | None = None) -> str:
    opts = opts or Options()
    buf = io.StringIO()
    # force_terminal=None would let rich look at the buffer (never a terminal); the caller decided already
    console = Console(file=buf, force_terminal=opts.color, highlight=False, emoji=False, markup=False)

    def say(*parts: str | tuple[str, str]) -> None:
        console.print(Text.assemble(*parts), soft_wrap=True)

    for i, r in enumerate(reports):
        if i:
            say("")
        f = r.facts
        gates = ", ".join(n for n, v in f.as_dict().items() if v is True)
        mode = f", {r.venue.mode} mode" if r.venue and r.venue.mode else ""
        say((r.root, "bold"), f"  ({r.profile} profile{mode}; {len(r.files)} file(s); {f.type} paper; "
            f"{gates or 'no gates'})")
        if r.checklist and r.checklist.status != "absent":
            cl = r.checklist
            say(f"  venue checklist: {cl.status} ({cl.format}, {len(cl.answers)} questions) at {cl.file}:{cl.line}")
        for p in r.problems:
            if p.severity != "info":
                say(f"  {p.file}:{p.line}:{p.column}: ", (f"{p.severity}", "yellow"), f": {p.message} [{p.code}]")
        for status, heading in _HEADINGS:
            vs = [v for v in r.verdicts if v.status == status]
            if not vs or (status == PRESENT and not opts.show_present):
                continue
            say("")
            say((f"{heading} ({len(vs)})", "bold"))
            mark = (_MARKS[status], _STYLES[status])
            for v in vs:
                if status in (MISSING, WEAK):
                    where = f"{v.anchor.file}:{v.anchor.line}" if v.anchor else r.root
                    say("  ", mark, f" {where}: ", (v.id, "bold"), f": {v.message}")
                    for h in v.evidence[:1]:
                        say((f"      found {h.file}:{h.line}: \"{h.text}\"", "dim"))
                    if status == MISSING and v.reason:
                        say((f"      looked: {v.reason}", "dim"))
                    if v.fix:
                        say(f"      fix: {v.fix['title']} (paperlint explain {v.id})")
                elif status == PRESENT:
                    h = v.evidence[0] if v.evidence else None
                    where = f"{h.file}:{h.line}" if h else ""
                    say("  ", mark, f" {v.id}: {where} \"{h.text if h else ''}\"")
                else:
                    say(("  ", "dim"), mark, (f" {v.id}: {v.reason}", "dim"))
        c = r.counts()
        applicable = c[PRESENT] + c[WEAK] + c[MISSING]
        say("")
        say((f"{c[PRESENT]} of {applicable} applicable items present", "green" if not c[MISSING] else ""),
            f" · {c[WEAK]} weak · ", (f"{c[MISSING]} missing", "red" if c[MISSING] else ""),
            f" · {c[NOT_APPLICABLE]} not applicable")
    return buf.getvalue().rstrip("\n")
