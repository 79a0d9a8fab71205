"""Checking after edits reuses cached work (files, chunks, walks, evidence); the results must be exactly those
of a fresh check of the same text."""

from __future__ import annotations

import random
import shutil
import threading
from dataclasses import astuple

import pytest
from conftest import DEV, SAMPLES, dev_papers

from paperlint.caches import clear_all
from paperlint.engine.check import check_document, prepare_next_check
from paperlint.latex import parse
from paperlint.latex.parse import split_chunks
from paperlint.paper.build import build_document
from paperlint.paper import matches
from paperlint.paper.matches import _index, complete
from paperlint.project.load import load_project

SNIPPETS = ["x", " ", "\n", "\n\n", "{", "}", "$", "%", "\\", "\\section{Setup}\n", "\\subsection{More}\n",
            "\\item ", "\\begin{itemize}\n", "\\end{itemize}", "\\caption{Seeds 0-4.}", "\\footnote{",
            "We used 3 random seeds and report the mean and standard deviation.\n\n", "an NVIDIA A100 GPU ",
            "\\url{https://github.com/x/y}", "\\appendix\n", "\\bibliography{refs}\n", "\\input{sections/intro}\n",
            "\\section*{Limitations}\nOur method fails on small data.\n", "\\title{A Survey}", "\\newcommand{\\q}{Q}",
            "\\begin{comment}\n", "\\end{comment}\n", "\\url{http://a.b/%x\ny}", "\\verb|%|", "\\iffalse\n", "\\fi\n",
            "\\newif\\ifdraft\n\\drafttrue\n", "\\ifdraft We used 5 seeds.\\fi", "\\end{document}\n",
            "% paperlint: ignore random_seeds -- fine\n", "\\begin{lstlisting}\nx % y {\n\n\\end{lstlisting}\n",
            "\n\\begin{proof}\nTrivial.\n\n\\end{proof}\n", "\n\\begin{align*}\na = b\n\\end{align*}\n",
            "\n\\begin{small}\nSmall print.\n\\end{small}\n", "\n\\begin{lemma}\n"]
LONG_SECTION = "\n\n".join(
    [f"Paragraph {i}: we train the model with seed {i} and report the accuracy." for i in range(40)] +
    ["\\begin{lemma}\nA bound holds.\n\n\\end{lemma}", "\\begin{proof}\nBy induction.\n\\begin{align*}\nx &= y\n\n"
     "\\end{align*}\nHence the claim.\n\\end{proof}", "Before a formula\n\\begin{equation}\nE = mc^2\n\\end{equation}\n"
     "and after it.", "\\begin{itemize}\n\\item one\n\n\\item two\n\\end{itemize}", "\\begin{figure}\n\\caption{Runs "
     "over 5 seeds.}\n\\end{figure}", "Text\n\\begin{small}\nsmall\n\\end{small}\nmore text.", "\\begin{tikzpicture}\n"
     "\\end{tikzpicture}"] +
    [f"More text {i} about the GPU we used, an NVIDIA A100." for i in range(40)])


def check(root, overlay, idle: float = 0.0):
    doc = build_document(load_project(root, overlay))
    report = check_document(doc).as_dict()
    assert_index_right(doc)
    prepare_next_check(doc, idle)  # as the server does between edits; a short budget leaves some work undone
    return doc, report


def assert_index_right(doc) -> None:
    """The index of cue matches (made from the last check's) lists, for each cue, the blocks it matches in order,
    but for the blocks it leaves pending; a pending block is never listed."""
    index = _index(doc)
    for cue in range(index.cues):
        match = matches._MATCHERS[cue][0]
        listed = [i for i, _ in index.lists[cue]]
        assert listed == sorted(set(listed)) and not set(listed) & set(index.pending)
        found = dict(index.lists[cue]) | {i: index.tried[i].result(cue, doc.blocks[i].text) for i in index.pending}
        assert {i: r for i, r in found.items() if r is not None} == \
            {i: r for i, r in ((i, match(b.text)) for i, b in enumerate(doc.blocks)) if r is not None}


