"""What the engine reads: a Document of sections, environments and blocks of plain text, each
piece of text knowing the file and offset it came from."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

from paperlint.cues import fold
from paperlint.project.model import Project
from paperlint.sequences import ids_of

T = TypeVar("T")

# Where a piece of the paper sits. Evidence scopes are written in these names.
PREAMBLE, BODY, APPENDIX, BACK, CHECKLIST = "preamble", "body", "appendix", "back", "checklist"


@dataclass
class Text:
    """Plain text with a map back to the source: piece i starts at text offset `starts[i]` and came
    from `origins[i]` = (file, source offset, exact). Exact pieces map character by character;
    synthetic ones (a rendered macro or formula) map every character to where the macro starts.
    Source offsets are moved by `shift`, so text met again after an edit above it is moved, not copied."""

    text: str = ""
    starts: list[int] = field(default_factory=list)
    origins: list[tuple[str, int, bool]] = field(default_factory=list)
    shift: int = 0

    @cached_property
    def low(self) -> str:
        return fold(self.text)

    def kept(self, name: str, compute: Callable[[str], T]) -> T:
        """compute(self.text), computed once and kept with this Text and its copies: a replayed walk reuses
        its blocks' texts, so a value derived from a block's characters is not looked up again."""
        try:
            return self.__dict__[name]
        except KeyError:
            value = self.__dict__[name] = compute(self.text)
            return value

    def locate(self, i: int) -> tuple[str, int]:
        k = max(0, bisect.bisect_right(self.starts, i) - 1)
        file, off, exact = self.origins[k]
        return file, off + self.shift + (i - self.starts[k] if exact else 0)


@dataclass
class Block:
    """A paragraph, caption, footnote, table, list item, heading or piece of pseudocode."""

    kind: str  # prose | heading | caption | footnote | table | item | algorithm | code
    text: Text
    section: int  # index in Document.sections, -1 before the first heading
    region: str
    envs: tuple[str, ...] = ()  # enclosing environments of interest, outermost first
    context: str = ""  # for a footnote: the text just before its mark

    @property
    def file(self) -> str:
        return self.text.origins[0][0] if self.text.origins else ""


@dataclass
class Section:
    index: int
    level: int  # 0 chapter, 1 section, 2 subsection, 3 subsubsection, 4 paragraph
    title: str
    starred: bool
    file: str
    offset: int
    region: str
    parent: int  # index of the enclosing section, -1 at top level
    end: "Mark | None" = None  # where the section ends: the next heading of its level or higher (None: the end)


@dataclass
class Environment:
    name: str
    file: str
    offset: int
    end: int  # offset just past \end{...} in the same file (or the file's end)
    section: int
    region: str
    caption: str = ""


@dataclass
class Link:
    url: str
    file: str
    offset: int
    kind: str  # url | href | bare
    block: int  # index in Document.blocks of the text around it, -1 if none
    region: str


@dataclass
class Mark:
    file: str
    offset: int


@dataclass
class Document:
    project: Project
    blocks: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    environments: list[Environment] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    citations: list[tuple[str, Mark]] = field(default_factory=list)
    packages: list[tuple[str, str, Mark]] = field(default_factory=list)  # (name, options, where)
    title: str = ""
    begin_document: Mark | None = None
    appendix: Mark | None = None
    bibliography: Mark | None = None
    parse_errors: list[tuple[Mark, str]] = field(default_factory=list)
    memo: dict = field(default_factory=dict, repr=False, compare=False)  # indexes derived from this Document

    def kept(self, key: Hashable, compute: Callable[[], T]) -> T:
        """compute(), computed once per Document and kept in its memo under `key`."""
        try:
            return self.memo[key]
        except KeyError:
            value = self.memo[key] = compute()
            return value

    def block_ids(self) -> bytes:
        """The ids of the blocks (sequences.ids_of): compared with an earlier Document's, they tell the blocks an edit
        left alone. Read once the blocks are all made."""
        return self.kept(Document.block_ids, lambda: ids_of(self.blocks))

    def section_path(self, index: int) -> list[Section]:
        path = []
        while index >= 0:
            s = self.sections[index]
            path.append(s)
            index = s.parent
        return path[::-1]
