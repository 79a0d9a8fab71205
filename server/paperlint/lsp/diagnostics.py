"""A check as LSP diagnostics, file by file: one per missing or weak item, where the author would add the text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from paperlint.checklist.docs import item_uri
from paperlint.engine.report import MISSING, WEAK
from paperlint.lsp.documents import Checked
from paperlint.lsp.positions import line_range
from paperlint.lsp.settings import Settings

SOURCE = "paperlint"
SEVERITIES = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
              "info": types.DiagnosticSeverity.Information, "hint": types.DiagnosticSeverity.Hint}


def diagnostics(checked: Checked, settings: Settings, codec: PositionCodec,
                uri_of: Callable[[Path], str]) -> dict[str, list[types.Diagnostic]]:
    """uri -> diagnostics, for every file with something to say."""
    out: dict[str, list[types.Diagnostic]] = {}
    files = checked.project.files
    for v in checked.report.verdicts:
        if v.status not in (MISSING, WEAK) or v.anchor is None:
            continue
        severity = settings.severity.get(v.id, v.severity)
        if severity == "off":
            continue
        path = checked.path(v.anchor.file)
        related = [types.DiagnosticRelatedInformation(
            location=types.Location(uri=uri_of(checked.path(h.file)),
                                    range=line_range(files.get(h.file), h.line, h.column, codec)),
            message=f"only a weak mention: {h.text}") for h in v.evidence] if v.status == WEAK else []
        docs = item_uri(v.id, checked.registry)
        out.setdefault(uri_of(path), []).append(types.Diagnostic(
            range=line_range(files.get(v.anchor.file), v.anchor.line, v.anchor.column, codec),
            message=v.message, severity=SEVERITIES[severity], code=v.id,
            code_description=types.CodeDescription(href=docs) if docs else None, source=SOURCE,
            related_information=related or None,
            data={"item": v.id, "status": v.status, "version": checked.versions.get(path)}))
    for p in checked.report.problems:
        if p.code == "latex-syntax" or not p.file:  # LaTeX tools report syntax; a half-typed brace is no news
            continue
        path = checked.path(p.file)
        out.setdefault(uri_of(path), []).append(types.Diagnostic(
            range=line_range(files.get(p.file), p.line, p.column, codec), message=p.message,
            severity=SEVERITIES[p.severity], code=p.code, source=SOURCE,
            data={"problem": p.code, "version": checked.versions.get(path)}))
    return out
