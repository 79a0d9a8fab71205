"""The item kinds beyond `evidence`: a section that must exist, text that must not be there, a checklist answer
checked against the paper, and the venue checklist itself. Each returns one Verdict."""

from __future__ import annotations

import re
from dataclasses import dataclass

from paperlint.checklist.models import Item
from paperlint.checklist.registry import Registry
from paperlint.engine.anchors import anchor
from paperlint.engine.report import MISSING, NOT_APPLICABLE, PRESENT, WEAK, Anchor, Verdict
from paperlint.paper import checklist_block as ck
from paperlint.paper.facts import Facts
from paperlint.paper.model import BODY, Document
from paperlint.paper.search import Hit

_POINTER = re.compile(r"\b(sec(tion|\.)?s?|app(endix|endices|\.)|fig(ure|\.)?s?|tab(le|\.)?s?|eq(uation|\.)?s?|"
                      r"theorem|lemma|algorithm|line|page|supplement\w*|abstract|introduction|conclusions?)\b|§|"
                      r"\[ref\]", re.I)
_FORMS = {"neurips": (ck.NEURIPS_2025, ck.NEURIPS_2024, ck.NEURIPS_LEGACY), "aaai": (ck.AAAI,)}


@dataclass
class Context:
    """What the kinds read besides the item: the paper, its facts and checklist, and the other items' verdicts."""

    doc: Document
    facts: Facts
    registry: Registry
    checklist: ck.VenueChecklist
    verdicts: dict[str, Verdict]  # evidence, section and forbidden verdicts, by item id
    evidence: object  # find_evidence(doc, item), for items a question maps to that did not run

    def status(self, item_id: str) -> tuple[str, list[Hit]]:
        v = self.verdicts.get(item_id)
        if v is not None:
            return v.status, v.evidence
        return self.evidence(self.doc, self.registry.known[item_id])


def _hit_anchor(h: Hit) -> Anchor:
    return Anchor(h.file, h.line, h.column)


def _fix(item: Item, doc: Document) -> dict | None:
    if item.fix is None:
        return None
    fix = {"title": item.fix.title or f"Add: {item.title}", "where": item.fix.where, "snippet": item.fix.snippet}
    insert_at = anchor(doc, item.fix.where)[1]
    if insert_at is not None:
        fix["insert_at"] = insert_at.as_dict()
    return fix


# -- section ----------------------------------------------------------------------------------------------------
def section(doc: Document, item: Item) -> Verdict:
    rule = item.section
    found = [s for s in doc.sections if s.region in ("body", "appendix", "back") and rule.rx.search(s.title)]
    diag_at, _ = anchor(doc, item.fix.where)

    def hit(s) -> Hit:
        line, col = doc.project.files[s.file].line_col(s.offset)
        return Hit(s.file, line, col, s.title)

    good = [s for s in found if s.level <= rule.max_level and (not rule.before_bibliography or s.region == BODY)]
    if good:
        return Verdict(item.id, item.title, PRESENT, "info", f"{item.title}: found.", [hit(good[0])])
    if found:
        s = found[0]
        why = (f"\"{s.title}\" is a sub-heading, not a section of its own" if s.level > rule.max_level else
               f"\"{s.title}\" is in the {'appendix' if s.region == 'appendix' else 'back matter'}, not before the "
               "references")
        return Verdict(item.id, item.title, WEAK, item.severity, item.weak_message or item.message, [hit(s)],
                       reason=why, fix=_fix(item, doc), anchor=_hit_anchor(hit(s)))
    titles = ", ".join(f"/{t}/" for t in rule.titles)
    return Verdict(item.id, item.title, MISSING, item.severity, item.message,
                   reason=f"no heading matching {titles} among {len(doc.sections)} headings", fix=_fix(item, doc),
                   anchor=diag_at)


# -- forbidden ------------------------------------------------------------------------------------------------
def forbidden(ctx: Context, item: Item) -> Verdict:
    """The item's evidence here is the forbidden text; an `unless` item with evidence lifts the ban."""
    status, hits = ctx.evidence(ctx.doc, item)
    if status == MISSING:
        return Verdict(item.id, item.title, PRESENT, "info", f"{item.title}: nothing to flag.")
    for other in item.unless:  # evidence anywhere lifts the ban, whether or not that item applies
        other_status, other_hits = ctx.evidence(ctx.doc, ctx.registry.known[other])
        if other_status == PRESENT:
            return Verdict(item.id, item.title, PRESENT, "info",
                           f"{item.title}: backed by {ctx.registry.known[other].title.lower()}.", other_hits[:1])
    flagged = MISSING if status == PRESENT else WEAK
    reason = f"found at {hits[0].file}:{hits[0].line}" + (
        f"; no evidence for {', '.join(item.unless)} anywhere in the paper" if item.unless else "")
    return Verdict(item.id, item.title, flagged, item.severity, item.message if flagged == MISSING else
                   item.weak_message or item.message, hits, reason=reason, fix=_fix(item, ctx.doc),
                   anchor=_hit_anchor(hits[0]))


