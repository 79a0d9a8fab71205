"""The venue checklist the authors fill in inside their paper.

Read forms: NeurIPS 2024/2025 (`\\item {\\bf Title}` then `\\item[] Question:/Answer:/Justification:` fields), the
NeurIPS 2021-2023 nested form (`\\answerYes{note}` after each sub-question, ids like `3c`), AAAI's
`\\question{text}{options}` form, and any other list under a "Checklist" heading (format `other`, not read).

Status: `active` (compiled into the paper), `commented_out` (only in `%` comments or dead `\\iffalse` code),
`not_included` (in a .tex file no `\\input` reaches), `absent`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from pylatexenc import latexwalker as lw

from paperlint.caches import MILLION, Memo
from paperlint.latex.macros import balanced
from paperlint.latex.parse import chunk_starts, parse_file
from paperlint.latex.text import flatten
from paperlint.paper.model import Document
from paperlint.project.compiled import mask_comments, mask_dead_code
from paperlint.project.model import Project
from paperlint.project.sources import SourceError, read_source

ACTIVE, COMMENTED_OUT, NOT_INCLUDED, ABSENT = "active", "commented_out", "not_included", "absent"
NEURIPS_2025, NEURIPS_2024, NEURIPS_LEGACY, AAAI, OTHER = "neurips-2025", "neurips-2024", "neurips-legacy", "aaai", \
    "other"
YES, NO, NA, PARTIAL, TODO, MISSING = "yes", "no", "na", "partial", "todo", "missing"
PRESENT, EMPTY = "present", "empty"

# In any case, so not a Scan (which would read each file again, folded: more than this one pass costs). The
# lookahead on the first letters lets the engine pass over most macros; the parts in any case are marked (?i:...)
# rather than by the flag, with which the engine tried the pattern at every character (1.7x slower).
_MARKERS = re.compile(r"\\(?=[ajqsAJQS])(?:(?i:answer(?:Yes|No|NA|TODO)|justificationTODO|question)(?![A-Za-z])"
                      r"|(?i:section)\*?\s*\{(?i:[^}\n]*checklist))")
_ANSWER = re.compile(r"\\answer(?P<kind>Yes|No|NA|TODO)(?![A-Za-z])(?:\s*(?:\{\s*\}|\[\s*\]))?")
_ANSWERS = {"Yes": YES, "No": NO, "NA": NA, "TODO": TODO}
_JUSTIFICATION_TODO = re.compile(r"\\justificationTODO(?![A-Za-z])(?:\s*(?:\{\s*\}|\[\s*\]))?")
_FIELD = re.compile(r"\s*(?P<kind>Question|Answer|Justification|Guidelines)\s*:", re.I)
_TODO_TEXT = re.compile(r"^\s*\[?\s*(TODO|TBD|TBA)\s*\]?\s*\.?\s*$", re.I)
_HEADING = re.compile(r"\\(?:section|subsection|chapter)\*?\s*\{(?P<title>[^}\n]*checklist[^}\n]*)\}", re.I)
_AAAI_STOP = re.compile(r"\\(?:question|ifyespoints|checksubsection|begin|end|item)(?![A-Za-z])")
_REF = re.compile(r"\\(?:[cC]ref|autoref|nameref|[Ss]ecref|ref|eqref|pageref)\*?\s*\{[^}]*\}")  # kept as [ref]
_COMMENT_LINE = re.compile(r"^([ \t]*)(%+)", re.M)


@dataclass(frozen=True)
class Span:
    """A piece of the source: a fix that replaces it first checks `text` is still at `offset` of `file`."""

    file: str
    offset: int
    text: str


@dataclass
class Answer:
    n: int | str  # 1..16, "3c" (2021-2023 form) or "4.7" (AAAI)
    title: str
    answer: str  # yes | no | na | partial (AAAI) | todo | missing
    justification: str  # present | todo | empty
    file: str
    line: int
    question: str = ""  # the question as written
    note: str = ""  # the justification as plain text
    macro: Span | None = None  # the answer token, e.g. `\answerTODO{}`
    slot: Span | None = None  # where the justification goes: `\justificationTODO{}`, or an empty point
    start: int = 0  # offset of the question's `\item`

    def as_dict(self) -> dict:
        return {"n": self.n, "title": self.title, "answer": self.answer, "justification": self.justification,
                "file": self.file, "line": self.line}


@dataclass
class VenueChecklist:
    status: str
    format: str | None = None
    answers: list[Answer] = field(default_factory=list)
    file: str | None = None
    line: int = 0
    start: int = 0  # offset of the checklist (its heading, else its list) in `file`
    end: int = 0  # offset of the `\end{enumerate}` closing the questions, where a missing question goes
    after_references: bool | None = None  # None when the paper has no bibliography or the checklist is not active

    def as_dict(self) -> dict:
        return {"status": self.status, "format": self.format, "answers": [a.as_dict() for a in self.answers],
                "file": self.file, "line": self.line, "after_references": self.after_references}

    def answer(self, n: int | str) -> Answer | None:
        return next((a for a in self.answers if str(a.n) == str(n)), None)


def read_checklist(doc: Document) -> VenueChecklist:
    """The paper's venue checklist: the first one compiled, else one in comments, else one in an unused file."""
    p = doc.project
    for rel in p.order:
        found = parse_checklist(p.files[rel].masked, rel)
        if found:
            found.status = ACTIVE
            found.line = p.files[rel].line_col(found.start)[0]
            if doc.bibliography is not None:
                found.after_references = _compile_key(p, rel, found.start) > \
                    _compile_key(p, doc.bibliography.file, doc.bibliography.offset)
            return found
    for rel in p.order:
        src = p.files[rel]
        found = _commented_out(src.text, src.masked, rel)
        if found:
            found.status, found.line = COMMENTED_OUT, src.line_col(found.start)[0]
            return found
    for rel in p.unused:
        try:
            text, _ = read_source(p.folder / rel)
        except SourceError:
            continue
        masked = mask_dead_code(mask_comments(text)[0], {})
        found = parse_checklist(masked, rel)
        if found:
            found.status, found.line = NOT_INCLUDED, text.count("\n", 0, found.start) + 1
            return found
    return VenueChecklist(ABSENT)


