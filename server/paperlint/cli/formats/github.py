"""GitHub Actions workflow commands: one annotation per finding, shown on the pull request's diff."""

from __future__ import annotations

from paperlint.cli.formats.common import Options, display_path, findings
from paperlint.engine.report import Report

_COMMANDS = {"error": "error", "warning": "warning", "note": "notice"}


def _data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(s: str) -> str:
    return _data(s).replace(":", "%3A").replace(",", "%2C")


def render(reports: list[Report], opts: Options | None = None) -> str:
    out = []
    for r in reports:
        for p in r.problems:
            if p.severity != "info":
                cmd = "error" if p.severity == "error" else "warning"
                out.append(f"::{cmd} file={_prop(display_path(r, p.file))},line={p.line},col={p.column},"
                           f"title={_prop('paperlint ' + p.code)}::{_data(p.message)}")
        for f in findings(r):
            v = f.verdict
            text = f"{v.message} ({v.status}; fix: {v.fix['title']})" if v.fix else f"{v.message} ({v.status})"
            out.append(f"::{_COMMANDS[f.level]} file={_prop(f.path)},line={f.line},col={f.column},"
                       f"title={_prop(f'paperlint {v.id}: {v.title}')}::{_data(text)}")
    return "\n".join(out)
