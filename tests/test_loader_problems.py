"""Every refusal and warning of the loader, each at its exact line and column."""
import pytest

from conftest import BUNDLED, MINIMAL
from timeline_app.core.loader import _load_text, load_bytes, load_text


def problems(text):
    return [(p.severity, p.line, p.column, p.message, p.yaml_path)
            for p in load_text(text, "t.yaml").problems]


def only_problem(text):
    found = problems(text)
    assert len(found) == 1, found
    return found[0]


def event(*lines, event_id="e1"):
    """MINIMAL with one event's lines replaced (indented under `- `)."""
    head = MINIMAL.split("events:\n")[0] + "events:\n"
    body = "".join(("  - " if i == 0 else "    ") + line + "\n" for i, line in enumerate(lines))
    return head + body


def test_minimal_timeline_loads_without_problems():
    result = load_text(MINIMAL, "t.yaml")
    assert result.problems == ()
    assert result.timeline.title == "Test timeline"
    assert [e.id for e in result.timeline.events] == ["e1"]


@pytest.mark.parametrize("text, line, column, fragment", [
    # syntax errors, tabs included
    ("title: T\nevents:\n\t- id: x\n", 3, 1, "tab character"),
    ("title: T\nevents: [a, b\n", 3, 1, "YAML syntax error"),
    ("title: 'unclosed\nevents: []\n", 1, 8, "this quoted value is never closed"),
    ("title: a: b\nevents: []\n", 1, 9, "put the whole value in quotes"),
    ("title: T\n---\nevents: []\n", 2, 1, "second YAML document"),
])
def test_syntax_errors_are_located(text, line, column, fragment):
    severity, got_line, got_column, message, _ = only_problem(text)
    assert (severity, got_line, got_column) == ("error", line, column)
    assert fragment in message


@pytest.mark.parametrize("text, line, column, fragment, path", [
    ("- a\n- b\n", 1, 1, "top level of a timeline should be a mapping", ""),
    ("events: []\n", 1, 1, "'title' is missing", ""),
    ("title: T\n", 1, 1, "'events' is missing", ""),
    ("title: ''\nevents: []\n", 1, 8, "'title' is empty", "title"),
    ("title: [a]\nevents: []\n", 1, 8, "'title' should be text", "title"),
    ("title: T\nevents: {a: 1}\n", 2, 9, "'events' should be a list", "events"),
    ("title: T\nevents:\n  - just text\n", 3, 5, "an event should be a mapping", "events[0]"),
    ("title: T\ntitle: U\nevents: []\n", 2, 1, "duplicate key 'title' (first written at line 1)",
     "title"),
])
def test_structure_errors_are_located(text, line, column, fragment, path):
    severity, got_line, got_column, message, got_path = only_problem(text)
    assert (severity, got_line, got_column, got_path) == ("error", line, column, path)
    assert fragment in message


@pytest.mark.parametrize("lines, line, column, fragment, path", [
    (["date: 2022-03-29", "title: No id", "sources: [a1]"], 8, 5, "'id' is missing",
     "events[0]"),
    (["id: e1", "title: No date", "sources: [a1]"], 8, 5, "'date' is missing", "events[0]"),
    (["id: e1", "date: 2022-03-29", "sources: [a1]"], 8, 5, "'title' is missing", "events[0]"),
    (["id: e1", "date: 2022-02-30", "title: T", "sources: [a1]"], 9, 11,
     "February 2022 has 28 days", "events[0].date"),
    (["id: e1", "date: 29.03.2022", "title: T", "sources: [a1]"], 9, 11,
     "write YYYY, YYYY-MM or YYYY-MM-DD", "events[0].date"),
    (["id: e1", "date: 2022-03", "end: 2022-02-28", "title: T", "sources: [a1]"], 10, 10,
     "'end' (2022-02-28) is before 'date' (2022-03)", "events[0].end"),
    (["id: Bad_Id", "date: 2022", "title: T", "sources: [a1]"], 8, 9, "not a valid id",
     "events[0].id"),
    (["id: e1", "date: 2022", "title: T", "sources: [a1, a-1]"], 11, 19,
     "article 'a-1' is not defined under 'articles'; did you mean 'a1'?", "events[0].sources[1]"),
    (["id: e1", "date: 2022", "title: T", "track: main", "sources: [a1]"], 11, 12,
     "track 'main' is not defined", "events[0].track"),
    (["id: e1", "date: 2022", "title: T", "related: [e9]", "sources: [a1]"], 11, 15,
     "event 'e9' is not defined under 'events'", "events[0].related[0]"),
    (["id: e1", "date: 2022", "title: T", "sources: [a1]", "excerpts:", "  - article: nope",
      "    quote: q"], 13,
     18, "article 'nope' is not defined", "events[0].excerpts[0].article"),
    (["id: e1", "date: 2022", "title: T", "excerpts:", "  - article: a1"], 12, 9,
     "'quote' is missing", "events[0].excerpts[0]"),
    (["id: e1", "date: 2022", "title: T", "people: Zelensky", "sources: [a1]"], 11, 13,
     "'people' should be a list", "events[0].people"),
    (["id: e1", "date: 2022", "title: T", "tags: [a, [b]]", "sources: [a1]"], 11, 15,
     "each item of 'tags' should be a piece of text", "events[0].tags[1]"),
])
def test_event_errors_are_located(lines, line, column, fragment, path):
    severity, got_line, got_column, message, got_path = only_problem(event(*lines))
    assert (severity, got_line, got_column, got_path) == ("error", line, column, path)
    assert fragment in message


