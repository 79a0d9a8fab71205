"""Each core item on short sentences written for these tests: what counts, what is weak, and the traps."""

import pytest

CASES = [
    # limitations_discussed
    ("limitations_discussed", "\\section{Limitations}\nWe only test English.", "present"),
    ("limitations_discussed", "A key limitation of our approach is its memory use.", "present"),
    ("limitations_discussed", "Our method has several limitations that we list here.", "present"),
    ("limitations_discussed", "The results may not generalize to larger models.", "present"),
    ("limitations_discussed", "We leave larger models to future work.", "weak"),
    ("limitations_discussed", "We address the limitations of prior work on pruning.", "missing"),
    ("limitations_discussed", "The method is free to use without limitation.", "missing"),
    # broader_impacts
    ("broader_impacts", "\\section*{Broader Impact}\nNone foreseen.", "present"),
    ("broader_impacts", "Such a detector could be misused to censor speech.", "present"),
    ("broader_impacts", "We discuss the negative societal impacts of face recognition.", "present"),
    ("broader_impacts", "We study the impact of the learning rate on accuracy.", "missing"),
    ("broader_impacts", "The method has potential applications in medicine.", "weak"),
    # theory
    ("theory_assumptions_stated", "\\begin{assumption}$f$ is smooth.\\end{assumption}", "present"),
    ("theory_assumptions_stated", "Suppose that the loss is convex and bounded.", "present"),
    ("theory_assumptions_stated", "The loss is minimised by gradient descent.", "missing"),
    ("theory_proofs_complete", "\\begin{proof}Trivial.\\end{proof}", "present"),
    ("theory_proofs_complete", "The proof of Theorem 2 is given in Appendix B.", "present"),
    ("theory_proofs_complete", "The proof is omitted for brevity.", "weak"),
    # method_pseudocode
    ("method_pseudocode", "\\begin{algorithm}\\caption{Ours}\\end{algorithm}", "present"),
    ("method_pseudocode", "Our method first samples, then updates the weights.", "missing"),
    # dataset_splits
    ("dataset_splits", "We use an 80/10/10 split into training, validation and test sets.", "present"),
    ("dataset_splits", "The corpus has 12,000 documents for training and 3,000 for testing.", "present"),
    ("dataset_splits", "We report 5-fold cross-validation accuracy.", "present"),
    ("dataset_splits", "We hold out 10\\% of the data as a test set.", "present"),
    ("dataset_splits", "We follow the standard split of~\\cite{x} for all datasets.", "present"),
    ("dataset_splits", "We report accuracy on the test set.", "weak"),
    ("dataset_splits", "A paired t-test compares the two models.", "missing"),
    ("dataset_splits", "Sentences are split into tokens with a BPE tokenizer.", "missing"),
    # code_released
    ("code_released", "Code is available at \\url{https://github.com/someone/method}.", "present"),
    ("code_released", "Our implementation is at \\url{https://anonymous.4open.science/r/abc}.", "present"),
    ("code_released", "The supplementary material contains the code for all experiments.", "present"),
    ("code_released", "The code will be made publicly available upon acceptance.", "weak"),
    ("code_released", "Code is available upon request.", "weak"),
    ("code_released", "We use the official implementation of the baseline~\\cite{b}"
                      "\\footnote{\\url{https://github.com/other/baseline}}.", "missing"),
    # data_released
    ("data_released", "The dataset is publicly available at \\url{https://zenodo.org/record/1}.", "present"),
    ("data_released", "We release the benchmark on \\url{https://huggingface.co/datasets/me/bench}.", "present"),
    ("data_released", "The dataset will be released upon acceptance.", "weak"),
    # software_versions
    ("software_versions", "We use PyTorch 2.1 and CUDA 12.1.", "present"),
    ("software_versions", "Classifiers come from scikit-learn, version 1.3.2.", "present"),
    ("software_versions", "The environment is given in requirements.txt.", "present"),
    ("software_versions", "Our implementation uses PyTorch.", "weak"),
    ("software_versions", "We compare with YOLOv8 and GPT-4.", "missing"),
    # hyperparameters_final
    ("hyperparameters_final", "We use a learning rate of 3e-4 and batch size 64 for 20 epochs.", "present"),
    ("hyperparameters_final", "Decoding uses temperature 0.7 and top-p 0.95.", "present"),
    ("hyperparameters_final", "We train with default hyperparameters.", "weak"),
    ("hyperparameters_final", "\\begin{theorem}With step size 0.5 the iterates converge.\\end{theorem}", "missing"),
    # hyperparameter_search_and_selection
    ("hyperparameter_search_and_selection",
     "We use grid search over learning rates in \\{0.1, 0.01\\} and select on validation loss.", "present"),
    ("hyperparameter_search_and_selection", "The regularization weight was tuned on the validation set.", "present"),
    ("hyperparameter_search_and_selection", "Hyperparameters are borrowed from the original tutorial.", "weak"),
    ("hyperparameter_search_and_selection", "We decode with beam search of width 4.", "missing"),
    # random_seeds
    ("random_seeds", "All results are averaged over 5 random seeds.", "present"),
    ("random_seeds", "We fix the seed to 42.", "present"),
    ("random_seeds", "Each experiment is repeated 5 times with different initializations.", "present"),
    ("random_seeds", "We expand a seed dataset of 200 prompts.", "missing"),
    ("random_seeds", "Seed words are taken from a sentiment lexicon.", "missing"),
    # number_of_runs_and_aggregation
    ("number_of_runs_and_aggregation", "We report the mean over 3 independent runs.", "present"),
    ("number_of_runs_and_aggregation", "All numbers come from a single run.", "present"),
    ("number_of_runs_and_aggregation", "The runtime grows linearly.", "missing"),
    # error_bars_or_ci
    ("error_bars_or_ci", "Accuracy is 91.2 $\\pm$ 0.3.", "present"),
    ("error_bars_or_ci", "Shaded regions show one standard deviation.", "present"),
    ("error_bars_or_ci", "We give 95\\% confidence intervals from 1000 bootstrap samples.", "present"),
    ("error_bars_or_ci", "Accuracy is 91.2 \\std{0.3}.", "present"),
    ("error_bars_or_ci", "\\begin{tabular}{lS} Ours & \\num{91.23(12)} \\end{tabular}", "present"),
    ("error_bars_or_ci", "\\begin{tabular}{lc} Ours & \\num{91.2 +- 0.3} \\end{tabular}", "present"),
    ("error_bars_or_ci", "Equation (3.1) follows from Lemma 2.", "missing"),
    ("error_bars_or_ci", "\\begin{lemma}Then $x = a \\pm 0.5$.\\end{lemma}", "missing"),
    ("error_bars_or_ci", "Labels take values $\\pm 1$ labels in our setup.", "missing"),
    # significance_tests
    ("significance_tests", "A paired t-test gives $p < 0.01$.", "present"),
    ("significance_tests", "We use the Wilcoxon signed-rank test.", "present"),
    ("significance_tests", "Our method is statistically significantly better.", "weak"),
    ("significance_tests", "This result is of great significance for the field.", "missing"),
    # hardware_specified
    ("hardware_specified", "Experiments ran on 8 NVIDIA A100 80GB GPUs.", "present"),
    ("hardware_specified", "We use a single GeForce GTX 1080 Ti.", "present"),
    ("hardware_specified", "Timings are on an Intel Xeon Gold 6226R CPU.", "present"),
    ("hardware_specified", "All models were trained on a GPU.", "weak"),
    ("hardware_specified", "We ran the jobs on our cluster.", "weak"),
    ("hardware_specified", "\\section{Related work}\n\\cite{a} trained on 1024 V100 GPUs.", "missing"),
    # compute_budget
    ("compute_budget", "Training takes about 6 hours per model.", "present"),
    ("compute_budget", "The project used 900 GPU hours in total.", "present"),
    ("compute_budget", "Our method is 2$\\times$ slower than the baseline.", "weak"),
    ("compute_budget", "The corpus contains 100 hours of speech.", "missing"),
    # baselines_included
    ("baselines_included", "We compare against three baselines.", "present"),
    ("baselines_included", "We apply baseline correction to the spectra.", "missing"),
    # ablation_study
    ("ablation_study", "\\section{Ablation study}\nRemoving the loss hurts.", "present"),
    ("ablation_study", "Without the contrastive loss term accuracy drops by 3 points.", "present"),
    ("ablation_study", "We compare three alternative copula families.", "weak"),
    ("ablation_study", "Cardiac ablation is a common procedure.", "missing"),
    # contamination_addressed
    ("contamination_addressed", "We check for benchmark contamination with 13-gram overlap.", "present"),
    ("contamination_addressed", "We remove training images that overlap with the test set.", "present"),
    ("contamination_addressed", "Some datasets have contaminated labels.", "missing"),
    # asset_licenses_terms
    ("asset_licenses_terms", "The dataset is released under CC BY 4.0.", "present"),
    ("asset_licenses_terms", "LIBSVM data are used under the 3-clause BSD license.", "present"),
    ("asset_licenses_terms", "We use the models under their respective terms of service.", "weak"),
    ("asset_licenses_terms", "Images of license plates were blurred.", "missing"),
    ("asset_licenses_terms", "Labels were checked by a licensed physician.", "missing"),
    # irb_approval_risks
    ("irb_approval_risks", "The study was approved by our Institutional Review Board.", "present"),
    ("irb_approval_risks", "Participants gave informed consent.", "present"),
    ("irb_approval_risks", "Participants rated the images.", "missing"),
    # participant_compensation_recruitment
    ("participant_compensation_recruitment", "Raters were recruited via Prolific and paid \\$12 per hour.", "present"),
    ("participant_compensation_recruitment", "We asked 20 participants to rate images.", "weak"),
    # traps and cues added while measuring on real papers (sentences written for these tests)
    ("significance_tests", "Decoding uses temperature 0.6 and top-p=0.9 for every model.", "missing"),
    ("significance_tests", "We set p=0.3 as the mixing weight of the two losses.", "missing"),
    ("significance_tests", "The gain is significant (p = 0.003, paired t-test).", "present"),
    ("limitations_discussed", "The limitations of our approach are discussed in Appendix C.", "weak"),
    ("code_released", "We evaluate on the CelebA split\\footnote{\\url{https://github.com/org/celeba/data/split}}.",
     "missing"),
    ("code_released", "The code to reproduce every table is available\\footnote{\\url{https://github.com/me/paper}}.",
     "present"),
    ("code_released", "Region maps come from the XYZ tool\\footnote{\\url{http://code.google.com/p/xyz/}}.", "missing"),
    ("hyperparameter_search_and_selection",
     "Further gains could be achieved through tuning and hyper-parameter optimization.", "weak"),
    ("hyperparameters_final", "Each player controls up to 150 units in a game of 20 rounds.", "missing"),
    ("ablation_study", "We do not have any experiments or ablations in this part.", "missing"),
    ("ablation_study", "Using the curvature loss instead of the plain loss gives a 4\\% accuracy improvement.", "present"),
    ("error_bars_or_ci", "For each clip we compute the mean, standard deviation, skewness and kurtosis of the MFCCs.",
     "missing"),
    ("dataset_splits", "We keep the year 2022 for both validation and testing and train on earlier years.", "present"),
    ("dataset_splits", "Setting the radius to 2 yields a 40/60 ratio of inner to outer neighbours.", "missing"),
    ("compute_budget", "The model reaches 85.62 accuracy and its training time is about 16 hours.", "present"),
    ("compute_budget", "The measured runtime is the total training time divided by the number of steps.", "weak"),
    ("contamination_addressed", "The test molecules were never seen during training of the surrogate.", "missing"),
    ("software_versions", "See https://example.org/docs/r0.8/tutorial for the tutorial we followed.", "missing"),
    ("random_seeds", "We run each fine-tuning experiment four times and report the average.", "present"),
    # general failure modes found on papers the rules were not written on (sentences written for these tests)
    ("hyperparameters_final", "ZO-SGD needs only 2d+1 function evaluations per iteration.", "missing"),
    ("hyperparameters_final", "We use SignSGD with momentum, using only 3 queries per step.", "missing"),
    ("hyperparameters_final", "Learning rate: $\\gamma \\in [10^{-6}, 10^{-1}]$ was searched.", "missing"),  # a range is not the value used
    ("hyperparameters_final", "We use SGD with momentum 0.9 and weight decay of 5e-4.", "present"),
    ("number_of_runs_and_aggregation", "Scores were aggregated across three models from two vendors.", "missing"),
    ("contamination_addressed", "Metrics range from n-gram overlap to semantic similarity.", "missing"),
    ("contamination_addressed", "We measure n-gram overlap between the pretraining corpus and the test set.", "present"),
    ("compute_budget", "Each run completed within 10 hours.", "present"),
    ("compute_budget", "\\begin{tabular}{lc} Method & Time (s) \\\\ Ours & 12.5 \\end{tabular}", "present"),
    ("compute_budget", "The momentum at time step t+1 is updated two times per round.", "missing"),
    ("hyperparameter_search_and_selection", "We ran a sweep of learning rates for each optimizer.", "present"),
    ("hyperparameter_search_and_selection", "Varying the weight from 0 to 5 changes the ranking little.", "present"),
    ("code_released", "Code available at REMOVED\\_FOR\\_ANONYMITY.", "weak"),
    ("ablation_study", "\\begin{tabular}{lc} Full model & 81.2 \\\\ Without adversary & 77.0 \\end{tabular}", "present"),
    ("ablation_study", "\\begin{tabular}{lcc} Name & Size & Public \\\\ Ours & 10k & no \\end{tabular}", "missing"),
    ("broader_impacts", "Such failures could erode public trust in automated fact checking.", "weak"),
    ("limitations_discussed", "Due to computational constraints, we only train models up to 160M parameters.", "present"),
    # second blind check: general classes (sentences written for these tests)
    ("method_pseudocode", "\\begin{lstlisting}\nYou are a helpful assistant. Answer briefly.\n\\end{lstlisting}", "missing"),
    ("method_pseudocode", "\\begin{lstlisting}\ndef score(x):\n    return x + 1\n\\end{lstlisting}", "present"),
    ("random_seeds", "Each model wrote 50 prompts per round, about 6,000 story seeds (6 models x 50 prompts).", "missing"),
    ("random_seeds", "Results are averaged over 10,000 experiments with random rewards.", "present"),
    ("number_of_runs_and_aggregation", "Average accuracy of every arm across 3 seeds.", "present"),
    ("hyperparameter_search_and_selection", "We vary the number of visitors from 30,000 to 300,000 users.", "missing"),
    ("hyperparameter_search_and_selection", "We varied the learning rate and kept the best on validation.", "present"),
    ("error_bars_or_ci", "Rewards are Gaussian with mean -1 and standard deviation 5.", "missing"),
    ("error_bars_or_ci", "The estimator depends on the standard deviation of the reward.", "missing"),
    ("hyperparameters_final", "Overall, Logistic Regression (lr) achieved the highest F1 of 0.71.", "missing"),
    ("hyperparameters_final", "We use lr = 0.01 for all runs.", "present"),
    ("asset_licenses_terms", "Data are used under the terms and conditions of the shared task.", "present"),
    ("theory_assumptions_stated", "\\begin{theorem}Assume $g_t = \\mu + \\epsilon_t$. Then the bound holds.\\end{theorem}",
     "present"),
    ("model_versions_specified", "We query GPT-4o and Gemini through their APIs.", "weak"),
    # model_versions_specified
    ("model_versions_specified", "We query gpt-4o-2024-08-06 through the API.", "present"),
    ("model_versions_specified", "We fine-tune Llama-3.1-8B-Instruct.", "present"),
    ("model_versions_specified", "We use meta-llama/Llama-2-7b-chat-hf from the hub.", "present"),
    ("model_versions_specified", "We prompt ChatGPT to answer.", "weak"),
]


@pytest.mark.parametrize("item,body,expected", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_item_status(status_of, item, body, expected):
    assert status_of(item, body, preamble="\\newcommand{\\std}[1]{\\pm #1}") == expected


def test_checklist_answers_are_not_evidence(status_of):
    body = """\\section*{NeurIPS Paper Checklist}
    \\begin{enumerate}
    \\item {\\bf Experiment statistical significance}
    \\item[] Question: Does the paper report error bars or random seeds?
    \\item[] Answer: \\answerYes{}
    \\item[] Justification: We report results over 5 random seeds with standard deviations.
    \\end{enumerate}"""
    assert status_of("random_seeds", body) == "missing"
    assert status_of("error_bars_or_ci", body) == "missing"


def test_bibliography_and_comments_are_not_evidence(status_of):
    body = """% We ran on 8 A100 GPUs with seeds 1-5.
    \\iffalse Code is available at \\url{https://github.com/me/x}. \\fi
    \\begin{thebibliography}{9}\\bibitem{a} Results over 5 random seeds. NVIDIA A100.\\end{thebibliography}"""
    assert status_of("hardware_specified", body) == "missing"
    assert status_of("random_seeds", body) == "missing"
    assert status_of("code_released", body) == "missing"
