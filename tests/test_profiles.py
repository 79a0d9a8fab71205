"""Profiles and lab configuration: extends, re-levelled and disabled items, and errors naming file, line and key."""

import json
import textwrap

import pytest
from conftest import REPO

from paperlint.checklist.docs import reference
from paperlint.checklist.models import Config
from paperlint.checklist.registry import (ChecklistError, builtin_profiles, find_config, load_config,
                                          load_registry)

VENUES = ["neurips-2024", "neurips-2025", "icml-2025", "iclr-2026", "acl-arr", "aaai-2026"]


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


def test_every_builtin_profile_loads_and_extends_core():
    core = set(load_registry("core").items)
    assert {"core", "ml-reproducibility", *VENUES} <= set(builtin_profiles())
    for name in builtin_profiles():
        assert core <= set(load_registry(name).known), name


def test_every_pattern_of_the_builtin_profiles_compiles():
    """Loading a built-in profile leaves its patterns to the checks that run them (a lab's are compiled when
    loaded, and an invalid one is an error naming its line): here every one is compiled."""
    count = 0
    for name in builtin_profiles():
        for item in load_registry(name).known.values():
            cues = list(item.evidence.rx.values()) + [item.section.rx if item.section else None]
            for c in filter(None, cues):
                c.compile()
                count += len(c.parts)
    assert count > 300


def test_venue_profiles_switch_on_what_their_venue_asks():
    assert load_registry("acl-arr").items["limitations_section"].severity == "error"
    assert load_registry("neurips-2025").items["limitations_section"].severity == "info"
    assert "limitations_section" not in load_registry("iclr-2026").items  # off: ICLR does not ask for it
    assert load_registry("icml-2025").items["impact_statement_section"].kind == "section"
    assert load_registry("iclr-2026").items["llm_usage_declared"].severity == "warning"
    assert {f"answer_{q}" for q in ("claims", "significance", "irb")} <= set(load_registry("neurips-2024").items)
    assert "answer_llm" in load_registry("neurips-2025").items and "answer_llm" not in load_registry("neurips-2024").items
    assert load_registry("aaai-2026").items["checklist_present_complete"].checklist.formats == ("aaai",)


def test_items_name_only_known_venues_and_every_question_maps_to_known_items():
    names = set(builtin_profiles())
    for name in builtin_profiles():
        reg = load_registry(name)
        for item in reg.known.values():
            assert set(item.venues) <= names, (name, item.id)
            if item.question:
                assert set(item.question.items) <= set(reg.known), item.id


def test_config_relevels_disables_and_adds_lab_items(tmp_path):
    write(tmp_path / "lab.yaml", """\
        id: lab
        title: Lab
        items:
          - id: lab_footprint
            title: Carbon footprint
            message: No footprint.
            definition: The carbon footprint.
            evidence: {present: ['kg\\s*co2']}
            fix: {snippet: 'TODO kg CO2.'}
        """)
    cfg = load_config(write(tmp_path / ".paperlint.yaml", """\
        profile: acl-arr
        extends: [lab.yaml]
        severity: {random_seeds: error, limitations_section: off, complexity_and_scaling: info}
        disable: [model_versions_specified]
        """))
    reg = load_registry(cfg.profile, cfg)
    assert reg.items["random_seeds"].severity == "error"
    assert "limitations_section" not in reg.items and "model_versions_specified" not in reg.items
    assert reg.items["complexity_and_scaling"].severity == "info"  # off in acl-arr, switched on by the lab
    assert "lab_footprint" in reg.items and reg.defined_in["lab_footprint"] == "lab"


def test_pyproject_table_is_a_config(tmp_path):
    write(tmp_path / "pyproject.toml", """\
        [project]
        name = "paper"

        [tool.paperlint]
        profile = "icml-2025"
        disable = ["random_seeds"]
        """)
    (tmp_path / ".git").mkdir()
    found = find_config(tmp_path / "sub")
    assert found == tmp_path / "pyproject.toml"
    cfg = load_config(found)
    assert cfg.profile == "icml-2025" and "random_seeds" not in load_registry("icml-2025", cfg).items


