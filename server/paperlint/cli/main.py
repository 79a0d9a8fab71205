"""`paperlint`: check, explain, items, docs, schema. Exit 0 clean, 1 findings at or above --fail-on, 2 usage,
configuration or load error (a broken --config stops the run; a broken discovered config is reported, the
built-in profile runs, and the exit code is 2 so CI notices)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from paperlint import __version__
from paperlint.checklist.registry import ChecklistError, builtin_profiles, load_config, load_registry
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
    c.add_argument("--profile", help=f"checklist profile: {', '.join(builtin_profiles())} or a YAML file (default: "
                   "the config's, else the venue whose style the paper loads, else core)")
    c.add_argument("--config", type=Path, help="project configuration (default: the nearest .paperlint.yaml or "
                   "pyproject.toml with [tool.paperlint])")
    c.add_argument("--format", choices=sorted(FORMATS), default="text")
    c.add_argument("--fail-on", choices=["missing", "weak", "never"], default="missing",
                   help="exit 1 when an item is missing (default), missing or weak, or never")
    c.add_argument("--quiet", "-q", action="store_true", help="text format: hide items that are present")

    e = sub.add_parser("explain", help="print an item's documentation")
    e.add_argument("item")
    e.add_argument("--profile", help="the profile whose version of the item to show (default: any that has it)")

    i = sub.add_parser("items", help="list the items of a profile")
    i.add_argument("--profile", default="core")

    d = sub.add_parser("docs", help="generate the item reference (a page per profile) and the JSON Schemas")
    d.add_argument("--out", type=Path, default=Path("docs"), help="output folder (default: docs)")

    s = sub.add_parser("schema", help="print the JSON Schema of .paperlint.yaml (or of a checklist profile)")
    s.add_argument("kind", nargs="?", choices=["config", "profile"], default="config")
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
        if args.command == "docs":
            return _docs(args)
        if args.command == "schema":
            return _schema(args)
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
    if args.config is not None:
        load_registry(args.profile or load_config(args.config).profile or "core", load_config(args.config))
    elif args.profile:
        load_registry(args.profile)  # fail early on a bad profile
    roots, errors = _roots(args.paths)
    for e in errors:
        print(f"paperlint: {e}", file=sys.stderr)
    if not roots:
        return EXIT_ERROR
    reports = [check_path(root, args.profile, config=args.config) for root in roots]
    render = FORMATS[args.format]
    if args.format == "text":
        print(render(reports, color=sys.stdout.isatty(), show_present=not args.quiet))
    else:
        print(render(reports))
    if errors or any(p.severity == "error" and (p.code == "config-error" or p.code == "unreadable-file" and
                                                 p.file == r.root) for r in reports for p in r.problems):
        return EXIT_ERROR
    fail = {"missing": {MISSING}, "weak": {MISSING, WEAK}, "never": set()}[args.fail_on]
    return EXIT_FINDINGS if any(v.status in fail for r in reports for v in r.verdicts) else EXIT_OK


def _explain(args) -> int:
    names = [args.profile] if args.profile else ["core"] + builtin_profiles()
    item = next((i for i in (load_registry(n).known.get(args.item) for n in names) if i is not None), None)
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


def _docs(args) -> int:
    from paperlint.checklist.docs import write_reference
    written = write_reference(args.out)
    print(f"paperlint: wrote {len(written)} files under {args.out}")
    return EXIT_OK


def _schema(args) -> int:
    from paperlint.checklist.registry import config_schema, profile_schema
    print(config_schema() if args.kind == "config" else profile_schema(), end="")
    return EXIT_OK
