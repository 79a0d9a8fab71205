"""Paper facts: what kind of paper this is and which gates hold, each with the evidence that decided it.

Facts decide which checklist items apply: a survey is not asked for seeds, a paper without people is not
asked for IRB approval. Each fact is read from structure (theorem environments, result tables, headings)
and from sentences about the authors' own work, never from a single word anywhere.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from paperlint.paper.model import Document
from paperlint.cues import Cue
from paperlint.paper.search import Hit, environment_hits, environments, find, heading_hits, hit

FLAG_NAMES = ("has_experiments", "has_theory", "trains_models", "uses_pretrained_llm", "human_subjects",
              "new_dataset", "uses_existing_assets")
# Derived gates used by the checklist, beyond the eight labelled facts.
EXTRA_NAMES = ("creates_data", "large_scale_pretraining", "proposes_method", "comparative_claims")


@dataclass
class Fact:
    value: bool
    reason: str
    evidence: list[Hit] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"value": self.value, "reason": self.reason, "evidence": [h.as_dict() for h in self.evidence]}


@dataclass
class Facts:
    type: str
    type_reason: str
    flags: dict[str, Fact]

    def __getitem__(self, name: str) -> bool:
        return self.flags[name].value

    def as_dict(self) -> dict:
        return {"type": self.type, **{n: self.flags[n].value for n in FLAG_NAMES}}

    def evidence_dict(self) -> dict:
        return {"type": {"value": self.type, "reason": self.type_reason},
                **{n: f.as_dict() for n, f in self.flags.items()}}


@functools.cache  # also called inside decide_facts: one Cue per set of patterns
def _rx(*parts: str) -> Cue:
    return Cue(parts)


_NOT_OTHERS = _rx(r"\brelated\s+work\b", r"\bprior\s+work\b", r"\bbackground\b", r"\bliterature\b",
                  r"\bpreliminar")
_THEOREMS = {"theorem", "lemma", "proposition", "corollary", "restatable", "restatable*", "theorem*", "lemma*",
             "proposition*", "corollary*"}
_EXPERIMENT_HEADING = _rx(r"\bexperiment", r"\bevaluation\b", r"\bempirical\b", r"\bresults\b", r"\bbenchmark",
                          r"\bcase\s+stud", r"\bsimulations?\b", r"\bnumerical\b", r"\bablation")
_EXPERIMENT_TEXT = _rx(
    r"\bwe\s+(\w+\s+){0,2}(conduct|run|ran|perform|carry\s+out|carried\s+out|present|report)\s+(\w+\s+){0,3}"
    r"(experiments|simulations|evaluations?|benchmarks?|studies)\b",
    r"\b(our|these|the)\s+(experiments|experimental\s+results|empirical\s+results|simulations)\s+(show|demonstrate|"
    r"confirm|indicate|suggest|reveal)",
    r"\bwe\s+(\w+\s+){0,2}(evaluate|evaluated|test|tested|measure|measured|train|trained|benchmark)\s+(\w+\s+){0,4}"
    r"(on|across|against|using)\b")
# Fitting standard learners is training too, whatever the verb.
_WE_FIT_PATTERNS = (r"\bwe\s+(\w+\s+){0,2}(employ|employed|use|used|fit|fitted)\b[^.]{0,160}\b(classifiers|"
                    r"regressors|support\s+vector\s+machines?|multilayer\s+perceptrons?|random\s+forests?|svms?|mlps?|"
                    r"logistic\s+regression|k-?nearest\s+neighbou?rs)\b",)
_WE_FIT = _rx(*_WE_FIT_PATTERNS)
_TRAINS = _rx(
    r"\bwe\s+(\w+\s+){0,2}(train|trained|fine-?tune|fine-?tuned|pre-?train|pre-?trained|retrain|retrained|"
    r"finetune|finetuned)\b",
    r"\b(is|are|was|were|being)\s+(\w+\s+){0,2}(trained|fine-?tuned|finetuned|pre-?trained)\s+(for|with|on|using|"
    r"from|via|by)\b(?!\s+(\w+\s+){0,3}(\[cite\]|others|the\s+authors))",
    r"\b\d+\s+(training\s+)?epochs\b", r"\bbatch[- ]size\b", r"\btraining\s+(loss|procedure|details|"
    r"curves?|schedule|setup|hyper-?parameters)\b", r"\b(adam|adamw|sgd)\s+optimi[sz]er\b", *_WE_FIT_PATTERNS,
    r"\b(training|fine-?tuning)\s+(was|is|were|are)\s+(performed|done|conducted|run|carried\s+out)\b",
    r"\b(full|lora|qlora|parameter-efficient|peft)\s*(fine-?tuning|ft)\b")
# Sentences in the first person: the authors' own study, use or training (not a cited one).
_FIRST_PERSON = _rx(r"\bwe\b", r"\bour\b", r"\bus\b")
_COMPARES = _rx(r"\b(compar(e|es|ed|ing|ison|isons)|outperform\w*|surpass\w*|better\s+than|worse\s+than|improv\w+\s+(over|upon|on)|degrad\w*|"
                r"superior\s+to|inferior\s+to|compared\s+(to|with|against)|higher\s+than|lower\s+than|beats?|"
                r"(more|less)\s+(accurate|robust|efficient)\s+than)\b")
_WE_TRAIN = _rx(r"\bwe\s+(\w+\s+){0,2}(train|trained|fine-?tune|fine-?tuned|finetune|finetuned|retrain)\s+"
                r"(our|the|a|an|each|all|\d+)\b",
                r"\b(training|fine-?tuning)\s+(was|is|were|are)\s+(performed|done|conducted|run|carried\s+out)\b",
                r"\b(full|lora|qlora|parameter-efficient|peft)\s*(fine-?tuning|ft)\b",
                r"\b(were|was)\s+trained\s+(using|with|on|for)\b",
                r"\b\d+\s+training\s+(episodes|steps|epochs|iterations)\b",
                r"\bfine-?tun\w*\b(?:[^.]){0,60}\bupdates?\s+(all|the|only)\b")
# Names that are also words (a video clip, a physical flux, a palm tree): only in their own spelling.
_CASED_MODEL_NAMES = r"(?-i:\b(CLIP|FLUX|PaLM|BLOOM|Falcon|Bard)\b)"
_LLM_NAMES = _rx(
    r"\b(gpt-?[345][\w.-]*|chatgpt|claude|gemini|llama[\w.-]*|qwen[\w.-]*|mistral|mixtral|gemma[\w.-]*|deepseek|"
    r"vicuna|olmo|pythia|phi-\d)\b", _CASED_MODEL_NAMES)
_LLM = _rx(
    r"\b(gpt-?[345][\w.-]*|chatgpt|claude|gemini|llama[\w.-]*|qwen[\w.-]*|mistral|mixtral|gemma[\w.-]*|deepseek|"
    r"vicuna|olmo|pythia|phi-\d)\b", _CASED_MODEL_NAMES,
    r"\b(large\s+language\s+models?|llms?|foundation\s+models?|vision-language\s+models?|vlms?|"
    r"multimodal\s+(large\s+)?language\s+models?)\b",
    r"\bpre-?trained\s+(\w+\s+){0,2}(language|diffusion|text-to-image|vision-language|multimodal|chemical\s+language|"
    r"protein\s+language|foundation)\s+models?\b",
    r"\b(stable\s+diffusion|sdxl|flux\.\d|dall-?e|imagen|chemberta[\w-]*|esm-?\d\w*|[\w-]*bert|roberta|t5)\b")
_LLM_OWN_USE = _rx(r"\b(using|use|used|uses|based\s+on|build\w*\s+(up)?on|built\s+(up)?on|evaluat(e|es|ed|ing)|prompt\w*|"
                   r"experiment\w*\s+with|explor(e|es|ed|ing)|compar(e|es|ed|ing)|"
                   r"fine-?tun\w*|steer\w*|query|queried|serve|served|implement\w*|backbone|target\s+models?|"
                   r"stud(y|ied)|test(ed)?|appl(y|ied)|adopt\w*|employ\w*|leverag\w*|models?\s*:|"
                   r"models?\s+(include|are|comprise|consist)|select\w*|choose|chose|consider\w*|run|ran|across)\b")
_NEGATED = _rx(r"\b(not|never|avoid\w*|without|instead\s+of|rather\s+than)\b")
_HUMANS = _rx(
    r"\buser\s+stud(y|ies)\b",
    r"\b(we|our)\b[^.]{0,60}\b(conduct|perform|run|ran|carr(y|ied)\s+out|organi[sz]e|recruit|hire)\w*\s+(\w+\s+){0,3}"
    r"(human|user|crowd-?sourced|manual|expert)\s+(evaluation|study|studies|annotation|assessment|raters|judges|"
    r"annotators|experts)\b",
    r"\bhuman\s+(evaluation|study|annotation|assessment)\s+(was|is|were)\s+(conducted|performed|carried\s+out|run)\b",
    r"\b(we|our)\b[^.]{0,60}\bcrowd-?(workers?|sourc\w*)\b",
    r"\b(we|our)\b[^.]{0,60}\b(recruit\w*|hired?|through|via|on|using)\s+(amazon\s+)?(mturk|mechanical\s+turk|prolific)\b",
    r"\b\d+\s+(\w+\s+){0,3}(participants|volunteers|annotators|raters|respondents)\b",
    r"\b(participants|annotators|raters|volunteers)\s+(were|are)\s+(recruited|asked|shown|paid|instructed|presented)",
    r"\bwe\s+(recruited|hired|asked)\s+(\d+\s+)?(\w+\s+){0,2}(people|participants|users|annotators|volunteers|"
    r"experts|raters|students)\b")
_NOT_DONE_HERE = _rx(r"\bwould\b", r"\bcould\b", r"\bshould\b", r"\bfuture\b", r"\bthey\b",
                     r"\btheir\b", r"\[cite\]", r"\bprior\b", r"\bprevious\b", r"\bmay\b", r"\bmight\b")
_HYPOTHETICAL = _rx(r"\bwould\b", r"\bcould\b", r"\bshould\b", r"\bfuture\b", r"\bmight\b")
_NEW_DATASET = _rx(
    r"\b(we|this\s+(paper|work))\s+(\w+\s+){0,2}(introduce|present|release|propose|construct|collect|create|curate|"
    r"build|contribute|assemble|publish|develop)\w*\s+(?:(?!\b(on|with|using|from|in|for|over|across|of)\b)[^.;]){0,60}?"
    r"\b(a|an|our|the)\s+([\w-]+,?\s+){0,6}(dataset|data\s*set|benchmark|corpus|collection|test\s+suite)\b",
    r"\b(new|novel|our|proposed)\s+(\w+\s+){0,3}(dataset|benchmark|corpus)\b[^.]{0,40}\b(called|named|dubbed|,)\b")
_DATASET_TITLE = _rx(r"\b(dataset|data\s*set|benchmark|corpus|collection)\b")
_CREATES_DATA = _rx(
    r"\bwe\s+(\w+\s+){0,2}(generate|collect|annotate|curate|produce|create|construct|gather|record|crawl|scrape|"
    r"build|develop|design|define|release|make\s+(publicly\s+)?available)\w*\s+(a\s+|an\s+|the\s+|our\s+)?(new\s+|novel\s+|large(-scale)?\s+)?([\w-]+\s+){0,2}(data|dataset|"
    r"transcripts|annotations|labels|pseudo-?labels|model\s+zoos?|zoos|corpus|benchmark|recordings|split)\b",
    r"\b(transcripts|annotations|model\s+zoos?)\b[^.]{0,60}\b(available|released)\b",
    r"\b(a|our)\s+(own\s+|new\s+)?(custom|hand-?crafted|synthetic|novel)\s+([\w-]+\s+){0,3}(suite|benchmark|dataset|"
    r"test\s+set|collection)\b")
_SYNTHETIC = _rx(r"\b(toy|synthetic|simulated|internal|in-house|proprietary|private)\b")
_ASSETS = _rx(
    r"\b(dataset|datasets|benchmark|benchmarks|corpus|corpora|pre-?trained|checkpoints?|library|toolkit|"
    r"implementation|model\s+zoos?)\b[^.]{0,80}\[cite\]",
    r"\[cite\][^.]{0,40}\b(dataset|datasets|benchmark|corpus|pre-?trained|library|implementation)\b",
    r"\bwe\s+(\w+\s+){0,2}(use|used|adopt\w*|employ\w*|select\w*|consider\w*|evaluate\s+on|train\w*\s+on)\b[^.]{0,80}"
    r"\b(datasets?|benchmarks?|corpus|corpora|toolbox|toolkit|library|api|historical\s+\w+\s+data|data\s+(of|from))\b",
    r"\b(mnist|cifar-?\d+|imagenet|coco|kitti|svhn|stl-?10|shapenet|wikitext|squad|glue|superglue|mmlu|gsm8k|"
    r"humaneval|librispeech|moleculenet|tudataset|ogb|cora|citeseer|pubmed|20\s?news|femnist|shakespeare|"
    r"celeba|lsun|ffhq|nuscenes|waymo|ddad|cityscapes|ade20k|pascal\s+voc|uci|libsvm|openml)\b")
_PRETRAINING = _rx(
    r"\bwe\s+(\w+\s+){0,2}pre-?train\w*\b[^.]{0,80}\b(large|web|million|billion|\d+\s*[mkb]\b|internet|"
    r"unlabeled|unlabelled)",
    r"\blarge-?scale\s+(\w+\s+){0,2}pre-?training\b", r"\bpre-?training\s+(on|with)\s+(\w+\s+){0,3}(large|web|"
    r"million|billion|\d+\s*[mkb]\b)")
_PUBLIC_BENCHMARK = _rx(
    r"\b(evaluat\w*|test\w*|report\w*|fine-?tun\w*|results?)\b[^.]{0,80}\b(benchmarks?|downstream\s+tasks?)\b",
    r"\b(benchmarks?|downstream\s+tasks?)\b[^.]{0,40}\b(evaluat\w*|results?|performance|accuracy)\b",
    r"\b(standard|public|popular|widely[- ]used)\s+(\w+\s+)?(datasets?|benchmarks?)\b")
_PROPOSES = _rx(
    r"\b(we|this\s+(paper|work))\s+(\w+\s+){0,2}(propose|introduce|present|develop|design|devise)\w*\s+(?!that\b)(a|an|the|"
    r"two|three|several)?\s*([\w-]+,?\s+){0,4}(method|approach|algorithm|framework|model|architecture|"
    r"technique|metric|index|estimator|procedure|scheme|loss|network|strategy|pipeline|system|recipe|"
    r"parametri[sz]ation|formulation|mechanism|objective|regulari[sz]er|layer|module)s?\b",
    r"\b(our|the\s+proposed)\s+(method|approach|algorithm|framework|model|architecture|technique|pipeline|"
    r"system|metric|index|estimator)\b", r"\bour\s+(proposal|proposed\s+\w+)\b")
# A formal result typed as bold text ("Proposition 1 (Endpoints).") instead of a theorem environment.
_TEXT_THEOREM = _rx(r"^\s*(theorem|lemma|proposition|corollary)\s+\d+(\.\d+)?\s*(\([^)]{0,60}\))?\s*[.:]")
_SURVEY_TITLE = _rx(r"\b(survey|review|overview|tutorial|primer)\b")
_SURVEY_TEXT = _rx(r"\b(this|our|the\s+present)\s+(survey|review\s+(article|paper))\b", r"\bwe\s+survey\b",
                   r"\bthis\s+(paper|article)\s+(surveys|reviews)\b")
_POSITION = _rx(r"\b(this|our)\s+position\s+paper\b", r"\bwe\s+(take|argue|advocate|defend)\s+the\s+position\s+that\b",
                r"^\s*position\s*:")


def _fact(hits: list[Hit], yes: str, no: str, need: int = 1) -> Fact:
    value = len(hits) >= need
    return Fact(value, yes if value else no, hits if value else [])


# a number not inside a word or another number; the lookbehind follows the first digit so the engine skips to digits
_NUMBER = re.compile(r"\d(?<![\w.]\d)\d*(?:\.\d+)?%?(?![\w.])")
_YEAR = re.compile(r"(19|20)\d\d")


def _mostly_numbers(text: str) -> bool:
    return sum(not _YEAR.fullmatch(n) for n in _NUMBER.findall(text)) >= 6


def _numeric_tables(doc: Document) -> list[Hit]:
    """Tables whose cells are mostly numbers: reported results."""
    hits = []
    for b in doc.blocks:
        if b.kind == "table" and b.region in ("body", "appendix", "back"):
            if b.text.kept("_numeric", _mostly_numbers):
                hits.append(hit(doc, b, 0, 1, width=80))
    return hits


def decide_facts(doc: Document) -> Facts:
    own = {"skip_sections": _NOT_OTHERS}
    flags: dict[str, Fact] = {}

    stated = find(doc, _TEXT_THEOREM, limit=3)
    theorem_count = len(environments(doc, _THEOREMS)) + len(stated)
    theorems = environment_hits(doc, _THEOREMS, limit=3) + stated
    proofs = environment_hits(doc, {"proof", "proof*", "proofsketch"}, limit=3) + \
        heading_hits(doc, _rx(r"\bproofs?\b"), max_level=3) + \
        find(doc, _rx(r"^\s*proof\b", r"\bproof\s+of\s+(theorem|lemma|proposition|corollary)"), limit=1)
    flags["has_theory"] = Fact(bool(theorems) and bool(proofs),
                               f"{theorem_count} theorem-like environment(s) with proofs" if theorems and proofs else
                               "no theorem, lemma or proposition with a proof", (theorems + proofs)[:3])

    survey = bool(_SURVEY_TITLE.search(doc.title) or find(doc, _SURVEY_TEXT, limit=1))
    exp_headings = heading_hits(doc, _EXPERIMENT_HEADING, max_level=1 if survey else 2)
    tables = _numeric_tables(doc)
    exp_text = find(doc, _EXPERIMENT_TEXT, sentence_traps=_NOT_DONE_HERE, limit=3, **own)
    if survey:  # a survey quotes others' results: ask for its own experiments or several result tables
        has_exp = bool(exp_text) and bool(exp_headings or tables) or len(tables) >= 2
    else:
        has_exp = bool(exp_headings) or len(tables) >= 2 or len(exp_text) >= 3
    flags["has_experiments"] = Fact(
        has_exp, "experiment sections, result tables or sentences about the authors' experiments" if has_exp else
        "no experiment section, result table or report of the authors' own experiments",
        (exp_headings[:1] + tables[:1] + exp_text[:1]) if has_exp else [])

    trains = find(doc, _TRAINS, sentence_traps=_NOT_DONE_HERE, limit=3, **own)
    flags["trains_models"] = _fact(trains, "the authors train or fine-tune models", "no sign that the authors train "
                                   "models", need=1 if any(_WE_TRAIN.search(h.text) or _WE_FIT.search(h.text) for h in trains)
                                   else 2)
    llm = [h for h in find(doc, _LLM, sentence_traps=_NEGATED, limit=12, **own)
           if _LLM_OWN_USE.search(h.text) and _FIRST_PERSON.search(h.text)]
    llm += find(doc, _LLM_NAMES, kinds=["table"], limit=2, **own)  # models named in the authors' result tables
    flags["uses_pretrained_llm"] = _fact(llm[:3], "a pretrained language or foundation model is used",
                                         "no pretrained language or foundation model is used")
    flags["human_subjects"] = _fact(find(doc, _HUMANS, sentence_traps=_NOT_DONE_HERE, limit=3, **own),
                                    "a study with people (participants, annotators, raters)",
                                    "no study with human participants")
    title_dataset = bool(_DATASET_TITLE.search(doc.title))
    new_data = find(doc, _NEW_DATASET, sentence_traps=_SYNTHETIC, limit=3, **own)
    flags["new_dataset"] = Fact(bool(new_data), "the paper introduces a dataset or benchmark" if new_data else
                                "the paper introduces no dataset", new_data)
    assets_found = find(doc, _ASSETS, sentence_traps=_rx(r"\bthey\b", r"\btheir\b"), limit=3, **own)
    flags["uses_existing_assets"] = _fact(assets_found + (flags["uses_pretrained_llm"].evidence[:1] if not
                                                          assets_found else []),
                                          "existing datasets, code or models are used",
                                          "no existing datasets, code or models are used")
    creates = find(doc, _CREATES_DATA, sentence_traps=_rx(r"\b(toy|synthetic|simulated)\b"), limit=3, **own)
    flags["creates_data"] = Fact(bool(creates) or flags["new_dataset"].value, "the authors produce data" if creates
                                 else "the authors produce no data", creates)
    # Contamination matters when a model pretrained on large data is then scored on public benchmarks.
    pre = find(doc, _PRETRAINING, limit=2, **own)
    bench = find(doc, _PUBLIC_BENCHMARK, limit=1, **own) if pre else []
    flags["large_scale_pretraining"] = Fact(bool(pre and bench), "the authors pretrain on large-scale data and "
                                            "evaluate on public benchmarks" if pre and bench else
                                            "no large-scale pretraining evaluated on public benchmarks", pre + bench)
    compares = find(doc, _COMPARES, sentence_traps=_HYPOTHETICAL, limit=3, **own)
    flags["comparative_claims"] = _fact(compares, "the paper compares methods or settings",
                                        "the paper makes no comparison", need=2)
    proposes = [] if survey else find(doc, _PROPOSES, limit=3, **own)
    flags["proposes_method"] = Fact(bool(proposes), "the paper proposes a method" if proposes else
                                    "a survey proposes no method" if survey else "the paper proposes no method",
                                    proposes)

    if survey:
        kind, why = "survey", "the title or abstract calls it a survey or review"
    elif not flags["has_experiments"].value and (_POSITION.search(doc.title) or find(doc, _POSITION, limit=1)):
        kind, why = "position", "the paper calls itself a position paper and reports no experiments"
    elif flags["new_dataset"].value and (title_dataset or not proposes):
        kind, why = "dataset", "the paper's contribution is a dataset or benchmark"
    elif flags["has_theory"].value and flags["has_experiments"].value and theorem_count >= 3:
        kind, why = "theory+experiments", "formal results with proofs, and experiments"
    elif flags["has_theory"].value and not flags["has_experiments"].value:
        kind, why = "theory", "formal results with proofs and no experiments"
    else:
        kind, why = "empirical", "experiments are the main contribution" if flags["has_experiments"].value else \
            "no formal results and no other type recognised"
    return Facts(kind, why, flags)
