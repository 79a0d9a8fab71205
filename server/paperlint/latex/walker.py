"""FastWalker: pylatexenc 2.11's LatexWalker, several times faster, giving the same trees (math aside).

The stock walker reads one character per token, builds a class and a closure on every `get_latex_nodes`
call, and copies the rest of the string at every \\begin and \\end. FastWalker reimplements, for tolerant
parsing, the node loop and the readers that argument parsers call (get_token, get_latex_expression,
get_latex_maybe_optional_arg, get_latex_braced_group), step by step as 2.11 does them: same nodes,
positions, arguments and reported errors (tests/test_latex.py compares them with the stock walker's).
Its node loop takes a run of plain characters as one token. Anything unusual (strict parsing,
read_max_nodes, other brace types, argument parsers of other kinds) goes to the stock code.

One difference, on purpose: the contents of math ($...$, \\(...\\), \\[...\\], $$...$$), which paperlint never
reads, are skimmed to their closing delimiter and kept as one chars node of their source; math that does not
close, or holds nested math or an environment, is parsed as pylatexenc does. Either way the math node itself
(position, length, delimiters) and the errors reported are pylatexenc's: see _math.
"""

from __future__ import annotations

import re
import weakref

from pylatexenc import latexwalker as lw
from pylatexenc.macrospec import EnvironmentSpec, MacroSpec, MacroStandardArgsParser, ParsedMacroArgs

_SPACE = re.compile(r"\s*")  # \s is str.isspace, the test pylatexenc makes
_LETTERS = re.compile(r"[A-Za-z]*")
_ENV_NAME = re.compile(r"\s*\{([\w* ._-]+)\}")
_COMMENT_END = re.compile(r"(\n|\r|\n\r)(?P<extraspace>\s*)")
# A run of characters that are plain wherever they stand: `-`, `'`, `!`, `?` only start a special
# (--, '', !`, ?`) when doubled or followed by a backquote; single spaces and newlines join words.
_PLAIN = r"(?:[^\s\\%{}$\[\]~&\-`'!?]+|-(?!-)|'(?!')|[!?](?!`))"  # the class repeated inside: 2x faster
_PLAIN_RUN = re.compile(_PLAIN + r"+(?:[ \t\n](?![ \t\n])" + _PLAIN + r"+)*")
_PLAIN_SPECIALS = {"&", "~", "``", "''", "--", "---", "!`", "?`"}  # the specials _PLAIN knows of
# What the node loop reads as characters in one step: plain runs and any space (a blank line too); _PLAIN with
# the spaces in its class (the same matches, a third faster than alternating with \s+)
_CHARS = re.compile(r"(?:[^\\%{}$\[\]~&\-`'!?]+|-(?!-)|'(?!')|[!?](?!`))+")
_MATH_STOP = re.compile(r"[\\{}$%]")  # what math contents are skimmed to
_MATH_CLOSE = {"$": "$", "$$": "$$", "\\(": "\\)", "\\[": "\\]"}
_NO_MACRO = MacroSpec("")
_NO_ENV = EnvironmentSpec("")
_Stop = (lw.LatexWalkerEndOfStream, lw.LatexWalkerParseError)


# The nodes FastWalker makes: subclasses of pylatexenc's node classes whose constructor takes positional
# arguments (in the order below) and sets the attributes pylatexenc's sets, `_fields` and `_redundant_fields`
# being on the class (pylatexenc's constructors pass keywords through three levels). The instances of a class
# share their attribute names, with no dictionary each: 2-3x faster to make than a node handed a dictionary of
# its attributes, twice as fast to free, and smaller.
class CharsNode(lw.LatexCharsNode):
    _fields = _redundant_fields = ("pos", "len", "chars")

    def __init__(self, chars, pos, len, parsing_state):
        self.parsing_state, self.pos, self.len, self.chars = parsing_state, pos, len, chars


