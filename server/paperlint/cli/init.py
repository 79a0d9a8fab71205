"""`paperlint init`: a commented .paperlint.yaml for the paper in a folder, set up for its venue."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

from paperlint.checklist.registry import builtin_profiles, builtin_venues, load_registry
from paperlint.engine.venue import Detected, detect, venue_label
from paperlint.paper.build import build_document
from paperlint.project.load import load_project
from paperlint.project.roots import find_roots

CONFIG = ".paperlint.yaml"

_REST = """
# Review or camera-ready rules (review, final); by default what the style package's options say.
# mode: final

# Profiles or lab checklists (YAML files, relative to this file) whose items are added to the profile's.
# extends:
#   - ./lab-checklist.yaml

# Items not to check for this paper, by id (`paperlint items` lists them).
# disable:
#   - participant_compensation_recruitment
#   - model_versions_specified

# A different severity (error, warning, info, or off) for some items.
# severity:
#   random_seeds: error
#   significance_tests: info

# Lab items, written like the items of the built-in checklist (`paperlint explain ITEM` shows one).
# items:
#   - id: lab_tracking_link
#     title: Experiment tracking
#     message: The paper does not link the logs of its training runs.
#     definition: A link to the experiment tracker's dashboard or the run logs of the reported results.
#     evidence:
#       present: ['wandb\\.ai/', 'tensorboard\\.dev/', '\\brun\\s+logs?\\b']
#     fix:
#       where: setup
#       title: Link the run logs
#       snippet: "The logs of every reported run are available at \\\\url{TODO}."
"""


def template(detected: Detected | None, label: str | None, root: str | None) -> str:
    lines = [f"# paperlint configuration for {root or 'the papers in this folder'}.",
             "# Every key is optional; uncomment what you need. `paperlint check` reads this file."]
    profile = "core"
    if detected is not None and detected.profile:
        profile = detected.profile
        title = load_registry(profile).profile.title
        lines.append(f"# Detected venue: {title} (\\usepackage{{{detected.package}}}, {detected.mode} mode).")
    elif label:
        lines += [f"# The style package names {label}, which has no built-in profile: the core checklist covers",
                  "# the reproducibility items every venue asks for."]
    else:
        lines.append("# No venue style package was recognised, so the core reproducibility checklist is used.")
    lines += ["", *textwrap.wrap(f"The checklist to check against. Built-in profiles: "
                                 f"{', '.join(builtin_profiles())}.", 110, initial_indent="# ", subsequent_indent="# "),
              f"profile: {profile}"]
    return "\n".join(lines) + "\n" + _REST


def init(folder: Path, force: bool = False) -> int:
    target = folder / CONFIG
    if target.exists() and not force:
        print(f"paperlint: {target} exists; --force overwrites it", file=sys.stderr)
        return 2
    if not folder.is_dir():
        print(f"paperlint: {folder}: no such folder", file=sys.stderr)
        return 2
    roots = find_roots(folder)
    detected = label = root = None
    if roots:
        doc = build_document(load_project(roots[0]))
        detected, found = detect(doc, builtin_venues()), venue_label(doc)
        label = " ".join(str(x) for x in found if x) if found else None
        root = roots[0].relative_to(folder).as_posix()
    target.write_text(template(detected, label, root), encoding="utf-8")
    print(f"paperlint: wrote {target}" + (f" for the {detected.profile} profile" if detected and detected.profile
                                          else ""), file=sys.stderr)
    return 0
