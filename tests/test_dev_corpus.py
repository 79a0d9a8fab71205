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
