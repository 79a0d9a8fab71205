"""Loading a paper: roots, includes, what counts as compiled, problems reported with locations."""

import random
import re
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import write_project

from paperlint.project.compiled import mask_comments, mask_dead_code
from paperlint.project.load import load_project
from paperlint.project.roots import find_roots, is_root_text, resolve_root


def compiled(text: str, toggles=None) -> str:
    masked, _ = mask_comments(text)
    return mask_dead_code(masked, {} if toggles is None else toggles)


def test_comments_are_blanked_but_offsets_kept():
    text = "keep % drop this\nline two \\% stays \\\\% drops\n"
    out = compiled(text)
    assert len(out) == len(text) and out.count("\n") == text.count("\n")
    assert "drop this" not in out and "keep" in out
    assert "\\% stays" in out and "drops" not in out


def test_percent_inside_url_is_not_a_comment():
    out = compiled("see \\url{https://x.org/a%20b} and more\n")
    assert "a%20b} and more" in out


def test_verbatim_and_verb_keep_percent():
    out = compiled("\\begin{lstlisting}\nx = 5 % 2\n\\end{lstlisting}\n\\verb|100%| ok\n")
    assert "x = 5 % 2" in out and "\\verb|100%| ok" in out


def test_iffalse_and_comment_environment_are_dropped():
    out = compiled("a \\iffalse hidden {\\iftrue nested\\fi} \\else shown \\fi b\n"
                   "\\begin{comment}\nsecret\n\\end{comment}\nafter\n")
    assert "hidden" not in out and "nested" not in out and "shown" in out
    assert "secret" not in out and "after" in out


def test_newif_toggles_decide_branches_in_document_order():
    toggles = {}
    out = compiled("\\newif\\ifdraft\n\\drafttrue\n\\ifdraft DRAFT\\else FINAL\\fi\n\\draftfalse\n"
                   "\\ifdraft LATE-DRAFT\\else LATE-FINAL\\fi\n", toggles)
    assert "DRAFT" in out.split("FINAL")[0] and "LATE-FINAL" in out and "LATE-DRAFT" not in out
    assert toggles == {"draft": False}


def test_unknown_conditionals_keep_both_branches():
    out = compiled("\\ifx\\a\\b yes \\else no \\fi\n")
    assert "yes" in out and "no" in out


def test_everything_after_end_document_is_dropped():
    out = compiled("\\begin{document}x\\end{document}\nafter the end\n")
    assert "after the end" not in out


def test_paperlint_directives_are_read_from_comments():
    _, d = mask_comments("x\n% paperlint: ignore random_seeds, hardware_specified -- theory paper\n")
    assert d[0].verb == "ignore" and d[0].items == ("random_seeds", "hardware_specified")
    assert d[0].reason == "theory paper" and d[0].line == 2


def test_includes_in_compile_order_with_and_without_extension(tmp_path):
    root = write_project(tmp_path, {
        "main.tex": "\\documentclass{article}\\begin{document}\n\\input{a}\n\\include{sub/b}\n"
                    "\\input sections/c.tex\n\\subfile{d.tex}\n\\end{document}\n",
        "a.tex": "A", "sub/b.tex": "B", "sections/c.tex": "C", "d.tex": "D"})
    p = load_project(root)
    assert p.order == ["main.tex", "a.tex", "sub/b.tex", "sections/c.tex", "d.tex"]
    assert p.problems == []


def test_import_subimport_and_input_path(tmp_path):
    root = write_project(tmp_path, {
        "main.tex": "\\makeatletter\\def\\input@path{{parts/}}\\makeatother\n\\begin{document}\n"
                    "\\import{chap/}{one}\n\\input{two}\n\\end{document}\n",
        "chap/one.tex": "\\subimport{inner/}{deep}", "chap/inner/deep.tex": "deep", "parts/two.tex": "two"})
    p = load_project(root)
    assert p.order == ["main.tex", "chap/one.tex", "chap/inner/deep.tex", "parts/two.tex"]


def test_missing_include_and_cycle_are_located_problems(tmp_path):
    root = write_project(tmp_path, {
        "main.tex": "\\begin{document}\n\\input{a}\n\n\\input{nowhere}\n\\end{document}\n",
        "a.tex": "x\n\\input{b}\n", "b.tex": "\\input{a}\n\\input{b}\n"})
    p = load_project(root)
    codes = {(q.code, q.file, q.line) for q in p.problems}
    assert ("missing-include", "main.tex", 4) in codes
    assert ("include-cycle", "b.tex", 1) in codes and ("include-cycle", "b.tex", 2) in codes
    assert p.order == ["main.tex", "a.tex", "b.tex"]