# -- consistency: one checklist answer against the paper -------------------------------------------------------
def _norm(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", title.lower()).strip()


def _answers(ctx: Context, q) -> list[ck.Answer]:
    """The answers to a question: by id in the 2021-2023 form, else by title, else by position when the title
    there is not another question's (authors may renumber, never retitle)."""
    cl = ctx.checklist
    if cl.format == ck.NEURIPS_LEGACY:
        return [a for a in (cl.answer(n) for n in q.legacy) if a is not None]
    same = [a for a in cl.answers if _norm(a.title) == _norm(q.title)]
    if same or q.form != "neurips":
        return same or [a for a in [cl.answer(q.n)] if a is not None]
    titles = {_norm(i.question.title) for i in ctx.registry.known.values() if i.question}
    at = cl.answer(q.n)
    return [at] if at is not None and _norm(at.title) not in titles else []


def consistency(ctx: Context, item: Item) -> Verdict:
    q, cl = item.question, ctx.checklist
    if cl.status != ck.ACTIVE or cl.format not in _FORMS[q.form]:
        venue = "NeurIPS" if q.form == "neurips" else "AAAI"
        return Verdict(item.id, item.title, NOT_APPLICABLE, "info", f"Not applicable: no {venue} checklist in the "
                       "paper.", reason=f"the paper has no active {venue} checklist (status: {cl.status}"
                       f"{', format: ' + cl.format if cl.format else ''})")
    legacy = cl.format == ck.NEURIPS_LEGACY
    answers = _answers(ctx, q)
    label = f"Q{q.n} ({q.title if len(q.title) <= 40 else item.title.split(': ', 1)[-1]})"
    if not answers:
        if legacy and not q.legacy:
            return Verdict(item.id, item.title, NOT_APPLICABLE, "info", "Not applicable: the 2021-2023 checklist "
                           "has no such question.", reason="the 2021-2023 checklist form has no such question")
        return _missing_question(ctx, item, label)
    findings = []  # (status, severity, message, answer, fix) in order of importance
    for a in answers:
        findings += _answer_findings(ctx, item, a, label, legacy)
    first = answers[0]
    where = Hit(first.file, first.line, 1, f"Answer: {first.answer}" + (f"; {first.note[:160]}" if first.note else ""))
    if not findings:
        return Verdict(item.id, item.title, PRESENT, "info", f"{label}: answered {first.answer}.", [where])
    status, severity, message, a, fix = findings[0]
    others = ("also: " + " ".join(f[2] for f in findings[1:])) if findings[1:] else ""
    return Verdict(item.id, item.title, status, severity, message, [where], reason=others, fix=fix,
                   anchor=Anchor(a.file, a.line))


def _answer_findings(ctx: Context, item: Item, a: ck.Answer, label: str, legacy: bool) -> list:
    q, out = item.question, []
    if a.answer == ck.TODO:
        out.append((MISSING, item.severity, f"{label} is unanswered (\\answerTODO).", a, _answer_fix(ctx, item, a)))
    elif a.answer == ck.MISSING:
        out.append((MISSING, item.severity, f"{label} has no answer macro (\\answerYes, \\answerNo or \\answerNA).",
                    a, None))
    elif a.answer in (ck.YES, ck.PARTIAL) and q.items:
        statuses = {i: ctx.status(i)[0] for i in q.items}
        applicable = [i for i, s in statuses.items() if s != NOT_APPLICABLE]
        if applicable and all(statuses[i] == MISSING for i in applicable):
            msg = q.unsupported or f"no evidence for {', '.join(applicable)} was found in the paper"
            out.append((MISSING, item.severity, f"You answered {a.answer.capitalize()} to {label}; {msg}.", a,
                        None))
    elif a.answer == ck.NA or (q.gate and a.answer == ck.NO):
        gate = next((f for f in q.na_when if ctx.facts[f]), None)
        if gate:
            fact = ctx.facts.flags[gate]
            seen = f" ({fact.evidence[0].file}:{fact.evidence[0].line})" if fact.evidence else ""
            said = "NA" if a.answer == ck.NA else "No"
            out.append((MISSING, item.severity, f"You answered {said} to {label}, but {fact.reason}{seen}.", a,
                        None))
    if not legacy and a.question and q.keywords:
        lost = [k for k in q.keywords if not re.search(k, a.question, re.I)]
        if lost:
            out.append((WEAK, item.severity, f"{label} was reworded: the venue's question mentions "
                        f"{', '.join(lost)}; keep the template's wording.", a, None))
    if not legacy and q.form == "neurips" and a.answer in (ck.YES, ck.NO, ck.NA):
        if a.justification in (ck.TODO, ck.EMPTY):
            word = "TODO" if a.justification == ck.TODO else "empty"
            out.append((WEAK, item.severity, f"The justification of {label} is {word}.", a,
                        _justification_fix(ctx, item, a)))
        elif a.answer == ck.YES and q.points and not _POINTER.search(a.note):
            out.append((WEAK, "info", f"The justification of {label} points to no section; say where the "
                        "paper shows it (Section~\\ref{...}).", a, _justification_fix(ctx, item, a)))
    return out


def _missing_question(ctx: Context, item: Item, label: str) -> Verdict:
    cl, q = ctx.checklist, item.question
    number = {_norm(i.question.title): i.question.n for i in ctx.registry.known.values() if i.question}
    later = [a.start for a in cl.answers if isinstance(q.n, int) and number.get(_norm(a.title), 0) > q.n]
    line = ctx.doc.project.files[cl.file].line_col(min(later) if later else cl.end)[0]  # before the next question
    fix = {"title": f"Insert {label}", "where": "checklist", "snippet": question_block(item),
           "insert_at": {"file": cl.file, "line": line, "column": 1}}
    return Verdict(item.id, item.title, MISSING, item.severity, f"{label} is missing from the checklist.",
                   reason="the venue asks every question; do not delete any", fix=fix, anchor=Anchor(cl.file, line))


# -- quick fixes of answers --------------------------------------------------------------------------------------
def suggested_answer(ctx: Context, item: Item) -> str:
    """The answer the paper's evidence supports: Yes with evidence, NA when the question's items do not apply."""
    q = item.question
    statuses = [ctx.status(i)[0] for i in q.items]
    if PRESENT in statuses:
        return "Yes"
    if statuses and all(s == NOT_APPLICABLE for s in statuses):
        return "NA"
    if statuses:
        return "No"
    return "NA" if q.na_when and not any(ctx.facts[f] for f in q.na_when) else "Yes"


def _edit(span: ck.Span, doc: Document, text: str, title: str) -> dict:
    line, col = doc.project.files[span.file].line_col(span.offset)
    return {"title": title, "where": "checklist", "snippet": text,
            "edit": {"file": span.file, "line": line, "column": col, "text": text, "replaces": span.text}}


def _answer_fix(ctx: Context, item: Item, a: ck.Answer) -> dict | None:
    if a.macro is None:
        return None
    answer = suggested_answer(ctx, item)
    text = f"\\answer{answer}{{}}" if item.question.form == "neurips" else answer.lower()
    return _edit(a.macro, ctx.doc, text, f"Answer {answer} (what the paper's evidence supports)")


def _justification_fix(ctx: Context, item: Item, a: ck.Answer) -> dict | None:
    if a.slot is None:
        return None
    text = justification_text(ctx, item, a.answer)
    before = ctx.doc.project.files[a.slot.file].text[a.slot.offset - 1:a.slot.offset]
    if not a.slot.text and before not in (" ", "\t"):  # inserting after "Justification:" or after the text
        text = " " + text
    return _edit(a.slot, ctx.doc, text, "Point to the section" if a.justification == ck.PRESENT else
                 "Write the justification")


def justification_text(ctx: Context, item: Item, answer: str) -> str:
    """A justification that points to where the paper shows it: the section of the first evidence found."""
    q = item.question
    if answer == ck.NA:
        return "TODO: say why this question does not apply to the paper."
    if answer == ck.NO:
        return "TODO: say why (a justified No is acceptable)."
    for i in q.items:
        status, hits = ctx.status(i)
        if status == PRESENT and hits:
            return f"See {section_reference(ctx.doc, hits[0])}."
    return "See Section~\\ref{TODO}."


def section_reference(doc: Document, h: Hit) -> str:
    """`Section~\\ref{label}` for the section holding a hit, or its title when it has no label."""
    src = doc.project.files[h.file]
    sec = next((s for s in reversed(doc.sections)
                if s.file == h.file and s.level <= 2 and src.line_col(s.offset)[0] <= h.line), None)
    if sec is None:
        return f"{h.file}, line {h.line}"
    word = "Appendix" if sec.region == "appendix" else "Section"
    m = re.search(r"\\label\s*\{([^}]+)\}", src.masked[sec.offset:sec.offset + 400])
    return f"{word}~\\ref{{{m.group(1)}}}" if m else f"{word} ``{sec.title}''"


# -- checklist: the venue checklist itself ------------------------------------------------------------------------
def checklist(ctx: Context, item: Item) -> Verdict:
    rule, cl, doc = item.checklist, ctx.checklist, ctx.doc
    questions = [i for i in ctx.registry.items.values() if i.kind == "consistency" and i.question.form == "neurips"]
    root = doc.project.files.get(doc.project.root)
    end = root.masked.find("\\end{document}") if root else -1
    before_end = {"file": doc.project.root, "line": root.line_col(end)[0] if end >= 0 else 1, "column": 1}
    if cl.status == ck.ABSENT:
        fix = {"title": item.fix.title if item.fix else f"Insert the {rule.heading}", "where": "checklist",
               "snippet": item.fix.snippet if item.fix else checklist_block(rule, questions), "insert_at": before_end}
        return Verdict(item.id, item.title, MISSING, item.severity, item.message, reason="no checklist in the paper, "
                       "in its comments or in an unused file", fix=fix, anchor=Anchor(doc.project.root, 1))
    at = Anchor(cl.file, cl.line)
    if cl.status == ck.COMMENTED_OUT:
        return Verdict(item.id, item.title, MISSING, item.severity, f"The checklist at {cl.file}:{cl.line} is "
                       "commented out, so it is not in the paper.", reason="uncomment it", anchor=at)
    if cl.status == ck.NOT_INCLUDED:
        name = cl.file[:-4] if cl.file.endswith(".tex") else cl.file
        fix = {"title": f"Input {cl.file}", "where": "checklist", "snippet": f"\\input{{{name}}}\n",
               "insert_at": before_end}
        return Verdict(item.id, item.title, MISSING, item.severity, f"{cl.file} holds the checklist but no \\input "
                       "reaches it, so it is not in the paper.", reason="\\input it before \\end{document}", fix=fix,
                       anchor=Anchor(doc.project.root, before_end["line"]))
    where = Hit(cl.file, cl.line, 1, f"{cl.format} checklist, {len(cl.answers)} questions")
    problems = []
    if cl.format not in rule.formats:
        problems.append(f"the checklist is in the {cl.format} form; this venue asks for "
                        f"{' or '.join(rule.formats)}")
    if rule.after_references and cl.after_references is False:
        problems.append("the checklist comes before the references; it belongs after them")
    unanswered = [str(a.n) for a in cl.answers if a.answer in (ck.TODO, ck.MISSING)]
    if unanswered and not questions and cl.format != ck.OTHER:  # NeurIPS questions report themselves
        problems.append(f"{len(unanswered)} question(s) unanswered: {', '.join(unanswered[:8])}")
    if problems:
        return Verdict(item.id, item.title, WEAK, item.severity, problems[0][0].upper() + problems[0][1:] + ".",
                       [where], reason="; ".join(problems[1:]), anchor=at)
    return Verdict(item.id, item.title, PRESENT, "info", f"{item.title}: found.", [where])


def question_block(item: Item) -> str:
    q = item.question
    return (f"\\item {{\\bf {q.title}}}\n"
            f"    \\item[] Question: {q.text}\n"
            f"    \\item[] Answer: \\answerTODO{{}} % Replace by \\answerYes{{}}, \\answerNo{{}}, or \\answerNA{{}}.\n"
            f"    \\item[] Justification: \\justificationTODO{{}}\n\n")


def checklist_block(rule, questions: list[Item]) -> str:
    """The whole checklist, generated from the profile's questions (paraphrased: paste the venue's wording)."""
    body = "".join(question_block(q) for q in questions)
    return (f"\\newpage\n\\section*{{{rule.heading}}}\n"
            "% Questions paraphrased by paperlint: replace each with the venue template's exact wording.\n"
            f"\\begin{{enumerate}}\n\n{body}\\end{{enumerate}}\n")
