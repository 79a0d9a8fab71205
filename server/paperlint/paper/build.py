"""From a Project to a Document: one walk over the parsed files in compile order."""

from __future__ import annotations

import re
from dataclasses import astuple, dataclass, field

from pylatexenc import latexwalker as lw

from paperlint.caches import MILLION, Memo, Uses, copy_of, token
from paperlint.latex.macros import UserMacro, balanced, discover_macros, macros_used
from paperlint.latex.parse import MATH_ENVS, parse_file
from paperlint.latex.text import SPACES, SYMBOLS, flatten
from paperlint.paper.model import (APPENDIX, BACK, BODY, CHECKLIST, PREAMBLE, Block, Document, Environment, Link,
                                   Mark, Section, Text)
from paperlint.project.model import Project
from paperlint.scan import Scan
from paperlint.sequences import same_ends

LEVELS = {"part": -1, "chapter": 0, "section": 1, "subsection": 2, "subsubsection": 3, "paragraph": 4,
          "subparagraph": 5}
INCLUDES = {"input", "include", "subfile", "import", "subimport", "inputfrom", "subinputfrom", "includefrom",
            "subincludefrom", "InputIfFileExists"}
CITES = {"cite", "citep", "citet", "citealp", "citeauthor", "citeyear", "parencite", "textcite", "autocite",
         "citealt", "citeyearpar", "footcite", "Citet", "Citep"}
REFS = {"ref", "cref", "Cref", "autoref", "eqref", "pageref", "nameref", "Autoref", "hyperref", "vref"}
ANSWERS = {"answerYes": "[Yes]", "answerNo": "[No]", "answerNA": "[N/A]", "answerTODO": "[TODO]",
           "justificationTODO": "[TODO]"}
SILENT = {"label", "includegraphics", "usepackage", "documentclass", "bibliographystyle", "hspace", "vspace",
          "newcommand", "renewcommand", "providecommand", "DeclareMathOperator", "setlength", "addtolength",
          "definecolor", "captionsetup", "color", "newtheorem", "theoremstyle", "nocite", "pagestyle",
          "thispagestyle", "maketitle", "newpage", "clearpage", "vskip", "hskip", "setcounter", "addcontentsline",
          "phantomsection", "centering", "raggedright", "small", "footnotesize", "scriptsize", "tiny", "large",
          "Large", "normalsize", "noindent", "bibliography", "printbibliography", "newif", "tableofcontents",
          "input", "def", "let", "ifx", "resizebox", "scalebox", "rule", "toprule", "midrule", "bottomrule",
          "hline", "cline", "cmidrule", "addlinespace", "arraystretch", "tabcolsep", "makeatletter",
          "makeatother", "crefname", "Crefname", "graphicspath", "lstset", "tikzset", "pgfplotsset",
          "acrodef", "newacronym", "title", "affiliation", "address", "email", "institute"}
LIST_ENVS = {"itemize", "enumerate", "description", "compactitem", "compactenum", "inparaenum", "itemize*",
             "enumerate*"}
TABLE_ENVS = {"tabular", "tabular*", "tabularx", "longtable", "tabu", "tblr", "array", "NiceTabular"}
SKIP_ENVS = MATH_ENVS | {m + "*" for m in MATH_ENVS} | {"tikzpicture", "axis", "thebibliography", "filecontents",
                                                        "filecontents*", "pspicture", "comment"}
CODE_ENVS = {"lstlisting", "minted", "verbatim", "verbatim*", "Verbatim", "BVerbatim"}
INLINE_ENVS = {"math", "small", "footnotesize", "scriptsize", "tiny", "large", "bfseries", "itshape", "em",
               "textit", "sc", "ttfamily", "normalsize", "color"}
ALGO_ENVS = {"algorithmic", "algorithm2e", "algorithm", "algorithm*", "procedure"}
THEOREM_NAMES = {"theorem", "lemma", "proposition", "corollary", "claim", "definition", "assumption", "remark",
                 "conjecture", "example", "fact", "observation", "proof", "restatable", "restatable*"}

