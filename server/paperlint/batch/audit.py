"""The audit runner: papers to do (resuming a results file), checked in worker processes, one JSON line each.

A line is written and flushed as soon as its paper is done, so an interrupted run loses at most the papers
in progress; the next run skips every root already in the file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from paperlint.batch import AUDIT_PRELOAD, pool
from paperlint.batch.discover import discover
from paperlint.batch.record import audit_record, failed_record


@dataclass
class Plan:
    todo: list[tuple[Path, Path]]  # (root, the folder it was found under)
    done: int  # papers already in the results file


def recorded_roots(out: Path) -> set[str]:
    """Roots already in the results file. A last line cut short by an interruption is removed."""
    if not out.exists():
        return set()
    data = out.read_bytes()
    if data and not data.endswith(b"\n"):
        cut = data.rfind(b"\n") + 1
        with out.open("r+b") as f:
            f.truncate(cut)
        data = data[:cut]
    roots = set()
    for line in data.splitlines():
        try:
            roots.add(json.loads(line)["root"])
        except (ValueError, KeyError, TypeError):
            continue
    return roots


def plan(dirs: list[Path], out: Path) -> Plan:
    done = recorded_roots(out)
    papers = discover(dirs)
    todo = [(root, base) for root, base in papers if str(root) not in done]
    return Plan(todo, len(papers) - len(todo))


def _record(task: tuple[Path, Path], profile: str) -> dict:
    root, base = task
    return audit_record(root, profile, base)


def _warm(profile: str) -> None:
    from paperlint.checklist.registry import compile_builtin, load_registry  # loaded by the workers only
    load_registry(profile)
    compile_builtin()


def execute(todo: list[tuple[Path, Path]], out: Path, jobs: int, timeout: float,
            profile: str = "core") -> Iterator[dict]:
    """Check the papers in `jobs` processes, appending each record to `out` as it comes; yield it too."""
    out.parent.mkdir(parents=True, exist_ok=True)
    work = partial(_record, profile=profile)
    with out.open("a", encoding="utf-8") as f:
        for (root, base), rec, error in pool.run(work, todo, jobs, timeout, preload=AUDIT_PRELOAD,
                                                 warm=partial(_warm, profile)):
            if rec is None:
                rec = failed_record(root, error, profile, base)
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
            f.flush()
            yield rec
