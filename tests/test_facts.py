"""Paper facts decide applicability: from structure and the authors' own sentences."""

from conftest import SAMPLES

from paperlint.engine.check import check_path
from paperlint.paper.facts import decide_facts


def facts_of(doc_of, body, preamble=""):
    return decide_facts(doc_of(body, preamble))


def test_samples_have_the_expected_types():
    assert check_path(SAMPLES / "complete" / "main.tex").facts.type == "empirical"
    assert check_path(SAMPLES / "theory" / "main.tex").facts.type == "theory"
    assert check_path(SAMPLES / "position" / "main.tex").facts.type == "position"


def test_theory_needs_theorems_with_proofs(doc_of):
    f = facts_of(doc_of, "\\begin{theorem}X.\\end{theorem}\\begin{proof}Y.\\end{proof}",
                 "\\newtheorem{theorem}{Theorem}")
    assert f["has_theory"] and f.type == "theory"
    assert not facts_of(doc_of, "We prove nothing. A theorem by \\cite{a} says X.")["has_theory"]


def test_renamed_theorem_environments_count(doc_of):
    f = facts_of(doc_of, "\\begin{thm}X.\\end{thm}\\begin{proof}Y.\\end{proof}", "\\newtheorem{thm}{Theorem}")
    assert f["has_theory"]


def test_human_subjects_only_for_the_authors_study(doc_of):
    assert facts_of(doc_of, "We conducted a user study with 24 participants.")["human_subjects"]
    assert not facts_of(doc_of, "\\section{Related work}\nPrior user studies~\\cite{a} found X.")["human_subjects"]
    assert not facts_of(doc_of, "Clients in partial participation send updates.")["human_subjects"]


def test_survey_is_not_asked_for_seeds_or_hardware(tmp_path):
    tex = tmp_path / "s.tex"
    tex.write_text("\\documentclass{article}\\title{A Survey of Graph Neural Networks}\\begin{document}"
                   "\\section{Introduction} This survey reviews methods.\\end{document}")
    r = check_path(tex)
    status = {v.id: v.status for v in r.verdicts}
    assert r.facts.type == "survey"
    assert status["random_seeds"] == "not_applicable" and status["hardware_specified"] == "not_applicable"


def test_every_fact_has_a_reason_and_true_facts_have_evidence():
    r = check_path(SAMPLES / "complete" / "main.tex")
    for name, fact in r.facts.flags.items():
        assert fact.reason
        if fact.value and name not in ("creates_data",):
            assert fact.evidence, name


def test_formal_results_typed_as_bold_text_count_as_theory(doc_of):
    f = facts_of(doc_of, """\\textbf{Proposition 1 (Endpoints).} Let $X$ be standard normal. Then $f(0)=1$.

    \\emph{Proof.} Direct computation.""")
    assert f["has_theory"]


def test_survey_quoting_others_results_has_no_experiments(doc_of):
    body = """\\section{Evaluation and implementation concerns}
    \\begin{tabular}{lcc} A & 151.6 & 73.8 \\\\ B & 126.0 & 101.2 \\\\ C & 99.1 & 88.0 \\end{tabular}
    Other authors found the two samplers behave alike."""
    f = facts_of(doc_of, body, "\\title{A Survey of Inference for Topic Models}")
    assert f.type == "survey" and not f["has_experiments"] and not f["proposes_method"]


def test_hypothetical_or_cited_studies_are_not_human_subjects(doc_of):
    assert not facts_of(doc_of, "A human study replicating our setup would help validate the effects.")["human_subjects"]
    assert not facts_of(doc_of, "They also performed a user study and found a preference.")["human_subjects"]


def test_internal_or_toy_data_is_not_a_new_dataset(doc_of):
    f = facts_of(doc_of, "To pretrain our models, we build a large-scale internal dataset of driving videos.")
    assert not f["new_dataset"] and f["creates_data"]
    f = facts_of(doc_of, "To illustrate the kernels, we generate a toy dataset with two features.")
    assert not f["creates_data"]
    assert facts_of(doc_of, "We introduce \\textbf{SkyCloud}, a large-scale satellite dataset of clouds.")["new_dataset"]


