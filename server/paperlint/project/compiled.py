"""The compiled view of a file: what TeX would typeset, with everything else blanked.

Blanking replaces characters by spaces and keeps newlines, so offsets and line numbers
stay those of the real file (the source map is the identity).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from paperlint.project.model import Directive

VERBATIM_ENVS = {"verbatim", "verbatim*", "Verbatim", "lstlisting", "minted", "BVerbatim", "alltt"}
COMMENT_ENVS = {"comment"}

# Only what changes how the rest reads stops the scan: a macro such as \textbf is passed over inside the
# regex, not in a Python loop (a paper has tens of thousands of them).
_PASS1 = re.compile(
    r"%%(?P<comment>[^\n]*)"  # groups after the first character, so that the regex skips to a \ or %
    r"|\\begin\s*\{(?P<env>%s)\}"
    r"|\\verb(?![A-Za-z])\*?(?P<delim>[^\sA-Za-z*])"
    r"|\\(?P<url>(?:url|href|nolinkurl)\s*\{)"
    r"|\\[^A-Za-z@\n]"  # an escaped character: \% is not a comment
    % "|".join(re.escape(e) for e in sorted(COMMENT_ENVS | VERBATIM_ENVS, key=len, reverse=True))
)
_MAGIC = re.compile(
    r"%\s*paperlint\s*:\s*(?P<verb>ignore|disable|enable|not-applicable|not_applicable)\b"
    r"(?P<items>[^\n]*?)(?:\s--\s*(?P<reason>[^\n]*))?\s*$"
)
_TEX_ROOT = re.compile(r"^\s*%\s*!\s*tex\s+root\s*=\s*(?P<path>[^\n]+?)\s*$", re.I | re.M)

# TeX conditionals that need a matching \fi; \newif-declared names are added per project.
PRIMITIVE_IFS = {
    "if", "ifx", "ifnum", "ifdim", "ifodd", "ifvmode", "ifhmode", "ifmmode", "ifinner", "ifvoid",
    "ifhbox", "ifvbox", "ifeof", "iftrue", "iffalse", "ifcase", "ifcat", "ifdefined", "ifcsname",
    "iffontchar", "ifincsname", "ifpdf", "ifxetex", "ifluatex", "ifpdftex",
}
_DECLARERS = {"newif", "let", "def", "gdef", "edef", "xdef", "newcommand", "renewcommand", "providecommand"}
# The macros pass 2 acts on, a declarer (whose next macro is declared, not used) or an escaped character;
# other macros are passed over inside the regex (a paper has tens of thousands of them).
_PASS2 = re.compile(
    r"\\(?P<decl>%s)(?![A-Za-z@])"
    r"|\\(?P<name>if[A-Za-z@]*|else|or|fi|end|[A-Za-z@]*?(?:true|false))(?![A-Za-z@])"
    r"|\\[^A-Za-z@\n]" % "|".join(sorted(_DECLARERS)))
_TOKEN = re.compile(r"\\(?P<name>[A-Za-z@]+)|\\.")


def blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with every character but line breaks inside the spans (in order) made a space: offsets and
    line numbers stay those of the source."""
    out, pos = [], 0
    for start, end in spans:
        start, end = max(start, pos), min(end, len(text))
        if end > start:
            blank = " " * (end - start) if text.find("\n", start, end) < 0 else _NOT_NEWLINE.sub(" ", text[start:end])
            out += [text[pos:start], blank]
            pos = end
    out.append(text[pos:])
    return "".join(out)


_NOT_NEWLINE = re.compile(r"[^\n]")


def tex_root_comment(text: str) -> str | None:
    """The path of a `% !TEX root = ...` magic comment in the first lines, if any."""
    m = _TEX_ROOT.search(text[:4000])
    return m.group("path") if m else None


def verb_end(text: str, delim: str, start: int, end: int) -> int:
    """Where a \\verb whose body starts at `start` ends, looking before `end`: after its delimiter, or at the line
    break when that comes first (LaTeX stops there), else at `end`."""
    close, eol = text.find(delim, start, end), text.find("\n", start, end)
    return close + 1 if close >= 0 and (eol < 0 or close < eol) else end if eol < 0 else eol


