"""Generators of broken LaTeX, shared by the property tests and bench/fuzz.py."""

import random

from hypothesis import strategies as st

LATEX_TOKENS = st.sampled_from([
    "\\section{", "\\subsection*{", "}", "{", "$", "$$", "\\[", "\\]", "\\begin{table}", "\\end{table}",
    "\\begin{itemize}", "\\item ", "\\end{itemize}", "\\footnote{", "\\caption{", "\\cite{a}", "\\ref{x}",
    "\\url{http://g.com/a%", "\\href{h}{t}", "%", "\n", "\n\n", " ", "seed ", "5 runs ", "A100 ", "\\pm ",
    "0.5", "\\verb|x|", "\\verb", "\\iffalse ", "\\fi ", "\\input{x}", "\\newcommand{\\s}[1]{#1}", "\\s{",
    "&", "\\\\", "~", "--", "``", "''", "\\textbf{", "\\emph{", "\\appendix ", "\\bibliography{r}", "é", "😀",
    "\\answerYes{}", "\\paragraph{Limitations.}", "\x0c", "\\begin{lstlisting}", "\\end{lstlisting}",
])


def mutate(text: str, rng: random.Random) -> str:
    """Cut, duplicate, delete braces, insert control characters: what an editor session does to a paper."""
    for _ in range(rng.randint(1, 6)):
        i, j = sorted(rng.randrange(len(text) + 1) for _ in range(2))
        op = rng.randrange(4)
        if op == 0:
            text = text[:i] + text[j:]
        elif op == 1:
            text = text[:j] + text[i:j] + text[j:]
        elif op == 2:
            text = text[:i] + text[i:j].replace("{", "", 3).replace("}", "", 2) + text[j:]
        else:
            text = text[:i] + rng.choice(["\x00", "\x1b", "\x0b", "\ufffd", "{", "$", "\\"]) + text[i:]
    return text
