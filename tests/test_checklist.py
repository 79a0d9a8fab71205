"""The checklist as data: every item documented and fixable; YAML errors name file, line and field."""

import pytest

from paperlint.checklist.docs import item_markdown
from paperlint.checklist.registry import ChecklistError, load_profile_file, load_registry


def test_core_has_the_24_labelled_items_each_documented_with_a_fix():
    items = load_registry("core").items
    assert len(items) == 24
    for item in items.values():
        assert item.message and item.definition and item.docs, item.id
        assert "TODO" in item.fix.snippet, item.id
        assert item.evidence.present or item.evidence.headings or item.evidence.environments, item.id
        assert item.venues, item.id
        assert item.definition.strip() in item_markdown(item)


@pytest.mark.parametrize("text,where", [
    ("id: lab\ntitle: Lab\nitems:\n  - id: x\n    title: [unclosed\n", "at line 5"),
    ("id: lab\ntitle: Lab\nitems:\n  - id: Bad-Id\n    title: t\n", ":4: items.0.id"),
    ("id: lab\ntitle: Lab\nitems:\n  - id: ok\n    title: t\n    message: m\n    definition: d\n"
     "    evidence: {present: ['(unclosed']}\n    fix: {snippet: s}\n", ":8: items.0.evidence.present"),
    ("id: lab\ntitle: Lab\nunknown_key: 1\n", ":3: unknown_key"),
])
def test_yaml_errors_name_file_line_and_field(tmp_path, text, where):
    path = tmp_path / "lab.yaml"
    path.write_text(text)
    with pytest.raises(ChecklistError) as e:
        load_profile_file(path)
    assert str(path) in str(e.value) and where in str(e.value)
