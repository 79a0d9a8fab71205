"""The command line contract: exit codes 0/1/2, the JSON schema, explain and items."""

import json
import subprocess
import sys

from conftest import SAMPLES

from paperlint.checklist.docs import item_uri
from paperlint.checklist.registry import load_config, load_registry
from paperlint.cli.main import main


def run(*args):
    return subprocess.run([sys.executable, "-m", "paperlint", *map(str, args)], capture_output=True, text=True)


def test_complete_sample_passes_and_deficient_fails():
    assert run("check", SAMPLES / "complete" / "main.tex").returncode == 0
    r = run("check", SAMPLES / "deficient" / "main.tex")
    assert r.returncode == 1
    for item in ("random_seeds", "hardware_specified", "error_bars_or_ci", "limitations_discussed",
                 "contamination_addressed"):
        assert item in r.stdout


def test_fail_on_levels(capsys):
    deficient = str(SAMPLES / "deficient" / "main.tex")
    assert main(["check", deficient, "--fail-on", "never"]) == 0
    assert main(["check", str(SAMPLES / "complete" / "main.tex"), "--fail-on", "weak"]) == 0


def test_usage_and_load_errors_exit_2(tmp_path):
    assert run("check", tmp_path / "nope.tex").returncode == 2
    assert run("check", "--format", "xml", SAMPLES / "complete" / "main.tex").returncode == 2
    assert run("check", "--profile", "nonexistent", SAMPLES / "complete" / "main.tex").returncode == 2
    assert run("check", tmp_path).returncode == 2  # empty folder: no root
    r = run("explain", "no_such_item")
    assert r.returncode == 2 and "paperlint items" in r.stderr
    assert "Traceback" not in r.stderr


def test_json_shape():
    r = run("check", SAMPLES / "multifile" / "sections" / "experiments.tex", "--format", "json")
    data = json.loads(r.stdout)
    assert data["version"] == 1 and data["root"] == "main.tex"
    assert data["files"][:2] == ["main.tex", "macros.tex"]
    assert set(data["facts"]) == {"type", "has_experiments", "has_theory", "trains_models", "uses_pretrained_llm",
                                  "human_subjects", "new_dataset", "uses_existing_assets"}
    assert len(data["items"]) == 24
    for item in data["items"]:
        assert set(item) >= {"id", "title", "status", "severity", "message", "evidence", "reason", "fix"}
        assert item["status"] in ("present", "weak", "missing", "not_applicable")
        if item["status"] in ("present", "weak"):
            assert item["evidence"] and {"file", "line", "column", "text"} <= set(item["evidence"][0])
        if item["status"] == "missing":
            assert item["reason"] and item["fix"]["snippet"]
        if item["status"] == "not_applicable":
            assert item["reason"]
    status = {i["id"]: i["status"] for i in data["items"]}
    assert status["error_bars_or_ci"] == "present"  # \meanstd{81.2}{0.4} expands to 81.2 ± 0.4
    assert status["hardware_specified"] == "missing"


def test_folder_checks_every_root(tmp_path):
    r = run("check", SAMPLES, "--format", "json", "--fail-on", "never")
    roots = {(d["folder"].split("/")[-1], d["root"]) for d in json.loads(r.stdout)}
    assert {("complete", "main.tex"), ("deficient", "main.tex"), ("multifile", "main.tex")} <= roots
    assert r.returncode == 0


def test_explain_and_items():
    r = run("explain", "random_seeds")
    assert r.returncode == 0 and "seed dataset" in r.stdout and "```latex" in r.stdout
    r = run("items")
    assert r.returncode == 0 and len(r.stdout.strip().splitlines()) == 24


