"""`paperlint audit`: the batch runner with a progress bar and a closing summary on stderr."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from paperlint.batch.audit import execute, plan
from paperlint.batch.pool import StartError


def audit(dirs: list[Path], out: Path, jobs: int, timeout: float, profile: str) -> int:
    missing = [d for d in dirs if not d.is_dir()]
    if missing:
        print(f"paperlint: {', '.join(map(str, missing))}: no such folder", file=sys.stderr)
        return 2
    console = Console(stderr=True)
    with console.status("finding the papers", spinner="line"):
        p = plan(dirs, out)
    if not p.todo and not p.done:
        print("paperlint: no paper found (no .tex file with \\documentclass and \\begin{document})", file=sys.stderr)
        return 2
    if p.done:
        console.print(f"resuming {out}: {p.done} paper(s) already done, {len(p.todo)} to go", highlight=False,
                      soft_wrap=True)
    done = errors = 0
    start = time.perf_counter()
    columns = (TextColumn("auditing"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[errors]} errors"),
               TimeElapsedColumn(), TimeRemainingColumn())
    try:
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task("audit", total=len(p.todo), errors=0)
            for rec in execute(p.todo, out, jobs=jobs, timeout=timeout, profile=profile):
                done, errors = done + 1, errors + (rec["error"] is not None)
                bar.update(task, advance=1, errors=errors)
    except KeyboardInterrupt:
        console.print(f"interrupted after {done} paper(s); the same command resumes from {out}", highlight=False,
                      soft_wrap=True)
        return 130
    except StartError as e:
        console.print(f"paperlint: {e}; stopped after {done} paper(s). Check that paperlint imports in this "
                      f"Python (`{Path(sys.executable).name} -m paperlint --version`) and that memory is free, "
                      f"then run the same command again: it resumes from {out}", highlight=False, soft_wrap=True)
        return 2
    took = time.perf_counter() - start
    rate = f" ({len(p.todo) / took:.1f} papers/s with {jobs} job(s))" if p.todo and took > 0 else ""
    console.print(f"audited {len(p.todo)} paper(s) in {took:.1f} s{rate}; {errors} could not be checked "
                  f"(their records carry the error); results in {out}", highlight=False, soft_wrap=True)
    return 0
