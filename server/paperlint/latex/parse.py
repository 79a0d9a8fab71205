"""Parsing with pylatexenc 2.11, fast and tolerant, chunk by chunk.

A file is cut at line-start sectioning commands; each chunk is parsed on its own and cached by
its text, so an edit re-parses one chunk, and a half-typed `{` or `$` only damages its chunk.
"""

from __future__ import annotations

import re
import zlib
from bisect import bisect_right
from dataclasses import dataclass, field

from pylatexenc import latexwalker as lw
from pylatexenc.macrospec import EnvironmentSpec, MacroSpec, MacroStandardArgsParser, ParsedMacroArgs

from paperlint.caches import MILLION, Memo, Uses, copy_of, token
from paperlint.latex.macros import UserMacro, names_in
from paperlint.latex.walker import FastWalker
from paperlint.project.compiled import verb_end
from paperlint.scan import Scan
from paperlint.sequences import common_head

# a chunk starts at the line of one of these, when only spaces come before it on the line (found by the
# macro, which the regex engine skips to, then checked: a pattern starting with ^ is tried at every character)
_CHUNK_MACRO = Scan(
    r"\\(?:part|chapter|section|subsection|appendix|begin\s*\{document\}|printbibliography|bibliography)(?![A-Za-z])")


class _VerbatimArg(MacroStandardArgsParser):
    """A brace argument read verbatim (URLs, file names): `%` and `#` in it are plain characters.
    Stops at the closing brace or a blank line, so a half-typed URL does not eat the document."""

    def __init__(self, before: str = ""):
        super().__init__(argspec=before + "{")
        self.before = before

    def parse_args(self, w, pos, parsing_state=None):
        start = pos
        argnlist = []
        if self.before:
            nodes, p, n = MacroStandardArgsParser(self.before).parse_args(w, pos, parsing_state=parsing_state)[:3]
            argnlist += nodes.argnlist
            pos = p + n
        s = w.s
        while pos < len(s) and s[pos] in " \t\n":
            pos += 1
        if pos >= len(s) or s[pos] != "{":
            return ParsedMacroArgs(argspec=self.argspec, argnlist=argnlist + [None]), start, pos - start
        close = s.find("}", pos)
        blank = s.find("\n\n", pos)
        end = len(s) if close < 0 else close
        if 0 <= blank < end:
            end = blank
        node = w.make_node(lw.LatexCharsNode, parsing_state=parsing_state, chars=s[pos + 1:end], pos=pos + 1,
                           len=end - pos - 1)
        group = w.make_node(lw.LatexGroupNode, parsing_state=parsing_state, nodelist=[node], delimiters=("{", "}"),
                            pos=pos, len=min(end + 1, len(s)) - pos)
        stop = end + 1 if end == close else end
        return ParsedMacroArgs(argspec=self.argspec, argnlist=argnlist + [group]), start, stop - start


class _VerbatimEnv(MacroStandardArgsParser):
    """The body of a code environment (lstlisting, minted...) as one chars node, never parsed as LaTeX."""

    def __init__(self, env: str, argspec: str = ""):
        super().__init__(argspec=argspec)
        self.env = env

    def parse_args(self, w, pos, parsing_state=None):
        start = pos
        if self.argspec:
            _, p, n = super().parse_args(w, pos, parsing_state=parsing_state)[:3]
            pos = p + n
        end = w.s.find("\\end{%s}" % self.env, pos)
        end = len(w.s) if end < 0 else end
        node = w.make_node(lw.LatexCharsNode, parsing_state=parsing_state, chars=w.s[pos:end], pos=pos, len=end - pos)
        return ParsedMacroArgs(argspec="", argnlist=[node]), start, end - start


