"""Memory of the incremental pipeline: checks run without the cyclic collector, which is restored after."""

import gc
import weakref

import pytest
from conftest import SAMPLES

from paperlint.caches import COLLECT_EVERY, checking, clear_all, collect_all, collect_due, new_check


class _Node:
    pass


def test_a_check_runs_without_the_collector_and_restores_it_even_when_it_fails():
    assert gc.isenabled()
    with checking():
        assert not gc.isenabled()
        with checking():  # nested: the outer one restores
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), checking():
        raise ValueError("a check that fails")
    assert gc.isenabled()


def test_cycles_made_by_a_check_are_freed_by_the_next_look_at_everything():
    with checking():
        a, b = _Node(), _Node()
        a.other, b.other = b, a  # a reference cycle: only the collector frees it
        alive = weakref.ref(a)
        del a, b
    gc.collect()
    assert alive() is not None  # frozen with what the check made: ordinary collections skip it
    collect_all()
    assert alive() is None


def test_a_look_at_everything_is_due_every_few_dozen_checks():
    collect_all()
    assert not collect_due()
    for _ in range(COLLECT_EVERY - 1):
        new_check()
    assert not collect_due()
    new_check()
    assert collect_due() and not collect_due(2 * COLLECT_EVERY)
    collect_all()
    assert not collect_due()


def test_an_edit_check_leaves_no_reference_cycles(tmp_path):
    """Checks run without the collector: an object in a cycle, and all it holds (a whole Document), would live
    until the next look at everything. An edit inside a long proof moves the parsed pieces after it; the
    evaluation indexes the blocks by cue."""
    from paperlint.lsp.documents import check
    from paperlint.lsp.settings import Settings
    proof = "\n\n".join(f"Step {i}: we bound the term by the lemma, and the rest follows {i}." for i in range(80))
    root = tmp_path / "main.tex"
    text = ("\\documentclass{article}\n\\begin{document}\n\\section{Experiments}\nWe train on 8 GPUs.\n"
            "\\begin{proof}\n" + proof + "\n\\end{proof}\n\\end{document}\n")
    check(root, {root: text}, {root: 1}, Settings())
    collect_all()
    edited = text.replace("Step 1:", "Step 1 (edited):")
    check(root, {root: edited}, {root: 2}, Settings())
    gc.unfreeze()
    try:
        assert gc.collect() == 0
    finally:
        gc.freeze()


def test_the_warm_up_reads_no_file_and_changes_no_result(tmp_path, monkeypatch):
    """A server warms up by checking a small paper held in memory: afterwards a paper's report is the one a
    process that never warmed up gives, and nothing was read from disk for it."""
    from paperlint.engine.check import check_path, warm_up
    from paperlint.paper import matches
    from paperlint.project import load
    root = tmp_path / "main.tex"
    root.write_text((SAMPLES / "deficient" / "main.tex").read_text())
    clear_all()
    before = [v.as_dict() for v in check_path(root).verdicts]
    clear_all()
    reads = []
    monkeypatch.setattr(load, "read_source", lambda path, *a, real=load.read_source: reads.append(path) or
                        real(path, *a))
    warm_up()
    assert reads == [] and len(matches._MATCHERS) > 20  # every cue it ran has its place in the index
    # every pattern is compiled, those of the facts' cues too (made by the code, not read from a profile)
    from paperlint import cues
    from paperlint.paper import facts
    assert facts._TRAINS in set(cues._MADE)
    assert all(part[0] is not None for c in cues._MADE for part in c.parts)
    assert [v.as_dict() for v in check_path(root).verdicts] == before