def summary(doc) -> tuple:
    """Everything the engine reads from a Document."""
    return ([(b.kind, b.text.text, b.text.starts, [(*b.text.locate(i), o[2]) for i, o in zip(b.text.starts, b.text.origins)], b.section, b.region,
              b.envs) for b in doc.blocks],
            [astuple(s) for s in doc.sections], [astuple(e) for e in doc.environments],
            [astuple(link) for link in doc.links], [(k, astuple(m)) for k, m in doc.citations], doc.packages,
            doc.title, doc.begin_document, doc.appendix, doc.bibliography,
            [(astuple(m), msg) for m, msg in doc.parse_errors],
            {rel: (src.masked, src.directives) for rel, src in doc.project.files.items()})


def random_edits(root, steps: int, seed: int):
    """Overlays after each of `steps` random insertions and deletions in the project's files."""
    rng = random.Random(seed)
    texts = {p: p.read_text() for p in sorted(root.parent.rglob("*.tex"))}
    states = []
    for _ in range(steps):
        path = rng.choice(list(texts))
        text = texts[path]
        at = rng.randrange(len(text) + 1)
        if rng.random() < 0.3 and text:
            texts[path] = text[:at] + text[at + rng.randint(1, 40):]
        else:
            texts[path] = text[:at] + rng.choice(SNIPPETS) + text[at:]
        states.append(dict(texts))
    return states


def assert_same_as_fresh(root, states):
    incremental = [check(root, overlay, idle=0.005) for overlay in states]
    for overlay, (doc, report) in zip(states, incremental):
        clear_all()
        fresh_doc, fresh = check(root, overlay)
        assert report == fresh
        assert summary(doc) == summary(fresh_doc)


@pytest.mark.parametrize("seed", range(3))
def test_random_edits_give_the_reports_of_a_fresh_check(tmp_path, seed):
    shutil.copytree(SAMPLES / "multifile", tmp_path / "p")
    root = tmp_path / "p" / "main.tex"
    assert_same_as_fresh(root, random_edits(root, 40, seed))


def test_the_blocks_counted_after_edits_are_those_of_the_document(tmp_path):
    """Where an item looked ("no evidence in N paragraphs...") is counted from the block groups of the last
    check and the blocks an edit made: the counts are those of the blocks themselves."""
    from paperlint.paper.search import block_filter, count_blocks
    shutil.copytree(SAMPLES / "multifile", tmp_path / "p")
    root = tmp_path / "p" / "main.tex"
    filters = [{}, {"regions": ("body",)}, {"kinds": ("prose",)}, {"skip_envs": ("table",)},
               {"regions": ("body", "appendix"), "kinds": ("prose", "caption", "table")}]
    for overlay in random_edits(root, 40, 5):
        doc = build_document(load_project(root, overlay))
        for where in filters:
            allowed = block_filter(doc, **where)
            assert count_blocks(doc, **where) == sum(map(allowed, doc.blocks)), where


def test_bare_links_after_edits_are_those_of_a_fresh_check(tmp_path):
    """The blocks holding a URL are those the last check found before and after the edited ones (moved when an
    edit adds or removes blocks before them), and the edited ones: after random edits, the links (bare, and those
    a \\url makes known) are a fresh check's."""
    parts = LONG_SECTION.split("\n\n")
    for i in range(3, len(parts), 9):
        parts[i] += f" Code: https://github.com/lab/repo{i} and www.example.org/data{i}."
    parts[20] += " The same code, linked: \\url{https://github.com/lab/repo3}."
    (tmp_path / "a.tex").write_text("\\section{Experiments}\n" + "\n\n".join(parts) + "\n")
    (tmp_path / "b.tex").write_text("\\section{Code}\n" + "".join(
        f"Part {i} is at https://example.org/part{i} with its data.\n\n" for i in range(8)))
    root = tmp_path / "main.tex"
    root.write_text("\\documentclass{article}\n\\begin{document}\n\\input{a}\n\\input{b}\n\\end{document}\n")
    states = random_edits(root, 30, 3)
    assert_same_as_fresh(root, states)
    bare = [sum(link.kind == "bare" for link in check(root, state)[0].links) for state in states]
    assert min(bare[:5]) >= 10


def test_random_edits_in_a_long_section_cut_into_many_chunks(tmp_path):
    root = tmp_path / "main.tex"
    root.write_text(f"\\documentclass{{article}}\n\\begin{{document}}\n\\section{{Experiments}}\n{LONG_SECTION}\n"
                    f"\\section{{Conclusion}}\nDone.\n\\end{{document}}\n")
    assert len(split_chunks(root.read_text())) > 10
    assert_same_as_fresh(root, random_edits(root, 30, 11))