_MACROS = [
    ("caption", "*[{"), ("captionof", "*{[{"), ("subcaption", "[{"), ("paragraph", "*[{"), ("subparagraph", "*[{"),
    ("part", "*[{"), ("chapter", "*[{"), ("section", "*[{"), ("subsection", "*[{"), ("subsubsection", "*[{"),
    ("thanks", "{"), ("todo", "[{"), ("footnote", "[{"), ("footnotetext", "[{"), ("multicolumn", "{{{"),
    ("multirow", "{{{"), ("textcolor", "[{{"), ("colorbox", "[{{"), ("fbox", "{"), ("mbox", "{"), ("makebox", "[[{"),
    ("State", ""), ("Statex", ""), ("Require", ""), ("Ensure", ""), ("Return", ""),
    ("If", "{"), ("ElsIf", "{"), ("For", "{"), ("ForAll", "{"), ("While", "{"), ("Comment", "{"),
    ("citep", "*[[{"), ("citet", "*[[{"), ("citealp", "*[[{"), ("citeauthor", "*[[{"), ("citeyear", "*[[{"),
    ("parencite", "*[[{"), ("textcite", "*[[{"), ("autocite", "*[[{"), ("cite", "*[[{"), ("nocite", "{"),
    ("cref", "*{"), ("Cref", "*{"), ("autoref", "*{"), ("ref", "*{"), ("eqref", "{"), ("pageref", "{"),
    ("label", "{"), ("bibliography", "{"), ("bibliographystyle", "{"), ("includegraphics", "*[{"),
    ("answerYes", "["), ("answerNo", "["), ("answerNA", "["), ("answerTODO", "["), ("justificationTODO", "["),
    ("question", "{{"), ("texttt", "{"), ("emph", "{"), ("textbf", "{"), ("textit", "{"), ("textsc", "{"),
    ("textsf", "{"), ("textrm", "{"), ("underline", "{"), ("hspace", "*{"), ("vspace", "*{"), ("usepackage", "[{["),
    ("documentclass", "[{["), ("newif", ""), ("SetAlgoLined", ""), ("KwIn", "{"), ("KwOut", "{"), ("KwData", "{"),
    ("KwResult", "{"), ("num", "[{"), ("SI", "[{{"), ("si", "[{"), ("acro", "{[{"), ("ac", "*{"), ("acp", "*{"),
    ("acs", "*{"), ("acl", "*{"), ("gls", "{"), ("glspl", "{"), ("title", "[{"), ("author", "[{"),
]
_VERBATIM_MACROS = [("url", ""), ("href", ""), ("nolinkurl", ""), ("path", ""), ("input", ""), ("include", ""),
                    ("subfile", ""), ("import", "{"), ("subimport", "{"), ("includeonly", "")]
_ENVS = [("algorithm", "["), ("algorithm*", "["), ("algorithmic", "["), ("algorithm2e", "["), ("figure", "["),
         ("figure*", "["), ("table", "["), ("table*", "["), ("wrapfigure", "[{[{"), ("wraptable", "[{[{"),
         ("minipage", "[[[{"), ("tabularx", "{{"), ("tabular*", "{{"), ("longtable", "[{"), ("subfigure", "[{"),
         ("subtable", "[{"), ("tcolorbox", "["), ("theorem", "["), ("lemma", "["), ("proposition", "["),
         ("corollary", "["), ("definition", "["), ("assumption", "["), ("proof", "["), ("remark", "["),
         ("claim", "["), ("thebibliography", "{")]
_CODE_ENVS = [("lstlisting", "["), ("minted", "[{"), ("Verbatim", "["), ("BVerbatim", "["), ("verbatim", ""),
              ("verbatim*", ""), ("comment", "")]
# Drawings are never prose (the walk skips them) and dense with macros: their bodies are not parsed either.
_CODE_ENVS += [("tikzpicture", "["), ("axis", "[")]
# Display math is never prose and its inside is expensive to parse: read it as one chars node.
MATH_ENVS = {"equation", "align", "gather", "multline", "eqnarray", "flalign", "alignat", "displaymath", "math",
             "dmath", "split"}