def parse_checklist(text: str, rel: str) -> VenueChecklist | None:
    """The checklist in one file's text (comments already blanked), or None. Status and line are the caller's."""
    found = _PARSED.get((rel, text), _UNSEEN)
    if found is _UNSEEN:
        found = _parse_checklist(text, rel)
        _PARSED.put((rel, text), found)
    return replace(found) if found else None  # the caller sets its status and line


_PARSED = Memo(MILLION)  # (file, compiled text) -> its checklist
_UNSEEN = object()


def _commented_out(text: str, masked: str, rel: str) -> VenueChecklist | None:
    """A checklist in the comments or dead code of a file, or None; remembered per text (a paper without an
    active checklist is looked through at every check)."""
    found = _COMMENTED.get((rel, text, masked), _UNSEEN)
    if found is _UNSEEN:
        found = None
        if _COMMENT_LINE.search(text) or "\\if" in text:
            visible = _uncomment(text)
            if visible != masked and _MARKERS.search(visible):
                found = parse_checklist(visible, rel)
        _COMMENTED.put((rel, text, masked), found)
    return replace(found) if found else None


_COMMENTED = Memo(4 * MILLION)  # (file, text, compiled text) -> a checklist commented out in it


def _parse_checklist(text: str, rel: str) -> VenueChecklist | None:
    marks = list(_MARKERS.finditer(text))
    if not marks:
        return None
    lines = _Lines(text)
    lo, hi = _window(text, marks[0].start(), marks[-1].end())
    nodes = [(n, lo + c.start) for c in parse_file(text[lo:hi]) for n in c.nodes]
    for env, base in _environments(nodes, "enumerate"):
        items = _items(env, base, text)
        found = _neurips(items, text, rel, lines) or _legacy(items, text, rel, lines)
        if found:
            found.start = _heading_before(text, base + env.pos)
            found.end = _content_end(env, base, text)
            return found
    questions = _aaai(nodes, text, rel, lines)
    if questions:
        return VenueChecklist("", AAAI, questions, rel, start=_heading_before(text, questions[0].macro.offset
                                                                               if questions[0].macro else 0))
    m = _HEADING.search(text)
    if m and re.search(r"\\begin\s*\{(enumerate|itemize)\}", text[m.end():m.end() + 5000]):
        return VenueChecklist("", OTHER, [], rel, start=m.start())
    return None


