"""Pydantic models of a checklist item and a profile, as written in checklist/*.yaml."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from paperlint.cues import Cue, cue

FACTS = ("has_experiments", "has_theory", "trains_models", "uses_pretrained_llm", "human_subjects", "new_dataset",
         "uses_existing_assets", "creates_data", "large_scale_pretraining", "proposes_method", "comparative_claims")
TYPES = ("empirical", "theory", "theory+experiments", "position", "survey", "dataset")
REGIONS = ("body", "appendix", "back")
KINDS = ("prose", "heading", "caption", "footnote", "table", "item", "algorithm", "code")
PLACES = ("title", "abstract", "introduction", "method", "setup", "results", "conclusion", "before_bibliography",
          "appendix", "checklist")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Applies(_Strict):
    """When an item applies, in terms of the paper's facts. Empty means always."""

    any: tuple[str, ...] = ()  # at least one of these facts holds
    all: tuple[str, ...] = ()  # every one of these holds
    not_types: tuple[str, ...] = Field((), alias="not_type")  # the paper is not of these types
    reason: str = ""  # why it does not apply, for the not_applicable verdict

    @field_validator("any", "all")
    @classmethod
    def _known_facts(cls, v):
        for f in v:
            if f not in FACTS:
                raise ValueError(f"unknown fact {f!r}; known facts: {', '.join(FACTS)}")
        return v

    @field_validator("not_types")
    @classmethod
    def _known_types(cls, v):
        for t in v:
            if t not in TYPES:
                raise ValueError(f"unknown paper type {t!r}; known types: {', '.join(TYPES)}")
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
    links: tuple[str, ...] = ()  # a URL matching one of these, in a sentence matching `link_context`, is present
    link_context: tuple[str, ...] = ()

    @field_validator("present", "weak", "traps", "sentence_traps", "headings", "weak_headings", "skip_sections",
                     "links", "link_context")
    @classmethod
    def _valid_regex(cls, v):
        for p in v:
            try:
                re.compile(p)
            except re.error as e:
                raise ValueError(f"invalid regular expression {p!r}: {e}") from None
        return v

    @cached_property
    def rx(self) -> dict[str, Cue | None]:
        return {k: cue(getattr(self, k)) for k in ("present", "weak", "traps", "sentence_traps", "headings",
                                                   "weak_headings", "skip_sections", "links", "link_context")}


class Fix(_Strict):
    """The quick fix: a LaTeX snippet with TODO placeholders, and where it belongs."""

    where: Literal[PLACES] = "setup"  # type: ignore[valid-type]
    title: str = ""
    snippet: str


class Item(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    message: str  # one line, said when the item is missing
    weak_message: str = ""  # one line, said when only a weak mention was found
    category: str = "general"
    severity: Literal["error", "warning", "info"] = "warning"
    definition: str  # what counts, in one paragraph
    docs: str = ""  # the rest of the documentation (markdown)
    applies: Applies = Applies()
    evidence: Evidence
    venues: dict[str, str] = {}  # profile id -> the venue's question or section
    fix: Fix


class Profile(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    title: str
    description: str = ""
    extends: tuple[str, ...] = ()
    items: tuple[Item, ...] = ()
