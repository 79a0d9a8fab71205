"""Quick fixes: the engine's edits (the item's snippet or a checklist answer, a suppression, a not-applicable mark)
as edits that carry the version of the text they were computed on, so a client never applies them to a newer one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from paperlint.engine.fixes import Edit, answer_fix, item_fix, not_applicable_fix, suppress_fix
from paperlint.engine.report import MISSING, WEAK
from paperlint.lsp.diagnostics import SOURCE
from paperlint.lsp.documents import Checked
from paperlint.lsp.positions import last_line, offset, position


def code_actions(checked: Checked, path: Path, diagnostics: list[types.Diagnostic], codec: PositionCodec,
                 uri_of: Callable[[Path], str]) -> list[types.CodeAction]:
    verdicts = {v.id: v for v in checked.report.verdicts if v.status in (MISSING, WEAK)}
    actions = []
    for d in diagnostics:
        item = d.data.get("item") if isinstance(d.data, dict) else d.code  # clients without dataSupport drop data
        if d.source != SOURCE or not isinstance(item, str) or item not in verdicts:
            continue
        if isinstance(d.data, dict) and d.data.get("version") != checked.versions.get(path):
            continue  # published for another version of the text: its line may no longer be the finding's
        v = verdicts[item]
        fixes = [answer_fix(v) or item_fix(v), suppress_fix(v, checked.rel(path), d.range.start.line + 1),
                 not_applicable_fix(checked.report, v)]
        for i, fix in enumerate(f for f in fixes if f is not None):
            actions.append(types.CodeAction(title=fix.title, kind=types.CodeActionKind.QuickFix, diagnostics=[d],
                                            is_preferred=i == 0, edit=workspace_edit(checked, fix, codec, uri_of)))
    return actions


def workspace_edit(checked: Checked, edit: Edit, codec: PositionCodec,
                   uri_of: Callable[[Path], str]) -> types.WorkspaceEdit:
    """The edit, versioned (`documentChanges`) and plain (`changes`, for clients without versioned edits). An edit
    that replaces text (a checklist placeholder) covers exactly that text."""
    path = checked.path(edit.file)
    src = checked.project.files.get(edit.file)
    text = edit.text
    if src is not None and edit.line > last_line(src):  # past the end: append to the last line
        end = last_line(src)
        at = until = position(src, end, len(src.line_text(end)) + 1, codec)
        text = ("\n" if src.line_text(end) else "") + text
    else:
        at = until = position(src, edit.line, edit.column, codec)
        if src is not None and edit.replaces:
            until = position(src, *src.line_col(offset(src, edit.line, edit.column) + len(edit.replaces)), codec)
    change = types.TextEdit(range=types.Range(start=at, end=until), new_text=text)
    uri = uri_of(path)
    doc = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=checked.versions.get(path))
    return types.WorkspaceEdit(changes={uri: [change]},
                               document_changes=[types.TextDocumentEdit(text_document=doc, edits=[change])])
