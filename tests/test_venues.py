"""Venue detection, review and final mode, and the item kinds: section, forbidden, consistency, checklist."""

import pytest
from conftest import paper, write_project
from test_checklist_block import NEURIPS, question

from paperlint.engine.check import check_path
from paperlint.engine.fixes import answer_fix, item_fix
from paperlint.paper.build import build_document
from paperlint.paper.checklist_block import read_checklist
from paperlint.project.load import load_project

EXPERIMENTS = """\\section{Experiments}
We train our model with Adam and a learning rate of 0.001 for 10 epochs on CIFAR-10~\\cite{c}.
\\begin{table}\\begin{tabular}{lc} A & 91.2 \\\\ B & 92.3 \\\\ C & 93.1 \\\\ D & 94.4 \\end{tabular}\\end{table}
We evaluate the model on the test set and report the results.
"""


def run(tmp_path, body: str, preamble: str = "", profile=None, extra=None):
    root = write_project(tmp_path, {"main.tex": paper(body, preamble), **(extra or {})})
    return check_path(root, profile)


def verdict(report, item_id):
    return next(v for v in report.verdicts if v.id == item_id)


@pytest.mark.parametrize("preamble, profile, mode", [
    ("\\usepackage{neurips_2025}", "neurips-2025", "review"),
    ("\\usepackage[final]{neurips_2025}", "neurips-2025", "final"),
    ("\\usepackage[preprint]{neurips/neurips_2026}", "neurips-2025", "final"),
    ("\\usepackage{neurips_2024}", "neurips-2024", "review"),
    ("\\usepackage{icml2025}", "icml-2025", "review"),
    ("\\usepackage[accepted]{icml2025}", "icml-2025", "final"),
    ("\\usepackage{iclr2026_conference,times}\n% \\iclrfinalcopy", "iclr-2026", "review"),
    ("\\usepackage{iclr2026_conference,times}\n\\iclrfinalcopy", "iclr-2026", "final"),
    ("\\usepackage[review]{acl}", "acl-arr", "review"),
    ("\\usepackage{acl}", "acl-arr", "final"),
    ("\\usepackage[submission]{aaai2026}", "aaai-2026", "review"),
    ("\\usepackage{aaai2026}", "aaai-2026", "final"),
    ("\\usepackage{nips_2016}", "core", None),
])
def test_venue_style_picks_the_profile_and_the_mode(tmp_path, preamble, profile, mode):
    r = run(tmp_path, "Text.", preamble)
    assert (r.profile, r.venue.mode) == (profile, mode)


def test_chosen_profile_wins_over_the_style(tmp_path):
    r = run(tmp_path, "Text.", "\\usepackage[review]{acl}", profile="icml-2025")
    assert r.profile == "icml-2025" and r.venue.mode is None  # icml2025 is not loaded: mode unknown


LINK = "Our code is available at \\url{https://github.com/alice/method}.\n"


def test_anonymity_only_in_review_mode(tmp_path):
    review = run(tmp_path, EXPERIMENTS + LINK + "\\section*{Acknowledgements}\nThanks.", "\\usepackage{icml2025}")
    v = verdict(review, "submission_links_anonymized")
    found = " | ".join(h.text for h in v.evidence)
    assert v.status == "missing" and v.severity == "error"
    assert "github.com/alice" in found and "Acknowledgements" in found
    final = run(tmp_path, EXPERIMENTS + LINK, "\\usepackage[accepted]{icml2025}")
    assert verdict(final, "submission_links_anonymized").status == "not_applicable"


def test_anonymous_links_and_baseline_links_are_fine_in_review(tmp_path):
    body = EXPERIMENTS + "Code: \\url{https://anonymous.4open.science/r/x}. We use the official implementation " \
                         "of the baseline \\url{https://github.com/bob/baseline}.\n"
    assert verdict(run(tmp_path, body, "\\usepackage{icml2025}"), "submission_links_anonymized").status == "present"


def test_funding_only_in_final_mode(tmp_path):
    ack = "\\section*{Acknowledgements}\nWe thank Carol.\n"
    assert verdict(run(tmp_path, ack, "\\usepackage{neurips_2025}"), "funding_coi_disclosed").status == \
        "not_applicable"
    assert verdict(run(tmp_path, ack, "\\usepackage[final]{neurips_2025}"), "funding_coi_disclosed").status == "weak"
    funded = ack + "This work was supported by NSF grant IIS-1234567."
    assert verdict(run(tmp_path, funded, "\\usepackage[final]{neurips_2025}"), "funding_coi_disclosed").status == \
        "present"


