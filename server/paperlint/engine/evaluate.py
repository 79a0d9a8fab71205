"""Evaluating each checklist item against a Document and its Facts."""

from __future__ import annotations

from functools import partial

from paperlint.checklist.models import Applies, Item
from paperlint.checklist.registry import USER_PATTERN_TIMEOUT, Registry
from paperlint.engine import kinds
from paperlint.engine.anchors import anchor, checklist_place
from paperlint.engine.report import MISSING, NOT_APPLICABLE, PRESENT, WEAK, Report, Verdict
from paperlint.engine.suppress import suppress
from paperlint.engine.venue import Detected
from paperlint.paper.checklist_block import VenueChecklist, read_checklist
from paperlint.paper.facts import Facts
from paperlint.paper.model import Document
from paperlint.paper.search import REGIONS, Hit, count_blocks, environment_hits, find, heading_hits, hit, sentence
from paperlint.project.model import Problem


def applies(rule: Applies, facts: Facts, mode: str | None = None) -> tuple[bool, str]:
    """Whether an item applies, and if not, the fact (or the venue mode) that decided it."""
    if rule.modes and mode not in rule.modes:
        state = f"the paper is in {mode} mode" if mode else "review or final mode is unknown: no venue style found"
        return False, f"{rule.reason or 'does not apply'} ({state})"
    if facts.type in rule.not_types:
        return False, f"{rule.reason or 'does not apply'} (the paper is a {facts.type} paper: {facts.type_reason})"
    for name in rule.all:
        if not facts[name]:
            return False, f"{rule.reason or 'does not apply'} ({name} is false: {facts.flags[name].reason})"
    if rule.any and not any(facts[n] for n in rule.any):
        why = "; ".join(f"{n}: {facts.flags[n].reason}" for n in rule.any)
        return False, f"{rule.reason or 'does not apply'} ({why})"
    return True, ""


def _hits_from_links(doc: Document, item: Item) -> list[Hit]:
    ev, rx = item.evidence, item.evidence.rx
    if rx["links"] is None:
        return []
    allowed = {REGIONS[r] for r in ev.regions}
    skip = rx["skip_sections"]
    hits = []
    for link in doc.links:
        if link.region not in allowed or link.block < 0 or not rx["links"].search(link.url):
            continue
        block = doc.blocks[link.block]
        if skip is not None and block.section >= 0 and any(skip.search(s.title)
                                                           for s in doc.section_path(block.section)):
            continue
        text = block.text.text
        i = text.find(link.url)
        i = i if i >= 0 else 0
        lo, hi = sentence(text, i, i + len(link.url))
        context = text[lo:hi].replace(link.url, " ")  # the words around the URL, not the URL itself
        if not context.strip(" .,;:()\n"):  # a bare URL: judge it by what it annotates
            context = block.context[-200:]
        if rx["link_context"] is not None and not rx["link_context"].search(context):
            continue
        if rx["sentence_traps"] is not None and rx["sentence_traps"].search(context):
            continue
        if rx["weak"] is not None and rx["weak"].search(context):
            continue
        hits.append(hit(doc, block, i, i + len(link.url)))
        if len(hits) >= 2:
            break
    return hits


def find_evidence(doc: Document, item: Item, most: int = 3) -> tuple[str, list[Hit]]:
    """The item's status and up to `most` hits of its evidence, from its headings, environments, links, listings
    and text, in that order (a search stops once it has `most`)."""
    ev, rx = item.evidence, item.evidence.rx
    where = dict(regions=ev.regions, kinds=ev.kinds, skip_envs=ev.skip_environments, skip_sections=rx["skip_sections"])
    hits: list[Hit] = []
    if rx["headings"] is not None:
        hits += heading_hits(doc, rx["headings"], ev.regions)[:2]
    if ev.environments and len(hits) < most:
        hits += environment_hits(doc, set(ev.environments), ev.regions, caption=True, limit=2)
    if len(hits) < most:
        hits += _hits_from_links(doc, item)
    if rx["listings"] is not None and len(hits) < most:
        hits += find(doc, rx["listings"], regions=ev.regions, kinds=["code"], limit=1)
    if rx["present"] is not None and len(hits) < most:
        hits += find(doc, rx["present"], rx["traps"], rx["sentence_traps"], limit=most - len(hits), **where)
    if hits:
        return PRESENT, hits[:most]
    if rx["weak_headings"] is not None:
        hits += heading_hits(doc, rx["weak_headings"], ev.regions)[:2]
    if rx["weak"] is not None and len(hits) < most:
        hits += find(doc, rx["weak"], rx["traps"], None, limit=most - len(hits), **where)
    return (WEAK, hits[:most]) if hits else (MISSING, [])


