"""CI output formats and the check options CI users rely on: sarif, github, junit, --select/--ignore,
--exit-zero, --statistics, and which papers a list of staged files maps to."""

import json
import os
import re
import subprocess
import sys
from types import SimpleNamespace
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from conftest import REPO, SAMPLES, paper, write_project

from paperlint.cli.formats.common import Options
from paperlint.cli.formats.text import render as render_text
from paperlint.cli.main import main
from paperlint.engine.check import check_path

SCHEMAS = REPO / "tests" / "fixtures" / "sarif"


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch):
    monkeypatch.chdir(REPO)  # CI formats give paths relative to the working directory


@pytest.fixture
def run(capsys):
    """Run the command line in this process (fast); its exit code, stdout and stderr."""
    def call(*args):
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return SimpleNamespace(returncode=code, stdout=out, stderr=err)
    return call


@pytest.fixture
def check_json(run):
    def call(*args):
        data = json.loads(run("check", *args, "--format", "json", "--fail-on", "never").stdout)
        return data if isinstance(data, list) else [data]
    return call


def statuses(papers):
    return [(p["root"], i["id"], i["status"]) for p in papers for i in p["items"]]


@pytest.mark.parametrize("schema", sorted(SCHEMAS.glob("*.json")), ids=lambda p: p.name)
def test_sarif_validates_against_the_official_schema(schema, run, tmp_path):
    broken = write_project(tmp_path / "broken paper", {"main.tex": paper("\\input{missing}\nWe train a model.")})
    r = run("check", SAMPLES / "deficient", SAMPLES / "multifile", SAMPLES / "complete", broken, "--format", "sarif")
    assert r.returncode == 1
    log = json.loads(r.stdout)
    validator = jsonschema.validators.validator_for(json.loads(schema.read_text()))
    validator(json.loads(schema.read_text())).validate(log)  # raises with the failing path
    assert log["runs"][0]["results"]
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert any("missing" in n["message"]["text"] and n["locations"][0]["physicalLocation"]["artifactLocation"]
               ["uri"].endswith("broken%20paper/main.tex") for n in notes)  # a load problem, not a finding