# -- the NeurIPS 2024/2025 form ------------------------------------------------------------------------------
def _neurips(items, text: str, rel: str, lines: _Lines) -> VenueChecklist | None:
    if not any(it.label == "" and _FIELD.match(text, it.start) for it in items):
        return None
    answers: list[Answer] = []
    for it in items:
        if it.label is None:
            title = _plain(text[it.start:it.end])
            answers.append(Answer(len(answers) + 1, title, MISSING, EMPTY, rel, lines.line(it.pos), start=it.pos))
            continue
        m = _FIELD.match(text, it.start)
        if it.label != "" or not m or not answers:
            continue
        q, kind, body_at = answers[-1], m.group("kind").lower(), m.end()
        body = text[body_at:it.end]
        if kind == "question":
            q.question = _plain(body)
        elif kind == "answer":
            a = _ANSWER.search(body)
            if a:
                q.answer = _ANSWERS[a.group("kind")]
                q.macro = Span(rel, body_at + a.start(), a.group(0))
                q.line = lines.line(body_at + a.start())
        elif kind == "justification":
            q.justification, q.note, q.slot = _justification(body, body_at, rel)
    fmt = NEURIPS_2025 if len(answers) >= 16 or any("llm" in a.title.lower() for a in answers) else NEURIPS_2024
    return VenueChecklist("", fmt, answers, rel)


def _plain(src: str) -> str:
    """Plain text of a piece of the checklist, with cross-references kept as [ref]."""
    return " ".join(flatten(_REF.sub("[ref]", src), {}).split())


def _justification(body: str, at: int, rel: str) -> tuple[str, str, Span]:
    todo = _JUSTIFICATION_TODO.search(body)
    if todo:
        return TODO, "", Span(rel, at + todo.start(), todo.group(0))
    note = _plain(body)
    if not note:
        gap = len(body) - len(body.lstrip(" \t"))
        return EMPTY, "", Span(rel, at + gap, "")
    if _TODO_TEXT.match(note):
        word = re.search(r"\S.*\S|\S", body)
        return TODO, note, Span(rel, at + word.start(), word.group(0))
    return PRESENT, note, Span(rel, at + len(body.rstrip()), "")


# -- the NeurIPS 2021-2023 nested form -----------------------------------------------------------------------
def _legacy(items, text: str, rel: str, lines: _Lines) -> VenueChecklist | None:
    answers: list[Answer] = []
    group = 0
    for it in items:
        subs = next(_environments(it.nodes, "enumerate"), None) if it.label is None else None
        if subs is None:
            continue
        group += 1
        for k, sub in enumerate(_items(*subs, text)):
            s, e = sub.start, sub.end
            body = text[s:e]
            a = _ANSWER.search(body)
            if a is None:
                question = _plain(body)
                answers.append(Answer(f"{group}{chr(97 + k)}", _short(question), MISSING, EMPTY, rel,
                                      lines.line(sub.pos), question, start=sub.pos))
                continue
            question = _plain(body[:a.start()])
            note_at = s + a.end()
            note = ""
            rest = text[note_at:e]
            brace = re.match(r"\s*\{", rest) if not a.group(0).endswith(("}", "]")) else None
            if brace:
                close = balanced(text, note_at + brace.end() - 1) or e
                note = _plain(text[note_at + brace.end():close - 1])
            kind = _ANSWERS[a.group("kind")]
            just = TODO if note and _TODO_TEXT.match(note) else PRESENT if note else EMPTY
            answers.append(Answer(f"{group}{chr(97 + k)}", _short(question), kind, just, rel,
                                  lines.line(s + a.start()), question, note, Span(rel, s + a.start(), a.group(0)),
                                  start=sub.pos))
    return VenueChecklist("", NEURIPS_LEGACY, answers, rel) if any(a.macro for a in answers) else None


def _short(question: str, width: int = 80) -> str:
    return question if len(question) <= width else question[:width].rsplit(" ", 1)[0] + "..."


# -- the AAAI form --------------------------------------------------------------------------------------------
def _aaai(nodes, text: str, rel: str, lines: _Lines) -> list[Answer]:
    answers: list[Answer] = []
    section = item = 0
    for n, base in _walk(nodes):
        if not isinstance(n, lw.LatexMacroNode):
            continue
        if n.macroname == "checksubsection":
            section, item = section + 1, 0
            continue
        args = n.nodeargd.argnlist if n.macroname == "question" and n.nodeargd else None
        if not args or len(args) < 2 or not all(isinstance(a, lw.LatexGroupNode) for a in args[:2]):
            continue  # `\string\question \{...\}` in the instructions is not a question
        item += 1
        question = _plain(_group_text(args[0], base, text))
        options = {o.strip().lower().replace("n/a", "na") for o in
                   re.split(r"[/,|]", _group_text(args[1], base, text).strip(" ()"))}
        after = base + n.pos + n.len
        stop = _AAAI_STOP.search(text, after)
        raw = text[after:stop.start() if stop else len(text)]
        said = _plain(raw).lower().replace("n/a", "na").strip(" .")
        answer = TODO if said.startswith("type your response") else said if said in options and said in \
            (YES, NO, NA, PARTIAL) else MISSING
        word = re.search(r"\S(.*\S)?", raw)
        span = Span(rel, after + word.start(), word.group(0)) if word else Span(rel, after, "")
        answers.append(Answer(f"{section or 1}.{item}", _short(question), answer, EMPTY, rel,
                              lines.line(span.offset), question, macro=span, start=base + n.pos))
    return answers


