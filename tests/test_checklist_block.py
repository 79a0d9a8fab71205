"""Reading the venue checklist in the paper: the forms, the status, and the dev papers against their labels."""

import pytest
import yaml
from conftest import DEV, dev_papers, paper, write_project

from paperlint.paper.build import build_document
from paperlint.paper.checklist_block import read_checklist
from paperlint.project.load import load_project

PAPERS = dev_papers()


def checklist_of(tmp_path, files: dict[str, str]):
    return read_checklist(build_document(load_project(write_project(tmp_path, files))))


def question(title: str, answer: str, justification: str, text: str = "Is it so?") -> str:
    return (f"\\item {{\\bf {title}}}\n    \\item[] Question: {text}\n    \\item[] Answer: {answer}"
            f" % Replace by \\answerYes{{}}, \\answerNo{{}}, or \\answerNA{{}}.\n"
            f"    \\item[] Justification: {justification}\n    \\item[] Guidelines:\n    \\begin{{itemize}}\n"
            f"        \\item The answer \\answerNA{{}} means nothing here.\n    \\end{{itemize}}\n")


NEURIPS = ("\\bibliography{refs}\n\\section*{NeurIPS Paper Checklist}\n"
           "Answer \\answerYes{}, \\answerNo{}, or \\answerNA{} (instructions).\n"
           "\\begin{itemize}\\item You should answer \\answerYes{}.\\end{itemize}\n\\begin{enumerate}\n"
           + question("Claims", "\\answerYes{}", "See Section~\\ref{sec:intro}.")
           + question("Limitations", "\\answerTODO{}", "\\justificationTODO{}")
           + question("Theory assumptions and proofs", "\\answerNA{}", "")
           + question("Experimental result reproducibility", "\\answerNo{See the appendix}", "TODO")
           + "\\item \\textbf{Open access to data and code}\n    \\item[] Answer: [Yes]\n"
           + "\\end{enumerate}\n")


def test_neurips_form_answers_and_justifications(tmp_path):
    cl = checklist_of(tmp_path, {"main.tex": paper(NEURIPS)})
    assert (cl.status, cl.format, cl.file) == ("active", "neurips-2024", "main.tex")
    got = [(a.n, a.title, a.answer, a.justification) for a in cl.answers]
    assert got == [(1, "Claims", "yes", "present"), (2, "Limitations", "todo", "todo"),
                   (3, "Theory assumptions and proofs", "na", "empty"),
                   (4, "Experimental result reproducibility", "no", "todo"),
                   (5, "Open access to data and code", "missing", "empty")]
    assert cl.answers[1].macro.text == "\\answerTODO{}" and cl.answers[1].slot.text == "\\justificationTODO{}"
    assert cl.answers[0].note == "See Section [ref]."
    assert cl.after_references is True
    src = (tmp_path / "main.tex").read_text().splitlines()
    assert "\\answerTODO{}" in src[cl.answers[1].line - 1]


def test_sixteen_questions_are_the_2025_form(tmp_path):
    body = "\\begin{enumerate}\n" + "".join(question(f"Q{i}", "\\answerYes{}", "Sec. 2.") for i in range(16)) \
        + "\\end{enumerate}\n"
    cl = checklist_of(tmp_path, {"main.tex": paper(body)})
    assert cl.format == "neurips-2025" and len(cl.answers) == 16


def test_checklist_before_the_references_is_noticed(tmp_path):
    body = NEURIPS.replace("\\bibliography{refs}\n", "") + "\\bibliography{refs}\n"
    assert checklist_of(tmp_path, {"main.tex": paper(body)}).after_references is False


LEGACY = """\\section*{Checklist}
\\begin{itemize}
  \\item Did you include the license? \\answerYes{See Section.}
\\end{itemize}
\\begin{enumerate}
\\item For all authors...
\\begin{enumerate}
  \\item Do the main claims reflect the contributions?
    \\answerYes{}
  \\item Did you describe the limitations of your work?
    \\answerYes{See Section~\\ref{sec:limits}}
\\end{enumerate}
\\item If you ran experiments...
\\begin{enumerate}
  \\item Did you include the code?
    \\answerNo{It is proprietary.}
  \\item Did you report error bars?
    \\answerTODO{}
  \\item Did you include the compute?
\\end{enumerate}
\\end{enumerate}
"""


def test_2021_2023_nested_form_with_ids_like_3c(tmp_path):
    cl = checklist_of(tmp_path, {"main.tex": paper(LEGACY)})
    assert cl.format == "neurips-legacy"
    assert [(a.n, a.answer, a.justification) for a in cl.answers] == [
        ("1a", "yes", "empty"), ("1b", "yes", "present"), ("2a", "no", "present"), ("2b", "todo", "empty"),
        ("2c", "missing", "empty")]


