"""Loading checklist YAML into models, with errors that name the file, line and field."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from paperlint.checklist.models import Item, Profile


class ChecklistError(Exception):
    """A checklist or config file that cannot be used; the message names file, line and field."""


@dataclass
class Registry:
    """Every item known to a run, by id, with the profile it came from."""

    profile: Profile
    items: dict[str, Item]

    def get(self, item_id: str) -> Item | None:
        return self.items.get(item_id)


def builtin_dir() -> Path:
    return Path(str(resources.files("paperlint") / "profiles"))


def builtin_profiles() -> list[str]:
    return sorted(p.stem for p in builtin_dir().glob("*.yaml"))


def _line_of(node: yaml.Node | None, loc: tuple) -> int | None:
    """The line (1-based) of the YAML node at a pydantic error location."""
    line = None
    for key in loc:
        if node is None:
            break
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == key), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            break
    if node is not None:
        line = node.start_mark.line + 1
    return line


def parse_yaml(text: str, name: str):
    """(data, node tree) of a YAML document; ChecklistError with the line on a syntax error."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{name}:{mark.line + 1}" if mark else name
        context, start = getattr(e, "context", None), getattr(e, "context_mark", None)
        opened = f" ({context} at line {start.line + 1})" if context and start else ""
        raise ChecklistError(f"{where}: YAML syntax error: {getattr(e, 'problem', e)}{opened}") from None
    return data, node


def validation_message(e: ValidationError, node, name: str) -> str:
    lines = []
    for err in e.errors()[:5]:
        loc = tuple(err["loc"])
        line = _line_of(node, loc)
        field = ".".join(str(x) for x in loc) or "(top level)"
        lines.append(f"{name}:{line or 1}: {field}: {err['msg']}")
    return "\n".join(lines)


def load_profile_file(path: Path) -> Profile:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise ChecklistError(f"{path}: cannot read: {e.strerror or e}") from None
    data, node = parse_yaml(text, str(path))
    try:
        return Profile.model_validate(data)
    except ValidationError as e:
        raise ChecklistError(validation_message(e, node, str(path.resolve()))) from None


_CACHE: dict[str, Registry] = {}


def load_registry(profile: str = "core") -> Registry:
    """The items of a built-in profile (with the profiles it extends), by id."""
    if profile in _CACHE:
        return _CACHE[profile]
    items: dict[str, Item] = {}
    seen: list[str] = []

    def add(name: str) -> Profile:
        if name in seen:
            raise ChecklistError(f"profile {name!r} extends itself: {' -> '.join(seen + [name])}")
        path = builtin_dir() / f"{name}.yaml"
        if not path.exists():
            raise ChecklistError(f"unknown profile {name!r}; built-in profiles: {', '.join(builtin_profiles())}")
        seen.append(name)
        prof = load_profile_file(path)
        for base in prof.extends:
            add(base)
        for item in prof.items:
            items[item.id] = item
        return prof

    reg = Registry(add(profile), items)
    _CACHE[profile] = reg
    return reg
