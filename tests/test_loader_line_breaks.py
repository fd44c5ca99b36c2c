"""Every YAML line break, and any str at all: never an exception, places as editors count them.

Editors end a line at \\n, \\r\\n or \\r. libyaml also ends one at NEL, LS and PS (U+0085,
U+2028, U+2029), which editors disagree on: those are warned about, and never counted.
"""
import pytest
import yaml

from conftest import MINIMAL
from timeline_app.core.loader import load_bytes, load_text

# Problems of many kinds, several after a multi-line value, so that a line counted wrongly
# anywhere moves the places of those after it.
WITH_PROBLEMS = (
    "title: 'A title\n"
    "  on two lines'\n"
    "description: |\n"
    "\n"
    "  Text\n"
    "articles:\n"
    "  - id: a1\n"
    "    title: An article\n"
    "    publisher: P\n"
    "    url: https://example.org/a1#part\n"
    "events:\n"
    "  - id: e1\n"
    "    date: 2022-02-30\n"
    "    title: \"First,\n"
    "   continued\"\n"
    "    sources: [a1,\n"
    "      a2]\n"
    "    note: x#y\n"
    "  - id: e1\n"
    "    date: 2022\n"
    "    title: Again\n"
    "    sources: [a1]#no space\n"
)


def places(result):
    return [(p.severity, p.line, p.column, p.message) for p in result.problems]