def test_commented_and_dead_includes_are_not_followed_and_unused_files_listed(tmp_path):
    root = write_project(tmp_path, {
        "main.tex": "\\begin{document}\n% \\input{old}\n\\iffalse\\input{older}\\fi\n\\input{live}\n\\end{document}\n",
        "old.tex": "o", "older.tex": "o", "live.tex": "l"})
    p = load_project(root)
    assert p.order == ["main.tex", "live.tex"] and p.unused == ["old.tex", "older.tex"]


def test_include_outside_folder_is_not_followed(tmp_path):
    (tmp_path / "outside.tex").write_text("secret")
    root = write_project(tmp_path / "paper", {"main.tex": "\\begin{document}\\input{../outside}\\end{document}"})
    p = load_project(root)
    assert p.order == ["main.tex"] and p.problems[0].code == "include-outside"


def test_latin1_file_is_read_with_a_warning_and_binary_is_skipped(tmp_path):
    (tmp_path / "lat.tex").write_bytes("caf\xe9".encode("latin-1"))
    (tmp_path / "bin.tex").write_bytes(b"\x00\x01\x02")
    root = write_project(tmp_path, {"main.tex": "\\begin{document}\\input{lat}\\input{bin}\\end{document}"})
    p = load_project(root)
    assert p.files["lat.tex"].text == "café"
    codes = {q.code for q in p.problems}
    assert {"encoding", "unreadable-file"} <= codes


def test_tex_root_comment_and_folder_roots(tmp_path):
    root = write_project(tmp_path, {
        "main.tex": "\\documentclass{article}\n\\begin{document}\\input{sec/a}\\end{document}\n",
        "sec/a.tex": "% !TEX root = ../main.tex\ntext\n",
        "other/paper.tex": "\\documentclass{article}\\begin{document}x\\end{document}",
        "other/notroot.tex": "% \\documentclass{article}\\begin{document}"})
    assert resolve_root(tmp_path / "sec/a.tex") == root.resolve()
    assert [p.name for p in find_roots(tmp_path)] == ["main.tex", "paper.tex"]


def test_overlay_text_replaces_disk(tmp_path):
    root = write_project(tmp_path, {"main.tex": "\\begin{document}\\input{a}\\end{document}", "a.tex": "disk"})
    p = load_project(root, overlay={tmp_path / "a.tex": "buffer"})
    assert p.files["a.tex"].text == "buffer"


def test_unused_files_leave_out_hidden_and_dependency_folders(tmp_path):
    root = write_project(tmp_path, {
        "main.tex": "\\documentclass{article}\n\\begin{document}\nText.\n\\end{document}\n",
        "drafts/old.tex": "Old.", ".git/x/y.tex": "Git.", ".hidden/a.tex": "A.", "node_modules/pkg/b.tex": "B."})
    assert load_project(root).unused == ["drafts/old.tex"]


def test_a_file_is_masked_for_dead_code_exactly_when_masking_could_change_it():
    from paperlint.project.load import _may_hide_code
    # a primitive conditional or a known toggle (whole names only), a declared toggle, \end{document}, a toggle set
    cases = {"\\ifx a": {}, "\\iftrue": {}, "\\if\\relax": {}, "\\ifdraft x": {"draft": None}, "\\newif\\ifdraft": {},
             "\\def\\x{\\ifx}": {}, "\\end \n{document}": {}, "\\draftfalse": {"draft": True}, "\\true": {"": True}}
    for text, toggles in cases.items():
        assert _may_hide_code(text, toggles), text
        assert not _may_hide_code(text.replace("\\", "/"), toggles), text
    for text, toggles in {"$a \\iff b$": {}, "\\ifdraftx": {"draft": None}, "\\ifdraft": {"Draft": None},
                          "\\newifx \\iff": {}, "\\draftfalsey": {"draft": True}, "\\def\\x{\\fi}": {},
                          "\\enddocument": {}, "\\if@x": {}, "\\Drafttrue": {"draft": True}}.items():
        assert not _may_hide_code(text, toggles), text


def test_line_and_column_of_offsets():
    from paperlint.project.model import SourceFile
    src = SourceFile(path=None, rel="a.tex", text="ab\n\ncd\r\nx\u2028y\n")
    assert [src.line_col(i) for i in (0, 2, 3, 4, 7, 8, 9, 10, 11, 99)] == \
        [(1, 1), (1, 3), (2, 1), (3, 1), (3, 4), (4, 1), (4, 2), (4, 3), (4, 4), (5, 1)]
    assert src.line_text(3) == "cd\r" and src.line_text(5) == ""
    assert SourceFile(path=None, rel="b.tex", text="").line_col(5) == (1, 1)


