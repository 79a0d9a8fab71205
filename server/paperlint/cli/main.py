"""`paperlint`: check, fix, init, audit, report, explain, items, docs, schema, serve.

Exit 0 clean, 1 findings at or above --fail-on, 2 usage, configuration or load error, never a count (a broken
--config stops the run; a broken discovered config is reported, the built-in profile runs, and the exit code
is 2 so CI notices)."""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from paperlint import __version__
from paperlint.checklist.files import ChecklistError, builtin_profiles
from paperlint.project.roots import find_roots, paper_roots

if TYPE_CHECKING:
    from paperlint.engine.report import Report

# The checker (the checklist models, the engine) loads in the commands that check: `paperlint audit` leaves it
# to its workers, and starts them sooner without it.
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
OUTPUT_FORMATS = ("github", "json", "junit", "sarif", "text")  # paperlint.cli.formats.FORMATS
FAIL_ON = ("missing", "weak", "never")  # the statuses that make `check` exit 1: missing, missing or weak, none


class UsageError(Exception):
    """A command line that cannot be carried out; exit 2 with the message."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors exit 2, like ruff
        self.print_usage(sys.stderr)
        print(f"paperlint: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_ERROR)


def _ids(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


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
    c.add_argument("--format", "--output-format", dest="format", choices=OUTPUT_FORMATS, default="text")
    c.add_argument("--select", type=_ids, action="extend", metavar="ITEMS",
                   help="only these items: ids or id prefixes, comma-separated (e.g. random_seeds,theory)")
    c.add_argument("--ignore", type=_ids, action="extend", metavar="ITEMS", help="leave out these items or prefixes")
    c.add_argument("--fail-on", choices=FAIL_ON, default="missing",
                   help="exit 1 when an item is missing (default), missing or weak, or never")
    c.add_argument("--exit-zero", action="store_true", help="exit 0 even when items are missing (2 still means error)")
    c.add_argument("--statistics", action="store_true", help="count the findings per item instead of listing them")
    c.add_argument("--quiet", "-q", action="store_true", help="text format: hide items that are present")

    f = sub.add_parser("fix", help="insert the quick-fix snippets of missing and weak items, and print the diff")
    f.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    f.add_argument("--item", type=_ids, action="extend", metavar="ID",
                   help="only these items (ids or prefixes, comma-separated or repeated)")
    f.add_argument("--dry-run", action="store_true", help="print the diff, change nothing; exit 1 if there is one")
    f.add_argument("--profile", help="checklist profile (default: as for check)")
    f.add_argument("--config", type=Path, help="project configuration (default: as for check)")

    n = sub.add_parser("init", help="write a commented .paperlint.yaml for the paper's venue")
    n.add_argument("path", nargs="?", type=Path, default=Path("."), metavar="FOLDER")
    n.add_argument("--force", action="store_true", help="overwrite an existing .paperlint.yaml")

    a = sub.add_parser("audit", help="check every paper under folders, in parallel, one JSON line per paper")
    a.add_argument("dirs", nargs="+", type=Path, metavar="DIR")
    a.add_argument("--out", type=Path, required=True, help="results file (JSON lines); re-running resumes it")
    a.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1, help="worker processes (default: all cores)")
    a.add_argument("--timeout", type=float, default=120, help="seconds one paper may take before it is recorded "
                                                              "as an error (default 120)")
    a.add_argument("--profile", default="core", help=f"checklist profile, the same for every paper so they "
                   f"compare ({', '.join(builtin_profiles())}; default core)")

    r = sub.add_parser("report", help="prevalence of each item across audited papers, as tables and charts")
    r.add_argument("results", type=Path, metavar="RESULTS.jsonl")
    r.add_argument("--html", type=Path, help="write a self-contained HTML report here")

    e = sub.add_parser("explain", help="print an item's documentation")
    e.add_argument("item")
    e.add_argument("--profile", help="the profile whose version of the item to show (default: any that has it)")

    i = sub.add_parser("items", help="list the items of a profile")
    i.add_argument("--profile", default="core")

    d = sub.add_parser("docs", help="generate the item reference (a page per profile) and the JSON Schemas")
    d.add_argument("--out", type=Path, default=Path("docs"), help="output folder (default: docs)")

    s = sub.add_parser("schema", help="print the JSON Schema of .paperlint.yaml (or of a checklist profile)")
    s.add_argument("kind", nargs="?", choices=["config", "profile"], default="config")

    v = sub.add_parser("serve", help="run the language server for editors (stdio by default)")
    v.add_argument("--tcp", metavar="HOST:PORT", help="listen on TCP instead of stdio")
    v.add_argument("--stdio", action="store_true", help="use stdio (the default; editors often pass it)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    commands = {"check": _check, "fix": _fix, "init": _init, "audit": _audit, "report": _report,
                "explain": _explain, "items": _items, "docs": _docs, "schema": _schema, "serve": _serve}
    try:
        return commands[args.command](args)
    except (ChecklistError, UsageError) as e:
        print(f"paperlint: {e}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `paperlint check ... | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR


def selection(select: list[str] | None, ignore: list[str] | None, reports: list[Report]):
    """A test of item ids for --select/--ignore, each an id or an id prefix. A selector that matches no item of
    any built-in profile nor of the papers checked is an error (a typo would otherwise select nothing)."""
    from paperlint.checklist.registry import load_registry
    patterns = (select or []) + (ignore or [])
    known = {i for name in builtin_profiles() for i in load_registry(name).known} if patterns else set()
    known |= {v.id for r in reports for v in r.verdicts}
    for pat in patterns:
        if not any(i.startswith(pat) for i in known):
            raise UsageError(f"{pat!r} matches no item; `paperlint items --profile NAME` lists them")
    return lambda i: (not select or i.startswith(tuple(select))) and not (ignore and i.startswith(tuple(ignore)))


def roots_of(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """The paper roots to check, each once: a folder's roots, or the paper(s) each file belongs to, and the
    paths that are errors. A file no paper includes is skipped with a note (a pre-commit hook sees every
    staged .tex file)."""
    roots: dict[Path, None] = {}
    errors = []
    for path in paths:
        if path.is_dir():
            found = find_roots(path)
            if not found:
                errors.append(f"{path}: no LaTeX root file found (a .tex file with \\documentclass and "
                              "\\begin{document})")
            roots.update(dict.fromkeys(p.absolute() for p in found))
        elif path.is_file():
            found = paper_roots(path)
            if not found:
                print(f"paperlint: {path}: skipped, no paper includes it", file=sys.stderr)
            roots.update(dict.fromkeys(found))
        else:
            errors.append(f"{path}: no such file or folder")
    for e in errors:
        print(f"paperlint: {e}", file=sys.stderr)
    return list(roots), errors


def _check(args) -> int:
    from paperlint.cli.formats import FORMATS
    from paperlint.cli.formats.common import Options
    from paperlint.engine.check import check_path
    from paperlint.engine.report import MISSING, WEAK
    _fail_early(args)
    if args.statistics and args.format not in ("text", "json"):
        raise UsageError("--statistics prints text or json")
    roots, errors = roots_of(args.paths)
    if errors and not roots:
        return EXIT_ERROR
    reports = [check_path(root, args.profile, config=args.config) for root in roots]
    keep = selection(args.select, args.ignore, reports)
    reports = [_only(r, keep) for r in reports]
    opts = Options(color=args.format == "text" and sys.stdout.isatty(), show_present=not args.quiet,
                   fail={"missing": {MISSING}, "weak": {MISSING, WEAK}, "never": set()}[args.fail_on])
    if args.statistics:
        from paperlint.cli.statistics import render as statistics
        out = statistics(reports, args.format)
    else:
        out = FORMATS[args.format](reports, opts)
    if out:
        print(out)
    if errors or any(p.severity == "error" and (p.code == "config-error" or p.code == "unreadable-file" and
                                                 p.file == r.root) for r in reports for p in r.problems):
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_OK
    return EXIT_FINDINGS if any(v.status in opts.fail for r in reports for v in r.verdicts) else EXIT_OK


def _fail_early(args) -> None:
    """A bad --profile or --config is an error before any paper is read."""
    from paperlint.checklist.registry import load_config, load_registry
    if args.config is not None:
        config = load_config(args.config)
        load_registry(args.profile or config.profile or "core", config)
    elif args.profile:
        load_registry(args.profile)


def _only(report: Report, keep) -> Report:
    return dataclasses.replace(report, verdicts=[v for v in report.verdicts if keep(v.id)])


def _fix(args) -> int:
    from paperlint.cli.fix import fix
    from paperlint.engine.check import check_path
    _fail_early(args)
    roots, errors = roots_of(args.paths)
    if errors:
        return EXIT_ERROR
    reports = [check_path(root, args.profile, config=args.config) for root in roots]
    keep = selection(args.item, None, reports)
    total, files = fix([_only(r, keep) for r in reports], dry_run=args.dry_run)
    changed = total
    for _ in range(2):  # a checklist question just answered may now have a justification to write
        if args.dry_run or not changed:
            break
        reports = [check_path(root, args.profile, config=args.config) for root in roots]
        changed, more = fix([_only(r, keep) for r in reports])
        total, files = total + changed, files | more
    print(f"paperlint: {'would apply' if args.dry_run else 'applied'} {total} fix(es) in {len(files)} file(s)"
          + (" (fill in their TODOs)" if total and not args.dry_run else ""), file=sys.stderr)
    return EXIT_FINDINGS if args.dry_run and total else EXIT_OK


def _init(args) -> int:
    from paperlint.cli.init import init
    return init(args.path, force=args.force)


def _audit(args) -> int:
    from paperlint.cli.audit import audit
    if args.profile not in builtin_profiles():  # a profile file is read here, so an error in it stops the run
        from paperlint.checklist.registry import load_registry
        load_registry(args.profile)  # early; a built-in one is compiled by the workers, not here too
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    return audit(args.dirs, args.out, jobs=args.jobs, timeout=args.timeout, profile=args.profile)


def _report(args) -> int:
    from paperlint.cli.report import report
    return report(args.results, args.html)


def _serve(args) -> int:
    from paperlint.lsp.server import serve  # the language server's dependencies load only for it
    serve(args.tcp)
    return EXIT_OK


def _explain(args) -> int:
    from paperlint.checklist.registry import load_registry
    names = [args.profile] if args.profile else ["core"] + builtin_profiles()
    item = next((i for i in (load_registry(n).known.get(args.item) for n in names) if i is not None), None)
    if item is None:
        raise UsageError(f"unknown item {args.item!r}; `paperlint items` lists them")
    from paperlint.checklist.docs import item_markdown
    print(item_markdown(item))
    return EXIT_OK


def _items(args) -> int:
    from paperlint.checklist.registry import load_registry
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