def test_duplicate_event_ids_point_at_the_second_one():
    text = event("id: e1", "date: 2022", "title: T", "sources: [a1]") + \
        "  - id: e1\n    date: 2023\n    title: U\n    sources: [a1]\n"
    assert only_problem(text)[:4] == (
        "error", 12, 9, "duplicate event id 'e1' (first used at line 8); ids must be unique")


def test_duplicate_article_ids_are_refused():
    text = MINIMAL.replace("events:", "  - id: a1\n    title: B\n    publisher: P\n"
                                      "    url: https://example.org/b\nevents:")
    severity, line, column, message, _ = only_problem(text)
    assert (severity, line, column) == ("error", 7, 9)
    assert "duplicate article id 'a1' (first used at line 3)" in message


@pytest.mark.parametrize("text, line, column, fragment", [
    ("title: !!python/object/apply:os.system 'echo hi'\nevents: []\n", 1, 8,
     "tag '!!python/object/apply:os.system'"),
    ("title: !custom T\nevents: []\n", 1, 8, "tag '!custom'"),
    ("title: !!str T\nevents: []\n", 1, 8, "tag '!!str'"),
    ("title: &a T\nevents: []\n", 1, 8, "anchor '&a'"),
])
def test_tags_and_anchors_are_refused(text, line, column, fragment):
    severity, got_line, got_column, message, _ = only_problem(text)
    assert (severity, got_line, got_column) == ("error", line, column)
    assert fragment in message and "not allowed" in message


def test_aliases_and_merge_keys_are_refused():
    text = "title: T\nbase: &b {x: 1}\nother:\n  <<: *b\nevents: []\n"
    found = [(p[0], p[1], p[2]) for p in problems(text) if p[0] == "error"]
    messages = " | ".join(p[3] for p in problems(text))
    assert ("error", 2, 7) in found and "anchor '&b'" in messages
    assert ("error", 4, 3) in found and "merge key '<<'" in messages
    assert ("error", 4, 7) in found and "alias '*b'" in messages


def test_nesting_deeper_than_the_limit_is_refused():
    text = "title: T\nevents: []\ndeep: " + "[" * 100 + "]" * 100 + "\n"
    severity, line, column, message, _ = only_problem(text)
    assert (severity, line) == ("error", 3)
    assert "nested more than 64 levels deep" in message


def test_nul_byte_is_refused_at_its_place():
    result = load_bytes(b"title: T\nevents: [a\x00]\n", "t.yaml")
    assert result.timeline is None
    [problem] = result.problems
    assert (problem.line, problem.column) == (2, 11)
    assert "binary file" in problem.message


def test_invalid_utf8_is_refused_at_its_place():
    result = load_bytes("title: Café\nevents: []\nnote: ".encode() + b"\xff\xfe\n", "t.yaml")
    [problem] = result.problems
    assert (problem.line, problem.column) == (3, 7)
    assert "not UTF-8" in problem.message and "0xff" in problem.message


