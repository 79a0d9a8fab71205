"""JUnit XML for CI dashboards: one test suite per paper, one test case per item.

A test fails exactly when its status makes `paperlint check` exit 1 (`--fail-on`); a not-applicable item is
skipped with its reason."""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

from paperlint.cli.formats.common import Options, display_path
from paperlint.engine.report import NOT_APPLICABLE, WEAK, Report

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # ElementTree writes them; XML 1.0 forbids them


def render(reports: list[Report], opts: Options | None = None) -> str:
    opts = opts or Options()
    suites = ET.Element("testsuites", name="paperlint")
    total = failed = skipped = 0
    for r in reports:
        root = display_path(r, r.root)
        fails = sum(v.status in opts.fail for v in r.verdicts)
        skips = sum(v.status == NOT_APPLICABLE for v in r.verdicts)
        suite = ET.SubElement(suites, "testsuite", name=root, tests=str(len(r.verdicts)), failures=str(fails),
                              errors="0", skipped=str(skips))
        for v in r.verdicts:
            case = ET.SubElement(suite, "testcase", classname=root, name=v.id)
            where = v.evidence[0] if v.status == WEAK and v.evidence else v.anchor
            if where is not None:
                case.set("file", display_path(r, where.file))
                case.set("line", str(where.line))
            if v.status in opts.fail:
                failure = ET.SubElement(case, "failure", message=v.message, type=v.status)
                failure.text = "\n".join(filter(None, [v.reason, v.fix["snippet"] if v.fix else ""]))
            elif v.status == NOT_APPLICABLE:
                ET.SubElement(case, "skipped", message=v.reason or "not applicable")
            elif v.status == WEAK:
                ET.SubElement(case, "system-out").text = f"weak: {v.message}"
        problems = [f"{p.file}:{p.line}: {p.severity}: {p.message} [{p.code}]" for p in r.problems]
        if problems:
            ET.SubElement(suite, "system-err").text = "\n".join(problems)
        total, failed, skipped = total + len(r.verdicts), failed + fails, skipped + skips
    suites.set("tests", str(total))
    suites.set("failures", str(failed))
    suites.set("skipped", str(skipped))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + _NOT_XML.sub("", ET.tostring(suites, encoding="unicode"))