def test_fixes_only_insert_and_land_in_the_right_place():
    from paperlint.engine.check import check_path
    from paperlint.engine.fixes import item_fix, not_applicable_fix
    root = SAMPLES / "deficient" / "main.tex"
    r = check_path(root)
    lines = root.read_text().splitlines()
    by_id = {v.id: v for v in r.verdicts}
    limits = item_fix(by_id["limitations_discussed"])
    assert limits.file == "main.tex" and lines[limits.line - 1].startswith("\\bibliographystyle")
    assert "\\section*{Limitations}" in limits.text and limits.text.endswith("\n\n")
    seeds = item_fix(by_id["random_seeds"])
    assert lines[seeds.line - 1].startswith("\\section{Conclusion}")  # end of the experiments section
    na = not_applicable_fix(r, by_id["contamination_addressed"])
    assert lines[na.line - 2] == "\\begin{document}" and na.text.startswith("% paperlint: not-applicable")
    assert item_fix(by_id["baselines_included"]) is None or by_id["baselines_included"].status in ("missing", "weak")


def test_schema_prints_the_config_json_schema():
    r = run("schema")
    schema = json.loads(r.stdout)
    assert r.returncode == 0 and schema["title"] == "Config" and "severity" in schema["properties"]
    assert json.loads(run("schema", "profile").stdout)["title"] == "Profile"


def test_docs_writes_a_page_per_profile(tmp_path):
    r = run("docs", "--out", tmp_path)
    assert r.returncode == 0
    page = (tmp_path / "items" / "acl-arr.md").read_text()
    assert "limitations_section" in page and "| error | section |" in page
    assert (tmp_path / "config.schema.json").exists() and (tmp_path / "items" / "index.md").exists()


def test_the_format_names_offered_are_the_formats_there_are():
    from paperlint.cli.formats import FORMATS
    from paperlint.cli.main import OUTPUT_FORMATS
    assert OUTPUT_FORMATS == tuple(sorted(FORMATS))


def test_items_link_to_their_section_of_the_reference_installed_with_paperlint():
    """docs/ ships in the package (tests/test_profiles.py checks it is current)."""
    assert item_uri("random_seeds", load_registry("neurips-2025")).endswith("/docs/items/core.md#random_seeds")
    lab = load_registry("neurips-2025", load_config(SAMPLES / "lab" / ".paperlint.yaml"))
    assert item_uri("lab_carbon_footprint", lab) is None  # a lab's own item: no page, its hover has the text
    assert item_uri("random_seeds", lab).endswith("/core.md#random_seeds")


def test_explain_finds_items_of_any_profile():
    r = run("explain", "impact_statement_section")
    assert r.returncode == 0 and "Impact Statement" in r.stdout and "**Kind:** section" in r.stdout
    assert len(run("items", "--profile", "neurips-2025").stdout.strip().splitlines()) > 24


def test_broken_config_exits_2_with_file_line_and_key(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "main.tex").write_text((SAMPLES / "deficient" / "main.tex").read_text())
    cfg = tmp_path / ".paperlint.yaml"
    cfg.write_text("profile: core\nseverity:\n  random_seeds: loud\n")
    r = run("check", tmp_path / "main.tex", "--config", cfg)
    assert r.returncode == 2 and ".paperlint.yaml:3: severity.random_seeds" in r.stderr and not r.stdout
    # found on its own, the broken config is reported in the report, the built-in profile runs, and CI fails
    r = run("check", tmp_path / "main.tex", "--format", "json")
    data = json.loads(r.stdout)
    problem = next(p for p in data["problems"] if p["code"] == "config-error")
    assert r.returncode == 2 and (problem["file"], problem["line"]) == (".paperlint.yaml", 3)
    assert "severity.random_seeds" in problem["message"] and data["profile"] == "core"


def test_json_reports_checklist_venue_and_suppressions():
    data = json.loads(run("check", SAMPLES / "lab" / "main.tex", "--format", "json").stdout)
    assert data["profile"] == "neurips-2025" and data["venue"]["mode"] == "review"
    assert data["checklist"]["status"] == "active" and data["checklist"]["answers"][3] == {
        "n": 4, "title": "Experiments compute resources", "answer": "todo", "justification": "todo",
        "file": "main.tex", "line": 70}
    assert {s["id"] for s in data["suppressed"]} == {"limitations_section"}
    ids = {i["id"] for i in data["items"]}
    assert {"lab_carbon_footprint", "lab_results_archived"} <= ids and "model_versions_specified" not in ids
