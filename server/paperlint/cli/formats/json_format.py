"""JSON output: the documented, stable schema (docs/json-schema.md)."""

from __future__ import annotations

import json

from paperlint.engine.report import Report


def render(reports: list[Report], color: bool = False) -> str:
    docs = [r.as_dict() for r in reports]
    return json.dumps(docs[0] if len(docs) == 1 else docs, indent=2, ensure_ascii=False)