_CODE_ENVS += [(n, "") for n in MATH_ENVS] + [(n + "*", "") for n in MATH_ENVS]
_VERBATIM_BODIES = {n for n, _ in _CODE_ENVS}


def _context(macros: tuple[UserMacro, ...]):
    db = lw.get_default_latex_context_db()
    specs = [MacroSpec(n, args_parser=MacroStandardArgsParser(a)) for n, a in _MACROS]
    specs += [MacroSpec(n, args_parser=_VerbatimArg(a)) for n, a in _VERBATIM_MACROS]
    specs.append(MacroSpec("href", args_parser=_HrefArgs()))
    specs += [MacroSpec(m.name, args_parser=MacroStandardArgsParser(m.argspec)) for m in macros
              if m.name not in _PROTECTED]
    envs = [EnvironmentSpec(n, args_parser=MacroStandardArgsParser(a)) for n, a in _ENVS]
    envs += [EnvironmentSpec(n, args_parser=_VerbatimEnv(n, a)) for n, a in _CODE_ENVS]
    db.add_context_category("paperlint", prepend=True, macros=specs, environments=envs)
    return db


class _HrefArgs(_VerbatimArg):
    """\\href{url}{text}: the URL verbatim, then the text as ordinary LaTeX."""

    def __init__(self):
        super().__init__()
        self.argspec = "{{"

    def parse_args(self, w, pos, parsing_state=None):
        args, start, n = super().parse_args(w, pos, parsing_state=parsing_state)
        rest, p2, n2 = MacroStandardArgsParser("{").parse_args(w, start + n, parsing_state=parsing_state)[:3]
        return ParsedMacroArgs(argspec="{{", argnlist=args.argnlist + rest.argnlist), start, p2 + n2 - start


# Macros whose structure we rely on: a user redefinition must not change how they parse.
_PROTECTED = {n for n, _ in _MACROS + _VERBATIM_MACROS} | {"href", "item", "begin", "end"}


@dataclass
class Chunk:
    """A parsed piece of a file: nodes with positions relative to `start` (a piece of a long environment is
    at `start` in its chunk, and its nodes' positions are in the chunk)."""

    start: int
    text: str
    nodes: list = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (offset in chunk, message)
    pieces: tuple = ()  # for a long environment parsed in pieces: the pieces' cache keys


_CHUNKS = Memo(MILLION)  # (chunk text, the specs of the macros it names) -> parsed Chunk
_FILES = Memo(MILLION)  # (file text, macro specs) -> its chunks
_CONTEXTS = Memo(16)  # macro specs -> latex context
_last_specs: list = [None, {}, -1]


def _specs(macros: tuple[UserMacro, ...]) -> tuple[dict[str, str], int]:
    """Parsing depends on the names and arguments of the paper's macros, not on their bodies."""
    if macros is not _last_specs[0]:
        specs = {m.name: m.argspec for m in macros if m.name not in _PROTECTED}
        _last_specs[:] = [macros, specs, token(tuple(specs.items()))]
    return _last_specs[1], _last_specs[2]


def split_chunks(text: str) -> list[tuple[int, str]]:
    """Cut at line-start headings; cut a long piece further at some blank lines outside any group."""
    cuts = chunk_starts(text)
    return [(a, text[a:b]) for a, b in zip(cuts, cuts[1:] + [len(text)])]


def chunk_starts(text: str) -> list[int]:
    """Where split_chunks cuts `text` (remembered: the checklist reader asks for the file just parsed)."""
    found = _CHUNK_STARTS.get(text)
    if found is None:
        found = _chunk_starts(text)
        _CHUNK_STARTS.put(text, found)
    return found


def _chunk_starts(text: str) -> list[int]:
    starts = [0]
    for m in _CHUNK_MACRO.finditer(text):
        line = text.rfind("\n", 0, m.start()) + 1
        if line > starts[-1] and not text[line:m.start()].strip(" \t"):
            starts.append(line)
    ends = starts[1:] + [len(text)]
    cuts = set(starts)
    for a, b in zip(starts, ends):
        if b - a > _LONG:
            piece = text[a:b]
            found = _CUTS.get(piece)
            if found is None:
                found = _resumed_cuts(piece)
                _CUTS.put(piece, found)
            cuts.update(a + c for c in found)
    return sorted(c for c in cuts if c < len(text))