def error_of(tmp_path, text: str, name=".paperlint.yaml") -> str:
    path = write(tmp_path / name, text)
    with pytest.raises(ChecklistError) as e:
        cfg = load_config(path)
        load_registry(cfg.profile or "core", cfg)
    return str(e.value)


@pytest.mark.parametrize("text, line, key", [
    ("profile: core\nseverity:\n  random_seeds: loud\n", 3, "severity.random_seeds"),
    ("profile: core\ncolour: red\n", 2, "colour"),
    ("profile: core\ndisable:\n  - random_seeds\n  - no_such_item\n", 4, "disable.1"),
    ("profile: core\nseverity: {not_an_item: error}\n", 2, "severity.not_an_item"),
    ("profile: neurips-2099\n", 1, "profile"),
    ("profile: core\nitems:\n  - id: x\n    title: X\n    message: m\n    definition: d\n", 3, "items.0"),
    ("profile: core\nitems:\n  - id: x\n    title: X\n    message: m\n    definition: d\n    kind: section\n"
     "    section: {titles: ['(']}\n    fix: {snippet: s}\n", 8, "items.0.section.titles"),
])
def test_config_errors_name_file_line_and_key(tmp_path, text, line, key):
    msg = error_of(tmp_path, text)
    assert msg.startswith(f"{(tmp_path / '.paperlint.yaml').resolve()}:{line}: {key}"), msg


def test_yaml_syntax_error_names_the_line(tmp_path):
    msg = error_of(tmp_path, "profile: core\nseverity: {random_seeds: error\n")
    assert ".paperlint.yaml:3: YAML syntax error" in msg


def test_toml_errors_name_the_line_of_the_key(tmp_path):
    msg = error_of(tmp_path, '[tool.paperlint]\nprofile = "core"\n\ndisable = ["nope"]\n', "pyproject.toml")
    assert msg.startswith(f"{(tmp_path / 'pyproject.toml').resolve()}:4: disable.0: unknown item 'nope'"), msg


def test_extends_cycle_is_an_error(tmp_path):
    write(tmp_path / "a.yaml", "id: a\ntitle: A\nextends: [b.yaml]\n")
    write(tmp_path / "b.yaml", "id: b\ntitle: B\nextends: [a.yaml]\n")
    with pytest.raises(ChecklistError, match="extends itself"):
        load_registry(str(tmp_path / "a.yaml"))


def test_unquoted_off_in_yaml_means_off(tmp_path):
    cfg = load_config(write(tmp_path / ".paperlint.yaml", "severity:\n  random_seeds: off\n"))
    assert cfg.severity == {"random_seeds": "off"}
    assert "random_seeds" not in load_registry("core", cfg).items


def test_json_schema_validates_the_lab_sample():
    schema = Config.model_json_schema(by_alias=True)
    assert {"profile", "extends", "severity", "disable", "items"} <= set(schema["properties"])
    cfg = load_config(REPO / "samples" / "lab" / ".paperlint.yaml")
    reg = load_registry(cfg.profile, cfg)
    assert {"lab_carbon_footprint", "lab_tracking_link", "lab_results_archived"} <= set(reg.items)
    assert (REPO / "samples" / "lab" / ".paperlint.yaml").read_text().startswith(
        "# yaml-language-server: $schema=../../docs/config.schema.json")


def test_committed_reference_is_up_to_date():
    stale = [rel for rel, text in reference().items() if (REPO / "docs" / rel).read_text() != text]
    assert not stale, f"run `paperlint docs --out docs/`: stale {stale}"
    assert json.loads((REPO / "docs" / "config.schema.json").read_text())["title"] == "Config"
