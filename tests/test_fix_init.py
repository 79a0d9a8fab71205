"""`paperlint fix` only inserts at the insertion points; `paperlint init` writes a config for the venue."""

import difflib
import re
import shutil

import pytest
import yaml
from conftest import SAMPLES, paper, write_project

from paperlint.checklist.models import Item
from paperlint.cli.fix import insert
from paperlint.cli.main import main
from paperlint.engine.check import check_path
from paperlint.engine.fixes import Edit
from paperlint.engine.venue import venue_label


@pytest.fixture
def deficient(tmp_path):
    shutil.copytree(SAMPLES / "deficient", tmp_path / "paper")
    return tmp_path / "paper" / "main.tex"


def only_insertions(before: str, after: str) -> list[str]:
    """The inserted lines, after asserting that no line of `before` was changed or removed."""
    a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
    inserted = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        assert op in ("equal", "insert"), (op, a[i1:i2], b[j1:j2])
        inserted += b[j1:j2] if op == "insert" else []
    return inserted


def test_fix_inserts_every_snippet_and_touches_nothing_else(deficient, capsys):
    before = deficient.read_text()
    findings = [v for v in check_path(deficient).verdicts if v.status in ("missing", "weak") and v.fix]
    assert main(["fix", str(deficient)]) == 0
    out = capsys.readouterr().out
    after = deficient.read_text()
    inserted = "".join(only_insertions(before, after))
    for v in findings:
        assert f"% paperlint: {v.id}\n" in inserted
    assert out.startswith("--- ") and all(f"+% paperlint: {v.id}" in out for v in findings)
    assert "random_seeds" not in {v.id for v in check_path(deficient).verdicts if v.status == "missing"}


def test_fix_is_idempotent_and_dry_run_changes_nothing(deficient, capsys):
    before = deficient.read_text()
    assert main(["fix", str(deficient), "--item", "random_seeds", "--dry-run"]) == 1
    assert "+% paperlint: random_seeds" in capsys.readouterr().out
    assert deficient.read_text() == before
    assert main(["fix", str(deficient), "--item", "random_seeds"]) == 0
    once = deficient.read_text()
    assert [ln for ln in only_insertions(before, once) if ln.startswith("% paperlint:")] == [
        "% paperlint: random_seeds\n"]
    capsys.readouterr()
    assert main(["fix", str(deficient), "--item", "random_seeds"]) == 0
    assert deficient.read_text() == once and capsys.readouterr().out == ""
    assert main(["fix", str(deficient), "--item", "random_seeds", "--dry-run"]) == 0  # nothing left to do


def test_fix_keeps_line_endings_encoding_and_a_last_line_without_newline(tmp_path, capsys):
    text = paper("\\section{Experiments}\nWe train a ResNet on CIFAR-10 and report the accuracy of each model.\n"
                 "\\section{Conclusion}\nCaf\xe9 results are good.\n").rstrip("\n")
    root = tmp_path / "main.tex"
    raw = text.replace("\n", "\r\n").encode("latin-1")
    root.write_bytes(raw)
    assert main(["fix", str(root)]) == 0
    new = root.read_bytes()
    assert b"\r\n" in new and b"\n" not in new.replace(b"\r\n", b"")  # no bare LF line break added
    before, after = raw.decode("latin-1"), new.decode("latin-1")  # still Latin-1: \xe9 is not valid UTF-8
    assert "Caf\xe9" in after
    inserted = only_insertions(before.replace("\r\n", "\n"), after.replace("\r\n", "\n"))
    assert sum(ln.startswith("% paperlint: ") for ln in inserted) == after.count("% paperlint: ") > 0


def test_insertion_past_the_last_line_starts_a_new_line():
    edit = Edit("main.tex", 3, "% paperlint: x\nsnippet\n\n", "t")
    assert insert("\ufeffa\r\nb", [edit]) == "\ufeffa\r\nb\r\n% paperlint: x\r\nsnippet\r\n\r\n"
    assert insert("a\nb\n", [Edit("main.tex", 1, "x\n", "t"), Edit("main.tex", 1, "y\n", "t")]) == "x\ny\na\nb\n"


def test_fix_unknown_item_is_a_usage_error(deficient, capsys):
    assert main(["fix", str(deficient), "--item", "nope"]) == 2
    assert "nope" in capsys.readouterr().err


