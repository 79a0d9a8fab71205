"""`paperlint init`: a commented .paperlint.yaml for the paper in a folder, set up for its venue."""

from __future__ import annotations

import sys
from pathlib import Path

from paperlint.checklist.registry import builtin_profiles
from paperlint.paper.build import build_document
from paperlint.paper.venue import Venue, detect_venue
from paperlint.project.load import load_project
from paperlint.project.roots import find_roots

CONFIG = ".paperlint.yaml"

_REST = """
# Review or camera-ready rules; by default what the style package's options say.
# mode: final

# Profiles or lab checklists (YAML files, relative to this file) whose items are added to the profile's.
# extends:
#   - ./lab-checklist.yaml

# Items not to check for this paper, by id or id prefix (`paperlint items` lists them).
# disable:
#   - participant_compensation_recruitment
#   - theory_

# A different severity (error, warning, info) for some items.
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


def template(venue: Venue | None, root: str | None) -> str:
    profiles = builtin_profiles()
    lines = [f"# paperlint configuration for {root or 'the papers in this folder'}.",
             "# Every key is optional; uncomment what you need. `paperlint check` reads this file."]
    if venue is None:
        lines.append("# No venue style package was recognised, so the core reproducibility checklist is used.")
        profile = "core"
    else:
        mode = f", {venue.mode} mode" if venue.mode else ""
        lines.append(f"# Detected venue: {venue.label} (\\usepackage{{{venue.package}}}{mode}).")
        profile = venue.profile if venue.profile in profiles else "core"
        if profile != venue.profile:
            lines += [f"# There is no built-in {venue.profile} profile yet: the core checklist covers the",
                      "# reproducibility items every venue asks for."]
    lines += ["", f"# The checklist to check against. Built-in profiles: {', '.join(profiles)}.",
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
    venue = detect_venue(build_document(load_project(roots[0]))) if roots else None
    root = roots[0].relative_to(folder).as_posix() if roots else None
    target.write_text(template(venue, root), encoding="utf-8")
    print(f"paperlint: wrote {target}" + (f" for {venue.label}" if venue else ""), file=sys.stderr)
    return 0
