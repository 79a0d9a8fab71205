"""Documentation generated from the item YAML: `paperlint explain`, hover text and the docs pages."""

from __future__ import annotations

from paperlint.checklist.models import Item


def applies_text(item: Item) -> str:
    a = item.applies
    parts = []
    if a.all:
        parts.append(" and ".join(a.all))
    if a.any:
        parts.append("any of " + ", ".join(a.any))
    if a.not_types:
        parts.append("the paper is not a " + " / ".join(a.not_types) + " paper")
    return "always" if not parts else "; ".join(parts)


def item_markdown(item: Item, heading: str = "#") -> str:
    lines = [f"{heading} {item.id}: {item.title}", "", item.definition.strip(), ""]
    if item.docs:
        lines += [item.docs.strip(), ""]
    lines += [f"**Applies when:** {applies_text(item)}.", ""]
    if item.venues:
        lines += ["**Asked by:** " + "; ".join(f"{v} ({q})" for v, q in item.venues.items()) + ".", ""]
    lines += [f"**Severity:** {item.severity}. **Fix** ({item.fix.where.replace('_', ' ')}): {item.fix.title}", "",
              "```latex", item.fix.snippet.rstrip(), "```"]
    return "\n".join(lines)