@pytest.mark.parametrize("preamble, venue", [
    ("\\usepackage[final]{neurips_2025}", ("NeurIPS", 2025)),
    ("\\usepackage[preprint]{neurips/neurips_2025}", ("NeurIPS", 2025)),
    ("\\usepackage{nips2016}", ("NeurIPS", 2016)),
    ("\\usepackage[accepted]{icml2025}", ("ICML", 2025)),
    ("\\usepackage{iclr2026_conference,times}", ("ICLR", 2026)),
    ("\\usepackage{aaai26}", ("AAAI", 2026)),
    ("\\usepackage[review]{acl}", ("ACL", None)),
    ("\\usepackage{amsmath}\n\\usepackage{aistats2024}", ("AISTATS", 2024)),
    ("\\usepackage{amsmath}", None),
    ("% \\usepackage{neurips_2025}", None),
])
def test_venue_label_from_any_style_package(doc_of, preamble, venue):
    assert venue_label(doc_of("Text.", preamble)) == venue


def test_init_writes_a_commented_config_for_the_detected_venue(tmp_path, capsys):
    write_project(tmp_path, {"main.tex": paper("Text.", "\\usepackage[final]{neurips_2025}")})
    assert main(["init", str(tmp_path)]) == 0
    text = (tmp_path / ".paperlint.yaml").read_text()
    assert "NeurIPS 2025" in text and "final mode" in text
    assert yaml.safe_load(text) == {"profile": "neurips-2025"}  # only the profile is set; the rest are examples
    # every example, uncommented, is valid: the keys and a lab item the checklist models accept
    examples = yaml.safe_load(re.sub(r"(?m)^# (?= *- | *[a-z_]+:)", "", text))
    assert set(examples) == {"profile", "mode", "extends", "disable", "severity", "items"}
    assert Item.model_validate(examples["items"][0]).fix.snippet.startswith("The logs")
    assert main(["init", str(tmp_path)]) == 2  # an existing config is kept
    assert "--force" in capsys.readouterr().err
    assert main(["init", str(tmp_path), "--force"]) == 0


@pytest.mark.parametrize("preamble, says", [("", "No venue style package was recognised"),
                                             ("\\usepackage{aistats2024}", "names AISTATS 2024, which has no")])
def test_init_without_a_venue_profile_uses_core(tmp_path, preamble, says):
    write_project(tmp_path, {"main.tex": paper("Text.", preamble)})
    assert main(["init", str(tmp_path)]) == 0
    text = (tmp_path / ".paperlint.yaml").read_text()
    assert says in text and yaml.safe_load(text)["profile"] == "core"


def test_init_config_examples_load_as_a_config(tmp_path):
    from paperlint.checklist.registry import load_config
    write_project(tmp_path, {"main.tex": paper("Text.", "\\usepackage{icml2025}")})
    assert main(["init", str(tmp_path)]) == 0
    cfg = tmp_path / ".paperlint.yaml"
    cfg.write_text(re.sub(r"(?m)^# (?= *- | *[a-z_]+:)", "", cfg.read_text()).replace("./lab-checklist.yaml", "core"))
    config = load_config(cfg)  # every example, uncommented, is a valid configuration
    assert config.profile == "icml-2025" and config.mode == "final" and config.items[0].id == "lab_tracking_link"
    assert main(["check", str(tmp_path / "main.tex"), "--fail-on", "never", "--format", "json"]) == 0


def test_fix_answers_an_unanswered_checklist_question_in_place(tmp_path, capsys):
    shutil.copytree(SAMPLES / "lab", tmp_path / "lab")
    root = tmp_path / "lab" / "main.tex"
    before = root.read_text()
    todo = [v for v in check_path(root).verdicts if v.fix and "edit" in v.fix]
    assert todo and all(v.fix["edit"]["replaces"] == "\\answerTODO{}" for v in todo)
    assert main(["fix", str(root)]) == 0
    after = root.read_text()
    replaced = {}
    for v in todo:  # the placeholder's line now holds the answer, and the rest of the line is as it was
        line = before.splitlines(keepends=True)[v.fix["edit"]["line"] - 1]
        replaced[line] = line.replace("\\answerTODO{}", v.fix["edit"]["text"])
    expected = "".join(replaced.get(line, line) for line in before.splitlines(keepends=True))
    assert only_insertions(expected, after)  # besides the answers, fix only inserted lines
    assert not {v.id for v in todo} & {v.id for v in check_path(root).verdicts if v.fix and "edit" in v.fix}
    assert "-    \\item[] Answer: \\answerTODO{}" in capsys.readouterr().out


def test_fix_leaves_a_placeholder_the_author_changed_since_the_check(tmp_path):
    from paperlint.cli.fix import replace_placeholders
    edit = Edit("main.tex", 2, "\\answerYes{}", "Answer Yes", column=9, replaces="\\answerTODO{}")
    assert replace_placeholders("x\nAnswer: \\answerTODO{}\n", [edit]) == ("x\nAnswer: \\answerYes{}\n", [])
    text, skipped = replace_placeholders("x\nAnswer: \\answerNo{}\n", [edit])
    assert text == "x\nAnswer: \\answerNo{}\n" and "expected" in skipped[0]