@pytest.mark.skipif(not DEV.exists(), reason="dev corpus not available")
def test_random_edits_in_a_real_multi_file_paper(tmp_path):
    paper = next(p for p in dev_papers() if p["slug"] == "coin-betting-nips16")
    shutil.copytree(DEV / paper["slug"], tmp_path / "p")
    root = tmp_path / "p" / paper["main"]
    assert_same_as_fresh(root, random_edits(root, 12, 7))


def test_long_sections_are_cut_at_paragraphs_and_environments_outside_groups_and_environments():
    paragraphs = [f"Paragraph {i} says something about seeds number {i * 7}." for i in range(200)]
    inside = "\\begin{itemize}\n\\item a\n\n\\item b\n\\end{itemize}\n\n{\\bf x\n\ny}\n\n"
    text = "\\section{A}\n" + inside + "\n\n".join(paragraphs) + "\n\\section{B}\nend\n"
    chunks = split_chunks(text)
    assert "".join(c for _, c in chunks) == text
    assert 10 < len(chunks) < 150
    # cut only where a paragraph or an environment starts, outside the list and the group
    assert all(c.startswith(("Paragraph", "\\section", "{\\bf", "\\begin{itemize}")) for _, c in chunks)
    edited = text.replace("Paragraph 100 says", "Paragraph 100 now says")
    assert len({c for _, c in split_chunks(edited)} - {c for _, c in chunks}) <= 2  # an edit moves no other cut


def test_the_cuts_of_an_edited_section_resume_from_its_last_version_and_equal_a_full_scan(monkeypatch):
    text = "\\section{A}\n" + LONG_SECTION + "\n\n" + LONG_SECTION.replace("Paragraph", "Para") + "\n"
    rng = random.Random(11)
    started, full = [], parse._paragraph_cuts
    monkeypatch.setattr(parse, "_paragraph_cuts", lambda t, start, end: started.append(start) or full(t, start, end))
    parse._resumed_cuts(text)
    for _ in range(300):
        _, cuts = parse._LAST_CUTS.get(text[:text.find("\n") + 1], ("", []))  # the last version's
        k = min(len(text), max(1, rng.choice(cuts) + rng.randint(-80, 80) if cuts and rng.random() < 0.6 else
                               rng.randrange(len(text))))
        text = text[:k] + rng.choice(SNIPPETS) + text[k:]
        assert set(parse._resumed_cuts(text)) == set(full(text, 0, len(text)))
    # a cut decided by text past the common start: the name of a deeply indented environment, made display math
    text = "\\section{C}\n" + LONG_SECTION + "\n" + " " * 60 + "\\begin{lemmas}\nx\n\\end{lemmas}\n" + LONG_SECTION
    parse._resumed_cuts(text)
    text = text.replace("lemmas", "align")
    assert set(parse._resumed_cuts(text)) == set(full(text, 0, len(text)))
    # a \verb without its delimiter ends at its line break, whatever comes later (it skipped to the end of the
    # section when no delimiter followed at all: deleting a `|` far below changed the cuts above it)
    text = "\\section{D}\nSee \\verb|x.\n\n" + LONG_SECTION + "\n\\begin{tabular}{l|r}\\end{tabular}\n"
    without = text.replace("{l|r}", "{lr}")
    assert len(full(text, 0, len(text))) > 10 and full(text, 0, len(text)) == full(without, 0, len(without))
    parse._resumed_cuts(text)
    assert set(parse._resumed_cuts(without)) == set(full(without, 0, len(without)))
    # an edit near the end of the section scans from a cut near the end, not from its start
    text = "\\section{B}\n" + LONG_SECTION + "\n"
    parse._resumed_cuts(text)
    before = len(started)
    parse._resumed_cuts(text[:-20] + "x" + text[-20:])
    assert started[before] > len(text) * 3 // 4


LONG_PROOF = "\\begin{proof}[Proof of the bound]\n" + "\n\n".join(
    [f"Step {i}: by Lemma~\\ref{{l{i}}} the error after {i} rounds is at most $\\epsilon_{i}$."
     "\n\\begin{align*}\na_{%d} &\\le b\n\\end{align*}" % i for i in range(60)] +
    ["\\begin{itemize}\n\\item one\n\n\\item two\n\\end{itemize}", "{\\bf grouped\n\ntext}", "Hence the claim."]) + \
    "\n\\end{proof}\nText after the proof, with seeds.\n"


