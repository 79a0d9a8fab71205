"""Prevalence of each checklist item across audited papers: overall, by paper type and by venue.

Reads only the audit's JSON lines, so a report can be made anywhere from a results file."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

STATUSES = ("present", "weak", "missing", "not_applicable")
DIMENSIONS = {"type": "paper type", "venue": "venue"}


@dataclass
class Table:
    """Status counts per item for one set of papers."""

    papers: int = 0
    counts: dict[str, Counter] = field(default_factory=dict)

    def add(self, items: dict[str, str]) -> None:
        self.papers += 1
        for item, status in items.items():
            self.counts.setdefault(item, Counter())[status] += 1

    def share(self, item: str, status: str) -> float:
        """The share of the papers with this status for the item (0..1)."""
        return self.counts.get(item, Counter())[status] / self.papers if self.papers else 0.0

    def applicable(self, item: str) -> int:
        c = self.counts.get(item, Counter())
        return c["present"] + c["weak"] + c["missing"]

    def present_when_applicable(self, item: str) -> float | None:
        n = self.applicable(item)
        return self.counts[item]["present"] / n if n else None


@dataclass
class Prevalence:
    items: list[str]  # in checklist order
    titles: dict[str, str]
    overall: Table
    groups: dict[str, dict[str, Table]]  # dimension -> group label -> table, largest group first
    errors: list[dict]  # records of papers that could not be checked
    profiles: list[str]


def group_of(rec: dict, dimension: str) -> str:
    if dimension == "venue":
        return rec.get("venue") or "unknown venue"
    return rec.get("type") or "unknown"


def read_records(path: Path) -> list[dict]:
    """Every record of a results file; the last one for a root that appears twice (a re-run); bad lines skipped."""
    by_root: dict[str, dict] = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            try:
                rec = json.loads(line)
                by_root[rec["root"]] = rec
            except (ValueError, KeyError, TypeError):
                continue
    return list(by_root.values())


def prevalence(records: list[dict]) -> Prevalence:
    from paperlint.checklist.registry import ChecklistError, load_registry

    ok = [r for r in records if not r.get("error") and r.get("items")]
    items: list[str] = []
    for r in ok:
        items += [i for i in r["items"] if i not in items]
    titles = {}
    profiles = sorted({r.get("profile", "core") for r in ok})
    for name in profiles:
        try:
            titles.update({i.id: i.title for i in load_registry(name).items.values()})
        except ChecklistError:
            continue  # a profile this installation does not have: ids stand for titles
    overall = Table()
    groups: dict[str, dict[str, Table]] = {d: {} for d in DIMENSIONS}
    for r in ok:
        overall.add(r["items"])
        for d in DIMENSIONS:
            groups[d].setdefault(group_of(r, d), Table()).add(r["items"])
    for d in DIMENSIONS:
        groups[d] = dict(sorted(groups[d].items(), key=lambda kv: (-kv[1].papers, kv[0])))
    return Prevalence(items, {i: titles.get(i, i) for i in items}, overall, groups,
                      [r for r in records if r.get("error")], profiles)
