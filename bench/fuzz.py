#!/usr/bin/env python3
"""Fuzzing the checker: generated LaTeX and mutated slices of the dev papers, with a fixed seed.

    python3 bench/fuzz.py [--cases 10000] [--seed 1234]

Every case must give a report without an exception escaping, with every evidence location inside its file,
and the same report when checked twice. Prints the number of cases, failures and cases per second.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from latexgen import LATEX_TOKENS, mutate  # noqa: E402

from paperlint.engine.check import check_path  # noqa: E402

DEV = REPO.parent / "shared" / "corpus" / "dev"


def sources(rng: random.Random) -> list[str]:
    """Slices of 20-200 lines of the dev papers, to mutate."""
    files = sorted(DEV.glob("*/**/*.tex")) if DEV.exists() else []
    slices = []
    for f in files:
        lines = f.read_text(errors="replace").splitlines()
        for _ in range(3):
            a = rng.randrange(max(1, len(lines)))
            slices.append("\n".join(lines[a:a + rng.randint(20, 200)]))
    return slices or ["\\section{A} text"]


def check_case(folder: Path, body: str) -> str | None:
    text = "\\documentclass{article}\n\\begin{document}\n" + body + "\n\\end{document}\n"
    root = folder / "main.tex"
    root.write_text(text, errors="surrogatepass")
    first = check_path(root)
    lines = root.read_text(errors="replace").split("\n")
    for v in first.verdicts:
        for h in v.evidence:
            if not (1 <= h.line <= len(lines) and 1 <= h.column <= len(lines[h.line - 1]) + 1):
                return f"{v.id}: location {h.line}:{h.column} outside the file"
    again = check_path(root)
    if [v.as_dict() for v in again.verdicts] != [v.as_dict() for v in first.verdicts]:
        return "two checks of the same text differ"
    return None


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1234)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    slices = sources(rng)
    tokens = LATEX_TOKENS.elements
    failures = 0
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(a.cases):
            if n % 2:
                body = "".join(rng.choice(tokens) for _ in range(rng.randint(0, 120)))
            else:
                body = mutate(rng.choice(slices), rng)
            try:
                problem = check_case(Path(tmp), body)
            except Exception:  # noqa: BLE001 - this is what the fuzzer looks for
                problem = traceback.format_exc(limit=3)
            if problem:
                failures += 1
                print(f"case {n}: {problem}\n{body[:300]!r}\n", file=sys.stderr)
    dt = time.perf_counter() - t0
    print(f"{a.cases} cases, {failures} failures, {a.cases / dt:.0f} cases/s (seed {a.seed})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