_PARA = re.compile(r"\n[ \t]*\n")
# not after a word, slash or dot; looked back at after "http" or "www" so the engine skips to those letters
_BARE_URL = re.compile(r"(?:http(?<![\w/.]http)s?://|www(?<![\w/.]www)\.)[^\s,;)\]}>\"']+[^\s,;)\]}>\"'.]")
_APPENDIX_TITLE = re.compile(r"^\s*(appendi(x|ces)|supplementary|supplemental|technical appendi)", re.I)
_CHECKLIST_TITLE = re.compile(r"checklist", re.I)
_PACKAGE = Scan(r"\\usepackage\s*(?:\[(?P<opts>[^\]]*)\])?\s*\{(?P<names>[^}]*)\}")
_DOCCLASS = Scan(r"\\documentclass\s*(?:\[(?P<opts>[^\]]*)\])?\s*\{(?P<names>[^}]*)\}")
_TITLE = Scan(r"\\title\s*(?:\[[^\]]*\])?\s*\{")
_AUTHOR = Scan(r"\\author\s*(?:\[[^\]]*\])?\s*\{")
_NEWTHEOREM = Scan(r"\\(?:new|declare)theorem\*?\s*(?:\[[^\]]*\])?\s*\{(?P<env>[^}]+)\}"
                         r"(?:\s*\[[^\]]*\])?\s*(?:\{(?P<name>[^}]*)\})?")
_BEGIN_DOC = Scan(r"\\begin\s*\{document\}")


def build_document(project: Project) -> Document:
    return _Walk(project).run()


@dataclass
class _Builder:
    kind: str
    region: str
    section: int
    envs: tuple[str, ...]
    parts: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    origins: list[tuple[str, int, bool]] = field(default_factory=list)
    size: int = 0
    links: list[Link] = field(default_factory=list)
    answer: bool = False
    context: str = ""

    def add(self, s: str, file: str, offset: int, exact: bool) -> None:
        if not s:
            return
        if exact and self.origins:  # text continuing the last piece's source extends it, however it was parsed
            last_file, last, last_exact = self.origins[-1]
            if last_exact and last_file == file and last + len(self.parts[-1]) == offset:
                self.parts[-1] += s
                self.size += len(s)
                return
        self.parts.append(s)
        self.starts.append(self.size)
        self.origins.append((file, offset, exact))
        self.size += len(s)