def test_sarif_results_point_at_files_and_rules_carry_the_item_docs(run, check_json):
    r = run("check", SAMPLES / "deficient" / "main.tex", "--format", "sarif")
    run_ = json.loads(r.stdout)["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    findings = [i for i in check_json(SAMPLES / "deficient" / "main.tex")[0]["items"]
                if i["status"] in ("missing", "weak")]
    assert sorted(res["ruleId"] for res in run_["results"]) == sorted(i["id"] for i in findings)
    for res in run_["results"]:
        rule = rules[res["ruleIndex"]]
        assert rule["id"] == res["ruleId"] and "```latex" in rule["help"]["markdown"]
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == "samples/deficient/main.tex"  # relative to the working dir
        assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1
    seeds = next(res for res in run_["results"] if res["ruleId"] == "random_seeds")
    change = seeds["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert change["insertedContent"]["text"].startswith("% paperlint: random_seeds\n")
    assert change["deletedRegion"]["startColumn"] == change["deletedRegion"]["endColumn"] == 1  # an insertion


def test_github_annotations_one_per_finding_with_escaped_properties(run, check_json):
    r = run("check", SAMPLES / "deficient" / "main.tex", "--format", "github")
    assert r.returncode == 1
    lines = r.stdout.strip().splitlines()
    items = check_json(SAMPLES / "deficient" / "main.tex")[0]["items"]
    findings = [i for i in items if i["status"] in ("missing", "weak")]
    assert len(lines) == len(findings)
    rx = re.compile(r"^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),title=([^:]+)::(.+)$")
    for line in lines:
        m = rx.match(line)
        assert m, line
        assert m.group(2) == "samples/deficient/main.tex" and "," not in m.group(5)
    missing = [ln for ln in lines if "(missing" in ln]
    assert all(ln.startswith("::warning") for ln in missing)  # the core items are warnings
    assert all(ln.startswith("::notice") for ln in lines if "(weak" in ln)


def test_junit_fails_exactly_what_fails_the_build(run, check_json):
    papers = check_json(SAMPLES / "deficient" / "main.tex")
    counts = papers[0]["summary"]
    for fail_on, failing in (("missing", counts["missing"]), ("weak", counts["missing"] + counts["weak"])):
        r = run("check", SAMPLES / "deficient" / "main.tex", "--format", "junit", "--fail-on", fail_on)
        suite = ET.fromstring(r.stdout).find("testsuite")
        cases = suite.findall("testcase")
        assert len(cases) == sum(counts.values())
        assert int(suite.get("failures")) == len([c for c in cases if c.find("failure") is not None]) == failing
        assert len([c for c in cases if c.find("skipped") is not None]) == counts["not_applicable"]


def test_select_and_ignore_by_id_or_prefix(run, check_json):
    all_ids = {i for _, i, _ in statuses(check_json(SAMPLES / "deficient"))}
    theory = {i for i in all_ids if i.startswith("theory")}
    assert len(theory) >= 2
    assert {i for _, i, _ in statuses(check_json(SAMPLES / "deficient", "--select", "theory"))} == theory
    picked = {i for _, i, _ in statuses(check_json(SAMPLES / "deficient", "--select", "theory,random_seeds"))}
    assert picked == theory | {"random_seeds"}
    left = {i for _, i, _ in statuses(check_json(SAMPLES / "deficient", "--ignore", "theory", "--ignore", "random"))}
    assert left == all_ids - theory - {"random_seeds"}
    r = run("check", SAMPLES / "deficient", "--select", "no_such_item")
    assert r.returncode == 2 and "no_such_item" in r.stderr and "Traceback" not in r.stderr


def test_selection_decides_the_exit_code(run, check_json):
    deficient = check_json(SAMPLES / "deficient")[0]["items"]
    present = next(i["id"] for i in deficient if i["status"] == "present")
    missing = next(i["id"] for i in deficient if i["status"] == "missing")
    assert run("check", SAMPLES / "deficient", "--select", present).returncode == 0
    assert run("check", SAMPLES / "deficient", "--select", missing).returncode == 1
    assert run("check", SAMPLES / "deficient", "--ignore", missing).returncode == 1  # others still missing


def test_exit_zero_keeps_errors(run):
    assert run("check", SAMPLES / "deficient", "--exit-zero").returncode == 0
    assert run("check", REPO / "no" / "such.tex", "--exit-zero").returncode == 2


def test_statistics_counts_papers_per_item(run, check_json):
    papers = check_json(SAMPLES)
    expected = {}
    for _, item, status in statuses(papers):
        if status in ("missing", "weak"):
            expected.setdefault(item, {"missing": 0, "weak": 0})[status] += 1
    r = run("check", SAMPLES, "--statistics", "--format", "json")
    stats = {s["id"]: s for s in json.loads(r.stdout)}
    assert {i: {"missing": s["missing"], "weak": s["weak"]} for i, s in stats.items()} == expected
    counts = [s["count"] for s in json.loads(r.stdout)]
    assert counts == sorted(counts, reverse=True)
    text = run("check", SAMPLES, "--statistics").stdout.splitlines()
    assert len(text) == len(expected) and text[0].split()[1] == json.loads(r.stdout)[0]["id"]
    assert run("check", SAMPLES, "--statistics", "--format", "sarif").returncode == 2


def test_text_is_coloured_only_for_a_terminal(run):
    report = check_path(SAMPLES / "deficient" / "main.tex")
    coloured = render_text([report], Options(color=True))
    plain = render_text([report], Options(color=False))
    assert "\x1b[" in coloured and "\x1b[" not in plain
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain
    assert "\x1b[" not in run("check", SAMPLES / "deficient").stdout  # a pipe is not a terminal


def test_files_map_to_the_papers_that_include_them(tmp_path, run):
    write_project(tmp_path, {
        "paper/main.tex": "\\documentclass{article}\n\\begin{document}\n\\input{sections/exp}\n\\end{document}\n",
        "paper/sections/exp.tex": "We train a model with seed 0.\n",
        "paper/sections/unused.tex": "Nobody includes this file.\n",
        "paper/figures/plot.tex": "\\begin{tikzpicture}\\end{tikzpicture}\n",
    })
    (tmp_path / ".git").mkdir()  # the search for an including root stops at a repository's top
    paper = tmp_path / "paper"
    r = run("check", paper / "sections" / "exp.tex", paper / "main.tex", "--format", "json", "--fail-on", "never")
    data = json.loads(r.stdout)
    assert isinstance(data, dict) and data["root"] == "main.tex"  # two files of one paper: checked once
    assert "sections/exp.tex" in data["files"]
    r = run("check", paper / "sections" / "unused.tex", paper / "figures" / "plot.tex")
    assert r.returncode == 0 and r.stdout.strip() == ""
    assert r.stderr.count("no paper includes it") == 2


def test_broken_pipe_is_quiet():
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    p = subprocess.run(f"{sys.executable} -m paperlint check {SAMPLES} --format json | head -1", shell=True,
                       capture_output=True, text=True, env=env)
    assert p.stdout.strip() == "[" and "Traceback" not in p.stderr
