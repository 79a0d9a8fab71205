"""Batch audits: every paper found, one JSON line each as it goes, resume after an interruption, a paper
that breaks or hangs recorded with its error, and a report made from the lines alone."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from functools import partial

import pytest
from conftest import SAMPLES, paper, write_project

from paperlint.batch import audit_record, discover
from paperlint.batch.pool import StartError
from paperlint.batch.pool import run as run_pool
from paperlint.cli.main import main
from paperlint.engine.check import check_path

SAMPLE_NAMES = ("complete", "deficient", "theory", "position", "multifile")


def tree(tmp_path, copies: int = 1):
    """An arXiv-style tree: one folder per paper, plus a standalone figure and a subfiles part (not papers)."""
    root = tmp_path / "arxiv"
    for c in range(copies):
        for name in SAMPLE_NAMES:
            shutil.copytree(SAMPLES / name, root / f"2401.{c:03d}{SAMPLE_NAMES.index(name)}")
    write_project(root / "2401.9999", {
        "main.tex": paper("\\subfile{part}\nWe train with seed 0."),
        "part.tex": "\\documentclass[main.tex]{subfiles}\n\\begin{document}\nA part.\n\\end{document}\n",
        "fig.tex": "\\documentclass{standalone}\n\\begin{document}\nx\n\\end{document}\n",
    })
    return root


def lines(path):
    return [json.loads(x) for x in path.read_text().splitlines()]


def audit_cli(*args):
    return subprocess.run([sys.executable, "-m", "paperlint", "audit", *map(str, args)], capture_output=True,
                          text=True, timeout=300)


def test_audit_writes_one_record_per_paper(tmp_path):
    root = tree(tmp_path)
    out = tmp_path / "results.jsonl"
    r = audit_cli(root, "--out", out, "--jobs", "2")
    assert r.returncode == 0, r.stderr
    recs = lines(out)
    papers = sorted(rec["paper"] for rec in recs)
    assert papers == sorted([f"2401.000{i}/main.tex" for i in range(len(SAMPLE_NAMES))] + ["2401.9999/main.tex"])
    for rec in recs:
        assert rec["error"] is None and rec["items"] and sum(rec["summary"].values()) == len(rec["items"])
    complete = next(rec for rec in recs if rec["paper"] == "2401.0000/main.tex")
    assert complete["items"] == {v.id: v.status for v in check_path(SAMPLES / "complete" / "main.tex").verdicts}
    assert "audited 6 paper(s)" in r.stderr


def test_audit_resumes_where_it_stopped(tmp_path):
    root = tree(tmp_path, copies=8)
    total = len(discover([root]))
    out = tmp_path / "results.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "paperlint", "audit", str(root), "--out", str(out), "-j", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while not (out.exists() and out.read_text().count("\n") >= 3) and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)  # a hard stop, workers included
    proc.wait()
    first = out.read_text()
    first = first[:first.rfind("\n") + 1]  # whole lines (the stop may have cut one short)
    assert 3 <= first.count("\n") < total, "the run must have been stopped part way"
    with out.open("a") as f:
        f.write('{"version": 1, "paper": "cut sh')  # a line the stop cut short
    r = audit_cli(root, "--out", out, "-j", "2")
    assert r.returncode == 0 and f"{first.count(chr(10))} paper(s) already done" in r.stderr
    final = out.read_text()
    assert final.startswith(first)  # what was written stays as it was
    roots = [rec["root"] for rec in lines(out)]
    assert len(roots) == len(set(roots)) == total
    assert audit_cli(root, "--out", out).returncode == 0 and out.read_text() == final  # nothing left to do


def test_a_paper_that_hangs_is_recorded_and_the_run_goes_on(tmp_path):
    root = tree(tmp_path)
    # distinct sentences: the checker does the work of repeated text once
    slow = [" ".join(f"We train model {i} on the data and report its accuracy with a learning rate of 0.{j}."
                     for j in range(30)) for i in range(1500)]
    write_project(root / "2401.5555", {"main.tex": paper("\n\n".join(f"\\section{{S{i}}}\n{text}"
                                                                      for i, text in enumerate(slow)))})
    out = tmp_path / "results.jsonl"
    # the long paper takes seconds, the others a few hundredths: a limit between the two
    r = audit_cli(root, "--out", out, "--jobs", "2", "--timeout", "0.8")
    assert r.returncode == 0
    recs = {rec["paper"]: rec for rec in lines(out)}
    assert len(recs) == 7
    assert recs["2401.5555/main.tex"]["error"] == "timed out after 0.8 s"
    assert all(rec["error"] is None for p, rec in recs.items() if p != "2401.5555/main.tex")
    assert "1 could not be checked" in r.stderr


def test_workers_that_die_or_raise_are_reported_and_replaced():
    results = {task: (value, error) for task, value, error in run_pool(os._exit, [3], jobs=1, timeout=30)}
    assert results == {3: (None, "worker process died with exit code 3")}
    results = {t: (v, e) for t, v, e in run_pool(abs, [-1, "x", -2, -3], jobs=2, timeout=30)}
    assert results == {-1: (1, None), -2: (2, None), -3: (3, None),
                       "x": (None, "TypeError: bad operand type for abs(): 'str'")}


def exit_on_negative(n: int) -> int:
    """A task for the pool that kills its worker when negative."""
    if n < 0:
        os._exit(3)
    return n


def test_the_tasks_queued_behind_one_that_kills_its_worker_are_done_by_another():
    results = list(run_pool(exit_on_negative, [-1, 2, 3, -4, 5, 6], jobs=1, timeout=30))
    assert sorted(results, key=lambda r: abs(r[0])) == [
        (-1, None, "worker process died with exit code 3"), (2, 2, None), (3, 3, None),
        (-4, None, "worker process died with exit code 3"), (5, 5, None), (6, 6, None)]
    # and behind one that runs out of time (its time counts from when it starts, not when it is queued)
    assert list(run_pool(time.sleep, [30, 0.7, 0.7], jobs=1, timeout=1)) == [
        (30, None, "timed out after 1 s"), (0.7, None, None), (0.7, None, None)]


def test_a_task_given_to_a_worker_that_died_since_its_last_answer_stays_queued():
    # the race behind an occasional failure of the test above: the worker answered 3, then died on -4 (sent
    # with 3) before this process sent it 5, which raised BrokenPipeError out of the audit
    from paperlint.batch import pool
    ctx = pool._context([])
    worker = pool._Worker(ctx, exit_on_negative, None)
    worker.give(-4, 30)
    worker.proc.join(10)
    worker.give(5, 30)
    assert list(worker.tasks) == [-4, 5]
    with pytest.raises(EOFError):  # what `run` reads next: it reports -4 and gives 5 to another worker
        worker.conn.recv()
    worker.stop(kill=True)


def test_a_worker_that_cannot_start_stops_the_pool_with_the_reason():
    with pytest.raises(StartError, match=r"could not start: ValueError: invalid literal for int\(\)"):
        list(run_pool(abs, [-1, -2], jobs=2, timeout=30, warm=partial(int, "x")))
    with pytest.raises(StartError, match="could not start: it exited with code 4"):
        list(run_pool(abs, [-1], jobs=1, timeout=30, warm=partial(os._exit, 4)))


def test_audit_says_what_to_do_when_workers_cannot_start(tmp_path, monkeypatch, capsys):
    import paperlint.cli.audit as cli_audit

    def failing(todo, out, **kw):
        yield audit_record(todo[0][0], base=todo[0][1])
        raise StartError("a worker process could not start: it exited with code -9")

    monkeypatch.setattr(cli_audit, "execute", failing)
    assert main(["audit", str(tree(tmp_path)), "--out", str(tmp_path / "r.jsonl"), "--jobs", "1"]) == 2
    err = capsys.readouterr().err
    assert "could not start: it exited with code -9; stopped after 1 paper(s)" in err
    assert "run the same command again: it resumes from" in err and "Traceback" not in err


def test_record_of_a_broken_paper_carries_the_error(tmp_path, monkeypatch):
    root = write_project(tmp_path, {"main.tex": paper("We train with seed 0.")})
    import paperlint.engine.check as engine

    def boom(doc, profile, quotes):
        raise ValueError("a bug met on this paper")
    monkeypatch.setattr(engine, "check_document", boom)
    rec = audit_record(root)
    assert rec["error"].startswith("ValueError: a bug met on this paper (test_audit.py:")
    assert rec["root"] == str(root) and "items" not in rec
    assert audit_record(tmp_path / "nowhere.tex")["error"].startswith("OSError: cannot read")


def test_audit_record_is_pure_and_needs_no_command_line(tmp_path):
    root = write_project(tmp_path, {"main.tex": paper("We train with seed 0.", "\\usepackage{icml2025}")})
    code = ("import sys, json; from paperlint.batch import audit_record; r = audit_record(sys.argv[1], base=sys.argv[2]);"
            "print(json.dumps([r, sorted(m for m in sys.modules if m.startswith('paperlint.cli'))]))")
    before = sorted(os.listdir(tmp_path))
    out = subprocess.run([sys.executable, "-c", code, str(root), str(tmp_path)], capture_output=True, text=True)
    rec, cli_modules = json.loads(out.stdout)
    assert cli_modules == [] and sorted(os.listdir(tmp_path)) == before
    assert rec["paper"] == "main.tex" and (rec["venue"], rec["venue_year"]) == ("ICML", 2025)
    assert (rec["venue_profile"], rec["venue_mode"], rec["profile"]) == ("icml-2025", "review", "core")
    again = audit_record(tmp_path)  # a paper folder works as well as its root
    timing = ("seconds", "cpu_seconds")
    assert {k: v for k, v in again.items() if k not in timing} == {
        **{k: v for k, v in rec.items() if k not in timing}, "paper": str(root)}


def test_report_tables_and_self_contained_html(tmp_path, capsys):
    recs = [
        {"root": "/a", "paper": "a", "profile": "core", "error": None, "type": "empirical", "venue": "NeurIPS",
         "items": {"random_seeds": "present", "limitations_discussed": "missing"}},
        {"root": "/b", "paper": "b", "profile": "core", "error": None, "type": "empirical", "venue": "ICML",
         "items": {"random_seeds": "missing", "limitations_discussed": "missing"}},
        {"root": "/c", "paper": "c", "profile": "core", "error": None, "type": "theory", "venue": None,
         "items": {"random_seeds": "not_applicable", "limitations_discussed": "weak"}},
        {"root": "/d", "paper": "d <broken>", "profile": "core", "error": "timed out after 2 s"},
    ]
    results = tmp_path / "results.jsonl"
    results.write_text("".join(json.dumps(r) + "\n" for r in [{**recs[0], "items": {}}] + recs) + "not json\n")
    html = tmp_path / "report.html"
    assert main(["report", str(results), "--html", str(html)]) == 0
    out = capsys.readouterr().out
    assert "3 papers checked, 1 could not be checked" in out
    seeds = next(ln.split() for ln in out.splitlines() if ln.startswith("random_seeds"))
    assert seeds[1:] == ["33.3%", "0.0%", "33.3%", "33.3%"]  # the re-run line for /a replaced the first
    page = html.read_text()
    assert page.count("<svg") >= 6 and "<script" not in page
    assert "src=" not in page and "<link" not in page  # nothing to fetch: one self-contained file
    for label in ("empirical", "theory", "NeurIPS", "ICML", "unknown venue", "Random seeds", "d &lt;broken&gt;",
                  "timed out after 2 s", "Random seeds: missing in 1 of 3 papers (33%)"):
        assert label in page
    assert main(["report", str(tmp_path / "none.jsonl")]) == 2


def test_audit_usage_errors(tmp_path, capsys):
    out = str(tmp_path / "r.jsonl")
    assert main(["audit", str(tmp_path), "--out", out, "--jobs", "0"]) == 2
    assert main(["audit", str(tmp_path), "--out", out]) == 2  # no paper in the folder
    assert main(["audit", str(tmp_path / "nowhere"), "--out", out]) == 2
    bad = tmp_path / "lab.yaml"
    bad.write_text("id: lab\nitems: [\n")
    papers = str(tree(tmp_path))
    for profile, says in (("no-such-venue", "no-such-venue"), (str(bad), "lab.yaml")):
        assert main(["audit", papers, "--out", out, "--profile", profile]) == 2  # before any worker starts
        assert says in capsys.readouterr().err and not (tmp_path / "r.jsonl").exists()
    with pytest.raises(SystemExit) as e:
        main(["audit", str(tmp_path)])  # --out is required
    assert e.value.code == 2


def test_the_audit_command_loads_without_the_checker():
    """The workers load the checker (a second of imports and patterns); the main process, which starts them and
    finds the papers meanwhile, must not load it too: not the command line, the runner, its pool or the checklist
    models. `audit_record` imports from the package and loads the checker when first called."""
    heavy = "('paperlint.engine.check' in sys.modules, 'pydantic' in sys.modules)"
    code = (f"import sys, paperlint.cli.main, paperlint.cli.audit, paperlint.batch.pool; print({heavy}); "
            f"from paperlint.batch import audit_record; print({heavy}); audit_record('nowhere.tex'); print({heavy})")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[:3] == ["(False, False)", "(False, False)", "(True, True)"]