class _Walk:
    def __init__(self, project: Project):
        self.p = project
        self.doc = Document(project)
        texts = [project.files[f].masked for f in project.order]
        self.macros: dict[str, UserMacro] = discover_macros(texts)
        self.macro_key = tuple(sorted(self.macros.values(), key=lambda m: m.name))
        self.theorems: dict[str, str] = {}
        for t in texts:
            self.theorems.update(_theorems(t))
        self.context = token((self.macro_key, tuple(self.theorems.items())))  # of the whole paper
        self.reads = 0  # files included since the innermost chunk or file walk began
        self.kept: list[tuple[Memo, tuple]] = []  # cache entries the walk used (see replay)
        self.region = BODY
        self.checklist_level: int | None = None
        self.before_checklist = BODY
        self.section = -1
        self.envs: list[str] = []
        self.env_records: list[Environment | None] = []
        self.builders: list[_Builder] = []
        self.active: set[str] = set()
        self.flat: dict[str, str] = {}  # source -> flatten(source, self.macros): a paper repeats its formulas

    # -- driving ------------------------------------------------------------------------------------
    def run(self) -> Document:
        root = self.p.files.get(self.p.root)
        if root is None:
            return self.doc
        m = _BEGIN_DOC.search(root.masked)
        start = 0
        if m:
            self.region = PREAMBLE
            self.preamble(root.masked[:m.start()], root.rel)
            self.doc.begin_document = Mark(root.rel, m.start())
            start = m.start()
        self.visit_file(root.rel, start)
        self.flush_all()
        self.bare_links()
        self.section_ends()
        return self.doc

    def section_ends(self) -> None:
        open_: list[Section] = []
        for sec in self.doc.sections:
            while open_ and open_[-1].level >= sec.level:
                open_.pop().end = Mark(sec.file, sec.offset)
            open_.append(sec)
        for sec in open_:  # replayed sections keep their object: forget an end from an earlier build
            sec.end = None

    def preamble(self, text: str, file: str) -> None:
        found = _PREAMBLES.get(text)
        if found is None:
            found = _preamble(text)
            _PREAMBLES.put(text, found)
        packages, title = found
        self.doc.packages += [(name, opts, Mark(file, offset)) for name, opts, offset in packages]
        if title is not None:
            self.doc.title = " ".join(self.flatten(title).split())
        m = _AUTHOR.search(text) if file == self.p.root else None
        if m:
            # \maketitle typesets the author block: its \thanks footnotes (code links...) are part of the paper
            end = balanced(text, m.end() - 1) or len(text)
            line = text.rfind("\n", 0, m.start()) + 1  # parsed from there: the preamble before is no prose
            region, self.region = self.region, BODY
            for chunk in parse_file(text[line:end], self.macro_key):
                base = line + chunk.start
                if base + len(chunk.text) > m.start():
                    self.walk([n for n in chunk.nodes if n is not None and base + n.pos >= m.start()], file, base)
            self.flush_all()
            self.region = region

    def visit_file(self, rel: str, start: int = 0) -> None:
        src = self.p.files[rel]
        self.active.add(rel)
        if start == 0 and rel != self.p.root:
            self.preamble(src.masked, rel)  # \usepackage in an included preamble file
        chunks = parse_file(src.masked[start:], self.macro_key)  # also when replayed: it keeps the parses alive
        # a file that includes no other is replayed whole when met again in the same state (most files of a
        # paper after an edit elsewhere), else chunk by chunk. \input is read inline: the paragraph open where
        # it stands (often just the line break before it) is part of the state.
        at = None if self.envs else self.state(rel, src.masked, (self.context, self.open_blocks()), start)
        if at is not None and self.replayed(_FILE_FRAGMENTS, *at):
            self.active.discard(rel)
            return
        before = self.started()
        reads, self.reads = self.reads, 0
        for i, chunk in enumerate(chunks):
            base = start + chunk.start
            if i and self.builders and all(b.kind in ("prose", "item") for b in self.builders) and \
                    _ends_paragraph(chunk.text):
                self.flush_all()  # as its first command would, but before its indentation
            for pos, msg in chunk.errors:
                if "document" not in msg and "appendi" not in msg:
                    self.doc.parse_errors.append((Mark(rel, base + pos), msg))
            self.walk_chunk(rel, chunk.text, chunk.nodes, base)
        if at is not None and not self.reads:
            self.record(_FILE_FRAGMENTS, *at, before)
        self.reads += reads
        self.active.discard(rel)

    # -- replaying walks made before -----------------------------------------------------------------
    def walk_chunk(self, rel: str, text: str, nodes, base: int) -> None:
        """Walk a chunk, or replay what walking it did last time it was met in the same state."""
        if self.builders or self.envs:  # inside a paragraph or environment of the including file
            self.walk(nodes, rel, base)
            return
        at = self.state(rel, text, self.chunk_context(text), base)
        self.kept.append((_FRAGMENTS, at[0]))
        if self.replayed(_FRAGMENTS, *at):
            return
        before = self.started()
        reads, self.reads = self.reads, 0
        self.walk(nodes, rel, base)
        if not self.reads:
            self.record(_FRAGMENTS, *at, before)
        self.reads += reads

    def state(self, rel: str, text: str, context: int, base: int) -> tuple[tuple, int, tuple[int, ...]]:
        """(the key of walking `text` of file `rel` from here, `base`, the current section chain). The key holds
        what the walk depends on besides the text: `context` (the macros and theorems it may use) and the
        Document's state."""
        chain = self.chain()
        key = (rel, text, context, self.region, self.checklist_level, self.before_checklist,
               tuple(self.doc.sections[i].level for i in chain), bool(self.doc.title), self.doc.appendix is None,
               self.doc.bibliography is None)
        return key, base, chain

    def replayed(self, memo: Memo, key: tuple, base: int, chain: tuple[int, ...]) -> bool:
        """Replay the walk `memo` holds for `key`, moved here if it was recorded elsewhere; False if none."""
        frag = memo.get(key)
        if frag is None:
            return False
        if (frag.base, frag.nblocks, frag.nsections, frag.chain) != (base, len(self.doc.blocks),
                                                                    len(self.doc.sections), chain):
            frag = frag.moved(base, len(self.doc.blocks), len(self.doc.sections), chain)
            memo.put(key, frag)
        self.replay(frag)
        return True

    def open_blocks(self) -> tuple:
        """The blocks being built, as values."""
        return tuple((b.kind, b.region, b.section, b.envs, tuple(b.parts), tuple(b.origins), b.answer, b.context,
                      tuple(astuple(link) for link in b.links)) for b in self.builders)

    def started(self) -> tuple:
        """Where the Document stands before a walk, for `record`."""
        d = self.doc
        return (len(d.blocks), len(d.sections), len(d.environments), len(d.links), len(d.citations),
                len(d.parse_errors), len(self.kept), (d.title, d.appendix, d.bibliography))

    def record(self, memo: Memo, key: tuple, base: int, chain: tuple[int, ...], before: tuple) -> None:
        """Remember what the walk since `before` added and the state it left, to replay it."""
        d = self.doc
        nb, ns, ne, nl, nc, npe, nk, marks = before
        memo.put(key, _Fragment(
            base, nb, ns, chain, d.blocks[nb:], d.sections[ns:], d.environments[ne:], d.links[nl:], d.citations[nc:],
            tuple(new if new is not old else None for new, old in zip((d.title, d.appendix, d.bibliography), marks)),
            (self.section, self.region, self.checklist_level, self.before_checklist),
            [_copy_builder(b) for b in self.builders], d.parse_errors[npe:], Uses(self.kept[nk:])))

    def chunk_context(self, text: str) -> int:
        """What walking a chunk depends on beyond its text: the macros it may expand and the theorems."""
        found = _CONTEXTS.get((text, self.context))
        if found is None:
            found = token((tuple(macros_used(text, self.macros)), tuple(self.theorems.items())))
            _CONTEXTS.put((text, self.context), found)
        self.kept.append((_CONTEXTS, (text, self.context)))
        return found

    def chain(self) -> tuple[int, ...]:
        """The current section and its ancestors: what a new heading's parent is chosen from."""
        return tuple(s.index for s in reversed(self.doc.section_path(self.section)))

    def replay(self, frag: _Fragment) -> None:
        d = self.doc
        d.parse_errors += frag.parse_errors
        # a file replayed whole still uses its chunks' walks: they must outlive it when it is next edited
        self.kept += frag.uses.entries
        frag.uses.renew()
        d.blocks += frag.blocks
        d.sections += [copy_of(sec) for sec in frag.sections]  # section_ends sets `end` on this Document's own
        d.environments += frag.environments
        d.links += frag.links
        d.citations += frag.citations
        title, appendix, bibliography = frag.marks
        d.title = d.title if title is None else title
        d.appendix = d.appendix if appendix is None else appendix
        d.bibliography = d.bibliography if bibliography is None else bibliography
        self.section, self.region, self.checklist_level, self.before_checklist = frag.exit
        self.builders = [_copy_builder(b) for b in frag.builders]

    def walk(self, nodes, file: str, base: int) -> None:
        # An explicit stack instead of recursion: paper trees can be deeper than Python's recursion limit.
        stack: list = [(iter(nodes), None)]
        while stack:
            it, on_exit = stack[-1]
            node = next(it, _END)
            if node is _END:
                stack.pop()
                if on_exit:
                    on_exit()
                continue
            if node is None:
                continue
            pushed = self.node(node, file, base)
            if pushed:
                stack.extend(pushed)

    # -- nodes ---------------------------------------------------------------------------------------
    def node(self, n, file: str, base: int):
        if isinstance(n, lw.LatexCharsNode):
            self.chars(n.chars, file, base + n.pos)
        elif isinstance(n, lw.LatexMacroNode):
            return self.macro(n, file, base)
        elif isinstance(n, lw.LatexGroupNode):
            return [(iter(n.nodelist), None)]
        elif isinstance(n, lw.LatexMathNode):
            if n.displaytype == "inline":
                src = self.source(file, base + n.pos, n.len)
                self.add(self.flatten(src), file, base + n.pos)
        elif isinstance(n, lw.LatexSpecialsNode):
            ch = n.specials_chars
            if ch == "&" and self.in_table():
                self.add(" | ", file, base + n.pos)
            else:
                self.add({"~": " ", "--": "–", "---": "—", "``": "\"", "''": "\""}.get(ch, ch), file, base + n.pos)
        elif isinstance(n, lw.LatexEnvironmentNode):
            return self.environment(n, file, base)
        return None

    def chars(self, s: str, file: str, offset: int) -> None:
        if s.count("\n") < 2:  # no paragraph break: most characters nodes
            self.add(s, file, offset, exact=True)
            return
        pos = 0
        for m in _PARA.finditer(s):
            self.add(s[pos:m.start()], file, offset + pos, exact=True)
            if len(self.builders) == 1 and self.builders[0].kind in ("prose", "item"):
                self.flush()
            pos = m.end()
        self.add(s[pos:], file, offset + pos, exact=True)

    def macro(self, n, file: str, base: int):
        name = n.macroname
        pos = base + n.pos
        args = n.nodeargd.argnlist if n.nodeargd is not None and n.nodeargd.argnlist else []
        last = None  # the last argument given
        for a in reversed(args):
            if a is not None:
                last = a
                break
        if name in LEVELS and self.region != PREAMBLE:
            return self.heading(name, args, last, file, pos)
        if name in INCLUDES:
            inc = self.p.includes.get((file, pos))
            if inc and inc.target and inc.target not in self.active and inc.target in self.p.files:
                if inc.command == "include" and self.builders:
                    self.flush_all()
                self.visit_file(inc.target)
            self.reads += 1
            return None
        if name == "item":
            self.flush_all()
            b = self.open("item")
            if last is not None:  # \item[label]
                return [(iter([last]), None)]
            return None
        if name in ("caption", "captionof", "subcaption", "footnote", "footnotetext", "thanks"):
            kind = "footnote" if name.startswith("footnote") or name == "thanks" else "caption"
            b = self.open(kind, nested=True)
            return [(iter([last] if last is not None else []), lambda: self.close_nested(b))]
        if name in ANSWERS:
            self.add(ANSWERS[name], file, pos)
            self.current().answer = True
            return [(iter([last]), None)] if last is not None else None
        if name in ("url", "nolinkurl", "path", "href"):
            url_node = args[0] if args else None
            url = _chars(url_node)
            if name != "path" and url.strip():
                self.current().links.append(Link(url.strip(), file, pos, "href" if name == "href" else "url", -1,
                                                 self.region))
            if name == "href" and len(args) > 1 and args[1] is not None:
                self.add(url.strip() + " ", file, pos)
                return [(iter([args[1]]), None)]
            self.add(url, file, pos)
            return None
        if name in CITES:
            keys = _chars(last)
            for key in keys.split(","):
                if key.strip():
                    self.doc.citations.append((key.strip(), Mark(file, pos)))
            self.add(" [cite]", file, pos)
            return None
        if name in REFS:
            self.add("[ref]", file, pos)
            return None
        if name == "appendix":
            self.flush_all()
            if self.region != CHECKLIST:
                self.region = APPENDIX
            self.doc.appendix = self.doc.appendix or Mark(file, pos)
            return None
        if name in ("bibliography", "printbibliography", "bibliographystyle"):
            self.flush_all()
            self.doc.bibliography = self.doc.bibliography or Mark(file, pos)
            if self.region == BODY and name != "bibliographystyle":
                self.region = BACK
            return None
        if name == "title" and last is not None and not self.doc.title:
            src = self.source(file, base + last.pos, last.len)
            self.doc.title = " ".join(self.flatten(src).split())
            return None
        if name in SILENT or self.region == PREAMBLE:
            return None
        user = self.macros.get(name)
        if user is not None:
            src = self.source(file, pos, n.len)
            self.add(self.flatten(src), file, pos)
            return None
        if name in SYMBOLS:
            self.add(SYMBOLS[name], file, pos)
        elif name in SPACES:
            self.add(" " if not (name == "\\" and self.in_table()) else "\n", file, pos)
        elif name in ("textcolor", "colorbox", "multicolumn", "multirow", "makebox", "fbox", "mbox", "emph",
                      "textbf", "textit", "texttt", "textsc", "textsf", "textrm", "underline", "text", "textnormal",
                      "mathrm") or len(name) == 1:
            return [(iter([last]), None)] if last is not None else None
        elif last is not None:
            return [(iter([last]), None)]
        return None

    def heading(self, name, args, last, file, pos):
        self.flush_all()
        level = LEVELS[name]
        parent = self.section
        while parent >= 0 and self.doc.sections[parent].level >= level:
            parent = self.doc.sections[parent].parent
        sec = Section(len(self.doc.sections), level, "", bool(args and args[0] is not None), file, pos,
                      self.region, parent)
        self.doc.sections.append(sec)
        self.section = sec.index
        b = self.open("heading")

        def done():
            sec.title = " ".join("".join(b.parts).split())
            self.region_for_heading(sec)
            sec.region = self.region
            b.region = self.region
            self.close(b)

        return [(iter([last] if last is not None else []), done)]

    def region_for_heading(self, sec: Section) -> None:
        if self.region == CHECKLIST and self.checklist_level is not None and sec.level <= self.checklist_level:
            self.region, self.checklist_level = self.before_checklist, None
        if sec.level <= 2 and _CHECKLIST_TITLE.search(sec.title):
            if self.region != CHECKLIST:
                self.before_checklist = self.region
            self.region, self.checklist_level = CHECKLIST, sec.level
        elif sec.level <= 1 and _APPENDIX_TITLE.match(sec.title) and self.region in (BODY, BACK):
            self.region = APPENDIX
            self.doc.appendix = self.doc.appendix or Mark(sec.file, sec.offset)

    def environment(self, n, file: str, base: int):
        name = n.environmentname
        pos = base + n.pos
        if name == "document":
            self.region = BODY
            return [(iter(n.nodelist), None)]
        if name in ("appendix", "appendices", "subappendices"):
            self.flush_all()
            self.region = APPENDIX
            self.doc.appendix = self.doc.appendix or Mark(file, pos)
            return [(iter(n.nodelist), None)]
        if name == "thebibliography":
            self.flush_all()
            self.doc.bibliography = self.doc.bibliography or Mark(file, pos)
            if self.region == BODY:
                self.region = BACK
            return None
        if self.region == PREAMBLE:
            return None
        kind = self.theorems.get(name, name).lower()
        rec = Environment(name if name not in self.theorems else kind, file, pos, pos + n.len, self.section,
                          self.region)
        self.doc.environments.append(rec)
        if name in SKIP_ENVS:
            return None
        frames = []
        if name in CODE_ENVS:
            body = n.nodeargd.argnlist[-1] if n.nodeargd is not None and n.nodeargd.argnlist else None
            if body is not None and hasattr(body, "chars"):
                self.flush_all()
                b = self.open("code")
                b.add(body.chars, file, base + body.pos, True)
                self.flush()
            return None
        block_kind = ("table" if name in TABLE_ENVS else "algorithm" if name in ALGO_ENVS else
                      "item" if name in LIST_ENVS else None)
        top_level = all(b.kind in ("prose", "item") for b in self.builders)
        if top_level and name not in INLINE_ENVS:
            self.flush_all()  # an environment starts a new block, so the block knows it is inside it
        self.envs.append(name if name not in self.theorems else kind)
        self.env_records.append(rec)
        b = self.open(block_kind, nested=True) if block_kind in ("table", "algorithm") else None

        def done():
            if b is not None:
                self.close_nested(b)
            elif top_level and name not in INLINE_ENVS:
                self.flush_all()
            self.envs.pop()
            self.env_records.pop()

        frames.append((iter(n.nodelist), done))
        return frames

    # -- text building -------------------------------------------------------------------------------
    def in_table(self) -> bool:
        return any(e in TABLE_ENVS for e in self.envs)

    def current(self) -> _Builder:
        if not self.builders:
            self.open("prose")
        return self.builders[-1]

    def open(self, kind: str, nested: bool = False) -> _Builder:
        if not nested:
            self.flush_all()
        b = _Builder(kind, self.region, self.section, tuple(self.envs))
        self.builders.append(b)
        return b

    def add(self, s: str, file: str, offset: int, exact: bool = False) -> None:
        if s and self.region != PREAMBLE:
            self.current().add(s, file, offset, exact)

    def close(self, b: _Builder) -> None:
        """Flush `b` and whatever was opened inside it; nothing if a heading or \\item already flushed it."""
        if b in self.builders:
            while self.builders[-1] is not b:
                self.flush()
            self.flush()

    def close_nested(self, b: _Builder) -> None:
        if b not in self.builders:
            return
        i = self.builders.index(b)
        if b.kind == "footnote" and i > 0:
            b.context = "".join(self.builders[i - 1].parts)[-300:]
        if b.kind == "caption":
            text = " ".join("".join(b.parts).split())
            for rec in reversed(self.env_records):
                if rec is not None and rec.name.rstrip("*") in ("figure", "table", "algorithm", "wrapfigure",
                                                                "wraptable", "subfigure", "subtable", "lstlisting"):
                    rec.caption = text
                    break
        self.close(b)

    def flush(self) -> None:
        b = self.builders.pop()
        text = "".join(b.parts)
        if not text.strip():
            return
        region = CHECKLIST if b.answer else b.region
        index = len(self.doc.blocks)
        for link in b.links:
            link.block = index
            link.region = region
            self.doc.links.append(link)
        self.doc.blocks.append(Block(b.kind, Text(text, b.starts, b.origins), b.section, region, b.envs, b.context))
        if b.answer and self.builders:  # an answer in a nested block marks the enclosing item too
            self.builders[-1].answer = True

    def flush_all(self) -> None:
        while self.builders:
            self.flush()

    def bare_links(self) -> None:
        known = {(link.file, link.url) for link in self.doc.links}
        for i in _with_urls(self.doc):
            block = self.doc.blocks[i]
            for start, url in block.text.kept("_urls", _bare_urls):
                file, off = block.text.locate(start)
                if (file, url) not in known:
                    self.doc.links.append(Link(url, file, off, "bare", i, block.region))
        self.doc.links.sort(key=lambda link: (link.block, link.offset))

    def flatten(self, src: str) -> str:
        found = self.flat.get(src)
        if found is None:
            found = self.flat[src] = flatten(src, self.macros)
        return found

    def source(self, file: str, offset: int, length: int) -> str:
        return self.p.files[file].masked[offset:offset + length]