_LONG = 3000
_CUTS = Memo(MILLION)  # a piece between headings -> where it is cut
_LAST_CUTS: dict[str, tuple[str, list[int]]] = {}  # a piece's heading line -> the piece cut last with it, its cuts
_CHUNK_STARTS = Memo(4 * MILLION)  # a file's text -> where its chunks start
# \\[^A-Za-z\n]: an escaped brace is no brace; a macro such as \textbf is passed over inside the regex.
# Every alternative starts with a plain character (\{|\} rather than [{}]): then the regex engine skips to
# the next backslash, brace or line break instead of trying the pattern at every character (2x faster).
_SCAN = re.compile(r"\\(begin|end)\s*\{([^{}\n]*)\}|\\verb\*?([^\sA-Za-z*])|\\[^A-Za-z\n]|\{|\}|\n[ \t]*\n(?=[ \t]*\S)")


def _paragraph_cuts(text: str, start: int, end: int,
                    inside: bool = False) -> list[int] | tuple[list[int], int, int] | None:
    """Places in text[start:end] where no brace group or environment (but `document`) is open: about one in
    four paragraph starts, and every line starting an environment that is not display math.

    Parsing there gives the same nodes as parsing the whole piece, and the walk ends the paragraph there
    anyway (a display formula continues its paragraph, so none is cut before). Paragraph starts are chosen
    by a checksum of their first characters: the choice is local, so an edit moves no other cut.

    `inside`: text[start:] is the body of an environment; the places are those where only it is open, display
    formulas starting a line included (its pieces' nodes go into one environment node, walked whole: no
    paragraph ends there; long proofs are often formulas and sentences without a blank line), and the result
    is (places, start and end of the `\\end` closing it), or None when nothing closes it."""
    cuts = []
    base = 1 if inside else 0
    depth, envs = 0, base
    pos = start
    while True:
        m = _SCAN.search(text, pos, end)
        if m is None:
            return None if inside else cuts
        pos = m.end()
        if m.group(1):
            name = m.group(2).strip()
            if name == "document":
                continue
            if m.group(1) == "end":
                envs = max(0, envs - 1)
                if inside and envs == 0:
                    return cuts, m.start(), m.end()
                continue
            line = text.rfind("\n", start, m.start()) + 1
            if depth == 0 and envs == base and (inside or name.rstrip("*") not in MATH_ENVS) and line > start and \
                    not text[line:m.start()].strip():
                cuts.append(line)
            envs += 1
            if name in _VERBATIM_BODIES:  # braces in code or math do not count
                close = text.find("\\end{%s}" % name, pos, end)
                pos = end if close < 0 else close
        elif m.group(3) is not None:
            pos = verb_end(text, m.group(3), pos, end)
        elif m.group(0) == "{":
            depth += 1
        elif m.group(0) == "}":
            depth = max(0, depth - 1)
        elif m.group(0)[0] == "\n" and depth == 0 and envs == base and \
                zlib.crc32(text[pos:pos + 48].encode()) % 4 == 0:
            cuts.append(pos)


def _resumed_cuts(piece: str) -> list[int]:
    """_paragraph_cuts(piece, 0, len(piece)), resumed from the last cut that an edit leaves alone in the piece
    last cut with the same first line (its heading): the scan state at a cut is known (nothing open), and what
    decided it is in the common start (the 48 characters its checksum reads, the `\\begin` on its line, the
    text its blank line's lookahead reads)."""
    key = piece[:piece.find("\n") + 1 or 80]
    last, cuts = _LAST_CUTS.get(key, ("", []))
    head = common_head(last, piece)
    i = bisect_right(cuts, head - 48)
    while i:
        r = cuts[i - 1]
        env = _ENV_HEAD.match(piece, r)
        if (env is None or env.end() <= head) and piece[r:head].lstrip(" \t"):
            break
        i -= 1
    # resumed at a cut, the scan keeps it (its blank line or line start is behind) and finds the others
    found = cuts[:i] + _paragraph_cuts(piece, cuts[i - 1], len(piece)) if i else \
        _paragraph_cuts(piece, 0, len(piece))
    if len(_LAST_CUTS) >= 256:
        _LAST_CUTS.clear()
    _LAST_CUTS[key] = piece, found
    return found


