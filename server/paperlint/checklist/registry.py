"""Profiles resolved into the items of a run: `extends`, re-levelled and disabled items, the lab's config.

Every error names the file, the line and the key: a bad profile or config is a message, never a traceback.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from paperlint.checklist.files import ChecklistError, builtin_dir, builtin_profiles, is_builtin
from paperlint.checklist.models import Config, Item, Profile, Venue
from paperlint.cues import literals_in

USER_PATTERN_TIMEOUT = 0.25  # seconds for one user pattern on one paragraph


@dataclass
class Registry:
    """Every item of a run, by id, in order, with the profile it came from."""

    profile: Profile
    items: dict[str, Item]  # the items that run
    known: dict[str, Item]  # every item defined, disabled ones too (a checklist answer still reads their evidence)
    venue: Venue | None = None  # the venue of the profile, or of the nearest profile it extends
    chain: list[str] = field(default_factory=list)  # the profiles applied, bases first
    defined_in: dict[str, str] = field(default_factory=dict)  # item id -> the profile (or config) defining it

    def get(self, item_id: str) -> Item | None:
        return self.items.get(item_id)


# -- YAML with located errors ---------------------------------------------------------------------------------
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


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 15x faster


def parse_yaml(text: str, name: str):
    """(data, node tree) of a YAML document; ChecklistError with the line on a syntax error."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
        data = _LOADER("").construct_document(node) if node is not None else None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{name}:{mark.line + 1}" if mark else name
        context, start = getattr(e, "context", None), getattr(e, "context_mark", None)
        opened = f" ({context} at line {start.line + 1})" if context and start else ""
        raise ChecklistError(f"{where}: YAML syntax error: {getattr(e, 'problem', e)}{opened}", name,
                             mark.line + 1 if mark else 1) from None
    return data, node


@dataclass
class _Source:
    """A loaded file: its name for messages and a way to find the line of a key."""

    name: str
    node: yaml.Node | None = None  # YAML
    text: str = ""  # TOML: lines are found by searching the [tool.paperlint] table
    folder: Path | None = None  # where relative profile paths in it are resolved

    def line(self, loc: tuple) -> int:
        if self.node is not None:
            return _line_of(self.node, loc) or 1
        return _toml_line(self.text, loc)

    def error(self, loc: tuple, msg: str) -> ChecklistError:
        line = self.line(loc)
        key = ".".join(str(x) for x in loc) or "(top level)"
        return ChecklistError(f"{self.name}:{line}: {key}: {msg}", self.name, line)


def _toml_line(text: str, loc: tuple) -> int:
    lines = text.splitlines()
    at = next((i for i, s in enumerate(lines) if s.strip().startswith("[tool.paperlint")), 0)
    for key in (k for k in loc if isinstance(k, str)):
        hit = next((i for i in range(at, len(lines)) if key in lines[i].split("=")[0] or f'"{key}"' in lines[i]),
                   None)
        if hit is not None:
            at = hit
    return at + 1


def validation_message(e: ValidationError, node, name: str) -> str:
    src = _Source(name, node)
    return "\n".join(str(_validation_error(src, err)) for err in e.errors()[:5])


def _validation_error(src: _Source, err: dict) -> ChecklistError:
    return src.error(tuple(err["loc"]), err["msg"].removeprefix("Value error, "))


def _validate(model, data, src: _Source, builtin: bool = False):
    try:
        return model.model_validate(data if data is not None else {}, context={"builtin": builtin})
    except ValidationError as e:
        errs = [_validation_error(src, err) for err in e.errors()[:5]]
        raise ChecklistError("\n".join(map(str, errs)), errs[0].file, errs[0].line) from None


def load_profile_file(path: Path) -> Profile:
    return _load_profile(path)[0]


_PROFILES: dict[tuple[str, int], tuple[Profile, _Source]] = {}