_END = object()


def _with_urls(doc: Document) -> list[int]:
    """The indexes of the blocks whose text holds a URL: those the last build found among the blocks before and
    after the ones an edit made (the same objects), and those among the new blocks (a few)."""
    blocks, ids = doc.blocks, doc.block_ids()
    _, last_ids, last = _LAST_URLS[0] or ([], b"", [])
    head, tail = same_ends(last_ids, ids)
    moved, stop = len(blocks) - len(last_ids) // 8, len(last_ids) // 8 - tail
    found = [i for i in last if i < head] + \
        [i for i in range(head, len(blocks) - tail) if blocks[i].text.kept("_urls", _bare_urls)] + \
        [i + moved for i in last if i >= stop]
    _LAST_URLS[0] = blocks, ids, found
    return found


_LAST_URLS: list = [None]  # (blocks, their ids, the indexes of those with URLs) of the last build


def _bare_urls(text: str) -> list[tuple[int, str]]:
    if "http" not in text and "www." not in text:  # most paragraphs
        return []
    urls = _URLS.get(text)
    if urls is None:
        urls = [(m.start(), m.group(0)) for m in _BARE_URL.finditer(text)]
        _URLS.put(text, urls)
    return urls


def _chars(node) -> str:
    """The characters of an argument: a {group} of chars, or the single token given without braces."""
    if node is None:
        return ""
    if hasattr(node, "chars"):
        return node.chars
    return "".join(c.chars for c in getattr(node, "nodelist", None) or [] if hasattr(c, "chars"))