def test_control_characters_are_refused_at_their_place():
    [problem] = load_text("title: Caf\u00e9\nevents: [\u0007]\n", "t.yaml").problems
    assert (problem.line, problem.column) == (2, 10)
    assert "not allowed" in problem.message


def test_a_utf8_byte_order_mark_is_accepted():
    assert load_bytes(b"\xef\xbb\xbf" + MINIMAL.encode(), "t.yaml").problems == ()


# -- warnings: the timeline still loads ------------------------------------------------------

def test_unknown_key_is_a_warning_with_a_suggestion():
    result = load_text(event("id: e1", "date: 2022", "title: T", "sumary: s",
                             "sources: [a1]"), "t.yaml")
    assert result.timeline is not None
    [warning] = result.problems
    assert (warning.severity, warning.line, warning.column) == ("warning", 11, 5)
    assert "unknown key 'sumary' is ignored; did you mean 'summary'?" in warning.message


def test_event_without_excerpts_or_sources_is_a_warning():
    text = MINIMAL.replace("    sources: [a1]\n", "")
    result = load_text(text, "t.yaml")
    messages = [(p.severity, p.line, p.column, p.message) for p in result.problems]
    assert ("warning", 8, 5, "this event has neither excerpts nor sources; add the articles "
            "that back it") in messages
    assert any("article 'a1' is not cited by any event" in m[3] for m in messages)
    assert result.timeline is not None


def test_unused_track_is_a_warning():
    text = MINIMAL.replace("articles:", "tracks:\n  - {id: spare, name: Spare}\narticles:")
    [warning] = load_text(text, "t.yaml").problems
    assert (warning.severity, warning.line) == ("warning", 3)
    assert "track 'spare' is not used" in warning.message


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "ftp://x.org/a",
                                 "https://", "http:///path", "www.example.org"])
def test_non_http_urls_are_warnings_and_never_links(url):
    result = load_text(MINIMAL.replace("https://example.org/a1", f"'{url}'"), "t.yaml")
    [warning] = result.problems
    assert (warning.severity, warning.line, warning.column) == ("warning", 6, 10)
    assert "never opened" in warning.message
    article = result.timeline.article("a1")
    assert article.url == url and article.link is None


def test_every_problem_is_reported_at_once_in_line_order():
    text = ("title: T\nevents:\n  - id: e1\n    date: 2022-02-30\n    title: A\n"
            "  - id: E2\n    date: 2022\n    title: B\n    colour: red\n")
    found = [(p.severity, p.line) for p in load_text(text, "t.yaml").problems]
    assert found == [("warning", 3), ("error", 4), ("warning", 6), ("error", 6), ("warning", 9)]


def test_problem_reads_as_path_line_column_severity_message_and_yaml_path():
    [problem] = load_text(event("id: e1", "date: 2022-02-30", "title: T", "sources: [a1]"),
                          "events.yaml").problems
    assert str(problem) == ("events.yaml:9:11: error: '2022-02-30' is not a date: February "
                            "2022 has 28 days (events[0].date)")


def test_yaml_11_guessing_does_not_apply():
    text = event("id: e1", "date: 2022", "title: no", "place: on", "tags: [yes, null, 1.5]",
                 "sources: [a1]")
    timeline = load_text(text, "t.yaml").timeline
    e1 = timeline.event("e1")
    assert (e1.title, e1.place, e1.tags) == ("no", "on", ("yes", "null", "1.5"))


# -- the quick reading and the careful one agree ------------------------------------------------
# load_text() first reads without places and with quick checks; the first problem sends it
# back to the careful reading. Files the quick reader must hand over although they are fine:
UNUSUAL_BUT_VALID = [
    event("id: ' e1 '", "date: ' 2022-03-29 '", "title: '  First  '", "sources: [' a1 ']"),
    event("id: e1", "date: 2022", "end: 2022-12", "title: T", "place: ' x '", "tags: []",
          "people: ['  Ann ', Bo]", "summary: \"\"", "sources: [a1]"),
    event("id: e1", "date: 2022-02", "title: T", "tags:", "people:", "related:", "sources: [a1]"),
    event("id: e1", "date: 2022-03-29", "title: T", "related: [e1]", "excerpts:",
          "  - {article: ' a1', quote: ' q ', note: ' n '}", "  - article: a1",
          "    quote: |", "      Two", "      lines"),
    event("id: e1", "date: 2022-03-29", "title: T", "track: ''", "'<<': not a merge key",
          "sources: [a1]"),
    MINIMAL.replace("title: Test timeline", "title: Test timeline\ndescription: |\n  Text"),
    MINIMAL.replace("    title: An article\n", "    title: ' An article '\n    date: 2022-03\n"
                    "    author: ' A. Writer'\n").replace("https://example.org/a1",
                                                       "HTTPS://Example.org/a1?q=été"),
]


