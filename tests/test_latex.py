"""The parsing layer: the fast walker gives the stock walker's tree, user macros, flattening."""

import random

import pytest
from conftest import DEV
from hypothesis import given, settings
from hypothesis import strategies as st
from latexgen import LATEX_TOKENS, mutate
from pylatexenc import latexwalker as lw
from pylatexenc.macrospec import ParsedMacroArgs, SpecialsSpec

from paperlint.latex.macros import discover_macros
from paperlint.latex.parse import FastWalker, _context, parse_file, split_chunks
from paperlint.latex.text import flatten
from paperlint.project.compiled import mask_comments, mask_dead_code

BROKEN = [
    "\\section{Intro\nrest of text", "\\begin{table}\nnever closed", "a stray $ dollar\n\nnext para",
    "x }} y \\end{table}", "\\begin{itemize}\\item a\\end{enumerate}", "\\cite{", "\\cite[p.~3",
    "\\[ x + y", "$$ x", "\\( x", "\\verb", "\\verb|abc", "\\", "{{{{{", "\\frac12 and \\frac{1}{2}",
    "\\href{http://a.b/%20}{text} after", "\\url{http://x.org/50%", "\\begin{lstlisting}\nx % y }\n",
    "\\item[label] text", "\\section*{A}\\subsection[s]{B}", "~--- `` '' -- !` ?`",
]


class _Stock(lw.LatexWalker):
    """pylatexenc's walker, collecting the parse errors it ignores as FastWalker does."""

    def __init__(self, s, **kw):
        super().__init__(s, **kw)
        self.errors = []

    def _report_ignore_parse_error(self, exc):
        self.errors.append(exc)


def _dump(x, deep=True):
    """Everything the walker puts in a node, its arguments and its parsing state's mode, recursively; the
    legacy fields (nodeargs, optargs...) repeat argument nodes, so these are only named by type and place.
    Math contents are compared as the source they cover: FastWalker does not parse them."""
    if isinstance(x, (list, tuple)):
        return type(x)(_dump(y, deep) for y in x)
    if isinstance(x, lw.LatexNode):
        if not deep:
            return x.nodeType().__name__, x.pos, x.len
        ps = x.parsing_state
        fields = [(f, _dump(getattr(x, f), f in x._fields)) for f in x._redundant_fields if f != "nodelist"]
        if isinstance(x, lw.LatexMathNode):
            start = x.pos + len(x.delimiters[0])
            fields.append(("contents", start, x.nodelist[-1].pos + x.nodelist[-1].len if x.nodelist else start))
        elif hasattr(x, "nodelist"):
            fields.append(("nodelist", _dump(x.nodelist)))
        if isinstance(x, lw.LatexCharsNode):
            fields.append(("is its source", x.chars == ps.s[x.pos:x.pos + x.len]))
        return x.nodeType().__name__, _attributes(x), ps.in_math_mode, ps.math_mode_delimiter, fields
    if isinstance(x, ParsedMacroArgs):
        return "ParsedMacroArgs", [(k, _dump(v, k != "legacy_nodeoptarg_nodeargs")) for k, v in sorted(vars(x).items())]
    if isinstance(x, SpecialsSpec):
        return x.specials_chars
    return x


def _attributes(node):
    """The names of a node's attributes: FastWalker's nodes are subclasses of pylatexenc's that hold `_fields`
    and `_redundant_fields` on the class, pylatexenc's on each node."""
    return sorted(set(vars(node)) | {"_fields", "_redundant_fields"})


def _parse(walker, text, db):
    """The tree, the errors reported and the final position, or the name of the exception raised."""
    w = walker(text, latex_context=db, tolerant_parsing=True)
    try:
        nodes, pos, n = w.get_latex_nodes()
    except Exception as e:  # both must fail alike
        return type(e).__name__
    return _dump(nodes), pos, n, [(e.pos, e.msg, e.lineno, e.colno, e.open_contexts, str(e)) for e in w.errors]


_PYLATEXENC_DB = lw.get_default_latex_context_db()


def _same_trees(text, db=None):
    db = db or _context(())
    fast, stock = _parse(FastWalker, text, db), _parse(_Stock, text, db)
    assert fast == stock, text


# Math whose end pylatexenc finds in its own way: arguments taking a delimiter, nested math, environments,
# comments, stray braces, verbatim arguments.
MATH = [
    "$\\frac{1}$ x$ y", "\\[ \\frac{a} \\] b \\] c", "$\\sqrt[3$ x]$ y", "$a \\text{$b$} c$", "$$ a $ b $$ c",
    "$ a $$ b", "\\( a $ b \\)", "$ a % $ \n b $", "$a}$ b", "$ \\begin{array}{c} x \\end{array} $",
    "$ \\begin{x} $ \\end{x} $", "$\\verb|$|$", "$\\url{$}$ x", "$ {a $ b} $", "${$}$", "\\(a\\]b\\)",
    "$\\\\[2pt] x$", "$ \\frac", "$\\sqrt[a}]{b}$", "$x\\", "$ x \\end", "$ \\begin x $", "$\\frac\\)$",
    "$a}{$ b$ c}$", "\\( {a \\) b} \\)",
]


@pytest.mark.parametrize("text", BROKEN + MATH)
def test_fast_walker_tree_equals_stock_on_broken_input(text):
    _same_trees(text)


