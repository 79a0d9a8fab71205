"""Hand-written SVG bar charts: small, self-contained, crisp at any zoom, no plotting library."""

from __future__ import annotations

from html import escape

COLORS = {"present": "#2e7d32", "weak": "#f2a900", "missing": "#c62828", "not_applicable": "#c8c8c8"}
NAMES = {"present": "present", "weak": "weak", "missing": "missing", "not_applicable": "not applicable"}
_FONT = 'font-family="system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif" font-size="12"'


def _svg(width: int, height: int, body: list[str], label: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}" {_FONT}>'
            + "".join(body) + "</svg>")


def legend(statuses: tuple[str, ...]) -> str:
    body, x = [], 0
    for s in statuses:
        body.append(f'<rect x="{x}" y="3" width="12" height="12" rx="2" fill="{COLORS[s]}"/>'
                    f'<text x="{x + 17}" y="13" fill="#333">{NAMES[s]}</text>')
        x += 30 + 7 * len(NAMES[s])
    return _svg(x, 18, body, "legend: " + ", ".join(NAMES[s] for s in statuses))


def _label_width(names: list[str]) -> int:
    return 16 + int(7.2 * max((len(n) for n in names), default=0))  # about 7 px a character at 12 px


def stacked_bars(rows: list[tuple[str, dict[str, int]]], statuses: tuple[str, ...], label: str,
                 bar_width: int = 440, row: int = 20) -> str:
    """One 100% bar per row, split by status; each segment's tooltip gives the count and share."""
    label_width = _label_width([name for name, _ in rows])
    body, y = [], 0
    for name, counts in rows:
        total = sum(counts.get(s, 0) for s in statuses)
        body.append(f'<text x="{label_width - 8}" y="{y + row * 0.68:.1f}" text-anchor="end" fill="#222">'
                    f'{escape(name)}</text>')
        x = float(label_width)
        for s in statuses:
            n = counts.get(s, 0)
            if not n:
                continue
            w = bar_width * n / total
            pct = 100 * n / total
            body.append(f'<rect x="{x:.2f}" y="{y + 2}" width="{w:.2f}" height="{row - 4}" fill="{COLORS[s]}">'
                        f'<title>{escape(name)}: {NAMES[s]} in {n} of {total} papers ({pct:.0f}%)</title></rect>')
            if w >= 30:
                ink = "#222" if s in ("weak", "not_applicable") else "#fff"
                body.append(f'<text x="{x + w / 2:.1f}" y="{y + row * 0.68:.1f}" text-anchor="middle" '
                            f'fill="{ink}" font-size="11" pointer-events="none">{pct:.0f}%</text>')
            x += w
        if not total:
            body.append(f'<text x="{label_width}" y="{y + row * 0.68:.1f}" fill="#888">no papers</text>')
        y += row
    return _svg(label_width + bar_width + 4, max(y, row), body, label)


def count_bars(rows: list[tuple[str, int]], label: str, bar_width: int = 300, row: int = 20) -> str:
    """Horizontal bars of counts (papers per group), the count printed after each bar."""
    label_width = _label_width([name for name, _ in rows])
    top = max((n for _, n in rows), default=0) or 1
    body, y = [], 0
    for name, n in rows:
        w = bar_width * n / top
        body.append(f'<text x="{label_width - 8}" y="{y + row * 0.68:.1f}" text-anchor="end" fill="#222">'
                    f'{escape(name)}</text><rect x="{label_width}" y="{y + 3}" width="{w:.2f}" height="{row - 6}" '
                    f'fill="#4a6fa5"><title>{escape(name)}: {n} papers</title></rect>'
                    f'<text x="{label_width + w + 5:.1f}" y="{y + row * 0.68:.1f}" fill="#333">{n}</text>')
        y += row
    return _svg(label_width + bar_width + 50, max(y, row), body, label)