def mask_comments(text: str, end: int | None = None) -> tuple[str, list[Directive]]:
    """Pass 1: blank % comments and comment environments; read paperlint directives.
    With `end`, only text[:end] is returned, the same as in the whole text's result (a preamble, say)."""
    out: list[str] = []
    done = 0  # text[:done] is in `out`
    directives: list[Directive] = []
    pos, n = 0, len(text)
    end = n if end is None else end
    while pos < end:
        # comments and escaped characters in one run of the regex; what else it meets skips text, and the
        # search starts again after it
        for m in _PASS1.finditer(text, pos):
            if m.start() >= end:
                pos = n
                break
            kind = m.lastgroup
            if kind == "comment":
                start, stop = m.span()
                if "paperlint" in m.group():
                    magic = _MAGIC.match(text, start, stop)
                    if magic:
                        verb = magic.group("verb").replace("_", "-")
                        items = tuple(i for i in re.split(r"[\s,]+", magic.group("items").strip()) if i)
                        line = text.count("\n", 0, start) + 1
                        directives.append(Directive(verb, items, (magic.group("reason") or "").strip(), line))
                out += (text[done:start], " " * (stop - start))
                done = stop
            elif kind == "env":
                env = m.group("env")
                close = text.find("\\end{%s}" % env, m.end())
                pos = n if close < 0 else close + len(env) + 6
                if env in COMMENT_ENVS:
                    out += (text[done:m.start()], _NOT_NEWLINE.sub(" ", text[m.start():pos]))
                    done = pos
                break
            elif kind == "delim":
                pos = verb_end(text, m.group("delim"), m.end(), n)
                break
            elif kind == "url":  # a URL is read verbatim by hyperref: % in it is a character, not a comment
                close = text.find("}", m.end())
                eol = text.find("\n\n", m.end())
                pos = n if close < 0 else (close + 1 if eol < 0 or close < eol else eol)
                break
        else:
            break
    if not done:
        return text[:end], directives
    out.append(text[done:end])
    return "".join(out)[:end], directives


def mask_dead_code(text: str, toggles: dict[str, bool | None], unclosed: list[int] | None = None) -> str:
    """Pass 2: blank the dead branches of \\iffalse, \\iftrue and decidable \\newif toggles,
    and everything after \\end{document}. `toggles` is read and updated in document order; the offsets of
    conditionals left open at the end of the text (a dead branch that runs to the end) go to `unclosed`."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[bool | None, bool, int]] = []  # (condition, in else branch, offset)
    dead_from: int | None = None
    for m in _conditional_tokens(text, toggles):
        name = m.group("name")
        live = dead_from is None
        if name.startswith("if") and (name in PRIMITIVE_IFS or name[2:] in toggles):
            cond = True if name == "iftrue" else False if name == "iffalse" else toggles.get(name[2:]) \
                if name not in PRIMITIVE_IFS else None
            stack.append((cond, False, m.start()))
            if live and cond is False:
                dead_from = m.end()
        elif name in ("else", "or") and stack:
            cond, _, at = stack[-1]
            stack[-1] = (cond, True, at)
            if cond is False and dead_from is not None and _outer_live(stack[:-1]):
                spans.append((dead_from, m.start()))
                dead_from = None
            elif cond is True and live:
                dead_from = m.end()
        elif name == "fi" and stack:
            stack.pop()
            if dead_from is not None and _outer_live(stack):
                spans.append((dead_from, m.start()))
                dead_from = None
        elif live and name.endswith(("true", "false")):
            flag = name[:-4] if name.endswith("true") else name[:-5]
            if flag in toggles:
                toggles[flag] = name.endswith("true")
        elif live and name == "end" and text.startswith("{document}", m.end()):
            spans.append((m.end() + 10, len(text)))
            break
    if dead_from is not None:
        spans.append((dead_from, len(text)))
        if unclosed is not None:
            unclosed += [at for cond, in_else, at in stack if cond is not None]
    return blanked(text, spans)


def _conditional_tokens(text: str, toggles: dict[str, bool | None]) -> Iterator[re.Match]:
    """The conditionals, \\else, \\or, \\fi, toggle settings and \\end of `text`, in order. The macro right
    after a declarer (\\newif, \\def, \\let...) is declared, not used: a declared \\ifname adds the toggle."""
    pos = 0
    while (m := _PASS2.search(text, pos)) is not None:
        pos = m.end()
        if m.group("name"):
            yield m
        elif m.group("decl"):
            while (t := _TOKEN.search(text, pos)) is not None:  # declared, and so is the next while a declarer
                pos = t.end()
                name = t.group("name")
                if name is None:
                    break
                if name.startswith("if") and name != "if":
                    toggles.setdefault(name[2:], False)
                if name not in _DECLARERS:
                    break


def _outer_live(stack: list[tuple[bool | None, bool, int]]) -> bool:
    """True when no enclosing conditional is in a dead branch."""
    for cond, in_else, _ in stack:
        if (cond is False and not in_else) or (cond is True and in_else):
            return False
    return True
