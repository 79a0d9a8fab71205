"""Cues: the literal prefilter must never hide a match, only skip texts that cannot match."""

from paperlint.cues import Cue, _Literals, literals_in, required_literals


def test_required_literals_are_all_the_pattern_needs():
    reqs = required_literals(r"\bwe\s+(\w+\s+){0,2}(train|fine-?tune)\b")
    assert frozenset({"we"}) in reqs
    assert any({"train", "fine"} <= req or {"train", "tune"} <= req for req in reqs)
    assert required_literals(r"\d+(\.\d+)?") == []  # no literal: every text is tried


def test_a_text_without_the_literals_is_skipped_and_one_with_them_matches():
    cue = Cue([r"\brandom\s+seeds?\b", r"\bseeded\s+with\b"])
    assert cue.finditer("We average over five runs.") == []
    assert [m.group() for m in cue.finditer("Five Random  Seeds were used.")] == ["random  seeds"]


def test_every_requirement_must_be_met():
    cue = Cue([r"\bwe\s+(\w+\s+){0,2}train(ed)?\b"])
    assert cue.finditer("They trained it.") == []  # 'train' but no 'we'
    assert cue.finditer("We then trained it.")


def test_case_sensitive_parts_are_prefiltered_on_the_folded_text():
    cue = Cue([r"(?-i:\bA100\b)"])
    assert cue.finditer("one a100 card") == []  # the part is case-sensitive
    assert cue.finditer("one A100 card")
    assert cue.finditer("one V100 card") == []


def test_a_cue_made_later_sees_texts_checked_before():
    text = "Experiments ran on a supercalifragilistic cluster."
    assert Cue([r"\bexperiments\b"]).finditer(text)
    before = literals_in(text.lower())
    late = Cue([r"supercalifragilistic\s+cluster"])  # a new literal: the texts' literal sets are recomputed
    assert late.finditer(text)
    assert literals_in(text.lower()) != before


def test_patterns_without_literals_run_on_every_text():
    cue = Cue([r"\d{3,}", r"\bseed\b"])
    assert cue.needs is None
    assert [m.group() for m in cue.finditer("accuracy 912")] == ["912"]


def test_literals_are_found_whether_long_or_short_and_with_none_long():
    short = _Literals()
    we = short.mask(frozenset({"we"}))
    assert short.found("so we did") == we and short.found("they did") == 0  # no automaton needed
    seeds = short.mask(frozenset({"seeds"}))
    assert short.found("we used seeds") == we | seeds
