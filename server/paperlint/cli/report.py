"""`paperlint report`: the prevalence table on stdout, and the HTML page with --html."""

from __future__ import annotations

import sys
from pathlib import Path

from paperlint.reports import html
from paperlint.reports.prevalence import STATUSES, Prevalence, prevalence, read_records


def table(p: Prevalence) -> str:
    width = max([len(i) for i in p.items] + [4])
    head = f"{'item':{width}s}  " + "  ".join(f"{s.replace('not_applicable', 'n/a'):>8s}" for s in STATUSES)
    lines = [f"{p.overall.papers} papers checked, {len(p.errors)} could not be checked", "", head]
    for i in p.items:
        lines.append(f"{i:{width}s}  " + "  ".join(f"{100 * p.overall.share(i, s):7.1f}%" for s in STATUSES))
    return "\n".join(lines)


def report(results: Path, out: Path | None) -> int:
    if not results.is_file():
        print(f"paperlint: {results}: no such results file", file=sys.stderr)
        return 2
    p = prevalence(read_records(results))
    if not p.overall.papers and not p.errors:
        print(f"paperlint: {results} holds no audit records", file=sys.stderr)
        return 2
    print(table(p))
    if out is not None:
        out.write_text(html.render(p, results.name), encoding="utf-8")
        print(f"paperlint: wrote {out}", file=sys.stderr)
    return 0
