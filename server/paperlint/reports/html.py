"""The audit report as one self-contained HTML page: tables and inline SVG bar charts, no external files."""

from __future__ import annotations

from html import escape

from paperlint.reports.prevalence import DIMENSIONS, STATUSES, Prevalence, Table
from paperlint.reports.svg import COLORS, NAMES, count_bars, legend, stacked_bars

CHARTED_GROUPS = 6  # small multiples per dimension; the tables list every group
LISTED_ERRORS = 200

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#222;margin:2rem auto;
max-width:1180px;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2.4rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
h3{font-size:1rem;margin:1.2rem 0 .3rem}.meta{color:#555}
table{border-collapse:collapse;margin:.6rem 0 1rem;font-size:13px}
th,td{padding:.25rem .55rem;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
th{background:#f6f6f6;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.grid{display:flex;flex-wrap:wrap;gap:1.2rem 2rem}.grid>div{flex:0 0 auto}
.scroll{overflow-x:auto}.err{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
svg{display:block;margin:.3rem 0}.dot{display:inline-block;width:.7em;height:.7em;border-radius:2px;margin-right:.3em}
"""


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.0f}%"


def _bars(p: Prevalence, t: Table, label: str, width: int = 440) -> str:
    rows = [(p.titles[i], dict(t.counts.get(i, {}))) for i in p.items]
    return stacked_bars(rows, STATUSES, label, bar_width=width)


def _overall_table(p: Prevalence) -> str:
    head = "".join(f'<th><span class="dot" style="background:{COLORS[s]}"></span>{NAMES[s]}</th>' for s in STATUSES)
    rows = []
    for i in p.items:
        c = p.overall.counts.get(i, {})
        cells = "".join(f'<td class="n">{c.get(s, 0)} ({_pct(p.overall.share(i, s))})</td>' for s in STATUSES)
        rows.append(f"<tr><td>{escape(p.titles[i])} <code>{escape(i)}</code></td>{cells}"
                    f'<td class="n">{_pct(p.overall.present_when_applicable(i))}</td></tr>')
    return (f'<div class="scroll"><table><tr><th>item</th>{head}<th>present when applicable</th></tr>'
            + "".join(rows) + "</table></div>")


def _group_table(p: Prevalence, groups: dict[str, Table]) -> str:
    head = "".join(f'<th>{escape(g)}<br><span class="meta">{t.papers} papers</span></th>' for g, t in groups.items())
    rows = []
    for i in p.items:
        cells = []
        for t in groups.values():
            share, n = t.present_when_applicable(i), t.applicable(i)
            tint = f' style="background:rgba(46,125,50,{0.08 + 0.45 * share:.2f})"' if share is not None else ""
            cells.append(f'<td class="n"{tint} title="present in {t.counts.get(i, {}).get("present", 0)} of {n} '
                         f'papers where it applies">{_pct(share)} <span class="meta">/{n}</span></td>')
        rows.append(f"<tr><td>{escape(p.titles[i])}</td>{''.join(cells)}</tr>")
    return (f'<div class="scroll"><table><tr><th>item: present when applicable / papers where it applies</th>'
            f"{head}</tr>" + "".join(rows) + "</table></div>")


def render(p: Prevalence, source: str) -> str:
    ok = p.overall.papers
    parts = [f"<h1>Reproducibility checklist across {ok} papers</h1>",
             f'<p class="meta">From <code>{escape(source)}</code>: {ok} papers checked'
             + (f", {len(p.errors)} could not be checked" if p.errors else "")
             + f"; profile{'s' if len(p.profiles) > 1 else ''} {escape(', '.join(p.profiles) or '–')}. "
             "Each item of each paper is present (the paper states it), weak (only a mention), missing (it applies "
             "and nothing was found) or not applicable (a fact about the paper rules it out).</p>",
             "<h2>Papers</h2>", '<div class="grid">']
    for d, name in DIMENSIONS.items():
        rows = [(g, t.papers) for g, t in p.groups[d].items()]
        parts.append(f"<div><h3>By {name}</h3>{count_bars(rows, f'papers by {name}')}</div>")
    parts += ["</div>", '<h2 id="prevalence">Prevalence of each item</h2>', legend(STATUSES),
              _bars(p, p.overall, f"status of each item across {ok} papers"), _overall_table(p)]
    for d, name in DIMENSIONS.items():
        groups = p.groups[d]
        parts += [f'<h2 id="by-{d}">By {name}</h2>', _group_table(p, groups), legend(STATUSES), '<div class="grid">']
        for g, t in list(groups.items())[:CHARTED_GROUPS]:
            parts.append(f"<div><h3>{escape(g)} ({t.papers} papers)</h3>{_bars(p, t, f'{name} {g}', width=240)}</div>")
        parts.append("</div>")
        if len(groups) > CHARTED_GROUPS:
            parts.append(f'<p class="meta">Charts for the {CHARTED_GROUPS} largest groups; the table has all '
                         f"{len(groups)}.</p>")
    if p.errors:
        rows = "".join(f'<tr><td>{escape(r.get("paper", r.get("root", "")))}</td><td class="err">'
                       f'{escape(r.get("error") or "")}</td></tr>' for r in p.errors[:LISTED_ERRORS])
        more = (f'<p class="meta">and {len(p.errors) - LISTED_ERRORS} more in the results file.</p>'
                if len(p.errors) > LISTED_ERRORS else "")
        parts += ["<h2>Papers that could not be checked</h2>",
                  f"<table><tr><th>paper</th><th>error</th></tr>{rows}</table>{more}"]
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>paperlint audit: {ok} papers</title><style>{_CSS}</style></head><body>"
            + "\n".join(parts) + "</body></html>\n")
