"""Plain text from small pieces of LaTeX: formulas and the expansions of the paper's own macros.

The main walk keeps exact offsets; these pieces are short and map to where they start."""

from __future__ import annotations

import re

from paperlint.latex.macros import UserMacro, balanced, expand

SYMBOLS = {
    "pm": "±", "textpm": "±", "mp": "∓", "times": "×", "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥",
    "approx": "≈", "sim": "~", "cdot": "·", "ldots": "...", "dots": "...", "cdots": "...", "%": "%", "&": "&",
    "_": "_", "#": "#", "$": "$", "{": "{", "}": "}", "S": "§", "textendash": "–", "textemdash": "—",
    "textasciitilde": "~", "textdegree": "°", "textmu": "µ", "ie": "i.e.", "eg": "e.g.", "etal": "et al.",
    "LaTeX": "LaTeX", "TeX": "TeX", "to": "→", "rightarrow": "→", "infty": "∞", "in": "∈", "mu": "µ",
    "sigma": "σ", "alpha": "α", "beta": "β", "gamma": "γ", "lambda": "λ", "eta": "η", "epsilon": "ε",
    "varepsilon": "ε", "delta": "δ", "theta": "θ", "tau": "τ", "rho": "ρ", "pi": "π", "neq": "≠", "ne": "≠",
    "backslash": "\\", "textbackslash": "\\", "textless": "<", "textgreater": ">", "lt": "<", "gt": ">",
}
SPACES = {",", ";", ":", " ", "!", "/", "\\", "quad", "qquad", "enspace", "thinspace", "nobreakspace", "newline",
          "linebreak", "xspace", "@"}
_DROP_ARG = {"label", "ref", "eqref", "cref", "Cref", "autoref", "cite", "citep", "citet", "vspace", "hspace",
             "includegraphics", "color", "pageref"}
_MACRO = re.compile(r"\\([A-Za-z@]+|.)\*?")
_TEXT = re.compile(r"[^\\{}~$]+")  # a run of characters that stand for themselves


def flatten(src: str, macros: dict[str, UserMacro], depth: int = 0) -> str:
    """A readable approximation of a LaTeX snippet: user macros expanded, font commands unwrapped,
    symbols as Unicode (`\\pm` becomes ±), braces dropped."""
    out: list[str] = []
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if c == "\\":
            m = _MACRO.match(src, i)
            if not m:
                i += 1
                continue
            name = m.group(1)
            i = m.end()
            user = macros.get(name)
            if user is not None and depth < 4:
                args = []
                for k in range(user.nargs):
                    while i < n and src[i] in " \t\n":
                        i += 1
                    if k == 0 and user.optional:
                        if i < n and src[i] == "[":
                            close = src.find("]", i)
                            close = n - 1 if close < 0 else close
                            args.append(src[i + 1:close])
                            i = close + 1
                        continue
                    if i < n and src[i] == "{":
                        end = balanced(src, i) or n
                        args.append(src[i + 1:end - 1])
                        i = end
                    elif i < n:
                        args.append(src[i])
                        i += 1
                out.append(flatten(expand(user, args), macros, depth + 1))
            elif name in SYMBOLS:
                out.append(SYMBOLS[name])
            elif name in SPACES:
                out.append(" ")
            elif name in _DROP_ARG:
                if i < n and src[i] == "{":
                    i = balanced(src, i) or n
            elif name in ("frac", "dfrac", "tfrac"):
                out.append(" ")
            # any other command (\mathrm, \textbf, \alpha...) vanishes and its argument stays as text
        elif c in "{}":
            i += 1
        elif c == "~":
            out.append(" ")
            i += 1
        elif c == "$":
            i += 1
        else:
            j = _TEXT.match(src, i).end()
            out.append(src[i:j])
            i = j
    return "".join(out)