_THEOREMS = Memo(2 * MILLION)  # file text -> the theorem environments it declares
_PREAMBLES = Memo(2 * MILLION)  # file text -> its packages and title
_URLS = Memo(2 * MILLION)  # block text -> its bare URLs
_FRAGMENTS = Memo(MILLION)  # a chunk and the state its walk starts in -> _Fragment
_FILE_FRAGMENTS = Memo(4 * MILLION)  # a file that includes none and the state its walk starts in -> _Fragment
_CONTEXTS = Memo(2 * MILLION)  # (chunk text, the paper's macros and theorems) -> what the chunk's walk depends on


_ENV_START = re.compile(r"\s*\\begin\s*\{([^{}]*)\}")


def _ends_paragraph(chunk: str) -> bool:
    """Whether a chunk's first command ends the paragraph before it: a heading (or \\appendix, the
    references), or an environment the walk starts a block for (neither a formula nor a font change)."""
    m = _ENV_START.match(chunk)
    return m is None or m.group(1) not in SKIP_ENVS | INLINE_ENVS


def _preamble(text: str) -> tuple[list[tuple[str, str, int]], str | None]:
    """The packages (name, options, offset) a preamble loads, and the source of its title."""
    packages = []
    for rx in (_DOCCLASS, _PACKAGE):
        for m in rx.finditer(text):
            for name in m.group("names").split(","):
                if name.strip():
                    packages.append((name.strip(), m.group("opts") or "", m.start()))
    m = _TITLE.search(text)
    if m is None:
        return packages, None
    end = balanced(text, m.end() - 1) or len(text)
    return packages, text[m.end():end - 1]


