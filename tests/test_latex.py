"""The parsing layer: the fast walker gives the stock walker's tree, user macros, flattening."""

import pytest
from conftest import DEV
from pylatexenc import latexwalker as lw

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


def _dump(nodes, out):
    for n in nodes or []:
        if n is None:
            out.append(None)
            continue
        out.append((type(n).__name__, n.pos, n.len, getattr(n, "chars", None), getattr(n, "macroname", None),
                    getattr(n, "environmentname", None)))
        _dump(getattr(n, "nodelist", None), out)
        args = getattr(n, "nodeargd", None)
        if args is not None and getattr(args, "argnlist", None):
            _dump(args.argnlist, out)
    return out


def _trees(text):
    db = _context(())
    out = []
    for walker in (FastWalker, lw.LatexWalker):
        try:
            out.append(_dump(walker(text, latex_context=db, tolerant_parsing=True).get_latex_nodes()[0], []))
        except Exception as e:  # both must fail alike
            out.append(type(e).__name__)
    return out


@pytest.mark.parametrize("text", BROKEN)
def test_fast_walker_tree_equals_stock_on_broken_input(text):
    fast, stock = _trees(text)
    assert fast == stock


def test_fast_walker_tree_equals_stock_on_dev_papers():
    files = sorted(DEV.glob("*/**/*.tex"))
    if not files:
        pytest.skip("dev corpus not present")
    for f in files[:40]:
        text = mask_dead_code(mask_comments(f.read_text(errors="replace"))[0], {})
        for _, chunk in split_chunks(text)[:30]:
            fast, stock = _trees(chunk)
            assert fast == stock, f


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