def where_looked(doc: Document, item: Item) -> str:
    ev = item.evidence
    key = ("looked", ev.regions, ev.kinds, ev.skip_environments, ev.skip_sections)  # patterns: items share it
    n = doc.kept(key, lambda: count_blocks(doc, ev.regions, ev.kinds, ev.skip_environments, ev.rx["skip_sections"]))
    regions = " and ".join(r for r in ev.regions if r != "back") or "paper"
    skipped = " (related work skipped)" if ev.skip_sections else ""
    return f"no evidence in {n} paragraphs, captions, tables and footnotes of the {regions}{skipped}"


def _evidence_verdict(doc: Document, item: Item, quotes: int) -> Verdict:
    fix = {"title": item.fix.title or f"Add: {item.title}", "where": item.fix.where, "snippet": item.fix.snippet}
    status, hits = find_evidence(doc, item, quotes)
    diag_at, insert_at = anchor(doc, item.fix.where)
    if insert_at is not None:
        fix["insert_at"] = insert_at.as_dict()
    if status == PRESENT:
        return Verdict(item.id, item.title, PRESENT, "info", f"{item.title}: found.", hits)
    if status == WEAK:
        return Verdict(item.id, item.title, WEAK, item.severity, item.weak_message or item.message, hits,
                       reason="only a weak mention was found", fix=fix, anchor=diag_at)
    return Verdict(item.id, item.title, MISSING, item.severity, item.message, reason=where_looked(doc, item),
                   fix=fix, anchor=diag_at)


_LATER = {"forbidden": kinds.forbidden, "consistency": kinds.consistency, "checklist": kinds.checklist}


def evaluate(doc: Document, facts: Facts, registry: Registry, mode: str | None = None,
             checklist: VenueChecklist | None = None, quotes: int = 3) -> list[Verdict]:
    """One verdict per item, quoting up to `quotes` hits of its evidence (1 when only the statuses are read:
    a search stops at the first). Items that read other items' verdicts (forbidden, consistency, checklist)
    run last."""
    verdicts: dict[str, Verdict] = {}
    later = []
    for item in registry.items.values():
        ok, why = applies(item.applies, facts, mode)
        if not ok:
            verdicts[item.id] = Verdict(item.id, item.title, NOT_APPLICABLE, "info", f"Not applicable: {why}.",
                                        reason=why)
        elif item.kind in _LATER:
            later.append(item)
        else:
            verdicts[item.id] = kinds.section(doc, item) if item.kind == "section" else \
                _evidence_verdict(doc, item, quotes)
    ctx = kinds.Context(doc, facts, registry, checklist or read_checklist(doc), verdicts,
                        partial(find_evidence, most=quotes))
    for item in later:
        verdicts[item.id] = _LATER[item.kind](ctx, item)
    return [verdicts[i] for i in registry.items]


def build_report(doc: Document, facts: Facts, registry: Registry, venue: Detected | None = None,
                 quotes: int = 3) -> Report:
    p = doc.project
    problems = list(p.problems)
    for mark, msg in doc.parse_errors[:20]:
        line, col = p.files[mark.file].line_col(mark.offset)
        problems.append(Problem("latex-syntax", f"LaTeX: {msg}", mark.file, line, col, "info"))
    begin = doc.begin_document
    checklist = read_checklist(doc)
    verdicts = evaluate(doc, facts, registry, venue.mode if venue else None, checklist, quotes)
    verdicts, suppressed, unused = suppress(p, verdicts, registry)
    for item in registry.items.values():
        for pattern in item.evidence.skipped_patterns():
            problems.append(Problem("pattern-timeout", f"item {item.id} ({registry.defined_in.get(item.id, 'config')}): "
                                    f"the pattern {pattern!r} took over {USER_PATTERN_TIMEOUT:g} s on one paragraph "
                                    "and was skipped; rewrite it without nested repetition such as (a+)+",
                                    p.root, severity="error"))
    return Report(root=p.root, folder=str(p.folder), profile=registry.profile.id, files=list(p.order), facts=facts,
                  verdicts=verdicts, problems=problems + unused, unused_files=p.unused,
                  document_line=p.files[begin.file].line_col(begin.offset)[0] if begin else 0, checklist=checklist,
                  venue=venue, suppressed=suppressed,
                  checklist_place=checklist_place(doc))