@pytest.mark.parametrize("body, status", [
    ("\\section{Conclusion}\nDone.\n\\section*{Limitations}\nOnly English.\n\\bibliography{r}", "present"),
    ("\\section{Conclusion}\nDone.\n\\paragraph{Limitations} Only English.\n\\bibliography{r}", "weak"),
    ("\\section{Conclusion}\nDone.\n\\bibliography{r}\n\\appendix\n\\section{Limitations}\nOnly English.", "weak"),
    ("\\section{Conclusion}\nOur work has limitations.\n\\bibliography{r}", "missing"),
])
def test_section_kind_dedicated_limitations_before_the_references(tmp_path, body, status):
    v = verdict(run(tmp_path, body, "\\usepackage[review]{acl}"), "limitations_section")
    assert v.status == status
    if status == "missing":
        assert v.fix["insert_at"]["line"] and "\\section*{Limitations}" in v.fix["snippet"]


def test_icml_impact_statement_is_required(tmp_path):
    body = "\\section{Conclusion}\nDone.\n\\section*{Impact Statement}\nNone.\n\\bibliography{r}"
    assert verdict(run(tmp_path, body, "\\usepackage{icml2025}"), "impact_statement_section").status == "present"
    v = verdict(run(tmp_path, "Text.\n\\bibliography{r}", "\\usepackage{icml2025}"), "impact_statement_section")
    assert (v.status, v.severity) == ("missing", "error")


@pytest.mark.parametrize("extra, status", [
    ("Our method is significantly better than the baseline.", "missing"),
    ("Our method is significantly better than the baseline (paired t-test, $p < 0.01$).", "present"),
    ("The gain is statistically significant.", "weak"),
    ("Our method is considerably better than the baseline.", "present"),
])
def test_forbidden_kind_significance_without_a_test(tmp_path, extra, status):
    v = verdict(run(tmp_path, EXPERIMENTS + extra, "\\usepackage{neurips_2025}"),
                "significance_claimed_without_test")
    assert v.status == status
    if status == "missing":
        assert v.anchor.line == v.evidence[0].line and "significantly better" in v.evidence[0].text


def checklist(*questions) -> str:
    return "\\bibliography{r}\n\\section*{NeurIPS Paper Checklist}\n\\begin{enumerate}\n" + "".join(questions) + \
        "\\end{enumerate}\n"


def test_yes_without_evidence_is_reported(tmp_path):
    body = EXPERIMENTS + checklist(question("Experiment statistical significance", "\\answerYes{}",
                                            "Table~\\ref{t}.", "error bars statistical significance?"))
    v = verdict(run(tmp_path, body, "\\usepackage{neurips_2025}"), "answer_significance")
    assert v.status == "missing" and v.message.startswith("You answered Yes to Q7")
    assert "no error bars, standard deviations" in v.message and v.anchor.file == "main.tex"
    with_bars = EXPERIMENTS.replace("91.2", "91.2 $\\pm$ 0.3") + checklist(question(
        "Experiment statistical significance", "\\answerYes{}", "Table~\\ref{t}.", "error bars statistical "
        "significance?"))
    assert verdict(run(tmp_path, with_bars, "\\usepackage{neurips_2025}"), "answer_significance").status == "present"


def test_na_contradicted_by_the_paper(tmp_path):
    theory = "\\begin{theorem}X holds.\\end{theorem}\\begin{proof}Trivial.\\end{proof}\n"
    body = theory + checklist(question("Theory assumptions and proofs", "\\answerNA{}", "No theory.",
                                       "theoretical result assumptions proof"))
    v = verdict(run(tmp_path, body, "\\usepackage{neurips_2025}"), "answer_theory")
    assert v.status == "missing" and "You answered NA to Q3" in v.message and "theorem" in v.message


def test_unanswered_question_gets_the_answer_the_evidence_supports(tmp_path):
    body = EXPERIMENTS + "We used one NVIDIA A100 GPU for 6 hours.\n" + checklist(
        question("Experiments compute resources", "\\answerTODO{}", "\\justificationTODO{}", "computer resources"))
    r = run(tmp_path, body, "\\usepackage{neurips_2025}")
    v = verdict(r, "answer_compute")
    assert v.status == "missing" and "unanswered" in v.message
    edit = answer_fix(v)
    source = (tmp_path / "main.tex").read_text()
    fixed = edit.apply(source)
    assert "\\answerYes{}" in fixed.splitlines()[edit.line - 1] and "\\answerTODO" not in fixed
    # once answered, the TODO justification is the finding, and its fix points to the section with the evidence
    (tmp_path / "main.tex").write_text(fixed)
    v = verdict(check_path(tmp_path / "main.tex"), "answer_compute")
    assert v.status == "weak" and "justification" in v.message
    fixed = answer_fix(v).apply(fixed)
    assert "Justification: See Section ``Experiments''." in fixed


def test_answer_fix_refuses_a_file_that_changed(tmp_path):
    from paperlint.engine.fixes import StaleEdit
    body = EXPERIMENTS + checklist(question("Experiments compute resources", "\\answerTODO{}", "x", "computer "
                                            "resources"))
    edit = answer_fix(verdict(run(tmp_path, body, "\\usepackage{neurips_2025}"), "answer_compute"))
    edited = (tmp_path / "main.tex").read_text().replace("\\answerTODO{}", "\\answerNo{}")
    with pytest.raises(StaleEdit):
        edit.apply(edited)


