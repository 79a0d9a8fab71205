"""`% paperlint:` comments: ignore (this line or the next), disable/enable regions, not-applicable, unused ones."""

import json

from conftest import paper, write_project
from test_venues import EXPERIMENTS

from paperlint.cli.formats import FORMATS
from paperlint.engine.check import check_path


def run(tmp_path, body: str):
    return check_path(write_project(tmp_path, {"main.tex": paper(body)}), "core")


def status(report, item_id):
    return next((v.status for v in report.verdicts if v.id == item_id), None)


def problems(report, code):
    return [(p.line, p.message) for p in report.problems if p.code == code]


def test_findings_are_anchored_where_the_comment_can_reach_them(tmp_path):
    r = run(tmp_path, EXPERIMENTS)
    v = next(v for v in r.verdicts if v.id == "hardware_specified")
    assert v.status == "missing" and (v.anchor.file, v.anchor.line) == ("main.tex", 4)  # the Experiments heading


def test_ignore_on_the_line_above_and_on_the_same_line(tmp_path):
    above = run(tmp_path, "% paperlint: ignore hardware_specified, random_seeds -- run on a laptop\n" + EXPERIMENTS)
    assert status(above, "hardware_specified") is None and status(above, "random_seeds") is None
    s = {x.verdict.id: (x.verb, x.line, x.reason) for x in above.suppressed}
    assert s["hardware_specified"] == ("ignore", 4, "run on a laptop")
    same = run(tmp_path, EXPERIMENTS.replace("\\section{Experiments}",
                                              "\\section{Experiments} % paperlint: ignore hardware_specified"))
    assert status(same, "hardware_specified") is None and status(same, "compute_budget") == "missing"
    assert not problems(above, "unused-suppression") and not problems(same, "unused-suppression")


def test_ignore_elsewhere_suppresses_nothing_and_is_reported(tmp_path):
    r = run(tmp_path, EXPERIMENTS + "\n\nMore text.\n% paperlint: ignore hardware_specified -- not here\n")
    assert status(r, "hardware_specified") == "missing"
    assert problems(r, "unused-suppression") and problems(r, "unused-suppression")[0][0] == 11


def test_disable_enable_region(tmp_path):
    body = "% paperlint: disable hardware_specified compute_budget\n" + EXPERIMENTS + \
           "% paperlint: enable hardware_specified compute_budget\n\\section{Discussion}\nMore.\n"
    r = run(tmp_path, body)
    assert status(r, "hardware_specified") is None and status(r, "compute_budget") is None
    assert {x.verdict.id for x in r.suppressed if x.verb == "disable"} >= {"hardware_specified", "compute_budget"}
    after = run(tmp_path, EXPERIMENTS + "% paperlint: disable hardware_specified\n\\section{Discussion}\nMore.\n")
    assert status(after, "hardware_specified") == "missing"  # the finding sits before the region
    assert problems(after, "unused-suppression")


def test_not_applicable_for_the_whole_paper_with_its_reason(tmp_path):
    r = run(tmp_path, EXPERIMENTS + "\n% paperlint: not-applicable hardware_specified -- a CPU-only study\n")
    v = next(v for v in r.verdicts if v.id == "hardware_specified")
    assert v.status == "not_applicable" and "a CPU-only study" in v.reason and "main.tex:9" in v.reason
    present = run(tmp_path, EXPERIMENTS + "Trained on an NVIDIA A100.\n"
                  "% paperlint: not-applicable hardware_specified -- a CPU-only study\n")
    assert status(present, "hardware_specified") == "present" and problems(present, "unused-suppression")


def test_unknown_items_and_missing_reasons_are_reported(tmp_path):
    r = run(tmp_path, "% paperlint: ignore no_such_item\n% paperlint: not-applicable random_seeds\n" + EXPERIMENTS)
    assert problems(r, "unknown-item")[0][0] == 4  # the body starts on line 4
    assert problems(r, "suppression-reason")[0][0] == 5


def test_suppressed_findings_leave_every_output(tmp_path):
    r = run(tmp_path, "% paperlint: ignore hardware_specified -- fine\n" + EXPERIMENTS)
    data = json.loads(FORMATS["json"]([r]))
    assert "hardware_specified" not in {i["id"] for i in data["items"]}
    assert {"id": "hardware_specified", "status": "missing", "by": "ignore", "file": "main.tex", "line": 4,
            "reason": "fine"} in data["suppressed"]
    assert "hardware_specified" not in FORMATS["text"]([r])
