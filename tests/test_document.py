"""The Document: sections, regions, environments, captions, links, and an exact source map."""

import re

from conftest import SAMPLES, write_project

from paperlint.paper.build import build_document
from paperlint.project.load import load_project


def test_sections_regions_and_appendix(doc_of):
    d = doc_of("""
        \\section{Intro}
        Text.
        \\paragraph{Limitations.} Our method is slow.
        \\section*{Acknowledgements}
        Thanks.
        \\bibliography{refs}
        \\appendix
        \\section{Extra}
        More.
        \\section*{NeurIPS Paper Checklist}
        \\begin{enumerate}
        \\item {\\bf Claims} \\item[] Answer: \\answerYes{}
        \\end{enumerate}
        """)
    assert [(s.title, s.level, s.region) for s in d.sections] == [
        ("Intro", 1, "body"), ("Limitations.", 4, "body"), ("Acknowledgements", 1, "body"),
        ("Extra", 1, "appendix"), ("NeurIPS Paper Checklist", 1, "checklist")]
    assert d.bibliography is not None and d.appendix is not None
    assert any("[Yes]" in b.text.text and b.region == "checklist" for b in d.blocks)


def test_captions_footnotes_tables_and_links(doc_of):
    d = doc_of("""
        Our code is online.\\footnote{\\url{https://github.com/me/x}} See \\href{https://ex.org/a%20b}{the site}
        and www.example.com/page.
        \\begin{table}
        \\caption{Accuracy, mean $\\pm$ std.}
        \\begin{tabular}{lc} A & 1.0 $\\pm$ 0.1 \\\\ B & 2.0 \\end{tabular}
        \\end{table}
        """)
    kinds = [b.kind for b in d.blocks]
    assert {"prose", "footnote", "caption", "table"} <= set(kinds)
    table = next(b for b in d.blocks if b.kind == "table")
    assert "1.0 ± 0.1" in table.text.text and "|" in table.text.text
    assert [link.url for link in d.links] == ["https://github.com/me/x", "https://ex.org/a%20b", "www.example.com/page"]
    assert d.environments[0].name == "table" and d.environments[0].caption.startswith("Accuracy")


def test_macros_expand_in_prose_and_math(doc_of):
    d = doc_of("We use \\nseeds{} seeds and report $0.3 \\std{0.1}$.",
               preamble="\\newcommand{\\nseeds}{5}\\newcommand{\\std}[1]{\\pm #1}")
    text = " ".join(b.text.text for b in d.blocks)
    assert "5 seeds" in text and "0.3 ± 0.1" in text


def test_every_word_maps_back_to_its_source(tmp_path):
    root = SAMPLES / "multifile" / "main.tex"
    d = build_document(load_project(root))
    checked = 0
    for b in d.blocks:
        for m in re.finditer(r"[A-Za-z]{4,}", b.text.text):
            file, off = b.text.locate(m.start())
            origin = b.text.origins[max(0, __import__("bisect").bisect_right(b.text.starts, m.start()) - 1)]
            if not origin[2]:
                continue  # text rendered from a macro maps to the macro
            assert d.project.files[file].text[off:off + len(m.group())] == m.group()
            checked += 1
    assert checked > 50


def test_multifile_document_order_follows_includes():
    d = build_document(load_project(SAMPLES / "multifile" / "main.tex"))
    assert [s.title for s in d.sections] == ["Introduction", "Experiments", "Conclusion", "Additional results"]
    assert [s.file for s in d.sections] == ["sections/intro.tex", "sections/experiments.tex", "main.tex",
                                            "sections/appendix.tex"]
    assert d.sections[-1].region == "appendix"
    intro, exp, concl, extra = d.sections
    assert (intro.end.file, exp.end.file) == ("sections/experiments.tex", "main.tex")  # spans cross files
    assert extra.end is None


def test_environment_split_across_files_keeps_context(tmp_path):
    root = write_project(tmp_path, {
        "main.tex": "\\begin{document}\n\\begin{table}\n\\input{tab}\n\\caption{Results}\n\\end{table}\n\\end{document}",
        "tab.tex": "\\begin{tabular}{l} 1.5 $\\pm$ 0.2 \\end{tabular}"})
    d = build_document(load_project(root))
    table = next(b for b in d.blocks if b.kind == "table")
    assert table.file == "tab.tex" and "table" in table.envs


def test_environments_of_several_names_come_in_document_order_and_region(doc_of):
    from paperlint.paper.search import environments
    doc = doc_of("\\begin{lemma}a\\end{lemma}\\begin{theorem}b\\end{theorem}\\begin{lemma}c\\end{lemma}\n"
                 "\\appendix\n\\begin{theorem}d\\end{theorem}\\begin{proof}e\\end{proof}")
    every = [(e.name, e.region) for e in doc.environments]
    assert [(e.name, e.region) for e in environments(doc, {"theorem", "lemma", "proof"})] == every
    assert [(e.name, e.region) for e in environments(doc, {"theorem", "lemma"}, regions=("body",))] == \
        [("lemma", "body"), ("theorem", "body"), ("lemma", "body")]
    assert environments(doc, {"table"}) == []


def test_a_cue_that_drops_a_pattern_is_a_new_cue_for_the_caches():
    from paperlint.cues import Cue
    from paperlint.paper.search import _key
    c = Cue([r"\bseeds?\b", r"(a|aa)+$"], timeout=0.05)
    assert _key(c) == (r"\bseeds?\b", r"(a|aa)+$") and _key(c) is _key(c)
    list(c.finditer("seeds " + "a" * 60 + "b"))  # the second pattern backtracks for ever: dropped
    assert c.skipped == [r"(a|aa)+$"] and _key(c) == (r"\bseeds?\b",)
