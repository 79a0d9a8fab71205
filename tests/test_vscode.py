"""The VS Code extension inside a real VS Code (the one code-server ships), against this repository's server.

`bash .ci/vscode-tools` installs what these tests need into .tools/ (`bash .ci/run` does it first). The
extension is built and packaged here, so the tests always run the current sources. The server is the
`paperlint` installed beside the Python running pytest, or PAPERLINT_SERVER_PATH. Screenshots and logs go to
tests/artifacts/. Set PAPERLINT_SKIP_VSCODE=1 to skip these tests; nothing else skips them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CLIENT = REPO / "vscode-client"
TOOLS = REPO / ".tools" / "vscode.env"
ARTIFACTS = REPO / "tests" / "artifacts"
SAMPLE = REPO / "samples" / "deficient"

pytestmark = pytest.mark.skipif(os.environ.get("PAPERLINT_SKIP_VSCODE") == "1", reason="PAPERLINT_SKIP_VSCODE=1")

HOST_TESTS = [
    "activates on a paper",
    "diagnostics arrive for the missing and weak items",
    "the report command returns the checklist and shows it",
    "the code lens shows the score and opens the report",
    "the quick fix inserts the snippet and the item is found",
    "settings flow to the server",
    "the server is restarted when it dies",
    '"paperlint: Restart server" starts a new server',
    '"paperlint: Insert venue checklist" inserts it after the references, once',
]


@pytest.fixture(scope="module")
def vscode_env() -> dict[str, str]:
    """The environment of the test runners, with the extension freshly built and packaged."""
    if not TOOLS.exists():
        pytest.fail("the VS Code test tools are not installed: run `bash .ci/vscode-tools`")
    tools = dict(line.split("=", 1) for line in TOOLS.read_text().splitlines() if "=" in line)
    server = os.environ.get("PAPERLINT_SERVER_PATH") or shutil.which("paperlint", path=Path(sys.executable).parent)
    if not server:
        pytest.fail(f"no paperlint executable beside {sys.executable}: pip install -e . first")
    if subprocess.run([server, "serve", "--help"], capture_output=True).returncode != 0:
        pytest.fail(f"{server} has no language server (`paperlint serve`)")
    env = {**os.environ, "PATH": f"{Path(tools['NODE']).parent}{os.pathsep}{os.environ['PATH']}",
           "NODE": tools["NODE"], "CODE_SERVER": tools["CODE_SERVER"], "CHROMIUM": tools["CHROMIUM"],
           "PAPERLINT_SERVER_PATH": server, "VSIX": str(CLIENT / "paperlint.vsix"), "ARTIFACTS": str(ARTIFACTS)}
    build = subprocess.run(["npm", "run", "--silent", "package"], cwd=CLIENT, env=env, capture_output=True, text=True)
    assert build.returncode == 0, build.stdout + build.stderr
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir()
    return env


def run(env: dict[str, str], script: str, workspace: Path, timeout: int) -> tuple[int, str]:
    """Run a test runner of vscode-client/test on a copy of the deficient sample; return its exit code and output."""
    shutil.copytree(SAMPLE, workspace)
    proc = subprocess.Popen([env["NODE"], str(CLIENT / "test" / script)],
                            env={**env, "WORKSPACE": str(workspace)}, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.terminate()  # the runner stops its VS Code on SIGTERM
        out, _ = proc.communicate(timeout=30)
        pytest.fail(f"{script} timed out after {timeout} s:\n{out}")
    return proc.returncode, out


def lines(out: str, prefix: str) -> list[dict]:
    return [json.loads(line[len(prefix):]) for line in out.splitlines() if line.startswith(prefix)]


@pytest.fixture(scope="module")
def host_results(vscode_env, tmp_path_factory) -> dict[str, dict]:
    code, out = run(vscode_env, "run-host.mjs", tmp_path_factory.mktemp("host") / "paper", timeout=300)
    results = {r["name"]: r for r in lines(out, "paperlint-test ")}
    assert list(results) == HOST_TESTS, out
    assert (code == 0) == all(r["ok"] for r in results.values()), out
    return results


@pytest.mark.parametrize("name", HOST_TESTS)
def test_extension_host(host_results, name):
    assert host_results[name]["ok"], host_results[name]["error"]


def test_output_channel_has_the_server_log(host_results):
    log = (ARTIFACTS / "host-paperlint-output.log").read_text()
    # started, killed and restarted by the client, then restarted by the command
    assert log.count("Starting ") >= 3, log


@pytest.fixture(scope="module")
def expected(vscode_env) -> dict:
    """What the same paperlint's command line says of the sample: the UI must show the same."""
    out = subprocess.run([vscode_env["PAPERLINT_SERVER_PATH"], "check", "--format", "json", str(SAMPLE / "main.tex")],
                         capture_output=True, text=True).stdout
    return json.loads(out)["summary"]


def test_ui_problems_hover_quick_fix(vscode_env, expected, tmp_path):
    code, out = run(vscode_env, "ui.mjs", tmp_path / "paper", timeout=240)
    [seen] = lines(out, "paperlint-ui ")
    assert code == 0 and "error" not in seen, out
    present, weak, missing = expected["present"], expected["weak"], expected["missing"]
    # the Problems panel lists paperlint's warnings with their item ids; the status bar shows the score
    assert any("paperlint" in row and "random_seeds" in row for row in seen["problems"]), seen["problems"]
    assert seen["counts"] == f"0 {weak + missing}"
    assert seen["status"] == f"{present}/{present + weak + missing}"
    # hovering the Conclusion heading shows the missing limitations; its quick fix adds them
    assert "The paper does not discuss the limitations of its own work." in seen["hover"]
    assert "Add a Limitations section" in seen["quickFixes"]
    assert seen["countsAfter"] == f"0 {weak + missing - 1}"
    assert seen["statusAfter"] == f"{present + 1}/{present + weak + missing}"
    # the status bar opens the report; its evidence links open the file at the line
    assert seen["report"].startswith(f"{present + 1} of {present + weak + missing} applicable items present")
    file, line = seen["evidence"].split(":")
    assert file == "main.tex" and seen["evidenceOpens"].startswith(f"Ln {line},")
    # a server path that does not run paperlint: a message says so, its button shows the install command
    assert "paperlint.server.path (/nowhere/paperlint) does not run `paperlint serve`" in seen["notInstalled"]
    assert "python3 -m pip install --upgrade paperlint" in seen["installCommand"]
    for name in ("hover", "quickfix", "fixed", "report", "install-command"):
        assert (ARTIFACTS / f"vscode-{name}.png").stat().st_size > 10_000
