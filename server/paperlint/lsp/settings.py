"""Editor settings (docs/lsp.md) and the configuration they add to the paper's.

A bad value never stops the server: it is reported in one message and its default is used instead.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from paperlint.checklist.models import Config
from paperlint.engine.check import project_config
from paperlint.project.model import Problem

CONFIG_FILES = (".paperlint.yaml", "pyproject.toml")  # a change to one of them re-checks the papers below it


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="ignore")

    profile: str = ""  # "": the configuration's, else the venue detected from the paper, else core
    severity: dict[str, Literal["error", "warning", "info", "hint", "off"]] = {}
    run: Literal["onType", "onSave"] = "onType"
    debounce_ms: int = Field(0, alias="debounceMs", ge=0, le=60_000)
    checklists: tuple[str, ...] = ()


def read_settings(raw: Any) -> tuple[Settings, list[str]]:
    """Settings from what a client sent (flat, or under a `paperlint` key), and what was wrong with them."""
    if isinstance(raw, dict) and isinstance(raw.get("paperlint"), dict):
        raw = raw["paperlint"]
    if raw is None:
        return Settings(), []
    if not isinstance(raw, dict):
        return Settings(), [f"paperlint settings should be an object, not {type(raw).__name__}; using the defaults"]
    data = {k: (dict(v) if isinstance(v, dict) else v) for k, v in raw.items()}
    errors: list[str] = []
    while True:
        try:
            return Settings.model_validate(data), errors
        except ValidationError as e:
            for err in e.errors():
                loc = err["loc"]
                if len(loc) >= 2 and loc[0] == "severity" and isinstance(data.get("severity"), dict):
                    errors.append(f"paperlint.severity.{loc[1]}: {err['msg']}; ignored")
                    data["severity"].pop(loc[1], None)
                elif loc and loc[0] in data:
                    errors.append(f"paperlint.{loc[0]}: {err['msg']} (got {data[loc[0]]!r}); using the default")
                    del data[loc[0]]
                else:
                    return Settings(), errors + [f"paperlint settings: {err['msg']}; using the defaults"]


def paper_config(settings: Settings, folder: Path) -> tuple[Config | None, Problem | None]:
    """The paper's configuration (the nearest `.paperlint.yaml`; a broken one is a Problem) with the extra
    checklist files of the settings added to what it extends."""
    config, problem = project_config(folder)
    if settings.checklists:
        extra = tuple(str((folder / os.path.expanduser(name)).resolve()) for name in settings.checklists)
        config = (config or Config()).model_copy(update={"extends": (config.extends if config else ()) + extra})
    return config, problem