def test_justification_pointing_nowhere_and_reworded_question(tmp_path):
    body = EXPERIMENTS + "Limitations: only English.\n" + checklist(
        question("Limitations", "\\answerYes{}", "We discuss them.", "Are there limitations?"),
        question("Code of ethics", "\\answerYes{}", "We follow it.", "Code of Ethics?"))
    r = run(tmp_path, body, "\\usepackage{neurips_2025}")
    v = verdict(r, "answer_limitations")
    assert v.status == "weak" and v.severity == "info" and "points to no section" in v.message
    assert verdict(r, "answer_ethics").status == "present"  # nothing to point to for the code of ethics
    reworded = EXPERIMENTS + checklist(question("Claims", "\\answerYes{}", "Section 1.", "Is the paper good?"))
    v = verdict(run(tmp_path, reworded, "\\usepackage{neurips_2025}"), "answer_claims")
    assert v.status == "weak" and "reworded" in v.message


def test_missing_question_is_inserted_before_the_next_one(tmp_path):
    body = checklist(question("Claims", "\\answerYes{}", "Section 1.", "main claims abstract and introduction"),
                     question("Theory assumptions and proofs", "\\answerNA{}", "None.", "theoretical result"))
    r = run(tmp_path, body, "\\usepackage{neurips_2025}")
    v = verdict(r, "answer_limitations")
    assert v.status == "missing" and "missing from the checklist" in v.message
    lines = (tmp_path / "main.tex").read_text().splitlines()
    edit = item_fix(v)
    assert lines[edit.line - 1].startswith("\\item {\\bf Theory") and "\\item {\\bf Limitations}" in edit.text


def test_missing_checklist_is_inserted_after_the_references(tmp_path):
    r = run(tmp_path, EXPERIMENTS + "\\bibliography{r}", "\\usepackage{neurips_2025}")
    v = verdict(r, "checklist_present_complete")
    assert (v.status, v.severity) == ("missing", "error")
    assert all(verdict(r, f"answer_{q}").status == "not_applicable" for q in ("claims", "llm"))
    edit = item_fix(v)
    fixed = "\n".join(edit.apply((tmp_path / "main.tex").read_text()).splitlines()) + "\n"
    (tmp_path / "main.tex").write_text(fixed)
    cl = read_checklist(build_document(load_project(tmp_path / "main.tex")))
    assert (cl.status, cl.format, cl.after_references) == ("active", "neurips-2025", True)
    assert len(cl.answers) == 16 and {a.answer for a in cl.answers} == {"todo"}
    r = check_path(tmp_path / "main.tex")
    assert verdict(r, "checklist_present_complete").status == "present"
    assert not [v for v in r.verdicts if v.id.startswith("answer_") and "reworded" in v.message]


def test_checklist_status_findings(tmp_path):
    commented = "\n".join("% " + line for line in NEURIPS.splitlines())
    v = verdict(run(tmp_path, "Text.\n" + commented, "\\usepackage{neurips_2024}"), "checklist_present_complete")
    assert v.status == "missing" and "commented out" in v.message
    r = run(tmp_path, "Text.\n\\bibliography{r}", "\\usepackage{neurips_2024}", extra={"checklist.tex": NEURIPS})
    v = verdict(r, "checklist_present_complete")
    assert v.status == "missing" and "no \\input reaches it" in v.message and item_fix(v).text.endswith(
        "\\input{checklist}\n\n")
    before = NEURIPS.replace("\\bibliography{refs}\n", "") + "\\bibliography{refs}\n"
    v = verdict(run(tmp_path, before, "\\usepackage{neurips_2024}"), "checklist_present_complete")
    assert v.status == "weak" and "before the references" in v.message


def test_aaai_answers_are_checked(tmp_path):
    aaai = ("\\bibliography{r}\n\\section*{Reproducibility Checklist}\n\\checksubsection{General}\n\\begin{itemize}\n"
            "\\question{Includes a conceptual outline and/or pseudocode}{(yes/partial/no/NA)}\nyes\n\\end{itemize}\n"
            "\\checksubsection{Theory}\n\\begin{itemize}\n\\question{Does this paper make theoretical "
            "contributions?}{(yes/no)}\nno\n\\end{itemize}\n")
    theory = "\\begin{theorem}X.\\end{theorem}\\begin{proof}Y.\\end{proof}\n"
    r = run(tmp_path, EXPERIMENTS + theory + aaai, "\\usepackage{aaai2026}")
    assert r.checklist.format == "aaai"
    assert verdict(r, "aaai_pseudocode").message.startswith("You answered Yes to Q1.1")
    assert "You answered No to Q2.1" in verdict(r, "aaai_theory_gate").message
    assert verdict(r, "checklist_present_complete").status == "present"
