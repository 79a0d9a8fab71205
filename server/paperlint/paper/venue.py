"""Which venue a paper is written for, read from its style package (`\\usepackage[final]{neurips_2025}`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from paperlint.paper.model import Document


@dataclass(frozen=True)
class Venue:
    id: str  # neurips, icml, iclr...
    name: str  # NeurIPS
    year: int | None
    mode: str  # review | preprint | final, "" when the options do not say
    package: str  # the package that told

    @property
    def profile(self) -> str:
        """The checklist profile named after the venue: neurips-2025, or acl without a year."""
        return f"{self.id}-{self.year}" if self.year else self.id

    @property
    def label(self) -> str:
        return f"{self.name} {self.year}" if self.year else self.name


# (style package name, venue id, display name); a group `y` holds the year, two or four digits
_STYLES = [(re.compile(p + r"\Z", re.I), vid, name) for p, vid, name in (
    (r"(neurips|nips)_?(?P<y>\d{4})", "neurips", "NeurIPS"),
    (r"icml(?P<y>\d{4})", "icml", "ICML"),
    (r"iclr(?P<y>\d{4})_conference", "iclr", "ICLR"),
    (r"aistats(?P<y>\d{4})", "aistats", "AISTATS"),
    (r"colm(?P<y>\d{4})_conference", "colm", "COLM"),
    (r"corl_?(?P<y>\d{4})", "corl", "CoRL"),
    (r"uai(?P<y>\d{4})", "uai", "UAI"),
    (r"aaai(?P<y>\d{2,4})", "aaai", "AAAI"),
    (r"ijcai(?P<y>\d{2,4})", "ijcai", "IJCAI"),
    (r"(acl|acl(?P<y>\d{4})|naaclhlt(\d{4})|emnlp(\d{4})|acl_natbib)", "acl", "ACL"),
    (r"cvpr(?P<y>\d{4})?", "cvpr", "CVPR"),
    (r"iccv(?P<y>\d{4})?", "iccv", "ICCV"),
    (r"eccv(?P<y>\d{4})?", "eccv", "ECCV"),
    (r"wacv(?P<y>\d{4})?", "wacv", "WACV"),
    (r"tmlr", "tmlr", "TMLR"),
    (r"jmlr2e|jmlr", "jmlr", "JMLR"),
    (r"ismir", "ismir", "ISMIR"),
)]
_MODES = {"final": "final", "camera": "final", "accepted": "final", "preprint": "preprint", "review": "review",
          "anonymous": "review", "submission": "review"}


def detect_venue(doc: Document) -> Venue | None:
    """The venue of the first style package that names one, with the year and mode its options give."""
    for name, options, _ in doc.packages:
        base = name.rsplit("/", 1)[-1]
        for rx, vid, label in _STYLES:
            m = rx.match(base)
            if not m:
                continue
            y = m.groupdict().get("y")
            year = int(y) + 2000 if y and len(y) == 2 else int(y) if y else None
            opts = [o.strip().lower() for o in options.split(",")]
            mode = next((_MODES[o] for o in opts if o in _MODES), "")
            return Venue(vid, label, year, mode, base)
    return None
