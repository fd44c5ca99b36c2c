"""The public YAML test suite (../shared/yaml-test-suite) against our event-stream builder.

Valid cases without anchors, aliases or tags: our values equal PyYAML's BaseLoader where
BaseLoader can read the case. Invalid cases: refused with a located error. Nothing crashes.
"""
from pathlib import Path

import pytest
import yaml

from conftest import SHARED, shared_file
from timeline_app.core.yaml_nodes import parse_nodes, to_plain

SUITE = SHARED / "yaml-test-suite"


def suite_cases() -> list[Path]:
    if not SUITE.is_dir():
        return []
    cases = []
    for folder in sorted(SUITE.iterdir()):
        if folder.name in ("name", "tags") or not folder.is_dir():
            continue     # name/ and tags/ are indexes of the same cases
        if (folder / "in.yaml").exists():
            cases.append(folder)
        else:
            cases += [sub for sub in sorted(folder.iterdir()) if (sub / "in.yaml").exists()]
    return cases


CASES = suite_cases()


def uses_anchors_aliases_or_tags(case: Path) -> bool:
    """From the case's event listing: `&anchor` or `<tag>` before a value, or `=ALI`."""
    for line in (case / "test.event").read_text(encoding="utf-8").splitlines():
        if line.startswith("=ALI"):
            return True
        for token in line.split(" ")[1:]:
            if token[:1] in (":", "'", '"', "|", ">"):
                break      # the value starts: anything after it is text
            if token.startswith("&") or (token.startswith("<") and token != "<!>"):
                return True
    return False


def read_case(case: Path):
    text = (case / "in.yaml").read_bytes().decode("utf-8")
    problems: list = []
    root = parse_nodes(text, problems)     # must never raise, whatever the input
    return text, root, problems


def case_id(case: Path) -> str:
    return str(case.relative_to(SUITE))


@pytest.mark.parametrize("case", [c for c in CASES if (c / "error").exists()], ids=case_id)
def test_invalid_yaml_is_refused_with_a_located_error(case):
    _text, _root, problems = read_case(case)
    errors = [p for p in problems if p[0] == "error"]
    assert errors, "invalid YAML was accepted"
    assert all(line >= 1 and column >= 1 for _, _, line, column, _ in errors)


@pytest.mark.parametrize("case", [c for c in CASES if not (c / "error").exists()], ids=case_id)
def test_valid_yaml_builds_the_values_baseloader_builds(case):
    text, root, problems = read_case(case)
    if uses_anchors_aliases_or_tags(case):
        # Refused by design; a few such cases are beyond libyaml too: located errors either way.
        assert problems and all(p[0] == "error" and p[2] >= 1 for p in problems)
        return
    try:
        expected = yaml.load(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError:
        # PyYAML cannot read this valid case either: nothing to compare with; we must still
        # answer with located problems or values, never a crash.
        assert all(p[2] >= 1 and p[3] >= 1 for p in problems)
        return
    assert problems == []
    assert to_plain(root) == expected


def test_the_suite_is_really_exercised():
    """Without ../shared the cases above are none; this says why (and fails under CI)."""
    shared_file("yaml-test-suite")
    assert len(CASES) > 300
