"""Instructions the checker executes on fixed work, counted by valgrind: unlike seconds, the counts do not
depend on what else the machine runs (here the same benchmark varies by a third from one minute to the next),
so two commits compare exactly.

    python bench/instructions.py [--what audit,edits,cold] [--papers 8] [--edits 30]

- audit: `audit_record` on --papers distinct copies of dev papers, after one paper that warms the caches;
- edits: --edits one-character edits of `bench/lsp_speed.py`'s 5,000-line paper, each checked as the server does;
- cold: the first check of its 10,000-line paper, in a process warmed up as the server's is.
Only the work itself is counted (not starting Python or compiling the profiles). Needs valgrind (Debian's package
valgrind); about a minute per workload.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402
from audit_throughput import DEV, build_tree  # noqa: E402


def _counting(on: bool) -> None:
    subprocess.run(["callgrind_control", "-i", "on" if on else "off", str(os.getpid())], capture_output=True,
                   check=False)


def audit(tmp: Path, papers: int) -> int:
    from paperlint.batch.discover import discover
    from paperlint.batch.record import audit_record
    from paperlint.checklist.registry import compile_builtin
    build_tree(tmp, DEV, papers + 1, distinct=True)
    roots = sorted(r for r, _ in discover([tmp]))[:papers + 1]
    compile_builtin()
    audit_record(roots[0])
    _counting(True)
    for root in roots[1:]:
        audit_record(root)
    _counting(False)
    return len(roots) - 1


def edits(tmp: Path, count: int) -> int:
    from paperlint.checklist.registry import compile_builtin
    from paperlint.engine.check import prepare_next_check
    from paperlint.lsp.documents import check
    from paperlint.lsp.settings import Settings
    root = corpus.build(tmp, 5000)
    files = corpus.tex_files(root)
    body = [f for f in files if f.parent.name == "sections"]
    texts = {f: f.read_text() for f in files}
    versions = {f: 1 for f in files}
    compile_builtin()
    settings = Settings()
    checked = check(root, texts, versions, settings)
    while not prepare_next_check(checked.document, 1.0):
        pass
    rng = random.Random(1)
    sizes = [len(texts[f]) for f in body]
    for _ in range(count):
        f = rng.choices(body, weights=sizes)[0]  # a position uniform over the body's text
        lines = texts[f].split("\n")
        line = rng.randrange(len(lines))
        col = rng.randrange(len(lines[line]) + 1)
        lines[line] = lines[line][:col] + rng.choice("abcdefghijklmnopqrstuvwxyz ") + lines[line][col:]
        texts[f] = "\n".join(lines)
        versions[f] += 1
        _counting(True)
        checked = check(root, texts, versions, settings)
        _counting(False)
        prepare_next_check(checked.document, 0.05)
    return count


def cold(tmp: Path, _: int) -> int:
    from paperlint.engine.check import warm_up
    from paperlint.lsp.documents import check
    from paperlint.lsp.settings import Settings
    root = corpus.build(tmp, 10000)
    warm_up()  # as the server does when it starts
    text = root.read_text()
    _counting(True)
    check(root, {root: text}, {root: 1}, Settings())
    _counting(False)
    return 1


WORK = {"audit": (audit, "per audited paper"), "edits": (edits, "per edit check"),
        "cold": (cold, "for the cold check of 10,000 lines")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--what", default="audit,edits,cold")
    ap.add_argument("--papers", type=int, default=8)
    ap.add_argument("--edits", type=int, default=30)
    ap.add_argument("--run", help=argparse.SUPPRESS)  # the workload, run under valgrind by this script
    args = ap.parse_args()
    if args.run:
        with tempfile.TemporaryDirectory() as tmp:
            print(f"units {WORK[args.run][0](Path(tmp), args.papers if args.run == 'audit' else args.edits)}")
        return
    for what in args.what.split(","):
        out = subprocess.run(["valgrind", "--tool=callgrind", "--instr-atstart=no", "--callgrind-out-file=/dev/null",
                              sys.executable, __file__, "--run", what, "--papers", str(args.papers),
                              "--edits", str(args.edits)], capture_output=True, text=True)
        total = re.search(r"Collected : (\d+)", out.stderr)
        units = re.search(r"units (\d+)", out.stdout)
        if out.returncode or not total or not units:
            sys.exit(f"{what}: valgrind run failed (is valgrind installed?)\n{out.stderr[-2000:]}")
        print(f"{what:6s} {int(total.group(1)) / int(units.group(1)) / 1e6:8.0f} M instructions {WORK[what][1]}")


if __name__ == "__main__":
    main()
