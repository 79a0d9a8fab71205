"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Rules carry the item documentation; results point at file/line/column, carry the quick fix as an insertion,
and a fingerprint (paper root + item) that survives edits elsewhere in the paper. Problems met while loading
a paper are tool notifications, not results."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from urllib.parse import quote

from paperlint import __version__
from paperlint.checklist.docs import item_markdown
from paperlint.checklist.registry import ChecklistError, builtin_profiles, load_registry
from paperlint.cli.formats.common import LEVELS, Options, display_path, findings
from paperlint.engine.fixes import item_fix
from paperlint.engine.report import Report, Verdict

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _uri(path: str) -> str:
    return Path(path).as_uri() if Path(path).is_absolute() else quote(path)


def _location(uri: str, line: int, column: int) -> dict:
    return {"physicalLocation": {"artifactLocation": {"uri": uri},
                                 "region": {"startLine": line, "startColumn": column}}}


def _item(item_id: str, profile: str):
    """The item as the report's profile defines it, else as any built-in profile does (a lab profile's)."""
    names = [profile] + builtin_profiles()
    for name in names:
        try:
            item = load_registry(name).known.get(item_id)
        except ChecklistError:
            continue
        if item is not None:
            return item
    return None


def _rule(v: Verdict, profile: str) -> dict:
    item = _item(v.id, profile)
    if item is None:
        return {"id": v.id, "name": v.id, "shortDescription": {"text": v.title}}
    return {"id": item.id, "name": item.id, "shortDescription": {"text": item.title},
            "fullDescription": {"text": " ".join(item.definition.split())},
            "help": {"text": " ".join(item.definition.split()), "markdown": item_markdown(item)},
            "defaultConfiguration": {"level": LEVELS[item.severity]},
            "properties": {"tags": ["reproducibility", item.category]}}


def _fix(report: Report, v: Verdict) -> list[dict]:
    edit = item_fix(v)
    if edit is None:
        return []
    at = {"startLine": edit.line, "startColumn": 1, "endLine": edit.line, "endColumn": 1}  # empty: an insertion
    return [{"description": {"text": edit.title},
             "artifactChanges": [{"artifactLocation": {"uri": _uri(display_path(report, edit.file))},
                                  "replacements": [{"deletedRegion": at, "insertedContent": {"text": edit.text}}]}]}]


def render(reports: list[Report], opts: Options | None = None) -> str:
    rules: dict[str, dict] = {}
    results, notes = [], []
    for r in reports:
        root = display_path(r, r.root)
        for p in r.problems:
            notes.append({"level": "error" if p.severity == "error" else "warning" if p.severity == "warning"
                          else "note", "message": {"text": f"{p.message} [{p.code}]"},
                          "locations": [_location(_uri(display_path(r, p.file)), p.line, p.column)]})
        for f in findings(r):
            v = f.verdict
            if v.id not in rules:
                rules[v.id] = _rule(v, r.profile)
            text = v.message if not v.reason or v.status != "missing" else f"{v.message} (looked: {v.reason})"
            result = {"ruleId": v.id, "ruleIndex": list(rules).index(v.id), "level": f.level,
                      "message": {"text": text}, "locations": [_location(_uri(f.path), f.line, f.column)],
                      "partialFingerprints": {"paperlintItem/v1": hashlib.sha256(f"{root}\0{v.id}".encode())
                                              .hexdigest()},
                      "properties": {"status": v.status, "paper": root}}
            fix = _fix(r, v)
            if fix:
                result["fixes"] = fix
            results.append(result)
    run = {"tool": {"driver": {"name": "paperlint", "version": __version__, "semanticVersion": __version__,
                               "rules": list(rules.values())}},
           "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notes}],
           "columnKind": "unicodeCodePoints", "results": results}
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2, ensure_ascii=False)