def test_fast_walker_tree_equals_stock_on_dev_papers():
    files = sorted(DEV.glob("*/**/*.tex"))
    if not files:
        pytest.skip("dev corpus not present")
    db = _context(())
    for f in files:
        text = mask_dead_code(mask_comments(f.read_text(errors="replace"))[0], {})
        for _, chunk in split_chunks(text):
            _same_trees(chunk, db)


# Pieces that reach every branch of the walker: math delimiters, environments with and without arguments,
# specials, comments, non-ASCII letters in macro names, verbatim arguments, odd spaces.
_PIECES = st.sampled_from([
    "\\(", "\\)", "\\]", "$x$", "\\frac", "[", "]", "\\\\[2pt]", "\\\\*", "\\item[a]", "\\begin{equation}",
    "\\end{equation}", "\\begin{align*}", "\\end{align*}", "\\text{", "\\ensuremath{", "\\begin{tabular}{cc}",
    "\\end{tabular}", "\\begin{figure}[t]", "\\end{figure}", "\\begin{wrapfigure}{r}{0.5\\textwidth}",
    "\\begin {x}", "\\begin{x y}", "\\end", "\\begin", "\\begin{", "---", "!`", "?`", "'''", "`", "\\mbox{",
    "\\section*", "\\textbf*", "\\cite[p.~3][x]{k}", "\\caption[s]{l}", "%c\n", "%\n\n", " \n ", "\n\n\n",
    "\t", "\r\n", "\\ ", "\\é", "\\xé²", "ǅ", "²", "\\verb+x+", "\\begin{minted}{py}", "\\end{minted}",
    "\\url{a b}", "\\href{u}{t}", "\\newcommand{\\s}[1]{#1}", "#1", "^", "_", "\\%", "\\{", "\\}", "\\$",
])


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(st.one_of(LATEX_TOKENS, _PIECES), max_size=60))
def test_fast_walker_tree_equals_stock_on_generated_latex(tokens):
    _same_trees("".join(tokens))
    _same_trees("".join(tokens), _PYLATEXENC_DB)  # math environments, arguments read in math mode


@settings(max_examples=100, derandomize=True, deadline=None)
@given(st.integers(0, 10**6))
def test_fast_walker_tree_equals_stock_on_mutated_dev_chunks(seed):
    """Pieces of the dev papers, comments left in, cut and patched as in an editor, with the paper's macros."""
    files = sorted(DEV.glob("*/**/*.tex"))
    if not files:
        pytest.skip("dev corpus not present")
    rng = random.Random(seed)
    text = rng.choice(files).read_text(errors="replace")
    _, chunk = rng.choice(split_chunks(text) or [(0, "")])
    start = rng.randrange(len(chunk) + 1)
    macros = tuple(discover_macros([text]).values())
    _same_trees(mutate(chunk[start:start + 1500], rng), _context(macros))


def test_math_contents_are_one_chars_node_of_their_source():
    text = "a $x^{2} + \\frac{1}{2}$ b \\[ y \\] c $ \\begin{x} $ \\end{x} $"
    nodes = FastWalker(text, latex_context=_context(()), tolerant_parsing=True).get_latex_nodes()[0]
    maths = [n.nodelist for n in nodes if isinstance(n, lw.LatexMathNode)]
    assert [[(c.nodeType().__name__, c.chars) for c in m] for m in maths[:2]] == \
        [[("LatexCharsNode", "x^{2} + \\frac{1}{2}")], [("LatexCharsNode", " y ")]]
    assert isinstance(maths[2][1], lw.LatexEnvironmentNode)  # math holding an environment is parsed


@pytest.mark.parametrize("text", BROKEN + ["{" * 5000, "\\begin{x}" * 3000])
def test_parse_never_raises(text):
    chunks = parse_file(text)
    assert sum(len(c.text) for c in chunks) == len(text)


def test_chunks_are_cut_at_sections_and_cover_the_text():
    text = "pre\n\\section{A}\na\n  \\subsection{B}\nb\n\\section{C}\n"
    chunks = split_chunks(text)
    assert "".join(c for _, c in chunks) == text
    assert [c.split("\n")[0].strip() for _, c in chunks] == ["pre", "\\section{A}", "\\subsection{B}", "\\section{C}"]


def test_user_macros_are_discovered_with_arguments():
    m = discover_macros(["\\newcommand{\\std}[1]{\\pm #1}\\newcommand*\\ours{GNS}\\def\\nseeds{5}"
                         "\\renewcommand{\\x}[2][d]{#1-#2}\\DeclareMathOperator{\\E}{\\mathbb{E}}"])
    assert m["std"].nargs == 1 and m["std"].argspec == "{"
    assert m["ours"].body == "GNS" and m["nseeds"].body == "5"
    assert m["x"].argspec == "[{" and m["E"].nargs == 0


def test_flatten_expands_user_macros_and_symbols():
    macros = discover_macros(["\\newcommand{\\std}[1]{\\pm #1}\\newcommand{\\n}{10}"])
    assert flatten("0.91 \\std{0.02}", macros) == "0.91 ± 0.02"
    assert flatten("over \\n~seeds, $p<0.05$", macros) == "over 10 seeds, p<0.05"
    assert flatten("\\textbf{bold} \\cite{x} and \\%", macros) == "bold  and %"
