"""Hover on a diagnostic: the item's documentation, the venues that ask for it, and what was found."""

from __future__ import annotations

from lsprotocol import types

from paperlint.checklist.docs import item_markdown, item_uri
from paperlint.engine.report import WEAK, Verdict
from paperlint.lsp.documents import Checked


def hover(checked: Checked, diagnostics: list[types.Diagnostic], at: types.Position) -> types.Hover | None:
    """One item under the cursor: its whole documentation. Several (they share a heading): a summary of each."""
    verdicts = {v.id: v for v in checked.report.verdicts}
    found = [verdicts[d.data["item"]] for d in diagnostics if _contains(d.range, at) and isinstance(d.data, dict)
             and d.data.get("item") in verdicts and checked.registry.get(d.data["item"]) is not None]
    if not found:
        return None
    if len(found) == 1:
        text = f"{item_markdown(checked.registry.get(found[0].id), heading='###')}\n\n{_found(found[0])}"
    else:
        parts = []
        for v in found:
            item = checked.registry.get(v.id)
            venues = "; ".join(f"{venue} ({question})" for venue, question in item.venues.items())
            parts.append(f"### {item.title} (`{item.id}`): {v.status}\n\n{item.definition.strip()}\n\n"
                         + (f"**Asked by:** {venues}.\n\n" if venues else "")
                         + _found(v) + (f" [Documentation]({docs})" if (docs := item_uri(v.id, checked.registry))
                                        else ""))
        text = "\n\n---\n\n".join(parts)
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))


def _found(v: Verdict) -> str:
    if v.status == WEAK:
        return "**Found only a weak mention:** " + "; ".join(f"{h.file}:{h.line} “{h.text}”" for h in v.evidence)
    return f"**Not found:** {v.reason}."


def _contains(r: types.Range, p: types.Position) -> bool:
    return (r.start.line, r.start.character) <= (p.line, p.character) <= (r.end.line, r.end.character)
