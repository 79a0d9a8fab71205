"""Cues: the literal prefilter must never hide a match, only skip texts that cannot match."""

import pytest

from paperlint.cues import _STARTS, Cue, _Literals, literals_in, required_literals
from paperlint.scan import start_strings


def test_required_literals_are_all_the_pattern_needs():
    reqs = required_literals(r"\bwe\s+(\w+\s+){0,2}(train|fine-?tune)\b")
    assert frozenset({"we"}) in reqs
    assert any({"train", "fine"} <= req or {"train", "tune"} <= req for req in reqs)
    assert required_literals(r"\d+(\.\d+)?") == []  # no literal: every text is tried


def test_a_class_of_a_few_characters_spells_the_literal_each_way():
    assert required_literals(r"\bt[- ]tests?\b") == [frozenset({"t-test", "t test"})]
    assert required_literals(r"[a-z]test") == [frozenset({"test"})]  # a range is no few characters
    cue = Cue([r"\bt[- ]tests?\b"])
    assert [m.group() for m in cue.finditer("A paired t-test and a t test.")] == ["t-test", "t test"]
    assert list(cue.finditer("We test it.")) == []


def test_a_text_without_the_literals_is_skipped_and_one_with_them_matches():
    cue = Cue([r"\brandom\s+seeds?\b", r"\bseeded\s+with\b"])
    assert list(cue.finditer("We average over five runs.")) == []
    assert [m.group() for m in cue.finditer("Five Random  Seeds were used.")] == ["random  seeds"]


def test_every_requirement_must_be_met():
    cue = Cue([r"\bwe\s+(\w+\s+){0,2}train(ed)?\b"])
    assert list(cue.finditer("They trained it.")) == []  # 'train' but no 'we'
    assert list(cue.finditer("We then trained it."))


def test_case_sensitive_parts_are_prefiltered_on_the_folded_text():
    cue = Cue([r"(?-i:\bA100\b)"])
    assert list(cue.finditer("one a100 card")) == []  # the part is case-sensitive
    assert list(cue.finditer("one A100 card"))
    assert list(cue.finditer("one V100 card")) == []


def test_a_cue_made_later_sees_texts_checked_before():
    text = "Experiments ran on a supercalifragilistic cluster."
    assert list(Cue([r"\bexperiments\b"]).finditer(text))
    before = literals_in(text.lower())
    late = Cue([r"supercalifragilistic\s+cluster"])  # a new literal: the texts' literal sets are recomputed
    assert list(late.finditer(text))
    assert literals_in(text.lower()) != before


def test_matches_of_several_patterns_come_by_start_and_at_one_start_in_pattern_order():
    cue = Cue([r"\bseeds?\b", r"\b\w+\s+seeds?\b", r"\bfive\b"])
    text = "five seeds, then two seeds and a seed"
    got = [(m.start(), m.group()) for m in cue.finditer(text)]
    assert got == [(0, "five seeds"), (0, "five"), (5, "seeds"), (17, "two seeds"), (21, "seeds"),
                   (31, "a seed"), (33, "seed")]
    assert cue.search(text).group() == "five seeds"


def test_start_strings_are_what_every_match_begins_with():
    assert start_strings(r"\b(took|takes|ran\s+for)\s+\d") == {"took", "takes", "ran"}
    assert start_strings(r"(?<![\w-])(we|this\s+(paper|work))\s") == {"we", "this"}
    assert start_strings(r"\bt[- ]test") is None  # "t": one character
    assert start_strings(r"(ab|)c") is None and start_strings(r"\d+ epochs") is None


def test_a_pattern_tried_only_where_it_can_start_finds_what_a_scan_finds():
    import regex
    pattern = r"\b(took|takes|ran\s+for)\s+\d+\s*(hours?|days?)"
    cue = Cue([pattern])
    assert cue.parts[0][4]  # tried only at its starts
    text = "it took 3 hours; mistook 2 days. it ran for 4 days, takes 1 hour, then took 5 hours"
    scan = regex.compile(pattern)
    for pos in range(0, len(text), 7):
        for end in (len(text), len(text) - 9, pos + 20):
            assert [m.span() for m in cue.finditer(text, None, pos, end)] == \
                   [m.span() for m in scan.finditer(text, pos, max(pos, end))], (pos, end)


def test_patterns_without_literals_run_on_every_text():
    cue = Cue([r"\d{3,}", r"\bseed\b"])
    assert cue.needs is None
    assert [m.group() for m in cue.finditer("accuracy 912")] == ["912"]


def test_literals_are_found_whether_long_or_short_and_with_none_long():
    short = _Literals()
    percent = short.mask(frozenset({"%"}))
    assert short.found("95 % of runs") == percent and short.found("all runs") == 0  # no automaton needed
    we = short.mask(frozenset({"we"}))
    assert short.found("so we did") == we and short.found("they did") == 0
    assert short.found("we kept 5 %") == we | percent


def test_lookarounds_require_what_they_look_at():
    reqs = required_literals(r"(?-i:\b(A|V)\d{3}\b)(?=[^.]{0,40}\b(gpus?|cards?)\b)".lower())
    assert frozenset({"gpu", "card"}) in reqs
    assert frozenset({"valu"}) in required_literals(r"(?<=p-)valu")
    assert required_literals(r"seed(?!s)") == [frozenset({"seed"})]  # what a negative lookahead sees may be absent


def test_single_letters_are_no_requirement():
    # every paragraph holds an "a" or a "p": such a set filters nothing and would cost a test per paragraph
    assert sorted(required_literals(r"\bp\s*<\s*0\.\d+"), key=sorted) == [frozenset({"0."}), frozenset({"<"})]
    assert required_literals(r"\b(a|b)\s+test\b") == [frozenset({"test"})]


def test_no_builtin_pattern_is_skipped_on_a_paragraph_it_matches():
    """The prefilter's promise on real text: a pattern part whose required literals are not all in a paragraph
    of a real paper does not match that paragraph."""
    import random

    from conftest import DEV, dev_papers
    from paperlint.checklist.registry import builtin_profiles, load_registry
    from paperlint.cues import fold
    from paperlint.paper.build import build_document
    from paperlint.project.load import load_project

    papers = dev_papers()
    if not papers:
        pytest.skip("no dev corpus")
    blocks = [b.text.text for p in papers for b in build_document(load_project(DEV / p["slug"] / p["main"])).blocks]
    texts = random.Random(0).sample(blocks, 500)
    parts = {}
    for name in builtin_profiles():
        for item in load_registry(name).items.values():
            for cue in item.evidence.rx.values():
                if isinstance(cue, Cue):
                    cue.compile()
                    parts.update((part[3], part) for part in cue.parts)
    assert len(parts) > 300
    assert sum(part[4] is not None for part in parts.values()) > 100  # most are tried only where they can start
    for text in texts:
        low = fold(text)
        present = literals_in(low)
        for source, (rx, needs, folded, _, starts) in parts.items():
            if not all(bits & present for bits in needs):
                assert rx.search(low if folded else text) is None, (source, text)
            elif starts:  # every match starts where one of its strings does
                at = set(_STARTS.starts(low, starts))
                assert all(m.start() in at for m in rx.finditer(low)), (source, text)
