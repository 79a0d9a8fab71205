"""A large multi-file paper for the speed benchmarks, assembled from the real papers of the dev corpus.

Each paper's preamble goes to `preamble/SLUG.tex`, its body is cut at \\section boundaries into files of about
200 lines under `sections/`, and `main.tex` inputs them all: a realistic project of many files.
"""

from __future__ import annotations

import re
from pathlib import Path

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "dev"
# Single-root papers, largest first; their macro files are inlined into the preamble.
PAPERS = [("assistant-axis", "neurips_2025.tex"), ("dasha-pp-neurips22", "neurips_2022.tex"),
          ("lda-inference-survey", "survey.tex"), ("refusal-index-iclr26", "main.tex"),
          ("cannyedit-neurips25", "neurips_2025.tex"), ("rts-ai-survey", "survey.tex"),
          ("cheblienet-neurips21", "neurips_2021.tex"), ("cnn-graph-nips16", "nips2016.tex"),
          ("fma-dataset-ismir17", "fma.tex"), ("smokeviz-neurips25", "neurips_2025.tex")]
_INPUT = re.compile(r"\\(?:input|include)\{([^}]+)\}")
_SECTION = re.compile(r"^\\section\b", re.M)


def _inline(text: str, folder: Path) -> str:
    def sub(m):
        p = folder / m.group(1)
        p = p if p.suffix == ".tex" else p.with_name(p.name + ".tex")
        return p.read_text(errors="replace") if p.exists() else ""
    return _INPUT.sub(sub, text)


def _pieces(body: str, lines: int) -> list[str]:
    starts = [0] + [m.start() for m in _SECTION.finditer(body)] + [len(body)]
    pieces, cur = [], ""
    for a, b in zip(starts, starts[1:]):
        cur += body[a:b]
        if cur.count("\n") >= lines:
            pieces.append(cur)
            cur = ""
    return pieces + ([cur] if cur.strip() else [])


def build(folder: Path, target_lines: int, file_lines: int = 200) -> Path:
    """Write a project of about `target_lines` lines into `folder` (whole sections); return its root file."""
    if not DEV.exists():
        raise SystemExit(f"the dev corpus is not at {DEV}")
    preambles, inputs, total = [], [], 0
    for slug, main in PAPERS:
        if total >= target_lines:
            break
        text = (DEV / slug / main).read_text(errors="replace")
        head, _, rest = text.partition("\\begin{document}")
        body = rest.partition("\\end{document}")[0]
        head = re.sub(r"\\documentclass(\[[^\]]*\])?\{[^}]*\}", "", _inline(head, DEV / slug))
        (folder / "preamble").mkdir(parents=True, exist_ok=True)
        (folder / "preamble" / f"{slug}.tex").write_text(head)
        preambles.append(f"\\input{{preamble/{slug}}}")
        total += head.count("\n")
        for i, piece in enumerate(_pieces(body, file_lines)):
            if total >= target_lines:
                break
            (folder / "sections").mkdir(exist_ok=True)
            (folder / "sections" / f"{slug}-{i}.tex").write_text("% !TEX root = ../main.tex\n" + piece)
            inputs.append(f"\\input{{sections/{slug}-{i}}}")
            total += piece.count("\n") + 1
    root = folder / "main.tex"
    root.write_text("\\documentclass{article}\n" + "\n".join(preambles) + "\n\\begin{document}\n" +
                    "\n".join(inputs) + "\n\\end{document}\n")
    return root


def tex_files(root: Path) -> list[Path]:
    return sorted(root.parent.rglob("*.tex"))
