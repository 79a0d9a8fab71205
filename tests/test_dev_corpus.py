"""A run over the 16 real dev papers: no crash, every location inside its file, sensible facts."""

import pytest
from conftest import DEV, dev_papers

from paperlint.checklist.registry import load_registry
from paperlint.engine.check import check_path

PAPERS = dev_papers()
pytestmark = pytest.mark.skipif(not PAPERS, reason="dev corpus not present")


@pytest.mark.parametrize("p", PAPERS, ids=[p["slug"] for p in PAPERS])
def test_dev_paper_checks_cleanly(p):
    import yaml
    r = check_path(DEV / p["slug"] / p["main"])  # the profile of the paper's venue style, else core
    assert {v.id for v in r.verdicts} >= set(load_registry("core").items)
    files = {f: (DEV / p["slug"] / f).read_text(errors="replace").splitlines() for f in r.files}
    for v in r.verdicts:
        for h in v.evidence + ([v.anchor] if v.anchor else []):
            assert 1 <= h.line <= len(files[h.file]) + 1, (v.id, h)
    gold = yaml.safe_load((DEV / "labels" / f"{p['slug']}.yaml").read_text())
    status = {v.id: v.status for v in r.verdicts}
    if gold["type"] in ("survey", "position"):
        assert status["random_seeds"] == "not_applicable"
    if not gold["facts"]["has_theory"]:
        assert status["theory_proofs_complete"] == "not_applicable"


def test_facts_agree_with_the_labels_on_most_papers():
    import yaml
    from paperlint.paper.facts import FLAG_NAMES
    right = total = 0
    for p in PAPERS:
        gold = yaml.safe_load((DEV / "labels" / f"{p['slug']}.yaml").read_text())["facts"]
        facts = check_path(DEV / p["slug"] / p["main"]).facts
        right += sum(facts[n] == gold[n] for n in FLAG_NAMES)
        total += len(FLAG_NAMES)
    assert right / total >= 0.85


@pytest.mark.parametrize("profile", ["core", "neurips-2025"])
def test_an_audit_record_has_the_statuses_of_a_full_check(profile):
    """A record is made quoting one hit of evidence per item (the search stops at the first): each status and
    fact is the one a full check, quoting three, gives."""
    from paperlint.batch.record import audit_record
    quoted = 0
    for p in PAPERS:
        rec = audit_record(DEV / p["slug"] / p["main"], profile)
        full = check_path(DEV / p["slug"] / p["main"], profile)
        assert rec["items"] == {v.id: v.status for v in full.verdicts}, p["slug"]
        assert rec["facts"] == full.facts.as_dict() and rec["summary"] == full.counts(), p["slug"]
        quoted += sum(len(v.evidence) > 1 for v in full.verdicts)
    assert quoted > len(PAPERS)  # the full checks quote more than one hit for many items
