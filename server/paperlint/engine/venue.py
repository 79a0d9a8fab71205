"""Which venue a paper is written for (its style package), and whether it is the review or the final version."""

from __future__ import annotations

import re
from dataclasses import dataclass

from paperlint.checklist.models import Venue
from paperlint.paper.model import Document


@dataclass
class Detected:
    profile: str | None  # the profile the style package names; None when no venue style was found
    mode: str | None  # review | final; None when unknown
    package: str = ""
    options: str = ""
    file: str = ""
    line: int = 0
    reason: str = ""

    def as_dict(self) -> dict:
        return {"profile": self.profile, "mode": self.mode, "package": self.package, "options": self.options,
                "file": self.file, "line": self.line, "reason": self.reason}


def _package(doc: Document, venue: Venue):
    """The first \\usepackage or \\documentclass whose name (without its folder) a venue names."""
    for name, options, mark in doc.packages:
        base = name.rsplit("/", 1)[-1]
        if any(re.fullmatch(p, base) for p in venue.packages):
            return base, options, mark
    return None


def detect(doc: Document, venues: list[tuple[str, Venue]]) -> Detected:
    """The built-in profile whose venue style the paper loads, with the mode that style is in."""
    for profile, venue in venues:
        if _package(doc, venue):
            return mode_of(doc, venue, profile)
    return Detected(None, None, reason="no venue style package found (neurips_2025, icml2025, iclr2026_conference, "
                                       "acl, aaai2026...)")


def mode_of(doc: Document, venue: Venue | None, profile: str | None) -> Detected:
    """Review or final mode, from the venue's style package options and switch commands."""
    found = _package(doc, venue) if venue else None
    if found is None:
        return Detected(profile, None, reason="the venue's style package is not loaded, so review or final mode "
                                              "is unknown (set `mode:` in .paperlint.yaml)")
    name, options, mark = found
    line = doc.project.files[mark.file].line_col(mark.offset)[0]
    opts = {o.strip() for o in options.split(",")}
    switch = next((o for o in venue.switch_options if o in opts), None)
    if switch is None:
        switch = next((f"\\{c}" for c in venue.switch_commands
                       if any(re.search(rf"\\{re.escape(c)}(?![A-Za-z@])", doc.project.files[f].masked)
                              for f in doc.project.order)), None)
    flipped = {"review": "final", "final": "review"}[venue.mode]
    mode = flipped if switch else venue.mode
    why = f"{switch} is set" if switch else "no " + " / ".join(
        [f"[{o}]" for o in venue.switch_options] + [f"\\{c}" for c in venue.switch_commands]) + " is set"
    return Detected(profile, mode, name, options, mark.file, line, f"\\usepackage{{{name}}}: {mode} mode ({why})")


# Venue names for statistics over many papers, from any year's style package, with or without a profile:
# (package name, venue name); a group `y` holds the year, two or four digits.
_STYLES = [(re.compile(p + r"\Z", re.I), name) for p, name in (
    (r"(neurips|nips)_?(?P<y>\d{4})", "NeurIPS"),
    (r"icml(?P<y>\d{4})", "ICML"),
    (r"iclr(?P<y>\d{4})_conference", "ICLR"),
    (r"aistats(?P<y>\d{4})", "AISTATS"),
    (r"colm(?P<y>\d{4})_conference", "COLM"),
    (r"corl_?(?P<y>\d{4})", "CoRL"),
    (r"uai(?P<y>\d{4})", "UAI"),
    (r"aaai(?P<y>\d{2,4})", "AAAI"),
    (r"ijcai(?P<y>\d{2,4})", "IJCAI"),
    (r"acl|acl_natbib|acl(?P<y>\d{4})|naaclhlt\d{4}|emnlp\d{4}", "ACL"),
    (r"cvpr(?P<y>\d{4})?", "CVPR"),
    (r"iccv(?P<y>\d{4})?", "ICCV"),
    (r"eccv(?P<y>\d{4})?", "ECCV"),
    (r"wacv(?P<y>\d{4})?", "WACV"),
    (r"tmlr", "TMLR"),
    (r"jmlr2e|jmlr", "JMLR"),
    (r"ismir", "ISMIR"),
)]


def venue_label(doc: Document) -> tuple[str, int | None] | None:
    """(venue name, year) named by the first style package that names a venue, for grouping audited papers;
    broader than `detect`, which only knows the venues that have a profile."""
    for name, _, _ in doc.packages:
        base = name.rsplit("/", 1)[-1]
        for rx, label in _STYLES:
            if m := rx.match(base):
                y = m.groupdict().get("y")
                return label, (2000 + int(y) if len(y) == 2 else int(y)) if y else None
    return None
