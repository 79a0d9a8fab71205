"""Half-typed LaTeX and hostile files: a clear message, never a traceback, and the rest still checked."""

import os
import random

import pytest
from conftest import DEV, dev_papers, paper, write_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from latexgen import LATEX_TOKENS, mutate

from paperlint.engine.check import check_path, check_project
from paperlint.project.load import load_project

HALF_TYPED = [
    "\\section{Experiments\nWe ran 5 random seeds.", "\\begin{table}\nnever closed\n\\section{Next}\nSeeds 1-5.",
    "a stray $ dollar\n\nWe report the mean over 3 runs.", "\\verb", "\\verb|unterminated", "}}}} extra",
    "\\begin{document}", "\\end{itemize}", "\\sec", "\\begin{", "\\input{", "\\cite{", "\\url{http://x%",
    "\\href{", "{" * 3000 + "x", "\\begin{a}" * 600, "$" * 101, "\\\\" * 50, "\\iffalse never closed",
    "\\newcommand{\\x}[2]{#1", "\\def\\y", "\x00\x01\x02 control characters \x7f", "\\section*{}", "\\item",
    "\\footnote{\\footnote{\\footnote{", "\\caption{", "%" * 100, "\\begin{lstlisting}\nno end",
    "\\cite x and \\url y and \\href z",
]


@pytest.mark.parametrize("body", HALF_TYPED, ids=range(len(HALF_TYPED)))
def test_half_typed_latex_still_gives_a_report(tmp_path, body):
    root = write_project(tmp_path, {"main.tex": paper(body + "\n\n\\section{Limitations}\nOur method has limitations.")})
    r = check_path(root)
    assert len(r.verdicts) == 24
    status = {v.id: v.status for v in r.verdicts}
    if body.startswith("\\iffalse"):  # TeX skips the rest of the file: say so, where
        assert [(p.code, p.line) for p in r.problems] == [("unclosed-conditional", 4)]
    elif "{" * 3000 not in body and "\\begin{a}" * 600 not in body:
        assert status["limitations_discussed"] == "present"  # the rest of the paper is still read


def test_missing_begin_document_reads_the_file_as_body(tmp_path):
    root = write_project(tmp_path, {"main.tex": "\\section{Limitations}\nA limitation of our method is speed.\n"})
    assert {v.id: v.status for v in check_path(root).verdicts}["limitations_discussed"] == "present"


def test_directory_device_symlink_loop_and_large_file(tmp_path):
    (tmp_path / "folder.tex").mkdir()
    os.symlink("/dev/zero", tmp_path / "dev.tex")
    os.symlink(tmp_path / "loop2.tex", tmp_path / "loop1.tex")
    os.symlink(tmp_path / "loop1.tex", tmp_path / "loop2.tex")
    (tmp_path / "big.tex").write_text("x" * (5 * 1024 * 1024 + 10))
    root = write_project(tmp_path, {"main.tex": paper("\\input{folder}\\input{dev}\\input{loop1}\\input{big}\nText.")})
    r = check_path(root)
    messages = " ".join(p.message for p in r.problems)
    assert "folder" in messages and "regular file" in messages and "limit" in messages
    assert any("loop1.tex" in p.message and "symbolic links" in p.message for p in r.problems)
    assert r.files == ["main.tex"]


def test_unreadable_root_is_a_problem_not_a_crash(tmp_path):
    (tmp_path / "main.tex").write_bytes(b"\x00\x00binary")
    r = check_path(tmp_path / "main.tex")
    assert r.problems[0].code == "unreadable-file" and r.files == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(LATEX_TOKENS, max_size=80))
def test_generated_latex_never_raises_and_locations_are_inside_files(tmp_path, tokens):
    text = "\\documentclass{article}\n\\begin{document}\n" + "".join(tokens) + "\n\\end{document}\n"
    root = tmp_path / "main.tex"
    root.write_text(text)
    r1 = check_path(root)
    lines = text.split("\n")
    for v in r1.verdicts:
        for h in v.evidence:
            assert 1 <= h.line <= len(lines) and 1 <= h.column <= len(lines[h.line - 1]) + 1
    assert [v.as_dict() for v in check_path(root).verdicts] == [v.as_dict() for v in r1.verdicts]


@pytest.mark.skipif(not dev_papers(), reason="dev corpus not present")
def test_mutated_dev_papers_never_raise():
    rng = random.Random(1234)
    papers = dev_papers()
    for n in range(40):
        p = rng.choice(papers)
        project = load_project(DEV / p["slug"] / p["main"])
        for src in project.files.values():
            src.masked = mutate(src.masked, rng)
        r = check_project(project)
        for v in r.verdicts:
            for h in v.evidence:
                assert h.file in project.files and h.line >= 1


def lab_item(folder, item: str, pattern: str) -> None:
    """A .paperlint.yaml adding one item whose evidence is `pattern`."""
    (folder / ".paperlint.yaml").write_text(f"""items:
  - id: {item}
    title: Lab item
    message: m
    definition: d
    evidence: {{present: ['{pattern}']}}
    fix: {{snippet: 'TODO'}}
""")


def test_a_lab_pattern_that_backtracks_for_ever_is_stopped_and_reported(tmp_path):
    lab_item(tmp_path, "lab_slow", "(a|aa)+$")
    body = "a" * 60 + "b\n\n\\section{Limitations}\nOur method has limitations."
    root = write_project(tmp_path, {"main.tex": paper(body)})
    r = check_path(root)
    status = {v.id: v.status for v in r.verdicts}
    assert status["lab_slow"] == "missing" and status["limitations_discussed"] == "present"
    problem = next(p for p in r.problems if p.code == "pattern-timeout")
    assert "lab_slow" in problem.message and "(a|aa)+$" in problem.message


def test_a_lab_pattern_with_a_named_group_runs(tmp_path):
    lab_item(tmp_path, "lab_gpus", r"(?P<count>\d+)\s+(?P<kind>A100|V100)\s+GPUs")
    root = write_project(tmp_path, {"main.tex": paper("We trained on 8 A100 GPUs for a day.")})
    r = check_path(root)
    assert {v.id: v.status for v in r.verdicts}["lab_gpus"] == "present"
    assert not [p for p in r.problems if p.code == "config-error"]
