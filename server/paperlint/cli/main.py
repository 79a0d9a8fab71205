"""`paperlint`: check, explain, items. Exit 0 clean, 1 findings at or above --fail-on, 2 usage or load error."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from paperlint import __version__
from paperlint.checklist.registry import ChecklistError, builtin_profiles, load_registry
from paperlint.cli.formats import FORMATS
from paperlint.engine.check import check_path
from paperlint.engine.report import MISSING, WEAK
from paperlint.project.roots import find_roots, resolve_root

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors exit 2, like ruff
        self.print_usage(sys.stderr)
        print(f"paperlint: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_ERROR)


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="paperlint", description="Reproducibility checklist linter for the LaTeX sources of ML papers.")
    p.add_argument("--version", action="version", version=f"paperlint {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    c = sub.add_parser("check", help="check papers (a root .tex file, any file of a paper, or a folder of papers)")
    c.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    c.add_argument("--profile", default="core", help=f"checklist profile ({', '.join(builtin_profiles())})")
    c.add_argument("--format", choices=sorted(FORMATS), default="text")
    c.add_argument("--fail-on", choices=["missing", "weak", "never"], default="missing",
                   help="exit 1 when an item is missing (default), missing or weak, or never")
    c.add_argument("--quiet", "-q", action="store_true", help="text format: hide items that are present")

    e = sub.add_parser("explain", help="print an item's documentation")
    e.add_argument("item")
    e.add_argument("--profile", default="core")

    i = sub.add_parser("items", help="list the items of a profile")
    i.add_argument("--profile", default="core")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.command == "check":
            return _check(args)
        if args.command == "explain":
            return _explain(args)
        if args.command == "items":
            return _items(args)
    except ChecklistError as e:
        print(f"paperlint: {e}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    return EXIT_ERROR


def _roots(paths: list[Path]) -> tuple[list[Path], list[str]]:
    roots, errors = [], []
    for path in paths:
        if path.is_dir():
            found = find_roots(path)
            if not found:
                errors.append(f"{path}: no LaTeX root file found (a .tex file with \\documentclass and "
                              "\\begin{document})")
            roots += found
        elif path.is_file():
            roots.append(resolve_root(path))
        else:
            errors.append(f"{path}: no such file or folder")
    return roots, errors


def _check(args) -> int:
    load_registry(args.profile)  # fail early on a bad profile
    roots, errors = _roots(args.paths)
    for e in errors:
        print(f"paperlint: {e}", file=sys.stderr)
    if not roots:
        return EXIT_ERROR
    reports = [check_path(root, args.profile) for root in roots]
    render = FORMATS[args.format]
    if args.format == "text":
        print(render(reports, color=sys.stdout.isatty(), show_present=not args.quiet))
    else:
        print(render(reports))
    if errors or any(p.severity == "error" and p.code == "unreadable-file" and p.file == r.root
                     for r in reports for p in r.problems):
        return EXIT_ERROR
    fail = {"missing": {MISSING}, "weak": {MISSING, WEAK}, "never": set()}[args.fail_on]
    return EXIT_FINDINGS if any(v.status in fail for r in reports for v in r.verdicts) else EXIT_OK


def _explain(args) -> int:
    reg = load_registry(args.profile)
    item = reg.get(args.item)
    if item is None:
        print(f"paperlint: unknown item {args.item!r}; `paperlint items` lists them", file=sys.stderr)
        return EXIT_ERROR
    from paperlint.checklist.docs import item_markdown
    print(item_markdown(item))
    return EXIT_OK


def _items(args) -> int:
    reg = load_registry(args.profile)
    width = max(len(i) for i in reg.items)
    for item in reg.items.values():
        print(f"{item.id:{width}s}  {item.severity:7s}  {item.title}")
    return EXIT_OK