def _load_profile(path: Path) -> tuple[Profile, _Source]:
    """A profile file, validated; cached until the file changes (the language server reloads edited ones)."""
    try:
        key = (str(path.resolve()), path.stat().st_mtime_ns)
        if key in _PROFILES:
            return _PROFILES[key]
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise ChecklistError(f"{path}: cannot read: {e.strerror or e}", str(path)) from None
    data, node = parse_yaml(text, key[0])
    src = _Source(key[0], node, folder=path.parent)
    _PROFILES[key] = _validate(Profile, data, src, builtin=is_builtin(path)), src
    return _PROFILES[key]


# -- project configuration ------------------------------------------------------------------------------------
CONFIG_NAMES = (".paperlint.yaml", ".paperlint.yml")


def find_config(start: Path) -> Path | None:
    """The nearest `.paperlint.yaml` or pyproject.toml with [tool.paperlint], from `start` up to the repository root."""
    folder = start if start.is_dir() else start.parent
    for d in [folder, *folder.parents]:
        for name in CONFIG_NAMES:
            if (d / name).is_file():
                return d / name
        pyproject = d / "pyproject.toml"
        if pyproject.is_file() and "[tool.paperlint" in pyproject.read_text(encoding="utf-8", errors="replace"):
            return pyproject
        if (d / ".git").exists():
            return None
    return None