@pytest.mark.parametrize("text", [MINIMAL, BUNDLED.read_text(encoding="utf-8"),
                                  *UNUSUAL_BUT_VALID])
def test_the_quick_and_the_careful_reading_give_the_same_result(text):
    careful = _load_text(text, "t.yaml", keep_places=True)
    assert load_text(text, "t.yaml") == careful
    assert careful.timeline is not None


# -- bounded: the first 1,000 problems kept, the rest counted ----------------------------------

def test_the_first_1000_problems_in_file_order_are_kept_and_the_rest_counted():
    lines = ["title: T", "events:"]
    for i in range(400):      # three errors and a warning each
        lines += [f"  - id: E{i}", "    date: 2022-13", "    title: T", "    related: [nope]",
                  "    sources: []", "    colour: red"]
    result = load_text("\n".join(lines) + "\n", "t.yaml")
    assert len(result.problems) == 1000 and result.more_problems == 600
    assert (result.more_errors, result.more_warnings) == (450, 150)
    assert (result.error_count, result.warning_count) == (1200, 400)
    assert result.timeline is None
    places = [(p.line, p.column) for p in result.problems]
    assert places == sorted(places) and places[-1] == (8 + 249 * 6, 5)   # the 250th event


def test_problems_found_while_reading_the_yaml_are_bounded_and_counted_too():
    text = "title: T\nevents: []\n" + "".join(f"k{i}: !!str x\n" for i in range(1500))
    result = load_text(text, "t.yaml")
    assert len(result.problems) == 1000
    assert result.more_problems == 2000       # a tag error and an unknown key each
    assert all(p.line <= 502 for p in result.problems)


def test_a_warning_found_last_but_placed_first_is_kept():
    """Unused articles are found after every event is read, but come first in the file."""
    articles = "".join(f"  - {{id: a{i}, title: T, publisher: P, url: 'https://x.org'}}\n"
                       for i in range(3))
    events = "".join(f"  - {{id: e{i}, date: 2022-13, title: T, sources: []}}\n"
                     for i in range(1200))
    result = load_text(f"title: T\narticles:\n{articles}events:\n{events}", "t.yaml")
    assert [p.line for p in result.problems[:3]] == [3, 4, 5]
    assert "not cited" in result.problems[0].message
    assert len(result.problems) == 1000 and result.more_problems == 1200 + 3 - 1000


def test_a_problem_list_keeps_the_first_by_place_in_the_order_added_at_one_place():
    from timeline_app.core.problems import ProblemList
    problems = ProblemList(limit=3)
    for line, message in [(9, "a"), (2, "b"), (5, "c"), (2, "d"), (1, "e"), (2, "f")]:
        problems.append(("error" if line > 1 else "warning", message, line, 1, ""))
    assert [p[1] for p in problems] == ["e", "b", "d"]
    assert (len(problems), problems.more_errors, problems.more_warnings) == (6, 3, 0)
    assert problems.keeps(1, 5) and not problems.keeps(2, 1)


def test_the_first_error_is_kept_even_after_a_thousand_warnings():
    unknown = "".join(f"k{i}: x\n" for i in range(1200))          # 1,200 warnings first
    result = load_text("title: T\n" + unknown + "events: [x]\n", "t.yaml")
    assert result.timeline is None and len(result.problems) == 1000
    assert [p.severity for p in result.problems].count("error") == 1
    assert "an event should be a mapping" in result.problems[-1].message
    assert (result.error_count, result.warning_count) == (1, 1200)
    result = load_text("title: T\n" + unknown + "events: []\nx: !!str y\n", "t.yaml")
    assert result.errors and "tag '!!str'" in result.errors[0].message   # from the YAML reader
    assert (result.error_count, result.warning_count) == (1, 1201)