@pytest.mark.parametrize("text", [
    "\\verb|a\n% hidden\n\\verb+b+ % c\n|",  # a \verb left open on its line: the line break ends it
    "\\verb|a\n% hidden\n\nb % c\n",  # and when its delimiter never comes
    "\\url{x\n%y\n\n% z}",  # a URL left open: the blank line ends it
    "a % b\n\\begin{comment}\n% c\n\\end{comment} d % e\n",
])
def test_blanking_a_prefix_gives_the_prefix_of_the_whole(text):
    whole, _ = mask_comments(text)
    for end in range(len(text) + 1):
        assert mask_comments(text, end)[0] == whole[:end], end
    # and paragraph by paragraph (as after an edit) gives the whole's, too
    assert "".join(mask_comments(p)[0] for p in re.split(r"(?<=\n\n)", text)) == whole


def test_an_edited_open_file_is_masked_again_only_where_it_changed(monkeypatch):
    from paperlint.project import load
    pieces = ["We train with seed 3. % a comment {\n", "See \\verb|a%b| and \\url{x%y}.\n",
              "% paperlint: ignore seeds -- checked by hand\n", "\\section{Setup}\nText.\n"]
    text = "\n\n".join(pieces[i % 4] + f"Paragraph {i}.\n" for i in range(200))
    snippets = ["x", "%", "\n", "\n\n", "\n \n", "\\verb|", "\\url{", "}", "% paperlint: disable hardware\n"]
    # then environments that span paragraphs (all of the file is masked at once while one is there)
    spanning = ["\\begin{verbatim}\n% kept\n\n", "\\end{verbatim}", "\\begin \n\n{comment}", "\\end{comment}"]
    path, rng = Path("/paper/main.tex"), random.Random(5)
    masked_lengths = []
    whole = load.mask_comments
    monkeypatch.setattr(load, "mask_comments", lambda t: masked_lengths.append(len(t)) or whole(t))
    load._mask_comments(text, path)
    for step in range(600):
        at = rng.randrange(len(text) + 1)
        if rng.random() < 0.3:
            text = text[:at] + text[at + rng.randint(1, 60):]
        else:
            text = text[:at] + rng.choice(snippets + spanning * (step >= 300)) + text[at:]
        masked_lengths.clear()
        got = load._mask_comments(text, path)
        edited = sum(masked_lengths)
        assert got == masked_by_paragraph(text)
        if edited > 400 and "{verbatim}" not in text and "{comment}" not in text:
            pytest.fail(f"{edited} characters masked again after a one-place edit")
    # the space in `\\begin {comment}` may hold the blank line before the paragraph edited
    text = "Text.\n\n\\begin \n\nx % hidden?\n\n% more\n"
    load._LAST_MASKS.pop(path, None)
    load._mask_comments(text, path)
    text = text.replace("\nx", "\n{comment}x")
    assert load._mask_comments(text, path) == masked_by_paragraph(text) == mask_comments(text)
    load._LAST_MASKS.pop(path, None)


def masked_by_paragraph(text: str):
    """mask_comments paragraph by paragraph, unless a verbatim or comment environment may span paragraphs."""
    if re.search(r"\\begin\s*\{(verbatim|comment)\}", text):
        return mask_comments(text)
    masked, directives, start = [], [], 0
    for end in [m.end() for m in re.finditer(r"\n[ \t]*\n", text)] + [len(text)]:
        piece, lines = mask_comments(text[start:end]), text.count("\n", 0, start)
        masked.append(piece[0])
        directives += [replace(d, line=d.line + lines) for d in piece[1]]
        start = end
    return "".join(masked), directives


@pytest.mark.parametrize("text,root", [
    ("\\documentclass{article}\n\\begin{document}\nx\n\\end{document}\n", True),
    ("\\documentclass{article}\n% \\begin{document}\n\\begin{document}\nx\n", True),  # the second one counts
    ("% \\documentclass{article}\n\\begin{document}\n", False),
    ("\\documentclass{article}\n\\verb|x\n% \\begin{document}\n|\n", False),  # the \verb ends at the line break
    ("\\begin{document}\n\\documentclass{article}\n", True),  # in this order too, as before
    ("\\section{Intro}\n", False),
])
def test_a_root_has_documentclass_and_begin_document_outside_comments(text, root):
    assert is_root_text(text) is root