def load_config(path: Path) -> Config:
    """A project configuration, validated; ChecklistError names the file, line and key of the first problems."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise ChecklistError(f"{path}: cannot read: {e.strerror or e}", str(path)) from None
    name = str(path.resolve())
    if path.name == "pyproject.toml":
        try:
            import tomllib
        except ImportError:  # Python 3.10
            import tomli as tomllib
        try:
            data = tomllib.loads(text).get("tool", {}).get("paperlint", {})
        except tomllib.TOMLDecodeError as e:
            raise ChecklistError(f"{name}:{getattr(e, 'lineno', 1)}: TOML syntax error: {e}", name) from None
        src = _Source(name, text=text, folder=path.parent)
    else:
        data, node = parse_yaml(text, name)
        src = _Source(name, node, folder=path.parent)
    config = _validate(Config, data, src)
    config._source = src
    return config


# -- resolution -----------------------------------------------------------------------------------------------
class _Builder:
    def __init__(self):
        self.items: dict[str, Item] = {}
        self.origin: dict[str, tuple[_Source, tuple]] = {}  # item id -> where it is defined
        self.home: dict[str, str] = {}  # item id -> the id of the profile defining it, or "config"
        self.disabled: set[str] = set()
        self.chain: list[str] = []
        self.venues: dict[str, Venue | None] = {}
        self.stack: list[str] = []

    def add(self, name: str, folder: Path | None, at: tuple[_Source, tuple] | None = None) -> tuple[Profile, Path]:
        path = _resolve(name, folder, at)
        key = str(path.resolve())
        if key in self.stack:
            chain = " -> ".join([Path(s).stem for s in self.stack] + [path.stem])
            raise ChecklistError(f"profile {name!r} extends itself: {chain}")
        self.stack.append(key)
        prof, src = _load_profile(path)
        venue = prof.venue
        for i, base in enumerate(prof.extends):
            base_key = str(_resolve(base, path.parent, (src, ("extends", i))).resolve())
            if base_key not in self.chain:
                self.add(base, path.parent, (src, ("extends", i)))
            venue = venue or self.venues.get(base_key)
        self.venues[key] = venue
        builtin = is_builtin(path)
        for i, item in enumerate(prof.items):
            self.put(item, src, ("items", i), prof.id, builtin)
        self.relevel(prof.severity, src)
        self.stack.pop()
        self.chain.append(key)
        return prof, path

    def put(self, item: Item, src: _Source, loc: tuple, home: str, builtin: bool) -> None:
        if not builtin:  # a lab's own pattern may backtrack for ever: give it a time limit
            item.evidence._timeout = USER_PATTERN_TIMEOUT
        self.items[item.id] = item
        self.origin[item.id] = (src, loc)
        self.home[item.id] = home
        self.disabled.discard(item.id)

    def relevel(self, levels: dict[str, str], src: _Source) -> None:
        for item_id, level in levels.items():
            self.known(item_id, src, ("severity", item_id))
            if level == "off":
                self.disabled.add(item_id)
            else:
                self.items[item_id] = self.items[item_id].model_copy(update={"severity": level})
                self.disabled.discard(item_id)

    def known(self, item_id: str, src: _Source, loc: tuple) -> None:
        if item_id not in self.items:
            raise src.error(loc, f"unknown item {item_id!r}; `paperlint items` lists the items of a profile")

    def config(self, config: Config, src: _Source) -> None:
        for i, name in enumerate(config.extends):
            self.add(name, src.folder, (src, ("extends", i)))
        for i, item in enumerate(config.items):
            self.put(item, src, ("items", i), "config", False)
        for i, item_id in enumerate(config.disable):
            self.known(item_id, src, ("disable", i))
            self.disabled.add(item_id)
        self.relevel(config.severity, src)

    def check_references(self) -> None:
        """Every item a checklist question or a forbidden item refers to exists."""
        for item_id, item in self.items.items():
            src, loc = self.origin[item_id]
            refs = [(("unless", i), r) for i, r in enumerate(item.unless)]
            if item.question:
                refs += [(("question", "items", i), r) for i, r in enumerate(item.question.items)]
            for sub, ref in refs:
                self.known(ref, src, loc + sub)


def _resolve(name: str, folder: Path | None, at: tuple[_Source, tuple] | None) -> Path:
    """A built-in profile by name, or a YAML file relative to the file that names it."""
    if name.endswith((".yaml", ".yml")) or "/" in name:
        path = Path(name) if Path(name).is_absolute() or folder is None else folder / name
        if path.is_file():
            return path
        msg = f"profile file {name!r} not found (looked at {path})"
    else:
        path = builtin_dir() / f"{name}.yaml"
        if path.exists():
            return path
        msg = f"unknown profile {name!r}; built-in profiles: {', '.join(builtin_profiles())}"
    if at is not None:
        raise at[0].error(at[1], msg)
    raise ChecklistError(msg)


_CACHE: dict[tuple[str, str], Registry] = {}


def load_registry(profile: str = "core", config: Config | None = None) -> Registry:
    """The items of a profile (a built-in name or a YAML file) with the profiles it extends, then the config's."""
    key = (profile, config.model_dump_json() if config is not None else "")
    if key in _CACHE:
        return _CACHE[key]
    b = _Builder()
    src = (config._source if config is not None else None) or _Source("configuration")
    # a profile file named in the config is relative to the config; one given on the command line, to the cwd
    from_config = config is not None and config.profile == profile
    prof, path = b.add(profile, src.folder if from_config else None, (src, ("profile",)) if from_config else None)
    if config is not None:
        b.config(config, src)
    b.check_references()
    reg = Registry(prof, {k: v for k, v in b.items.items() if k not in b.disabled}, dict(b.items),
                   b.venues.get(str(path.resolve())), [Path(c).stem for c in b.chain], dict(b.home))
    if len(_CACHE) > 64:
        _CACHE.clear()
    _CACHE[key] = reg
    return reg


def compile_builtin() -> None:
    """Load every built-in profile and compile its patterns (each cached on its item), so that no check, the
    first one included, waits for them: a server or an audit worker calls this when it starts."""
    for name in builtin_profiles():
        for item in load_registry(name).items.values():
            for c in item.evidence.rx.values():
                if c is not None:
                    c.compile()
            if item.section is not None and item.section.rx is not None:
                item.section.rx.compile()
    builtin_venues()
    literals_in("")  # builds the automaton of the patterns' literals


@lru_cache(maxsize=1)
def builtin_venues() -> list[tuple[str, Venue]]:
    """(profile id, venue) of every built-in profile that names a venue, for detection."""
    out = []
    for name in builtin_profiles():
        prof = load_profile_file(builtin_dir() / f"{name}.yaml")
        if prof.venue is not None:
            out.append((prof.id, prof.venue))
    return out


def config_schema() -> str:
    return json.dumps(Config.model_json_schema(by_alias=True), indent=2) + "\n"


def profile_schema() -> str:
    return json.dumps(Profile.model_json_schema(by_alias=True), indent=2) + "\n"
