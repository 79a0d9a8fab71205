"""Pydantic models of a checklist item and a profile, as written in checklist/*.yaml."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Literal

import regex
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationInfo, field_validator, model_validator

from paperlint.cues import Cue, compiled, cue

FACTS = ("has_experiments", "has_theory", "trains_models", "uses_pretrained_llm", "human_subjects", "new_dataset",
         "uses_existing_assets", "creates_data", "large_scale_pretraining", "proposes_method", "comparative_claims")
TYPES = ("empirical", "theory", "theory+experiments", "position", "survey", "dataset")
REGIONS = ("body", "appendix", "back")
KINDS = ("prose", "heading", "caption", "footnote", "table", "item", "algorithm", "code")
PLACES = ("title", "abstract", "introduction", "method", "setup", "results", "conclusion", "before_bibliography",
          "appendix", "checklist")
MODES = ("review", "final")
LEVELS = ("error", "warning", "info")
KINDS_OF_ITEM = ("evidence", "section", "forbidden", "consistency", "checklist")
FORMATS = ("neurips-2025", "neurips-2024", "neurips-legacy", "aaai", "other")


def _facts(v: tuple[str, ...]) -> tuple[str, ...]:
    for f in v:
        if f not in FACTS:
            raise ValueError(f"unknown fact {f!r}; known facts: {', '.join(FACTS)}")
    return v


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Applies(_Strict):
    """When an item applies, in terms of the paper's facts. Empty means always."""

    any: tuple[str, ...] = ()  # at least one of these facts holds
    all: tuple[str, ...] = ()  # every one of these holds
    not_types: tuple[str, ...] = Field((), alias="not_type")  # the paper is not of these types
    modes: tuple[Literal[MODES], ...] = Field((), alias="mode")  # type: ignore[valid-type]  # venue review/final
    reason: str = ""  # why it does not apply, for the not_applicable verdict

    _known_facts = field_validator("any", "all")(_facts)

    @field_validator("not_types")
    @classmethod
    def _known_types(cls, v):
        for t in v:
            if t not in TYPES:
                raise ValueError(f"unknown paper type {t!r}; known types: {', '.join(TYPES)}")
        return v


def _regexes(v: tuple[str, ...]) -> tuple[str, ...]:
    """Patterns matched with `re` (package names, question keywords)."""
    for p in v:
        try:
            re.compile(p)
        except re.error as e:
            raise ValueError(f"invalid regular expression {p!r}: {e}") from None
    return v