def test_a_long_environment_is_parsed_in_pieces_into_the_same_tree(tmp_path, monkeypatch):
    root = tmp_path / "main.tex"
    root.write_text(f"\\documentclass{{article}}\n\\begin{{document}}\n\\section{{Theory}}\n{LONG_PROOF}"
                    f"\\section{{Conclusion}}\nDone.\n\\end{{document}}\n")
    proof = next(c for _, c in split_chunks(root.read_text()) if c.startswith("\\begin{proof}"))
    assert len(proof) > parse._LONG and parse._environment_pieces(proof) is not None
    clear_all()
    pieces = summary(build_document(load_project(root, {})))
    monkeypatch.setattr(parse, "_environment_pieces", lambda text: None)
    clear_all()
    assert pieces == summary(build_document(load_project(root, {})))


def test_an_edit_in_a_long_environment_parses_only_its_piece(tmp_path, monkeypatch):
    root = tmp_path / "main.tex"
    text = f"\\documentclass{{article}}\n\\begin{{document}}\n\\section{{Theory}}\n{LONG_PROOF}\\end{{document}}\n"
    root.write_text(text)
    build_document(load_project(root, {}))
    parsed = []
    monkeypatch.setattr(parse, "_parse_text", lambda t, db, pos=0, real=parse._parse_text:
                        parsed.append(t[pos:]) or real(t, db, pos))  # what is read: t[pos:]
    edited = text.replace("after 30 rounds", "after thirty rounds")
    build_document(load_project(root, {root: edited}))
    assert len(parsed) == 1 and "after thirty rounds" in parsed[0] and len(parsed[0]) < parse._LONG
    assert_same_as_fresh(root, random_edits(root, 20, 5))


# a proof as many are written: sentences and display formulas, no blank line anywhere
DENSE_PROOF = "\\begin{proof}\n" + "".join(
    f"  Next, Lemma~\\ref{{l{i}}} bounds the term $T_{{{i}}}$ with {i} rounds:\n"
    f"  \\begin{{align{'*' if i % 2 else ''}}}\n    T_{{{i}}} &\\le \\frac{{1}}{{{i + 1}}} \\sum_j {{x_j}}\\\\\n"
    f"    &= c_{i}.\n  \\end{{align{'*' if i % 2 else ''}}}\n" for i in range(50)) + "  Hence the claim.\n\\end{proof}\n"


def test_a_long_proof_without_blank_lines_is_cut_before_its_formulas(tmp_path, monkeypatch):
    root = tmp_path / "main.tex"
    text = f"\\documentclass{{article}}\n\\begin{{document}}\n\\section{{Proofs}}\n{DENSE_PROOF}\\end{{document}}\n"
    root.write_text(text)
    assert "\n\n" not in DENSE_PROOF and len(DENSE_PROOF) > 2 * parse._LONG
    name, cuts, *_ = parse._environment_pieces(DENSE_PROOF)
    assert name == "proof" and len(cuts) == 50 and all(DENSE_PROOF[c:].startswith("  \\begin{align") for c in cuts)
    moved = []
    monkeypatch.setattr(parse, "_moved", lambda nodes, delta, real=parse._moved: moved.append(delta) or
                        real(nodes, delta))
    clear_all()
    pieces = summary(build_document(load_project(root, {})))
    assert moved == []  # a cold parse places every piece where it is
    with monkeypatch.context() as m:
        m.setattr(parse, "_environment_pieces", lambda text: None)
        clear_all()
        assert pieces == summary(build_document(load_project(root, {})))
    clear_all()
    build_document(load_project(root, {}))
    parsed = []
    monkeypatch.setattr(parse, "_parse_text", lambda t, db, pos=0, real=parse._parse_text:
                        parsed.append(t[pos:]) or real(t, db, pos))
    build_document(load_project(root, {root: text.replace("with 20 rounds", "with twenty rounds")}))
    assert len(parsed) == 1 and "with twenty rounds" in parsed[0] and len(parsed[0]) < 200
    assert set(moved) == {4}  # the pieces after the edit, moved by the four characters it added
    assert_same_as_fresh(root, random_edits(root, 20, 7))