def line_count(text: str) -> int:
    """Lines as editors count them (the empty one after a final line break included)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1


def test_the_lf_file_has_the_problems_this_test_is_about():
    found = places(load_text(WITH_PROBLEMS, "t.yaml"))
    lines = {line for _, line, _, _ in found}
    assert {13, 15, 17, 19, 22} <= lines, found
    assert any("continues the value begun on line 14" in m for *_, m in found)
    assert any("needs a space before '#'" in m for *_, m in found)


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_only_files_give_the_places_of_the_lf_file(newline):
    expected = places(load_text(WITH_PROBLEMS, "t.yaml"))
    text = WITH_PROBLEMS.replace("\n", newline)
    assert places(load_text(text, "t.yaml")) == expected
    assert places(load_bytes(text.encode(), "t.yaml")) == expected
    assert places(load_text(text, "t.yaml", careful=True)) == expected


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_a_valid_file_with_any_line_break_loads_the_same(newline):
    lf = load_text(MINIMAL, "t.yaml")
    result = load_text(MINIMAL.replace("\n", newline), "t.yaml")
    assert result == lf and result.problems == ()


@pytest.mark.parametrize("character", ["\x85", "\u2028", "\u2029"])
def test_nel_ls_ps_in_a_value_are_a_warning_at_their_place_and_count_no_line(character):
    text = MINIMAL.replace("title: First event", f'title: "First{character}event"') + \
        "    tags: [x, [y]]\n"
    result = load_text(text, "t.yaml")
    warning, error = result.problems
    assert (warning.severity, warning.line, warning.column) == ("warning", 10, 18)
    assert "editors disagree" in warning.message
    # The error after it is on the line an editor shows, not one more as libyaml counts.
    assert (error.severity, error.line, error.column) == ("error", 12, 15)
    assert error.yaml_path == "events[0].tags[1]"


@pytest.mark.parametrize("character", ["\x85", "\u2028", "\u2029"])
@pytest.mark.parametrize("value", [
    '"First{c}event"', "'First{c}event'", '"First{c}  event"', "'x{c}'",
    "First{c}      event", "|\n      First{c}\n      event",
])
def test_what_pyyaml_accepts_with_nel_ls_ps_loads_with_only_a_warning(character, value):
    text = MINIMAL.replace("title: First event", "title: " + value.format(c=character))
    expected = yaml.load(text, Loader=yaml.BaseLoader)["events"][0]["title"].strip()
    result = load_text(text, "t.yaml")
    assert [p.severity for p in result.problems] == ["warning"] * text.count(character)
    assert result.timeline.event("e1").title == expected
    assert all(1 <= p.line <= line_count(text) for p in result.problems)
    assert result == load_text(text, "t.yaml", careful=True)


@pytest.mark.parametrize("character", ["\x85", "\u2028", "\u2029"])
def test_nel_ls_ps_where_pyyaml_refuses_give_an_error_on_a_line_of_the_file(character):
    text = f"title: T\nevents: [a,{character}b\n"
    with pytest.raises(yaml.YAMLError):
        yaml.load(text, Loader=yaml.BaseLoader)
    result = load_text(text, "t.yaml")
    assert result.errors
    assert all(1 <= p.line <= line_count(text) and p.column >= 1 for p in result.problems)


@pytest.mark.parametrize("text, line, column", [
    ("title: T\nevents: [a, b", 2, 14),          # libyaml says line 3
    ("title: T\nevents: 'a", 2, 9),
    ("title: T\nevents:\n  - {id: e1", 3, 12),
    ("title: T\r\nevents: [a, b", 2, 14),
    ("title: T\revents: [a, b", 2, 14),
])
def test_an_error_at_the_end_of_a_file_without_a_final_line_break_is_on_its_last_line(
        text, line, column):
    [problem] = load_text(text, "t.yaml").problems
    assert (problem.line, problem.column) == (line, column)


@pytest.mark.parametrize("text", ["\ud800", "title: T\udcff\nevents: []\n",
                                  "title: T\nevents: [\ud83d]\n", "\udfff" * 3])
def test_a_lone_surrogate_is_a_problem_at_its_place_never_an_exception(text):
    result = load_text(text, "t.yaml")
    assert result.timeline is None
    assert all("surrogate" in p.message for p in result.errors)
    first = text.index(next(c for c in text if "\ud800" <= c <= "\udfff"))
    before = text[:first]
    assert (result.errors[0].line, result.errors[0].column) == \
        (before.count("\n") + 1, first - (before.rfind("\n") + 1) + 1)
    assert len(result.errors) == sum("\ud800" <= c <= "\udfff" for c in text)


def test_a_nul_byte_or_bad_utf8_in_a_cr_only_file_is_placed_on_its_line():
    [problem] = load_bytes(b"title: T\revents: [a\x00]\r", "t.yaml").problems
    assert (problem.line, problem.column) == (2, 11)
    [problem] = load_bytes(b"title: T\r\nevents: [a\xff]\r\n", "t.yaml").problems
    assert (problem.line, problem.column) == (2, 11)


def test_a_bug_of_ours_is_a_problem_never_an_exception(monkeypatch):
    from timeline_app.core import loader

    def broken(*_args, **_kwargs):
        raise KeyError("boom")
    monkeypatch.setattr(loader, "parse_document", broken)
    [problem] = load_text(MINIMAL, "t.yaml").problems
    assert problem.is_error and loader.CHECK_FAILED in problem.message and "boom" in problem.message


def test_thousands_of_nel_ls_ps_or_surrogates_are_counted_beyond_the_first_1000():
    result = load_text('title: "T' + "\u2028" * 3000 + '"\nevents: []\n', "t.yaml")
    assert len(result.problems) == 1000 and result.more_warnings == 2000
    assert result.timeline is not None
    result = load_text("title: T\nevents: []\n" + "\ud800" * 2500, "t.yaml")
    assert len(result.problems) == 1000 and result.more_errors == 1500
    assert [(p.line, p.column) for p in result.problems[:2]] == [(3, 1), (3, 2)]


@pytest.mark.parametrize("text, place", [("---", (1, 4)), ("--- ", (1, 5)), ("---\n", (2, 1))])
def test_an_empty_document_is_reported_inside_the_file(text, place):
    """libyaml puts the empty root of '---' without a final line break on a line after the
    last one (found by hypothesis)."""
    [problem] = load_text(text, "t.yaml").problems
    assert (problem.line, problem.column) == place