def _cue_patterns(v: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
    """Patterns of cues, compiled as the cue will run them. Not those of the built-in profiles (tests compile
    them): a command-line check then compiles only the patterns it runs, not those of every venue's profile."""
    if info.context and info.context.get("builtin"):
        return v
    for p in v:
        try:
            compiled(p)
        except regex.error as e:
            raise ValueError(f"invalid regular expression {p!r}: {e}") from None
    return v


class Evidence(_Strict):
    """What counts as evidence and where to look for it."""

    regions: tuple[Literal["body", "appendix", "back"], ...] = REGIONS
    kinds: tuple[Literal[KINDS], ...] = tuple(k for k in KINDS if k != "code")  # type: ignore[valid-type]
    present: tuple[str, ...] = ()  # cues that meet the definition
    weak: tuple[str, ...] = ()  # cues that only mention it
    traps: tuple[str, ...] = ()  # a cue overlapping one of these is not evidence
    sentence_traps: tuple[str, ...] = ()  # a cue in a sentence matching one of these is not evidence
    headings: tuple[str, ...] = ()  # a heading whose title matches counts as present
    weak_headings: tuple[str, ...] = ()
    environments: tuple[str, ...] = ()  # an environment of one of these names counts as present
    skip_sections: tuple[str, ...] = ()  # text under headings matching these is not evidence (related work...)
    skip_environments: tuple[str, ...] = ()  # text inside these environments is not evidence (theorem, proof...)
    listings: tuple[str, ...] = ()  # a code listing whose text matches one of these counts as present
    links: tuple[str, ...] = ()  # a URL matching one of these, in a sentence matching `link_context`, is present
    link_context: tuple[str, ...] = ()

    _valid_regex = field_validator("present", "weak", "traps", "sentence_traps", "headings", "weak_headings",
                                   "skip_sections", "links", "link_context", "listings")(_cue_patterns)

    @property
    def empty(self) -> bool:
        return not (self.present or self.weak or self.headings or self.weak_headings or self.environments or
                    self.links or self.listings)

    # Seconds a pattern may take on one text; set for items a lab wrote (None: built-in, tested patterns).
    _timeout: float | None = PrivateAttr(None)

    @cached_property
    def rx(self) -> dict[str, Cue | None]:
        return {k: cue(getattr(self, k), self._timeout) for k in (
            "present", "weak", "traps", "sentence_traps", "headings", "weak_headings", "skip_sections", "links",
            "link_context", "listings")}

    def skipped_patterns(self) -> list[str]:
        """User patterns dropped for taking too long (only once `rx` has been used)."""
        if "rx" not in self.__dict__:
            return []
        return [p for c in self.rx.values() if c is not None for p in c.skipped]


class Fix(_Strict):
    """The quick fix: a LaTeX snippet with TODO placeholders, and where it belongs."""

    where: Literal[PLACES] = "setup"  # type: ignore[valid-type]
    title: str = ""
    snippet: str


class Section(_Strict):
    """kind: section. A heading that must exist, e.g. ARR's dedicated "Limitations" section."""

    titles: tuple[str, ...]  # a heading whose title matches one of these
    before_bibliography: bool = False  # in the main text, before the references
    max_level: int = Field(1, ge=0, le=5)  # deepest level that is a section of its own: 1 \section, 4 \paragraph

    _valid_regex = field_validator("titles")(_cue_patterns)

    @cached_property
    def rx(self) -> Cue:
        return cue(self.titles)


class Question(_Strict):
    """kind: consistency. One question of the venue checklist, answered in the paper, checked against it."""

    form: Literal["neurips", "aaai"] = "neurips"  # which venue checklist form the question belongs to
    n: int | str  # the question's number in the venue's form (7; "4.7" for AAAI)
    title: str  # its short title, as in the template ("Claims")
    text: str  # the question, in paraphrase (inserted by the quick fix; keep the venue's wording in the paper)
    keywords: tuple[str, ...] = ()  # the venue's wording contains these; a question without them was reworded
    legacy: tuple[str, ...] = ()  # the same question's ids in the NeurIPS 2021-2023 form ("3c")
    items: tuple[str, ...] = ()  # items whose evidence backs a Yes
    unsupported: str = ""  # said when the answer is Yes and none of `items` has evidence
    na_when: tuple[str, ...] = ()  # facts that contradict an NA answer (NA on theory with theorems present)
    points: bool = True  # a Yes justification should point to where the paper shows it
    gate: bool = False  # a yes/no gate ("Does this paper include experiments?"): No also contradicts `na_when`

    _valid_regex = field_validator("keywords")(_regexes)
    _known_facts = field_validator("na_when")(_facts)


class Checklist(_Strict):
    """kind: checklist. The venue checklist itself: present, in the venue's form, complete, after the references."""

    formats: tuple[Literal[FORMATS], ...]  # type: ignore[valid-type]  # the forms the venue accepts
    heading: str = "Checklist"  # the heading the venue asks authors to keep
    after_references: bool = True


class Item(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    kind: Literal[KINDS_OF_ITEM] = "evidence"  # type: ignore[valid-type]
    message: str  # one line, said when the item is missing
    weak_message: str = ""  # one line, said when only a weak mention was found
    category: str = "general"
    severity: Literal[LEVELS] = "warning"  # type: ignore[valid-type]
    definition: str  # what counts, in one paragraph
    docs: str = ""  # the rest of the documentation (markdown)
    applies: Applies = Applies()
    evidence: Evidence = Evidence()  # kind evidence: what counts; kind forbidden: what must not be there
    unless: tuple[str, ...] = ()  # kind forbidden: items whose evidence anywhere in the paper lifts the ban
    section: Section | None = None
    question: Question | None = None
    checklist: Checklist | None = None
    venues: dict[str, str] = {}  # profile id -> the venue's question or section
    fix: Fix | None = None

    @model_validator(mode="after")
    def _kind_has_its_rule(self):
        need = {"evidence": "evidence", "forbidden": "evidence", "section": "section", "consistency": "question",
                "checklist": "checklist"}[self.kind]
        if need == "evidence" and self.evidence.empty:
            raise ValueError(f"an item of kind {self.kind} needs `evidence` with at least one cue, heading, "
                             "environment or link")
        if need != "evidence" and getattr(self, need) is None:
            raise ValueError(f"an item of kind {self.kind} needs a `{need}` rule")
        if self.kind in ("evidence", "section") and self.fix is None:
            raise ValueError(f"an item of kind {self.kind} needs a `fix` (the LaTeX snippet that adds it)")
        return self


Level = Literal["error", "warning", "info", "off"]


def _off(v):
    """YAML reads an unquoted `off` as false: take it as the word."""
    return {k: "off" if level is False else level for k, level in v.items()} if isinstance(v, dict) else v


class Venue(_Strict):
    """How a paper shows it is written for this venue, and whether it is the review or the camera-ready version."""

    packages: tuple[str, ...]  # regexes matching the name of a \usepackage or \documentclass (path dropped)
    mode: Literal[MODES] = "review"  # type: ignore[valid-type]  # the mode unless a switch is found
    switch_options: tuple[str, ...] = ()  # package options that flip the mode ([final], [accepted], [review])
    switch_commands: tuple[str, ...] = ()  # commands that flip it when not commented out (\iclrfinalcopy)

    _valid_regex = field_validator("packages")(_regexes)


class Profile(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    title: str
    description: str = ""
    extends: tuple[str, ...] = ()
    venue: Venue | None = None
    severity: dict[str, Level] = {}  # item id -> re-levelled severity, or off
    items: tuple[Item, ...] = ()

    _off = field_validator("severity", mode="before")(_off)


class Config(_Strict):
    """A project's `.paperlint.yaml` (or `[tool.paperlint]` in pyproject.toml): the lab's guidelines."""

    profile: str | None = None  # a built-in profile or a profile YAML file; default: the venue detected, else core
    extends: tuple[str, ...] = ()  # more profiles (built-in names or YAML files) added on top, in order
    mode: Literal[MODES] | None = None  # type: ignore[valid-type]  # force review or final mode
    disable: tuple[str, ...] = ()  # item ids to leave out
    severity: dict[str, Level] = {}  # item id -> re-levelled severity, or off
    items: tuple[Item, ...] = ()  # the lab's own items
    _source: object = PrivateAttr(None)  # the file it was read from, for located errors in its references

    _off = field_validator("severity", mode="before")(_off)