def parse_file(masked: str, macros: tuple[UserMacro, ...] = ()) -> list[Chunk]:
    """Parse a file's compiled text into chunks; cached per file text, and per chunk text and the arguments
    of the macros it names (so editing a macro only re-parses the chunks that use it).
    The chunks returned are shared between calls: read them, never change them."""
    specs, key = _specs(macros)
    found = _FILES.get((masked, key))
    if found is not None:
        chunks, uses = found
        uses.renew()  # an unchanged file still uses its chunks: they must outlive it when it is next edited
        return chunks
    chunks, parts = [], []
    for start, text in split_chunks(masked):
        used = token(tuple(sorted((n, specs[n]) for n in names_in(text) if n in specs)))
        hit = _CHUNKS.get((text, used))
        if hit is None:
            db = _CONTEXTS.get(key)
            if db is None:
                db = _context(macros)
                _CONTEXTS.put(key, db)
            hit = _parse_chunk(text, db, key)
            _CHUNKS.put((text, used), hit)
        else:
            for k in hit.pieces:  # a chunk parsed in pieces uses them
                _PIECES.get(k)
        chunks.append(Chunk(start, text, hit.nodes, hit.errors))
        parts += [(_CHUNKS, (text, used))] + [(_PIECES, k) for k in hit.pieces]
    _FILES.put((masked, key), (chunks, Uses(parts)))
    return chunks


def _parse_chunk(text: str, db, key: int) -> Chunk:
    """`key` stands for the macro specs `db` was made from."""
    if len(text) > _LONG:
        pieces = _environment_pieces(text)
        if pieces is not None:
            return _parse_pieces(text, *pieces, db, key)
    return _parse_text(text, db)


# Environments whose body may be parsed in pieces: not lists (the checklist reader reads their items), tables,
# figures or pseudocode, whose long bodies are one tabular or algorithmic anyway.
_WHOLE_ENVS = {"itemize", "enumerate", "description", "document", "table", "table*", "figure", "figure*",
               "algorithm", "algorithm*", "algorithmic", "tabular", "tabular*", "tabularx", "longtable"}
_ENV_HEAD = re.compile(r"\s*\\begin\s*\{([^{}\n]*)\}")
_PIECES = Memo(MILLION)  # (piece text, macro specs) -> its parsed Chunk


def _environment_pieces(text: str) -> tuple[str, list[int], int, int] | None:
    """A chunk that is one long environment (a proof, say): its name, where its body can be cut, and the start
    and end of its `\\end`; None for any other chunk. Chunks are never cut inside an environment, so without
    this an edit in a long proof would re-parse all of it."""
    m = _ENV_HEAD.match(text)
    if m is None or m.group(1).strip() in _WHOLE_ENVS | _VERBATIM_BODIES:
        return None
    found = _paragraph_cuts(text, m.end(), len(text), inside=True)
    if not found or not found[0]:
        return None
    return m.group(1).strip(), *found