AAAI = """\\section*{Reproducibility Checklist}
\\string\\question \\{Proofs of all novel claims are included\\} \\{(yes/partial/no)\\}
\\checksubsection{General Paper Structure}
\\begin{itemize}
\\question{Includes pseudocode of the AI methods introduced}{(yes/partial/no/NA)}
yes
\\question{Clearly delineates opinions from facts}{(yes/no)}
Type your response here
\\end{itemize}
\\checksubsection{Computational Experiments}
\\begin{itemize}
\\question{Does this paper include computational experiments?}{(yes/no)}
no
\\ifyespoints{If yes, please address the following points:}
\\begin{itemize}
\\question{The method used for setting seeds is described}{(yes/partial/no/NA)}
partial
\\question{This paper states the number of algorithm runs}{(yes/no)}
maybe
\\end{itemize}
\\end{itemize}
"""


def test_aaai_question_form(tmp_path):
    cl = checklist_of(tmp_path, {"main.tex": paper(AAAI)})
    assert cl.format == "aaai"
    assert [(a.n, a.answer) for a in cl.answers] == [("1.1", "yes"), ("1.2", "todo"), ("2.1", "no"),
                                                     ("2.2", "partial"), ("2.3", "missing")]
    assert cl.answers[1].macro.text == "Type your response here"


def test_commented_out_checklist(tmp_path):
    commented = "\n".join("% " + line for line in LEGACY.splitlines())
    cl = checklist_of(tmp_path, {"main.tex": paper("Text.\n\\bibliography{refs}\n" + commented)})
    assert (cl.status, cl.format) == ("commented_out", "neurips-legacy")
    assert cl.line == 6  # the commented heading, in the real file


def test_checklist_in_a_file_nobody_inputs(tmp_path):
    cl = checklist_of(tmp_path, {"main.tex": paper("Text.\n\\input{intro}\n"), "intro.tex": "Intro.\n",
                                 "extra/checklist.tex": NEURIPS})
    assert (cl.status, cl.format, cl.file) == ("not_included", "neurips-2024", "extra/checklist.tex")


def test_included_checklist_is_active_and_after_references(tmp_path):
    cl = checklist_of(tmp_path, {"main.tex": paper("Text.\n\\bibliography{refs}\n\\input{checklist}\n"),
                                 "checklist.tex": NEURIPS.replace("\\bibliography{refs}\n", "")})
    assert (cl.status, cl.file, cl.after_references) == ("active", "checklist.tex", True)


def test_other_venue_checklist_is_active_but_not_read(tmp_path):
    body = "\\section*{Checklist}\n\\begin{enumerate}\n\\item A clear description. [Yes/No/Not Applicable]\n" \
           "\\end{enumerate}\n"
    cl = checklist_of(tmp_path, {"main.tex": paper(body)})
    assert (cl.status, cl.format, cl.answers) == ("active", "other", [])


def test_no_checklist(tmp_path):
    cl = checklist_of(tmp_path, {"main.tex": paper("We answer questions about a checklist of tasks.\n")})
    assert cl.status == "absent" and cl.as_dict()["answers"] == []


@pytest.mark.skipif(not PAPERS, reason="dev corpus not present")
@pytest.mark.parametrize("p", PAPERS, ids=[p["slug"] for p in PAPERS])
def test_dev_paper_checklist_matches_its_label(p):
    gold = yaml.safe_load((DEV / "labels" / f"{p['slug']}.yaml").read_text())["checklist"]
    cl = read_checklist(build_document(load_project(DEV / p["slug"] / p["main"])))
    assert cl.status == gold["status"]
    if gold["status"] != "absent":
        assert cl.format == gold["format"]
    got = {str(a.n): (a.answer, a.justification) for a in cl.answers}
    for want in gold.get("answers") or []:
        assert got.get(str(want["n"])) == (want["answer"], want["justification"]), want


def test_checklist_markers_are_found_in_any_case_and_only_as_whole_macros():
    from paperlint.paper.checklist_block import _MARKERS
    text = "\\answerYes{} \\ANSWERna \\JustificationTODO \\question{1} \\Section*{Paper Checklist} \\answerNAx \\answers"
    assert [m.group(0) for m in _MARKERS.finditer(text)] == \
        ["\\answerYes", "\\ANSWERna", "\\JustificationTODO", "\\question", "\\Section*{Paper Checklist"]
