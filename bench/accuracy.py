#!/usr/bin/env python3
"""Accuracy of paperlint's verdicts on the labelled dev papers.

    python3 bench/accuracy.py [--corpus ../shared/corpus/dev] [--errors] [--markdown]

Scores the decision "flag this item as missing or weak" against the gold labels over applicable items (as
../shared/corpus/score.py does), plus applicability accuracy. --errors lists every disagreement with the
evidence paperlint used; --markdown prints the table for docs/accuracy.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import yaml

from paperlint.engine.check import check_path

NORM = {True: "yes", False: "no", "yes": "yes", "no": "no", "weak": "weak", "na": "na"}
TOOL = {"present": "yes", "weak": "weak", "missing": "no", "not_applicable": "na"}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev")
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--markdown", action="store_true")
    a = ap.parse_args()
    papers = yaml.safe_load((a.corpus / "index.yaml").read_text())["papers"]
    counts: dict[str, dict[str, int]] = {}
    applic = [0, 0]
    errors = []
    t0 = time.perf_counter()
    for p in papers:
        gold = yaml.safe_load((a.corpus / "labels" / f"{p['slug']}.yaml").read_text())
        report = check_path(a.corpus / p["slug"] / p["main"])
        verdicts = {v.id: v for v in report.verdicts}
        for item, g in gold["items"].items():
            gv, v = NORM[g["label"]], verdicts[item]
            tv = TOOL[v.status]
            c = counts.setdefault(item, {"tp": 0, "fp": 0, "fn": 0, "tn": 0, "na_err": 0})
            applic[0] += (gv == "na") == (tv == "na")
            applic[1] += 1
            if (gv == "na") != (tv == "na"):
                c["na_err"] += 1
                errors.append((p["slug"], item, gv, tv, v.reason or (v.evidence[0].text if v.evidence else "")))
            if gv == "na" or tv == "na":
                continue
            gf, tf = gv in ("no", "weak"), tv in ("no", "weak")
            c["tp" if gf and tf else "fp" if tf else "fn" if gf else "tn"] += 1
            if gf != tf:
                ev = v.evidence[0] if v.evidence else None
                errors.append((p["slug"], item, gv, tv, f"{ev.file}:{ev.line} {ev.text}" if ev else v.reason))
    elapsed = time.perf_counter() - t0
    rows, f1s = [], []
    for item, c in counts.items():
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        support = c["tp"] + c["fn"]
        if c["tp"] + c["fp"] + c["fn"]:
            f1s.append(f1)
        rows.append((item, p, r, f1, support, c["tp"] + c["fp"] + c["fn"] + c["tn"], c["na_err"]))
    tot = {k: sum(c[k] for c in counts.values()) for k in ("tp", "fp", "fn")}
    micro_p = tot["tp"] / (tot["tp"] + tot["fp"])
    micro_r = tot["tp"] / (tot["tp"] + tot["fn"])
    if a.markdown:
        print("| item | precision | recall | F1 | flagged in gold (support) | applicable papers | applicability errors |")
        print("|---|---|---|---|---|---|---|")
        for item, p, r, f1, s, n, na in rows:
            print(f"| `{item}` | {p:.2f} | {r:.2f} | {f1:.2f} | {s} | {n} | {na} |")
    else:
        for item, p, r, f1, s, n, na in rows:
            print(f"{item:38s} P={p:.2f} R={r:.2f} F1={f1:.2f} support={s:2d} applicable={n:2d} na_errors={na}")
    print(f"\npapers {len(papers)}  macro-F1 {sum(f1s) / len(f1s):.3f}  flag precision {micro_p:.3f}  "
          f"flag recall {micro_r:.3f}  applicability {applic[0] / applic[1]:.3f}  "
          f"min item F1 {min(f1s):.2f}  time {elapsed:.1f}s")
    if a.errors:
        print()
        for e in errors:
            print(f"{e[0][:22]:22s} {e[1][:30]:30s} gold={e[2]:4s} tool={e[3]:4s} {str(e[4])[:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