class GroupNode(lw.LatexGroupNode):
    _fields = _redundant_fields = ("pos", "len", "nodelist", "delimiters")

    def __init__(self, nodelist, delimiters, pos, len, parsing_state):
        self.parsing_state, self.pos, self.len, self.nodelist, self.delimiters = \
            parsing_state, pos, len, nodelist, delimiters


class CommentNode(lw.LatexCommentNode):
    _fields = _redundant_fields = ("pos", "len", "comment", "comment_post_space")

    def __init__(self, comment, comment_post_space, pos, len, parsing_state):
        self.parsing_state, self.pos, self.len, self.comment, self.comment_post_space = \
            parsing_state, pos, len, comment, comment_post_space


class MacroNode(lw.LatexMacroNode):
    _fields = ("pos", "len", "macroname", "nodeargd", "macro_post_space")
    _redundant_fields = _fields + ("nodeoptarg", "nodeargs")

    def __init__(self, macroname, nodeargd, macro_post_space, nodeoptarg, nodeargs, pos, len, parsing_state):
        self.parsing_state, self.pos, self.len = parsing_state, pos, len
        self.macroname, self.nodeargd, self.macro_post_space, self.nodeoptarg, self.nodeargs = \
            macroname, nodeargd, macro_post_space, nodeoptarg, nodeargs


class EnvironmentNode(lw.LatexEnvironmentNode):
    _fields = ("pos", "len", "environmentname", "nodelist", "nodeargd")
    _redundant_fields = _fields + ("envname", "optargs", "args")

    def __init__(self, environmentname, nodelist, nodeargd, optargs, args, pos, len, parsing_state):
        self.parsing_state, self.pos, self.len = parsing_state, pos, len
        self.environmentname, self.nodelist, self.nodeargd, self.envname, self.optargs, self.args = \
            environmentname, nodelist, nodeargd, environmentname, optargs, args


class SpecialsNode(lw.LatexSpecialsNode):
    _fields = _redundant_fields = ("pos", "len", "specials_chars", "nodeargd")

    def __init__(self, specials_chars, nodeargd, pos, len, parsing_state):
        self.parsing_state, self.pos, self.len, self.specials_chars, self.nodeargd = \
            parsing_state, pos, len, specials_chars, nodeargd


class MathNode(lw.LatexMathNode):
    _fields = _redundant_fields = ("pos", "len", "displaytype", "nodelist", "delimiters")

    def __init__(self, displaytype, nodelist, delimiters, pos, len, parsing_state):
        self.parsing_state, self.pos, self.len, self.displaytype, self.nodelist, self.delimiters = \
            parsing_state, pos, len, displaytype, nodelist, delimiters


class MacroArgs(ParsedMacroArgs):
    """ParsedMacroArgs(argspec=argspec, argnlist=argnlist), the same object at a third of the cost."""

    def __init__(self, argspec: str, argnlist: list):
        skip = _LEGACY.get(argspec, -1)
        if skip == -1:  # its constructor's legacy (optional argument, arguments) form, once per argspec
            bare = argspec.lstrip("*")
            skip = _LEGACY[argspec] = len(argspec) - len(bare) if bare[:1] == "[" and set(bare[1:]) <= {"{"} \
                else None
        self.argnlist, self.argspec = argnlist, argspec
        self.legacy_nodeoptarg_nodeargs = (None, argnlist) if skip is None else (argnlist[skip], argnlist[skip + 1:])


_LEGACY: dict[str, int | None] = {}  # argspec -> where the optional argument is in its legacy form, if it has one


class _Lookup:
    """A latex context's specs by name, and its specials by first character (pylatexenc asks that a context
    is not changed once in use). It is `simple` when its specials are known to _PLAIN and take no arguments:
    then runs of plain characters and math contents may be read in one step."""

    def __init__(self, db):
        self.macros: dict = {}
        self.envs: dict = {}
        first: dict = {}
        for spec in db.iter_specials_specs():  # in the order of the categories: the first one wins
            first.setdefault(spec.specials_chars, spec)
        self.specials: dict = {}  # first character -> [(chars, spec)], longest first as the longest matches
        for chars, spec in sorted(first.items(), key=lambda item: -len(item[0])):
            self.specials.setdefault(chars[0], []).append((chars, spec))
        self.simple = first.keys() <= _PLAIN_SPECIALS and all(sp.args_parser is None for sp in first.values())