def test_code_link_in_the_author_block_is_evidence(tmp_path):
    from conftest import write_project
    from paperlint.engine.check import check_path
    root = write_project(tmp_path, {"main.tex": """\\documentclass{article}
    \\title{X}
    \\author{Ada\\thanks{Code and data available at https://github.com/ada/x}}
    \\begin{document}\\maketitle
    \\section{Experiments} We train a model for 10 epochs and evaluate it on two benchmarks.
    \\end{document}"""})
    status = {v.id: v.status for v in check_path(root).verdicts}
    assert status["code_released"] == "present"
    # after a long preamble, on the line of the title: found, and quoted from its line
    macros = "".join(f"\\newcommand{{\\m{chr(97 + i % 26)}{i // 26}}}{{x}}\n" for i in range(200))
    root = write_project(tmp_path / "long", {"main.tex": f"""\\documentclass{{article}}
{macros}\\title{{X}} \\author{{Ada\\thanks{{Code and data available at https://github.com/ada/x}}}}
\\begin{{document}}\\maketitle
\\section{{Experiments}} We train a model for 10 epochs and evaluate it on two benchmarks.
\\end{{document}}"""})
    code = next(v for v in check_path(root).verdicts if v.id == "code_released")
    assert code.status == "present" and code.evidence[0].line == 202


def test_a_hypothesis_is_not_a_proposed_method(doc_of):
    assert not facts_of(doc_of, "We propose that reasoning models are less biased than others.")["proposes_method"]
    assert facts_of(doc_of, "We propose GraphMix, a method that mixes node features.")["proposes_method"]


def test_fine_tuning_is_training(doc_of):
    f = facts_of(doc_of, "Full fine-tuning updates all parameters of OPT-1.3B. Training was performed on one GPU.")
    assert f["trains_models"]


def test_models_mentioned_as_data_sources_are_not_used(doc_of):
    body = "The default setting of the benchmark excludes GPT-3.5 corrected text, and we followed it."
    assert not facts_of(doc_of, body)["uses_pretrained_llm"]
    body = "We experiment with BERT and DistilBERT classifiers.\n\nWe fine-tune BERT on the training set."
    assert facts_of(doc_of, body)["uses_pretrained_llm"]


def test_human_evaluation_data_from_others_is_not_a_human_study(doc_of):
    assert not facts_of(doc_of, "Our metric correlates well with human evaluation scores of the shared task.")[
        "human_subjects"]
    assert facts_of(doc_of, "We conducted a human evaluation with three expert raters.")["human_subjects"]


def test_pretraining_counts_for_contamination_only_with_public_benchmarks(doc_of):
    alone = "We pretrain a 160M model on 2.5B tokens and report held-out perplexity."
    assert not facts_of(doc_of, alone)["large_scale_pretraining"]
    scored = alone + " We then evaluate it on standard downstream benchmarks."
    assert facts_of(doc_of, scored)["large_scale_pretraining"]


def test_position_only_in_the_papers_own_words_and_never_with_experiments(doc_of):
    f = facts_of(doc_of, """\\section{Experiments}
    We evaluate four models on 720 sentence pairs; all models converge on this position as suspicious.
    \\begin{tabular}{lcc} A & 0.81 & 0.77 \\\\ B & 0.64 & 0.59 \\\\ C & 0.70 & 0.61 \\end{tabular}""")
    assert f.type != "position"
    assert facts_of(doc_of, "In this position paper we argue that venues should check papers.").type == "position"


def test_negated_and_common_word_model_names_are_not_model_use(doc_of):
    assert not facts_of(doc_of, "We intentionally avoided large language models and used TF-IDF features.")[
        "uses_pretrained_llm"]
    assert not facts_of(doc_of, "We used 30 s clips sampled from each track.")["uses_pretrained_llm"]
    assert facts_of(doc_of, "We used SciBERT to encode the abstracts.")["uses_pretrained_llm"]


def test_passive_past_training_and_rl_episodes_are_training(doc_of):
    assert facts_of(doc_of, "The four agents were trained using daily exchange rates.")["trains_models"]
    assert not facts_of(doc_of, "In general, such an algorithm is trained with a fixed parameter.")["trains_models"]


def test_named_benchmarks_and_custom_suites(doc_of):
    f = facts_of(doc_of, "We use the CLRS 30 benchmark and a custom fine-grained evaluation suite.")
    assert f["uses_existing_assets"] and f["creates_data"]