@pytest.mark.skipif(not DEV.exists(), reason="dev corpus not available")
def test_long_environments_in_pieces_give_the_documents_of_whole_parses(monkeypatch):
    split = []  # the long environments cut into pieces

    def pieces_of(text, real=parse._environment_pieces):
        found = real(text)
        split.extend([found] if found else [])
        return found
    monkeypatch.setattr(parse, "_environment_pieces", pieces_of)
    for p in dev_papers():
        root = DEV / p["slug"] / p["main"]
        clear_all()
        pieces = summary(build_document(load_project(root)))
        with monkeypatch.context() as m:
            m.setattr(parse, "_environment_pieces", lambda text: None)
            clear_all()
            assert pieces == summary(build_document(load_project(root))), p["slug"]
    assert len(split) > 10


def test_a_file_left_alone_keeps_its_parsed_chunks_while_another_is_edited(tmp_path, monkeypatch):
    from paperlint.caches import MAX_AGE
    (tmp_path / "a.tex").write_text("\\section{A}\n" + LONG_SECTION + "\n" + LONG_PROOF)
    (tmp_path / "b.tex").write_text("\\section{B}\nWe used 3 seeds.\n")
    root = tmp_path / "main.tex"
    root.write_text("\\documentclass{article}\n\\begin{document}\n\\input{a}\n\\input{b}\n\\end{document}\n")
    clear_all()
    build_document(load_project(root, {}))
    b = (tmp_path / "b.tex").read_text()
    for i in range(2 * MAX_AGE):  # typing in b only
        b += "x"
        build_document(load_project(root, {tmp_path / "b.tex": b}))
    parsed = []
    monkeypatch.setattr(parse, "_parse_text", lambda t, db, pos=0, real=parse._parse_text:
                        parsed.append(t[pos:]) or real(t, db, pos))  # what is read: t[pos:]
    a = (tmp_path / "a.tex").read_text().replace("Step 30:", "Step thirty:").replace("Paragraph 20:", "Paragraph 2O:")
    build_document(load_project(root, {tmp_path / "b.tex": b, tmp_path / "a.tex": a}))
    assert sum(map(len, parsed)) < 2 * parse._LONG  # the two edited pieces, not the whole file


def test_a_file_left_alone_is_replayed_whole_and_its_chunks_stay_ready(tmp_path, monkeypatch):
    """Editing one file does not walk the chunks of the others; after many such edits, an edit in another file
    still walks only its edited chunk (the replays kept its chunks' walks alive)."""
    from paperlint.caches import MAX_AGE
    from paperlint.paper import build
    (tmp_path / "a.tex").write_text("\\section{A}\n" + LONG_SECTION)
    (tmp_path / "b.tex").write_text("\\section{B}\nWe used 3 seeds.\n")
    root = tmp_path / "main.tex"
    root.write_text("\\documentclass{article}\n\\begin{document}\n\\input{a}\n\\input{b}\n\\end{document}\n")
    clear_all()
    build_document(load_project(root, {}))
    walked = []
    monkeypatch.setattr(build._Walk, "walk", lambda self, nodes, file, base, real=build._Walk.walk:
                        walked.append(file) or real(self, nodes, file, base))
    b = (tmp_path / "b.tex").read_text()
    for _ in range(2 * MAX_AGE):  # typing in b only
        b += "x"
        build_document(load_project(root, {tmp_path / "b.tex": b}))
    assert "a.tex" not in walked and "b.tex" in walked
    walked.clear()
    a = (tmp_path / "a.tex").read_text().replace("Paragraph 20:", "Paragraph 2O:")
    doc = build_document(load_project(root, {tmp_path / "b.tex": b, tmp_path / "a.tex": a}))
    chunks = len(split_chunks(a))
    assert chunks > 10 and walked.count("a.tex") <= 4  # the first (in the paragraph \input opens), the edited
    # one and its neighbours (the edit may move a cut); the others replayed
    clear_all()
    fresh = build_document(load_project(root, {tmp_path / "b.tex": b, tmp_path / "a.tex": a}))
    assert summary(doc) == summary(fresh)


def test_idle_preparation_stops_as_soon_as_a_check_is_due(tmp_path):
    """The server prepares the next check in idle time and stops when an edit queues a check (a threading
    Event): the keystroke waits for one block's cues at most, not for the rest of the slice."""
    doc, _ = check(SAMPLES / "multifile" / "main.tex", None)
    todo = doc.kept(complete, list)
    assert todo  # blocks not tried with every cue yet
    due = threading.Event()
    due.set()
    assert prepare_next_check(doc, 60.0, due) is False
    assert len(doc.kept(complete, list)) == len(todo)  # not one block more
    assert prepare_next_check(doc, 60.0) is True