_LOOKUPS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _lookup(db) -> _Lookup:
    look = _LOOKUPS.get(db)
    if look is None:
        look = _LOOKUPS[db] = _Lookup(db)
    return look


class FastWalker(lw.LatexWalker):
    """pylatexenc's walker with a fast tolerant path; parse errors are collected in `errors`."""

    def __init__(self, s, **kw):
        super().__init__(s, **kw)
        self.errors: list[lw.LatexWalkerParseError] = []
        self._db = self.default_parsing_state.latex_context
        self._look = _lookup(self._db)
        self._states: dict = {}

    def _report_ignore_parse_error(self, exc):
        self.errors.append(exc)

    def _error(self, pos, msg):
        self._report_ignore_parse_error(
            lw.LatexWalkerParseError(s=self.s, pos=pos, msg=msg, **self.pos_to_lineno_colno(pos, as_dict=True)))

    def _lookup_of(self, ps) -> _Lookup:
        return self._look if ps.latex_context is self._db else _lookup(ps.latex_context)

    def _sub(self, ps, math, delimiter=None):
        """ps.sub_context(in_math_mode=math[, math_mode_delimiter=delimiter]), made once per walker."""
        key = (ps, math, delimiter)
        sub = self._states.get(key)
        if sub is None:
            sub = self._states[key] = ps.sub_context(in_math_mode=math) if delimiter is None else \
                ps.sub_context(in_math_mode=math, math_mode_delimiter=delimiter)
        return sub

    # -- tokens

    def _scan(self, pos, ps, square=False, environments=True, runs=False):
        """The token get_token reads at pos, as (kind, start, end, arg, post_space); its pre-space is
        s[pos:start]. Kind "eos" at the end of input, arg being the final space. With `square`, [ and ] are
        braces; with `runs`, a run of plain characters is one "char" token."""
        s = self.s
        n = len(s)
        q = pos
        if q < n and s[q].isspace():
            q = _SPACE.match(s, pos).end()
            para = s.find("\n\n", pos, q)
            if para >= 0:
                return "char", para, para + 2, "\n\n", ""
        if q >= n:
            return "eos", q, q, s[pos:q], ""
        c = s[q]
        if c == "\\":
            if q + 1 >= n:
                return "eos", pos, pos, "", ""  # pylatexenc drops the space before a final backslash
            c = s[q + 1]
            if not c.isalpha():
                if c in "[]":
                    return "mathmode_display", q, q + 2, "\\" + c, ""
                if c in "()":
                    return "mathmode_inline", q, q + 2, "\\" + c, ""
                return "macro", q, q + 2, c, ""
            end = _LETTERS.match(s, q + 2).end()
            while end < n and s[end].isalpha():  # a non-ASCII letter
                end = _LETTERS.match(s, end + 1).end()
            name = s[q + 1:end]
            if environments and (name == "begin" or name == "end"):
                m = _ENV_NAME.match(s, end)
                if m is None:
                    self._error(q, "Bad \\%s macro: expected {environmentname}" % name)
                    return "char", q, end, "\\" + name, ""
                return name + "_environment", q, m.end(), m.group(1), ""
            if end < n and s[end].isspace():
                space = _SPACE.match(s, end).end()
                para = s.find("\n\n", end, space)
                space = space if para < 0 else para
                return "macro", q, space, name, s[end:space]
            return "macro", q, end, name, ""
        if c == "%":
            m = _COMMENT_END.search(s, q)
            if m is None:
                return "comment", q, n, s[q + 1:], ""
            if m.group("extraspace").startswith(("\n", "\r")):
                return "comment", q, m.start(), s[q + 1:m.start()], ""
            return "comment", q, m.end(), s[q + 1:m.start()], m.group()
        if c == "{" or square and c == "[":
            return "brace_open", q, q + 1, c, ""
        if c == "}" or square and c == "]":
            return "brace_close", q, q + 1, c, ""
        if c == "$":
            if s.startswith("$$", q) and not (ps.in_math_mode and ps.math_mode_delimiter == "$"):
                return "mathmode_display", q, q + 2, "$$", ""
            return "mathmode_inline", q, q + 1, "$", ""
        look = self._lookup_of(ps)
        for chars, spec in look.specials.get(c, ()):
            if s.startswith(chars, q):
                return "specials", q, q + len(chars), spec, ""
        if runs and look.simple:
            m = _PLAIN_RUN.match(s, q)
            if m:
                return "char", q, m.end(), m.group(), ""
        return "char", q, q + 1, c, ""

    def _token(self, pos, ps, square=False, environments=True):
        """_scan, raising at the end of input as get_token does."""
        tok = self._scan(pos, ps, square, environments)
        if tok[0] == "eos":
            raise lw.LatexWalkerEndOfStream(final_space=tok[3])
        return tok

    def get_token(self, pos, include_brace_chars=None, environments=True, keep_inline_math=None,
                  parsing_state=None, **kwargs):
        if kwargs or not self.tolerant_parsing or include_brace_chars not in (None, [], [("[", "]")]):
            return super().get_token(pos, include_brace_chars=include_brace_chars, environments=environments,
                                     parsing_state=parsing_state, **kwargs)
        ps = self.default_parsing_state if parsing_state is None else parsing_state
        kind, q, end, arg, post = self._token(pos, ps, bool(include_brace_chars), environments)
        return lw.LatexToken(tok=kind, arg=arg, pos=q, len=end - q, pre_space=self.s[pos:q], post_space=post)

    # -- readers called by argument parsers

    def get_latex_expression(self, pos, strict_braces=None, parsing_state=None):
        if not self.tolerant_parsing:
            return super().get_latex_expression(pos, strict_braces=strict_braces, parsing_state=parsing_state)
        ps = self.default_parsing_state if parsing_state is None else parsing_state
        kind, q, end, arg, post = self._token(pos, ps, environments=False)
        if kind == "macro":
            if arg == "end":
                node = CharsNode("", q, 0, ps)
                return node, q, 0
            node = MacroNode(arg, None, post, None, None, q, end - q, ps)
        elif kind == "char":
            node = CharsNode(arg, q, end - q, ps)
        elif kind == "brace_open":
            return self._group(q, "{", ps)
        elif kind == "specials":
            node = SpecialsNode(arg.specials_chars, None, q, end - q, ps)
        elif kind == "brace_close":
            node = CharsNode("", q, 0, ps)
            return node, q, 0
        elif kind == "comment":
            return self.get_latex_expression(end, parsing_state=ps)
        elif arg[0] == "\\":  # \( \) \[ \]: read as a macro
            node = MacroNode(arg, ParsedMacroArgs(), "", None, None, q, end - q, ps)
        else:  # $ or $$: read as characters
            node = CharsNode(arg, q, end - q, ps)
        return node, q, end - q

    def get_latex_maybe_optional_arg(self, pos, parsing_state=None):
        if not self.tolerant_parsing:
            return super().get_latex_maybe_optional_arg(pos, parsing_state=parsing_state)
        ps = self.default_parsing_state if parsing_state is None else parsing_state
        kind, q, _, arg, _ = self._scan(pos, ps, square=True, environments=False)
        if kind == "brace_open" and arg == "[":
            return self._group(q, "[", ps)
        return None  # also at the end of input: the caller meets it again

    def get_latex_braced_group(self, pos, brace_type="{", parsing_state=None):
        if not self.tolerant_parsing or brace_type not in ("{", "["):
            return super().get_latex_braced_group(pos, brace_type=brace_type, parsing_state=parsing_state)
        ps = self.default_parsing_state if parsing_state is None else parsing_state
        kind, q, _, arg, _ = self._token(pos, ps, square=brace_type == "[")
        if kind != "brace_open" or arg != brace_type:
            raise lw.LatexWalkerParseError(
                s=self.s, pos=pos, msg="get_latex_braced_group: not an opening brace/bracket: %s" % self.s[pos],
                **self.pos_to_lineno_colno(pos, as_dict=True))
        return self._group(q, brace_type, ps)

    def get_latex_environment(self, pos, environmentname=None, parsing_state=None):
        if not self.tolerant_parsing:
            return super().get_latex_environment(pos, environmentname=environmentname, parsing_state=parsing_state)
        ps = self.default_parsing_state if parsing_state is None else parsing_state
        kind, q, end, arg, _ = self._token(pos, ps)
        if kind != "begin_environment" or environmentname is not None and arg != environmentname:
            raise lw.LatexWalkerParseError(
                s=self.s, pos=pos, msg="get_latex_environment: expected \\begin{%s}: %s" % (
                    "<environment name>" if environmentname is None else environmentname, arg),
                **self.pos_to_lineno_colno(pos, as_dict=True))
        return self._environment(q, end, arg, ps)

    def get_latex_nodes(self, pos=0, stop_upon_closing_brace=None, stop_upon_end_environment=None,
                        stop_upon_closing_mathmode=None, read_max_nodes=None, parsing_state=None):
        ps = self.default_parsing_state if parsing_state is None else parsing_state
        close = stop_upon_closing_brace
        if isinstance(close, tuple) and close in (("{", "}"), ("[", "]")):
            close = close[1]
        if not self.tolerant_parsing or read_max_nodes or close not in (None, "", "}", "]") or \
                stop_upon_closing_mathmode is not None and not ps.in_math_mode:
            return super().get_latex_nodes(
                pos, stop_upon_closing_brace=stop_upon_closing_brace,
                stop_upon_end_environment=stop_upon_end_environment,
                stop_upon_closing_mathmode=stop_upon_closing_mathmode, read_max_nodes=read_max_nodes,
                parsing_state=parsing_state)
        return self._nodes(pos, ps, close or None, stop_upon_end_environment or None, stop_upon_closing_mathmode)

    # -- the node loop

    def _nodes(self, pos, ps, close=None, env=None, math=None):
        """get_latex_nodes in tolerant mode: the nodes up to the closing brace `close`, \\end{env} or the
        closing math delimiter `math` (all optional), and (nodes, pos, len) with len covering the closer."""
        s = self.s
        square = close == "]"
        nodes = []
        chars = None  # where the characters not yet in a node start
        p = pos
        simple = self._lookup_of(ps).simple
        while True:
            if simple:
                m = _CHARS.match(s, p)
                if m is not None:
                    if chars is None:
                        chars = p
                    p = m.end()
            kind, q, end, arg, post = self._scan(p, ps, square, True, True)
            if kind == "char":
                if chars is None:
                    chars = p
                p = end
                continue
            if kind == "eos":
                if chars is None:
                    chars = p
                p = end
                break
            if chars is not None:  # the characters, with the space before this token
                nodes.append(CharsNode(s[chars:q], chars, q - chars, ps))
                chars = None
            elif q > p:
                nodes.append(CharsNode(s[p:q], p, q - p, ps))
            p = end
            if kind == "macro":
                node, new_ps = self._macro(q, end, arg, post, ps)
                nodes.append(node)
                p = q + node.len
                if new_ps is not None:
                    ps, simple = new_ps, self._lookup_of(new_ps).simple
            elif kind == "brace_open":
                node, _, n = self._group(q, arg, ps)
                nodes.append(node)
                p = q + n
            elif kind == "begin_environment":
                node, _, n = self._environment(q, end, arg, ps)
                nodes.append(node)
                p = q + n
            elif kind == "brace_close":
                if arg == close:
                    break
                self._error(q, "Unexpected mismatching closing brace: '%s'" % arg)
            elif kind == "end_environment":
                if arg == env:
                    break
                self._error(q, "Unexpected closing environment: '%s'" % arg if not env else
                            "Unexpected mismatching closing environment: '%s', was expecting '%s'" % (arg, env))
            elif kind == "specials":
                node, new_ps = self._specials(q, end, arg, ps)
                nodes.append(node)
                p = q + node.len
                if new_ps is not None:
                    ps, simple = new_ps, self._lookup_of(new_ps).simple
            elif kind == "comment":
                nodes.append(CommentNode(arg, post, q, end - q, ps))
            elif math is not None and arg == math:
                break
            elif arg == "\\)" or arg == "\\]":
                self._error(q, "Unexpected closing math mode: '%s'" % arg if math is None else
                            "Mismatching closing math mode: '%s', expected '%s'" % (arg, math))
            else:
                node = self._math(q, end, arg, ps)
                nodes.append(node)
                p = q + node.len
        if chars is not None and p > chars:
            nodes.append(CharsNode(s[chars:p], chars, p - chars, ps))
        return nodes, pos, p - pos

    def _group(self, q, brace, ps):
        close = "}" if brace == "{" else "]"
        nodes, npos, n = self._nodes(q + 1, ps, close=close)
        node = GroupNode(nodes, (brace, close), q, npos + n - q, ps)
        return node, q, node.len

    def _math(self, q, end, delimiter, ps):
        """The math node opened by `delimiter` at q, its contents one chars node when _math_end finds where
        it closes, else parsed as pylatexenc does (unclosed or unusual math is rare)."""
        close = _MATH_CLOSE[delimiter]
        inner = self._sub(ps, True, delimiter)
        errors = len(self.errors)
        stop = self._math_end(end, close, inner)
        if stop is None:
            del self.errors[errors:]  # met by skimming before it gave up; parsing meets them again
            nodes, npos, n = self._nodes(end, inner, math=close)
            length = npos + n - q
        else:
            nodes = [CharsNode(self.s[end:stop], end, stop - end, inner)]
            length = stop + len(close) - q
        return MathNode("inline" if delimiter in ("$", "\\(") else "display", nodes, (delimiter, close), q, length, ps)

    def _math_end(self, pos, close, ps):
        """Where math contents from pos end, pylatexenc closing them with `close` there; None when they do not
        close, or hold what this skim cannot follow (nested math, an environment, a comment, a stray }).
        Braces nest; macro arguments are parsed, as an argument may be a delimiter (`$\\frac{1}$`), and
        errors found in them are reported as pylatexenc would."""
        if not self._lookup_of(ps).simple:
            return None
        s = self.s
        depth = 0
        p = pos
        while True:
            m = _MATH_STOP.search(s, p)
            if m is None:
                return None
            i = m.start()
            c = s[i]
            if c == "\\":
                kind, _, p, arg, _ = self._scan(i, ps)
                if kind != "macro":  # \( \) \[ \], \begin, \end, a final backslash
                    return i if kind.startswith("mathmode") and arg == close and not depth else None
                spec = self._macro_spec(arg, ps)
                if type(spec) is not MacroSpec or type(spec.args_parser) is not MacroStandardArgsParser or \
                        spec.args_parser.argspec:
                    try:
                        res = self._args(spec, p, ps)
                    except _Stop:
                        return None
                    if len(res) == 4 and "new_parsing_state" in res[3]:
                        return None
                    p = res[1] + res[2]
            elif c == "{":
                depth += 1
                p = i + 1
            elif c == "}" and depth:
                depth -= 1
                p = i + 1
            elif c == "$" and not depth and s.startswith(close, i):
                return i  # in $...$, pylatexenc reads $$ as two $
            else:
                return None

    def _macro_spec(self, name, ps):
        look = self._lookup_of(ps)
        spec = look.macros.get(name)
        if spec is None:
            spec = look.macros[name] = ps.latex_context.get_macro_spec(name) or _NO_MACRO
        return spec

    def _macro(self, q, end, name, post, ps):
        """The macro node of \\name read at q (its token ending at end), and the parsing state its
        argument parser asks for next, if any."""
        spec = self._macro_spec(name, ps)
        try:
            res = self._args(spec, end, ps)
        except _Stop as e:
            self._exchandle_parse_subexpression(e, lw.LatexToken("macro", name, q, end - q, ""),
                                                'arguments of macro "%s"' % name)
            res = (None, end, 0)
        argd = res[0]
        optarg, args = argd.legacy_nodeoptarg_nodeargs if argd is not None and argd.legacy_nodeoptarg_nodeargs \
            else (None, [])
        node = MacroNode(name, argd, post, optarg, args, q, res[1] + res[2] - q, ps)
        return node, res[3].get("new_parsing_state") if len(res) == 4 else None

    def _specials(self, q, end, spec, ps):
        try:
            res = spec.parse_args(w=self, pos=end, parsing_state=ps)
        except _Stop as e:
            self._exchandle_parse_subexpression(e, lw.LatexToken("specials", spec, q, end - q, ""),
                                                'arguments of specials "%s"' % spec.specials_chars)
            res = (None, end, 0)
        argd, stop = (None, end) if res is None else (res[0], res[1] + res[2])
        node = SpecialsNode(spec.specials_chars, argd, q, stop - q, ps)
        return node, res[3].get("new_parsing_state") if res is not None and len(res) == 4 else None

    def _environment(self, q, end, name, ps):
        look = self._lookup_of(ps)
        spec = look.envs.get(name)
        if spec is None:
            spec = look.envs[name] = ps.latex_context.get_environment_spec(name) or _NO_ENV
        try:
            res = self._args(spec, end, ps)
        except _Stop as e:
            self._exchandle_parse_subexpression(e, lw.LatexToken("begin_environment", name, q, end - q, ""),
                                                'arguments of environment "\\begin{%s}"' % name)
            res = (None, end, 0)
        argd = res[0]
        inner = res[3].get("inner_parsing_state", ps) if len(res) == 4 else ps
        if spec.is_math_mode:
            inner = self._sub(ps, True, "{" + name + "}")
        nodes, npos, n = self._nodes(res[1] + res[2], inner, env=name)
        optarg, args = argd.legacy_nodeoptarg_nodeargs if argd is not None and argd.legacy_nodeoptarg_nodeargs \
            else (None, [])
        node = EnvironmentNode(name, nodes, argd, [optarg], args, q, npos + n - q, ps)
        return node, q, node.len

    def _args(self, spec, pos, ps):
        """spec.parse_args(w=self, pos=pos, parsing_state=ps); MacroStandardArgsParser's loop done here."""
        parser = spec.args_parser
        if type(parser) is not MacroStandardArgsParser or type(spec) not in (MacroSpec, EnvironmentSpec) or \
                parser._like_pylatexenc1x_ignore_leading_star or \
                parser.args_math_mode is not None and len(parser.args_math_mode) != len(parser.argspec):
            return spec.parse_args(w=self, pos=pos, parsing_state=ps)
        modes = parser.args_math_mode
        argnlist = []
        p = pos
        for j, kind in enumerate(parser.argspec):
            aps = ps
            if modes is not None and modes[j] is not None and modes[j] != ps.in_math_mode:
                aps = self._sub(ps, bool(modes[j]))
            if kind == "{":
                node, npos, n = self.get_latex_expression(p, strict_braces=False, parsing_state=aps)
                p = npos + n
            elif kind == "[":
                found = None
                if not (parser.optional_arg_no_space and p < len(self.s) and self.s[p].isspace()):
                    found = self.get_latex_maybe_optional_arg(p, parsing_state=aps)
                node = None
                if found is not None:
                    node, npos, n = found
                    p = npos + n
            else:  # a star; pylatexenc reads it in the default parsing state
                tok, q, _, arg, _ = self._token(p, self.default_parsing_state)
                node = None
                if tok == "char" and arg.startswith("*"):
                    node = CharsNode("*", q, 1, aps)
                    p = q + 1
            argnlist.append(node)
        return MacroArgs(parser.argspec, argnlist), pos, p - pos
