"""One paper -> one JSON record: the unit of work of an audit, for this package's runner or any other engine.

`audit_record` is a pure function of the paper on disk: it writes nothing, never raises, and returns plain
JSON types, so Dask, Ray or a process pool can map it over paper roots."""

from __future__ import annotations

import time
import traceback
from pathlib import Path

from paperlint.caches import COLLECT_EVERY, checking, collect_all, collect_due
from paperlint.project.load import load_project
from paperlint.project.roots import find_roots

RECORD_VERSION = 1


def audit_record(path: str | Path, profile: str = "core", base: str | Path | None = None) -> dict:
    """The record of the paper whose root file (or folder) is `path`; `paper` names it relative to `base`
    when given. A paper that cannot be checked gets `error` set and no results."""
    # the checker loads on first use: an audit's main process writes the records of failed papers without it
    from paperlint.engine.check import check_document
    from paperlint.engine.venue import venue_label
    from paperlint.paper.build import build_document
    start, cpu = time.perf_counter(), time.process_time()
    root = Path(path).absolute()
    rec = failed_record(root, None, profile, base)
    try:
        if root.is_dir():
            roots = find_roots(root)
            if not roots:
                raise FileNotFoundError("no LaTeX root file (\\documentclass and \\begin{document}) in the folder")
            root = roots[0].absolute()
            rec.update(paper=_name(root, base), root=str(root))
        with checking():
            project = load_project(root)
            for p in project.problems:
                if p.code == "unreadable-file" and p.file == project.root:
                    raise OSError(p.message)
            doc = build_document(project)
            # the paper's own .paperlint.yaml is left out (papers compare alike); a record holds the statuses, not
            # the evidence: one hit per item decides a status
            report = check_document(doc, profile, quotes=1)
        name, year = venue_label(doc) or (None, None)
        detected = report.venue
        rec.update(venue=name, venue_year=year, venue_profile=detected and detected.profile,
                   venue_mode=detected and detected.mode, type=report.facts.type, facts=report.facts.as_dict(),
                   summary=report.counts(), items={v.id: v.status for v in report.verdicts},
                   files=len(report.files), problems=len(report.problems))
    except Exception as e:  # one broken paper must not stop an audit of thousands
        frame = traceback.extract_tb(e.__traceback__)[-1] if e.__traceback__ else None
        where = f" ({Path(frame.filename).name}:{frame.lineno})" if frame else ""
        rec["error"] = f"{type(e).__name__}: {e}{where}"
    # a batch has no idle time, and a paper leaves a few dozen cyclic objects at most: look for them rarely
    if collect_due(4 * COLLECT_EVERY):
        collect_all()
    rec.update(seconds=round(time.perf_counter() - start, 3), cpu_seconds=round(time.process_time() - cpu, 3))
    return rec


def failed_record(path: str | Path, error: str | None, profile: str = "core", base: str | Path | None = None) -> dict:
    """The record of a paper that could not be checked (a runner's timeout, a dead worker)."""
    path = Path(path).absolute()
    return {"version": RECORD_VERSION, "paper": _name(path, base), "root": str(path), "profile": profile,
            "error": error, "seconds": None, "cpu_seconds": None}


def _name(path: Path, base: str | Path | None) -> str:
    if base is not None:
        try:
            return path.relative_to(Path(base).absolute()).as_posix()
        except ValueError:
            pass
    return str(path)
