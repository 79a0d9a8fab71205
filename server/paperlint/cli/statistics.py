"""`check --statistics`: how many papers miss each item, most frequent first (like `ruff --statistics`)."""

from __future__ import annotations

import json
from collections import Counter

from paperlint.engine.report import MISSING, WEAK, Report


def render(reports: list[Report], fmt: str) -> str:
    counts: dict[str, Counter] = {}
    titles = {}
    for r in reports:
        for v in r.verdicts:
            if v.status in (MISSING, WEAK):
                counts.setdefault(v.id, Counter())[v.status] += 1
                titles[v.id] = v.title
    rows = sorted(counts.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    if fmt == "json":
        return json.dumps([{"id": i, "title": titles[i], "count": sum(c.values()), "missing": c[MISSING],
                            "weak": c[WEAK]} for i, c in rows], indent=2)
    if not rows:
        return ""
    width = max(len(i) for i, _ in rows)
    return "\n".join(f"{sum(c.values()):5d}  {i:{width}s}  {c[MISSING]} missing, {c[WEAK]} weak  {titles[i]}"
                     for i, c in rows)
