"""JSON output: the documented, stable schema (README, "JSON output")."""

from __future__ import annotations

import json

from paperlint.cli.formats.common import Options
from paperlint.engine.report import Report


def render(reports: list[Report], opts: Options | None = None) -> str:
    docs = [r.as_dict() for r in reports]
    return json.dumps(docs[0] if len(docs) == 1 else docs, indent=2, ensure_ascii=False)
