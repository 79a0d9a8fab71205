"""Suppression comments in the LaTeX, applied to the verdicts for every output (terminal, JSON, editor):

    % paperlint: ignore ITEM -- reason          the finding on this line or the next
    % paperlint: disable ITEM / enable ITEM      the findings in between (to the end of the file without enable)
    % paperlint: not-applicable ITEM -- reason  the whole paper: the item is recorded as not applicable

Without ITEM, ignore/disable/enable cover every item. A comment that suppresses nothing is reported.
"""

from __future__ import annotations

from paperlint.checklist.registry import Registry, builtin_profiles, load_registry
from paperlint.engine.report import MISSING, NOT_APPLICABLE, WEAK, Suppressed, Verdict
from paperlint.project.model import Directive, Problem, Project

_FLAGGED = (MISSING, WEAK)


def _builtin_ids() -> set[str]:
    return {i for name in builtin_profiles() for i in load_registry(name).known}


def suppress(project: Project, verdicts: list[Verdict], registry: Registry) \
        -> tuple[list[Verdict], list[Suppressed], list[Problem]]:
    """(verdicts kept, verdicts suppressed, problems with the comments themselves)."""
    marks = [(rel, d) for rel in project.order for d in project.files[rel].directives]
    if not marks:
        return verdicts, [], []
    problems: list[Problem] = []
    named = {i for _, d in marks for i in d.items} - set(registry.known)
    known = set(registry.known) | (named & _builtin_ids() if named else set())  # items of other profiles are fine
    for rel, d in marks:
        for item in d.items:
            if item not in known:
                problems.append(Problem("unknown-item", f"unknown item {item!r} in `% paperlint: {d.verb}`; "
                                        "`paperlint items` lists them", rel, d.line))
        if d.verb == "not-applicable" and (not d.items or not d.reason):
            problems.append(Problem("suppression-reason", "`% paperlint: not-applicable ITEM -- reason` needs the "
                                    "item and, after --, why it does not apply", rel, d.line))
    used: set[tuple[str, int]] = set()
    regions = _regions(project, marks)
    na = {item: (rel, d) for rel, d in marks if d.verb == "not-applicable" for item in d.items}
    kept, silenced = [], []
    for v in verdicts:
        if v.id in na and v.status in _FLAGGED:
            rel, d = na[v.id]
            used.add((rel, d.line))
            why = f"marked not applicable at {rel}:{d.line}: {d.reason or 'no reason given'}"
            kept.append(Verdict(v.id, v.title, NOT_APPLICABLE, "info", f"Not applicable: {why}.", reason=why))
            continue
        by = _covering(v, marks, regions) if v.status in _FLAGGED and v.anchor else None
        if by is None:
            kept.append(v)
            continue
        rel, d = by
        used.add((rel, d.line))
        silenced.append(Suppressed(v, d.verb, rel, d.line, d.reason))
    run = set(registry.items)
    for rel, d in marks:
        if (rel, d.line) in used or d.verb == "enable" or (d.items and not set(d.items) & run):
            continue
        what = ", ".join(d.items) or "any item"
        problems.append(Problem("unused-suppression", f"`% paperlint: {d.verb} {what}` suppresses nothing: no "
                                f"{'missing or weak finding' if d.verb != 'not-applicable' else 'finding to mark'} "
                                f"for {what} {'here' if d.verb == 'ignore' else 'in the paper'}; remove it", rel,
                                d.line))
    return kept, silenced, problems


def _covers(d: Directive, item: str) -> bool:
    return not d.items or item in d.items


def _regions(project: Project, marks) -> list[tuple[str, int, int, Directive]]:
    """(file, first line, last line, disable comment) of every disabled region."""
    out = []
    for rel, d in marks:
        if d.verb != "disable":
            continue
        end = next((e.line for r, e in marks if r == rel and e.verb == "enable" and e.line > d.line and
                    (not e.items or set(d.items) <= set(e.items))), None)
        out.append((rel, d.line, end if end is not None else project.files[rel].text.count("\n") + 1, d))
    return out


def _covering(v: Verdict, marks, regions) -> tuple[str, Directive] | None:
    at = v.anchor
    for rel, d in marks:
        if d.verb == "ignore" and rel == at.file and d.line in (at.line, at.line - 1) and _covers(d, v.id):
            return rel, d
    for rel, start, end, d in regions:
        if rel == at.file and start <= at.line <= end and _covers(d, v.id):
            return rel, d
    return None