def _group_text(group, base: int, text: str) -> str:
    return text[base + group.pos + 1:base + group.pos + group.len - 1]


# -- pylatexenc helpers ---------------------------------------------------------------------------------------
def _walk(nodes):
    """Every node with its chunk base, in document order."""
    stack = [iter(nodes)]
    while stack:
        pair = next(stack[-1], None)
        if pair is None:
            stack.pop()
            continue
        n, base = pair
        yield n, base
        children = list(getattr(n, "nodelist", None) or [])
        if isinstance(n, lw.LatexMacroNode) and n.nodeargd and n.nodeargd.argnlist:
            children = [a for a in n.nodeargd.argnlist if a is not None] + children
        if children:
            stack.append(iter([(c, base) for c in children]))


def _environments(nodes, name: str):
    """Environments called `name` in document order, an outer one before those inside it."""
    for n, base in _walk(nodes):
        if isinstance(n, lw.LatexEnvironmentNode) and n.environmentname == name:
            yield n, base


@dataclass
class _Item:
    """An `\\item` directly in a list: its position, optional argument (None without one), content and nodes."""

    pos: int
    label: str | None
    start: int
    end: int
    nodes: list = field(default_factory=list)


def _items(env, base: int, text: str) -> list[_Item]:
    items: list[_Item] = []
    for n in env.nodelist:
        if isinstance(n, lw.LatexMacroNode) and n.macroname == "item":
            opt = n.nodeargd.argnlist[0] if n.nodeargd and n.nodeargd.argnlist else None
            label = None if opt is None else text[base + opt.pos + 1:base + opt.pos + opt.len - 1].strip()
            if items:
                items[-1].end = base + n.pos
            items.append(_Item(base + n.pos, label, base + n.pos + n.len, 0))
        elif items:
            items[-1].nodes.append((n, base))
    if items:
        items[-1].end = _content_end(env, base, text)
    return items


def _window(text: str, first: int, last: int) -> tuple[int, int]:
    """The bounds of the parse chunks holding [first, last): only the checklist's part of a long file is parsed."""
    bounds = chunk_starts(text) + [len(text)]
    return max(a for a in bounds if a <= first), min(a for a in bounds if a >= last)


def _content_end(env, base: int, text: str) -> int:
    end = base + env.pos + env.len
    close = text.rfind("\\end", base + env.pos, end)
    return close if close > base + env.pos else end


def _heading_before(text: str, offset: int) -> int:
    """The offset of a checklist heading shortly before `offset`, else `offset` itself."""
    best = offset
    for m in _HEADING.finditer(text, max(0, offset - 20000), offset):
        best = m.start()
    return best


class _Lines:
    """Line numbers, counted on from the offset asked before (answers are met in order, near the file's end)."""

    def __init__(self, text: str):
        self.text = text
        self.at, self.n = 0, 1

    def line(self, offset: int) -> int:
        if offset < self.at:
            self.at, self.n = 0, 1
        self.n += self.text.count("\n", self.at, offset)
        self.at = offset
        return self.n


def _uncomment(text: str) -> str:
    """The text with `%` line comments turned back into LaTeX (`\\iffalse` blocks are already visible)."""
    return _COMMENT_LINE.sub(lambda m: m.group(1) + " " * len(m.group(2)), text)


def _compile_key(p: Project, file: str, offset: int) -> tuple[int, ...]:
    """A key that orders positions of different files as TeX reads them."""
    key = [offset]
    seen = {file}
    while file != p.root:
        inc = next((i for i in p.includes.values() if i.target == file and i.file not in seen), None)
        if inc is None:
            break
        key.insert(0, inc.start)
        file = inc.file
        seen.add(file)
    return tuple(key)
