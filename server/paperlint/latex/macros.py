"""The paper's own macros (\\newcommand, \\def, \\DeclareMathOperator), found with a regex pre-pass."""

from __future__ import annotations

import re
from dataclasses import dataclass

from paperlint.caches import MILLION, Memo
from paperlint.scan import Scan

_NEWCOMMAND = Scan(
    r"\\(?:newcommand|renewcommand|providecommand|DeclareRobustCommand)\*?\s*"
    r"(?:\{\s*\\(?P<n1>[A-Za-z@]+)\s*\}|\\(?P<n2>[A-Za-z@]+))\s*"
    r"(?:\[\s*(?P<nargs>\d)\s*\])?\s*(?P<opt>\[[^\]]*\])?\s*\{"
)
_DEF = Scan(r"\\(?:def|gdef|edef|xdef)\s*\\(?P<name>[A-Za-z@]+)\s*(?P<params>(?:#\d)*)\s*\{")
_MATHOP = Scan(r"\\DeclareMathOperator\*?\s*\{\s*\\(?P<name>[A-Za-z@]+)\s*\}\s*\{")


@dataclass(frozen=True)
class UserMacro:
    name: str
    nargs: int
    optional: bool  # first argument optional (has a default)
    body: str

    @property
    def argspec(self) -> str:
        if not self.nargs:
            return ""
        return ("[" + "{" * (self.nargs - 1)) if self.optional else "{" * self.nargs


def balanced(text: str, open_pos: int) -> int | None:
    """Index just past the brace group opening at `open_pos` (which holds `{`), or None if unclosed."""
    depth = 0
    i, n = open_pos, len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return None


def discover_macros(texts: list[str]) -> dict[str, UserMacro]:
    """User macros defined in the given (compiled) texts; the last definition wins."""
    found: dict[str, UserMacro] = {}
    for text in texts:
        if "\\" not in text:
            continue
        defined = _DEFINED.get(text)
        if defined is None:
            defined = _defined_in(text)
            _DEFINED.put(text, defined)
        found.update(defined)
    return found


_DEFINED = Memo(2 * MILLION)  # file text -> the macros it defines


def _defined_in(text: str) -> dict[str, UserMacro]:
    found: dict[str, UserMacro] = {}
    for m in _NEWCOMMAND.finditer(text):
        end = balanced(text, m.end() - 1)
        if end is None:
            continue
        name = m.group("n1") or m.group("n2")
        nargs = int(m.group("nargs") or 0)
        found[name] = UserMacro(name, nargs, bool(m.group("opt")) and nargs > 0, text[m.end():end - 1])
    for m in _DEF.finditer(text):
        end = balanced(text, m.end() - 1)
        if end is None or m.group("name") == "input@path":
            continue
        nargs = len(m.group("params")) // 2
        found[m.group("name")] = UserMacro(m.group("name"), nargs, False, text[m.end():end - 1])
    for m in _MATHOP.finditer(text):
        end = balanced(text, m.end() - 1)
        if end is not None:
            found[m.group("name")] = UserMacro(m.group("name"), 0, False, text[m.end():end - 1])
    return found


_NAMES = re.compile(r"\\([A-Za-z@]+)")
_NAMES_IN = Memo(2 * MILLION)


def names_in(text: str) -> frozenset[str]:
    """The names of the macros `text` may use (`\\foo@bar` counts as `foo@bar` and as `foo`)."""
    names = _NAMES_IN.get(text)
    if names is None:
        found = set(_NAMES.findall(text))
        if "@" in text:
            found |= {n.split("@")[0] for n in found if "@" in n}
        names = frozenset(found)
        _NAMES_IN.put(text, names)
    return names


def macros_used(text: str, macros: dict[str, UserMacro]) -> list[UserMacro]:
    """The paper's macros that reading `text` may expand, directly or through other macros, by name."""
    todo = [n for n in names_in(text) if n in macros]
    seen = set(todo)
    while todo:
        for n in names_in(macros[todo.pop()].body):
            if n in macros and n not in seen:
                seen.add(n)
                todo.append(n)
    return [macros[n] for n in sorted(seen)]


def expand(macro: UserMacro, args: list[str]) -> str:
    """The macro's body with #1..#9 replaced by the given argument sources."""
    body = macro.body
    for i, a in enumerate(args[:9], 1):
        body = body.replace("#%d" % i, a)
    return re.sub(r"#\d", "", body)
