"""Where an item's missing text belongs: the section an author would add it to."""

from __future__ import annotations

import re

from paperlint.engine.report import Anchor
from paperlint.paper.model import APPENDIX, BACK, BODY, Document, Section

_PLACES = {
    "setup": r"\b(experimental\s+(setup|settings?|details)|implementation\s+details|training\s+details|setup|"
             r"experiments?|evaluation)\b",
    "results": r"\b(results|experiments?|evaluation|empirical)\b",
    "method": r"\b(method|methods|methodology|approach|model|our\s+approach|framework|preliminaries|setting)\b",
    "conclusion": r"\b(conclusions?|discussion|concluding)\b",
    "introduction": r"\bintroduction\b",
}


def _section_end(doc: Document, sec: Section) -> tuple[str, int]:
    """(file, offset) just before the next heading of the same or a higher level in the same file."""
    src = doc.project.files[sec.file]
    for nxt in doc.sections[sec.index + 1:]:
        if nxt.level <= sec.level:
            if nxt.file == sec.file:
                return sec.file, nxt.offset
            break
    end = src.masked.find("\\end{document}")
    return sec.file, end if end >= 0 else len(src.text.rstrip())


def _at(doc: Document, file: str, offset: int) -> Anchor:
    line, col = doc.project.files[file].line_col(offset)
    return Anchor(file, line, col)


def _heading(doc: Document, sec: Section) -> Anchor:
    return _at(doc, sec.file, sec.offset)


def find_section(doc: Document, where: str) -> Section | None:
    """The first body section or subsection whose title fits `where` (asked once per item: remembered)."""
    return doc.kept(("section for", where), lambda: _first_section(doc, _PLACES.get(where)))


def _first_section(doc: Document, rx: str | None) -> Section | None:
    if rx is None:
        return None
    pattern = re.compile(rx, re.I)
    return next((s for s in doc.sections if s.region == BODY and s.level <= 2 and pattern.search(s.title)), None)


def anchor(doc: Document, where: str) -> tuple[Anchor | None, Anchor | None]:
    """(where the diagnostic sits, where the snippet is inserted) for a fix placed at `where`; the same for
    every item placed there, so found once per Document."""
    return doc.kept(("anchor", where), lambda: _anchor(doc, where))


def _anchor(doc: Document, where: str) -> tuple[Anchor | None, Anchor | None]:
    root = doc.project.root
    if root not in doc.project.files:
        return None, None
    top = _at(doc, root, doc.begin_document.offset) if doc.begin_document else _at(doc, root, 0)
    if where == "before_bibliography":
        mark = doc.bibliography
        if mark is None:
            src = doc.project.files[root]
            end = src.masked.find("\\end{document}")
            return top, _at(doc, root, end if end >= 0 else len(src.text))
        conclusion = find_section(doc, "conclusion")
        return (_heading(doc, conclusion) if conclusion else _at(doc, mark.file, mark.offset)), \
            _at(doc, mark.file, mark.offset)
    if where == "appendix":
        appendix = [s for s in doc.sections if s.region in (APPENDIX, BACK)]
        if appendix:
            return _heading(doc, appendix[0]), _at(doc, *_section_end(doc, appendix[-1]))
        where = "conclusion"
    if where in ("title", "abstract", "checklist"):
        return top, top
    sec = find_section(doc, where) or find_section(doc, "results" if where == "setup" else "setup")
    if sec is None:
        return top, top
    return _heading(doc, sec), _at(doc, *_section_end(doc, sec))



def checklist_place(doc: Document) -> Anchor | None:
    """Where a venue checklist goes: the line of \\end{document} in the root file, else the root file's end."""
    root = doc.project.files.get(doc.project.root)
    if root is None:
        return None
    end = root.masked.find("\\end{document}")
    return _at(doc, root.rel, end if end >= 0 else len(root.text))
