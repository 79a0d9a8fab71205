"""The pre-commit hook, end to end: a real `pre-commit run` in a fresh git repository that uses this checkout
(its committed HEAD) as the hook repository. pre-commit installs the hook with pip, so this needs PyPI; it
takes a minute the first time. Deselect with `-m "not precommit"`."""

import os
import shutil
import subprocess
import sys

import pytest
from conftest import REPO, SAMPLES

pytestmark = pytest.mark.precommit


def git(*args, cwd):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture(scope="module")
def head():
    try:
        return git("rev-parse", "HEAD", cwd=REPO)
    except (subprocess.CalledProcessError, FileNotFoundError):
        pytest.fail("the pre-commit test needs this checkout to be a git repository with a commit")


def test_hook_fails_on_the_deficient_paper_and_passes_on_the_complete_one(tmp_path, head):
    repo = tmp_path / "papers"
    shutil.copytree(SAMPLES / "complete", repo / "complete")
    shutil.copytree(SAMPLES / "deficient", repo / "deficient")
    # the complete paper again, its body in a file of its own: two staged files, one paper
    head_, body = (SAMPLES / "complete" / "main.tex").read_text().split("\\begin{document}\n")
    (repo / "split" / "sections").mkdir(parents=True)
    (repo / "split" / "main.tex").write_text(head_ + "\\begin{document}\n\\input{sections/body}\n\\end{document}\n")
    (repo / "split" / "sections" / "body.tex").write_text(body.replace("\\end{document}", ""))
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {REPO}\n    rev: {head}\n    hooks:\n      - id: paperlint\n")
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t", "PRE_COMMIT_COLOR": "never"}

    def pre_commit():
        return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=repo, env=env, capture_output=True,
                              text=True, timeout=600)

    r = pre_commit()
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Failed" in r.stdout and "random_seeds" in r.stdout  # what the deficient paper misses
    assert r.stdout.count("(core profile;") == 3  # four staged .tex files, three papers, each checked once

    git("rm", "-rqf", "deficient", cwd=repo)
    r = pre_commit()
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Passed" in r.stdout
