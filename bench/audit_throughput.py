"""Audit throughput: papers per second of `paperlint audit` on a corpus copied until there are enough papers.

    python bench/audit_throughput.py [--papers 200] [--jobs 2] [--distinct] [--corpus DIR] [--repeat N]

The corpus is the dev corpus (../shared/corpus/dev) unless --corpus names another folder of paper folders;
`--corpus samples` measures the runner itself on tiny papers.

Each run is the command a user types, `paperlint audit TREE --jobs N --out FILE`, in a new process: papers/s
counts everything from starting it to its exit (Python, imports, finding the papers, starting the workers).
The checker's own rate (from the first paper handed out) and the CPU seconds per paper in the workers are
printed too, with the slowest papers.

The copies are byte-identical by default, so a worker's parse cache (keyed by a chunk's text) may serve the
repeats; --distinct ends every paragraph of copy c with c + 1 spaces, so every chunk differs from copy to copy
and nothing is served from the cache, as in a real corpus of different papers. (It used to mark every line
with a comment, `%c`: that made the comment masking do ten times the work of a real paper's, and the texts
it masked were the same in copies 0 to 9.)

On a shared machine the same run varies by a third from one minute to the next (other tenants take the CPU
and its caches): --repeat N runs the audit N times and prints every run and the median and best."""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from paperlint.batch.discover import discover

DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"


def build_tree(dest: Path, corpus: Path, papers: int, distinct: bool) -> int:
    roots = discover([corpus])
    folders = sorted({root.parent for root, _ in roots})
    copies = math.ceil(papers / len(roots))
    for c in range(copies):
        for folder in folders:
            target = dest / f"{c:03d}-{folder.name}"
            shutil.copytree(folder, target)
            if distinct:
                for tex in target.rglob("*.tex"):
                    text = tex.read_text(encoding="utf-8", errors="surrogateescape")
                    tex.write_text(text.replace("\n\n", " " * (c + 1) + "\n\n"), encoding="utf-8",
                                   errors="surrogateescape")
    return copies


def run(tree: Path, out: Path, jobs: int, timeout: float) -> tuple[float, float, list[dict]]:
    """(wall seconds of the whole command, its own papers/s, the records)."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "paperlint", "audit", str(tree), "--jobs", str(jobs),
                           "--out", str(out), "--timeout", str(timeout)], capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode:
        sys.exit(f"paperlint audit failed ({done.returncode}):\n{done.stderr[-2000:]}")
    own = re.search(r"\(([\d.]+) papers/s", done.stderr)
    records = [json.loads(line) for line in out.read_text().splitlines()]
    return wall, float(own.group(1)) if own else math.nan, records


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--papers", type=int, default=200, help="at least this many papers (default 200)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--distinct", action="store_true", help="make every copy different (no parse cache hits)")
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--corpus", type=Path, default=DEV, help="a folder of paper folders (default: the dev corpus)")
    ap.add_argument("--repeat", type=int, default=1, help="run the audit this many times (default 1)")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"no corpus at {args.corpus}")
    with tempfile.TemporaryDirectory(prefix="paperlint-bench-") as tmp:
        tree = Path(tmp) / "papers"
        copies = build_tree(tree, args.corpus, args.papers, args.distinct)
        runs = [run(tree, Path(tmp) / f"results-{i}.jsonl", args.jobs, args.timeout) for i in range(args.repeat)]
    wall, own, records = runs[-1]
    cpu = sum(r["cpu_seconds"] or 0 for r in records)
    errors = [r for r in records if r["error"]]
    slow = sorted((r for r in records if r["seconds"]), key=lambda r: -r["seconds"])[:3]
    print(f"corpus      {len(records)} papers ({copies} {'distinct' if args.distinct else 'identical'} copies of "
          f"{args.corpus.name}), {len(errors)} errors")
    print(f"jobs        {args.jobs} on {os.cpu_count()} cores (load average {os.getloadavg()[0]:.1f} at the end)")
    print(f"wall        {wall:.1f} s from starting `paperlint audit` to its exit")
    print(f"throughput  {len(records) / wall:.1f} papers/s (the checker's own count, from the first paper handed "
          f"out: {own:.1f})")
    print(f"cpu         {cpu:.1f} s checking, {cpu / len(records) * 1000:.0f} ms per paper "
          f"({len(records) / cpu:.1f} papers per CPU-second)")
    print("slowest     " + ", ".join(f"{r['paper']} {r['seconds']:.2f} s" for r in slow))
    if len(runs) > 1:
        rates = sorted(len(recs) / w for w, _, recs in runs)
        print(f"runs        {', '.join(f'{len(recs) / w:.1f}' for w, _, recs in runs)} papers/s: "
              f"median {rates[len(rates) // 2]:.1f}, best {rates[-1]:.1f}")


if __name__ == "__main__":
    main()
