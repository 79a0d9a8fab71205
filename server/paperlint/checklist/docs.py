"""Documentation generated from the item YAML: `paperlint explain`, hover text and the reference under docs/."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from paperlint.checklist.models import Item
from paperlint.checklist.registry import Registry, builtin_profiles, config_schema, load_registry, profile_schema

LEVELS = {0: "\\chapter", 1: "\\section", 2: "\\subsection", 3: "\\subsubsection", 4: "\\paragraph",
          5: "\\subparagraph"}


def applies_text(item: Item) -> str:
    a = item.applies
    parts = []
    if a.modes:
        parts.append(" or ".join(a.modes) + " mode")
    if a.all:
        parts.append(" and ".join(a.all))
    if a.any:
        parts.append("any of " + ", ".join(a.any))
    if a.not_types:
        parts.append("the paper is not a " + " / ".join(a.not_types) + " paper")
    return "always" if not parts else "; ".join(parts)


def _patterns(label: str, patterns: tuple[str, ...]) -> str:
    return f"{label} phrases (the `{label}` patterns of the YAML)" if patterns else ""


def evidence_text(item: Item) -> str:
    """What counts as evidence, by kind, in one paragraph."""
    if item.kind == "section":
        s = item.section
        where = ", before the references" if s.before_bibliography else ""
        return (f"A heading matching {' or '.join(f'`{t}`' for t in s.titles)}, at most a {LEVELS[s.max_level]}"
                f"{where}. A deeper heading, or one in the appendix, is weak.")
    if item.kind == "consistency":
        q = item.question
        out = [f"The answer to {'AAAI ' if q.form == 'aaai' else 'Q'}{q.n} ({q.title}) in the paper's checklist."]
        if q.items:
            out.append(f"A Yes needs evidence for one of {', '.join(q.items)} in the paper (the checklist itself is "
                       "never evidence).")
        if q.na_when:
            out.append(f"{'No or NA' if q.gate else 'NA'} is contradicted when {' or '.join(q.na_when)} holds.")
        if q.legacy:
            out.append(f"In the 2021-2023 form: {', '.join(q.legacy)}.")
        if q.form == "neurips":
            out.append("Unanswered (`\\answerTODO`), a TODO or empty justification, a reworded question and a Yes "
                       "whose justification points to no section are reported.")
        return " ".join(out)
    if item.kind == "checklist":
        c = item.checklist
        return (f"The checklist (heading \"{c.heading}\") compiled into the paper, in the "
                f"{' or '.join(c.formats)} form" + (", after the references." if c.after_references else "."))
    ev = item.evidence
    found = [p for p in (f"a heading matching {' or '.join(f'`{h}`' for h in ev.headings)}" if ev.headings else "",
                         f"a {' or '.join(f'`{e}`' for e in ev.environments)} environment" if ev.environments
                         else "",
                         "a link to a matching site in a sentence about it" if ev.links else "",
                         _patterns("present", ev.present)) if p]
    weak = [p for p in (_patterns("weak", ev.weak), f"a heading matching {' or '.join(f'`{h}`' for h in ev.weak_headings)}"
                        if ev.weak_headings else "") if p]
    regions = ", ".join({"back": "back matter"}.get(r, r) for r in ev.regions)
    lead = "Flagged" if item.kind == "forbidden" else "Present"
    text = f"{lead}: {'; '.join(found)}, in the {regions}."
    if weak:
        text += f" Weak: {'; '.join(weak)}."
    if ev.traps or ev.sentence_traps:
        text += " Matches caught by the `traps` and `sentence_traps` patterns do not count."
    if item.unless:
        text += f" Not flagged when {' or '.join(item.unless)} has evidence anywhere in the paper."
    return text


def item_markdown(item: Item, heading: str = "#") -> str:
    lines = [f"{heading} {item.id}: {item.title}", "", item.definition.strip(), ""]
    if item.docs:
        lines += [item.docs.strip(), ""]
    lines += [f"**Kind:** {item.kind}. **Applies when:** {applies_text(item)}.", "",
              f"**Evidence:** {evidence_text(item)}", ""]
    if item.venues:
        lines += ["**Asked by:** " + "; ".join(f"{v} ({q})" for v, q in item.venues.items()) + ".", ""]
    lines.append(f"**Severity:** {item.severity}.")
    if item.fix is not None:
        lines += ["", f"**Fix** ({item.fix.where.replace('_', ' ')}): {item.fix.title}", "", "```latex",
                  item.fix.snippet.rstrip(), "```"]
    return "\n".join(lines)


def profile_markdown(reg: Registry) -> str:
    p = reg.profile
    lines = [f"# {p.title} (`{p.id}`)", "", p.description.strip(), ""]
    if p.extends:
        lines += ["Extends: " + ", ".join(f"[{b}]({b}.md)" for b in p.extends) + ".", ""]
    if reg.venue:
        v = reg.venue
        switch = [f"`[{o}]`" for o in v.switch_options] + [f"`\\{c}`" for c in v.switch_commands]
        lines += [f"Picked when the paper loads a style matching {', '.join(f'`{x}`' for x in v.packages)} (unless "
                  f"another profile is chosen). Mode: {v.mode}, or {'final' if v.mode == 'review' else 'review'} "
                  f"with {' or '.join(switch)}.", ""]
    def link(item_id: str) -> str:
        home = reg.defined_in[item_id]
        return f"[{item_id}]({'' if home == p.id else home + '.md'}#{item_id})"

    lines += ["| item | severity | kind | title |", "|---|---|---|---|"]
    lines += [f"| {link(i.id)} | {i.severity} | {i.kind} | {i.title} |" for i in reg.items.values()]
    off = [link(i) for i in reg.known if i not in reg.items]
    if off:
        lines += ["", "Off here (switch one on with `severity: {ITEM: warning}` in `.paperlint.yaml`): "
                  + ", ".join(off) + "."]
    for item in (i for i in reg.known.values() if reg.defined_in[i.id] == p.id):
        lines += ["", f'<a id="{item.id}"></a>', "", item_markdown(item, "##")]
    return "\n".join(lines) + "\n"


def reference() -> dict[str, str]:
    """Every generated file under docs/, by path: a page per profile, an index and the two JSON Schemas."""
    regs = [load_registry(name) for name in builtin_profiles()]
    index = ["# Checklist reference", "",
             "Generated by `paperlint docs --out docs/` from the YAML under `checklist/`; do not edit by hand.", "",
             "| profile | items | description |", "|---|---|---|"]
    files = {}
    for reg in regs:
        files[f"items/{reg.profile.id}.md"] = profile_markdown(reg)
        summary = " ".join(reg.profile.description.split())
        index.append(f"| [{reg.profile.id}]({reg.profile.id}.md) | {len(reg.items)} | "
                     f"{summary[:160] + ('...' if len(summary) > 160 else '')} |")
    files["items/index.md"] = "\n".join(index) + "\n"
    files["checklist.schema.json"] = profile_schema()
    files["config.schema.json"] = config_schema()
    return files


def item_uri(item_id: str, registry: Registry) -> str | None:
    """A file: URI of the item's section in the reference installed with the package (the page of the built-in
    profile defining it); None for an item a lab's own profile or config defines (its hover has the text)."""
    page = _page_uri(registry.defined_in.get(item_id))
    return page and f"{page}#{item_id}"


@lru_cache(maxsize=64)
def _page_uri(profile: str | None) -> str | None:
    page = Path(str(resources.files("paperlint") / "docs" / "items" / f"{profile}.md"))
    return page.as_uri() if profile in builtin_profiles() and page.is_file() else None


def write_reference(out: Path) -> list[Path]:
    written = []
    for rel, text in reference().items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
