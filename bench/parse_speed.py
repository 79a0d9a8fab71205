"""Parsing speed: pylatexenc's stock walker against paperlint's FastWalker, on every chunk of the dev corpus.

    python bench/parse_speed.py [--reps 5]

Each .tex file of the dev corpus is masked as paperlint masks it (comments, dead code) and cut into chunks;
every chunk is parsed by each walker, `--reps` times. Printed: lines, the median total time of a repetition
and microseconds per line for each walker, and the speed-up. Times are CPU time of this process.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from pylatexenc import latexwalker as lw

from paperlint.latex.parse import FastWalker, _context, split_chunks
from paperlint.project.compiled import mask_comments, mask_dead_code

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "dev"


def chunks() -> tuple[list[str], int]:
    out, lines = [], 0
    for f in sorted(DEV.glob("*/**/*.tex")):
        text = mask_dead_code(mask_comments(f.read_text(errors="replace"))[0], {})
        lines += text.count("\n") + 1
        out += [c for _, c in split_chunks(text)]
    return out, lines


def run(walker, texts: list[str], db) -> float:
    t = time.process_time()
    for text in texts:
        try:
            walker(text, latex_context=db, tolerant_parsing=True).get_latex_nodes()
        except Exception:  # as _parse_chunk does: a chunk that cannot be parsed is skipped
            pass
    return time.process_time() - t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=5)
    args = ap.parse_args()
    texts, lines = chunks()
    db = _context(())
    times = {"stock": [], "fast": []}
    for _ in range(args.reps):  # interleaved, so that a burst of load hits both walkers alike
        times["stock"].append(run(lw.LatexWalker, texts, db))
        times["fast"].append(run(FastWalker, texts, db))
    print(f"{lines} lines, {len(texts)} chunks, {args.reps} repetitions (median)")
    med = {k: statistics.median(v) for k, v in times.items()}
    for k, t in med.items():
        print(f"{k:6} {t * 1000:8.1f} ms  {t / lines * 1e6:6.1f} us/line")
    print(f"speed-up {med['stock'] / med['fast']:.2f}x")


if __name__ == "__main__":
    main()