def _theorems(text: str) -> dict[str, str]:
    found = _THEOREMS.get(text)
    if found is None:
        found = {m.group("env").strip(): (m.group("name") or m.group("env")).strip()
                 for m in _NEWTHEOREM.finditer(text)}
        _THEOREMS.put(text, found)
    return found


def _copy_builder(b: _Builder) -> _Builder:
    return copy_of(b, parts=list(b.parts), starts=list(b.starts), origins=list(b.origins),
                   links=[copy_of(link) for link in b.links])


@dataclass
class _Fragment:
    """What walking one chunk of a file (or a whole file) added to the Document and the state it left, to
    replay the walk.

    Its objects hold the positions of the walk that recorded it (`base`: the chunk's offset in its file; the
    Document's sizes and the section chain at entry). They are appended as they are when the chunk is met
    again at the same place, which is the common case after an edit elsewhere (sections are copied: their
    `end` is set per Document); `moved` makes shifted copies.
    """

    base: int
    nblocks: int
    nsections: int
    chain: tuple[int, ...]
    blocks: list[Block]
    sections: list[Section]
    environments: list[Environment]
    links: list[Link]
    citations: list[tuple[str, Mark]]
    marks: tuple  # title, appendix, bibliography set by this chunk (None: left as they were)
    exit: tuple  # section, region, checklist level, region before the checklist
    builders: list[_Builder]  # blocks still open at the end of the chunk
    parse_errors: list[tuple[Mark, str]]  # of a whole file (a chunk's are added by visit_file)
    uses: Uses  # the cache entries of the chunks walked (see _Walk.replay)

    def moved(self, base: int, nblocks: int, nsections: int, chain: tuple[int, ...]) -> _Fragment:
        delta, dblocks = base - self.base, nblocks - self.nblocks
        sections = dict(zip(self.chain, chain))

        def sec(i: int) -> int:
            return i - self.nsections + nsections if i >= self.nsections else sections.get(i, i)

        def text(t: Text) -> Text:
            return copy_of(t, shift=t.shift + delta)

        def mark(m):
            return m if not isinstance(m, Mark) else Mark(m.file, m.offset + delta)

        def link(x: Link) -> Link:
            return copy_of(x, offset=x.offset + delta, block=x.block + dblocks if x.block >= 0 else x.block)

        return _Fragment(
            base, nblocks, nsections, chain,
            [copy_of(b, text=text(b.text), section=sec(b.section)) for b in self.blocks],
            [copy_of(s, index=sec(s.index), offset=s.offset + delta, parent=sec(s.parent)) for s in self.sections],
            [copy_of(e, offset=e.offset + delta, end=e.end + delta, section=sec(e.section))
             for e in self.environments],
            [link(x) for x in self.links], [(k, mark(m)) for k, m in self.citations],
            tuple(mark(m) for m in self.marks), (sec(self.exit[0]),) + self.exit[1:],
            [copy_of(b, section=sec(b.section), origins=[(f, o + delta, e) for f, o, e in b.origins],
                     links=[link(x) for x in b.links]) for b in self.builders],
            [(mark(m), msg) for m, msg in self.parse_errors], self.uses)