def _parse_pieces(text: str, name: str, cuts: list[int], close: int, close_end: int, db, key: int) -> Chunk:
    """Parse a long environment piece by piece, each piece cached by its text and the macro specs `key`, into
    the tree of the whole.

    The first piece is parsed with the environment's `\\end` appended, which gives the environment node with
    its arguments; the other pieces' nodes go into it, then the nodes of the text after it."""
    head = text[:cuts[0]] + "\\end{%s}" % name
    first = _piece(head, 0, len(head), key, db)
    env = first.nodes[-1] if first.nodes else None
    if not isinstance(env, lw.LatexEnvironmentNode) or env.pos + env.len != len(head):
        return _parse_text(text, db)  # the head is not simply the start of the environment
    nodes, errors = list(first.nodes[:-1]), list(first.errors)
    whole = copy_of(env)
    whole.nodelist, whole.len = list(env.nodelist), close_end - env.pos
    spans = list(zip(cuts, cuts[1:] + [close]))
    for a, b in spans:
        piece = _piece(text, a, b, key, db)
        whole.nodelist += piece.nodes
        errors += piece.errors
    nodes.append(whole)
    if close_end < len(text):
        spans.append((close_end, len(text)))
        piece = _piece(text, close_end, len(text), key, db)
        nodes += piece.nodes
        errors += piece.errors
    return Chunk(0, text, nodes, errors, ((head, key), *((text[a:b], key) for a, b in spans)))


def _piece(text: str, a: int, b: int, key: int, db) -> Chunk:
    """text[a:b] parsed, its nodes where they are in `text`. Cached by the piece's text: parsed in place the
    first time (a cold check moves no node), moved when it is met elsewhere (after an edit before it)."""
    k = (text[a:b], key)
    found = _PIECES.get(k)
    if found is None:
        found = _parse_text(text[:b], db, a)  # the same nodes as parsing text[a:b], shifted by a
        found.start, found.text = a, k[0]  # its text, not the text parsed, which reaches back to text's start
        _PIECES.put(k, found)
    elif found.start != a:
        delta = a - found.start
        found = Chunk(a, k[0], _moved(found.nodes, delta), [(p + delta, m) for p, m in found.errors])
        _PIECES.put(k, found)
    return found


def _moved(nodes: list, delta: int) -> list:
    """Copies of parsed nodes whose positions are `delta` further on (nodes are cached and shared: never
    changed in place)."""
    done: dict[int, object] = {}
    return [_move(n, delta, done) for n in nodes]


def _move(value, delta: int, done: dict[int, object]):
    """A module-level function, not a closure of _moved: a closure calling itself is a reference cycle, which
    kept its copies alive until the cyclic collector ran."""
    if isinstance(value, lw.LatexNode):
        copy_ = done.get(id(value))
        if copy_ is None:
            copy_ = done[id(value)] = copy_of(value)
            copy_.pos = value.pos + delta
            for attr in (*value._fields, "nodeoptarg", "nodeargs"):
                if attr != "pos" and attr in value.__dict__:
                    setattr(copy_, attr, _move(value.__dict__[attr], delta, done))
        return copy_
    if isinstance(value, list):
        return [_move(v, delta, done) for v in value]
    if isinstance(value, tuple):
        return tuple(_move(v, delta, done) for v in value)
    if isinstance(value, ParsedMacroArgs):
        args = copy_of(value)
        for attr, v in value.__dict__.items():
            if isinstance(v, (list, tuple, lw.LatexNode)):
                setattr(args, attr, _move(v, delta, done))
        return args
    return value


def _parse_text(text: str, db, pos: int = 0) -> Chunk:
    """text[pos:] parsed (positions in `text`)."""
    w = FastWalker(text, latex_context=db, tolerant_parsing=True)
    try:
        nodes, _, _ = w.get_latex_nodes(pos)
    except RecursionError:
        return Chunk(0, text, [], [(pos, "too deeply nested to parse (thousands of open braces or environments); "
                                         "this part of the file is skipped")])
    except Exception as e:  # pylatexenc 2.11 raises IndexError on `\verb` at end of input, among others
        return Chunk(0, text, [], [(pos, f"cannot parse this part of the file ({type(e).__name__}); it is skipped")])
    return Chunk(0, text, nodes, [(getattr(e, "pos", 0) or pos, getattr(e, "msg", str(e))) for e in w.errors])
