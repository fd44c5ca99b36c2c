"""A '#' right after a value (`sources: [a1]#note`) is reported; a '#' inside a value (a URL's
#fragment, "C#") is not; and telling them apart costs no second reading of the file.

The reading notes the spans of the scalars that may hold such a '#' as it goes. The tests
compare the problems found with those of the way it was done before: every scalar's span
from a second full pass over libyaml's events, on the tests' YAML, the YAML test suite and
texts made for the purpose.
"""
import bisect
import sys

import pytest
from yaml.events import ScalarEvent, StreamEndEvent

from conftest import MINIMAL, REPO
from test_loader_readers import strings_of_the_tests, suite_texts
from timeline_app.core import yaml_nodes
from timeline_app.core.loader import load_text
from timeline_app.core.yaml_nodes import parse_nodes

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate_timeline  # noqa: E402

NEEDS_SPACE = "a comment needs a space before '#'"

# Each '#' here is right after something other than a space.
MADE_FOR_THIS = [
    "a: b#c\n", "a: 'b'#c\n", 'a: "b#c"\n', "a: [b, c]#d\n", "a: {b: c}#d\n",
    "a: |#c\n  text\n", "a: |-#c\n  text\n", "a: >+2#c\n    text\n", "a: | # x#y\n  text\n",
    "a: [-b#c, d]\n", "a: [b,#c]\n", "a: &x#y b\n", "a: !t#g b\n", "a: !!str#x b\n",
    "a: 'multi\n  line#x'\n", 'a: "multi\\\n  line#x"\n', "a: plain\n  continued#x\n",
    "a#b: c\n", "? a#b\n: c\n", "- a#b\n- 'c'#d\n", "a: 'it''s'#x\n", "a: ''#x\n",
    "a: b #c#d\n", "a: C#\nb: F#m\n", "a: [C#, 'F#']#c\n", "a: \"\"#x\n", "#a\nb: c#d\n",
    "a:\n  - b\n  -#c\n", "a: {b: c#d, e#f: g}\n", "a: >\n  text#1\n\n  more#2\n",
]


def comment_problems_the_old_way(text: str) -> list[tuple[int, int]]:
    """Where the check found a '#' too close to a value when it took every scalar's span from
    a second full pass over the events (as before; kept here as the reference)."""
    if not yaml_nodes._COMMENT_CANDIDATE.search(text):
        return []
    parser = yaml_nodes._parser(text)
    spans = []
    while True:
        event = parser.get_event()
        if event.__class__ is StreamEndEvent:
            break
        if event.__class__ is ScalarEvent:
            spans.append((event.start_mark.index, event.end_mark.index))
    starts = [start for start, _ in spans]
    lines = yaml_nodes.EditorLines(text)
    found = []
    for match in yaml_nodes._COMMENT_CANDIDATE.finditer(text):
        at = match.start()
        index = bisect.bisect_right(starts, at) - 1
        if index >= 0:
            start, end = spans[index]
            if at < end and not yaml_nodes._BLOCK_HEADER.fullmatch(text, start, at):
                continue
        found.append(lines.place(at))
    return found


def comment_problems(text: str) -> list[tuple[int, int]]:
    problems = []
    parse_nodes(text, problems)
    return [(line, column) for _, message, line, column, _ in problems
            if message.startswith(NEEDS_SPACE)]


def readable_with_candidates(texts) -> list[str]:
    """The texts that libyaml reads to the end and that have a '#' right after a non-space."""
    kept = []
    for text in texts:
        if not yaml_nodes._COMMENT_CANDIDATE.search(text):
            continue
        try:
            comment_problems_the_old_way(text)
        except Exception:      # (libyaml cannot read it: no comment check runs)
            continue
        kept.append(text)
    return kept


CORPUS = readable_with_candidates(MADE_FOR_THIS + strings_of_the_tests() + suite_texts())


def test_the_corpus_has_both_kinds_of_hash():
    assert len(CORPUS) >= len(MADE_FOR_THIS) - 2
    assert sum(bool(comment_problems_the_old_way(text)) for text in CORPUS) >= 10
    assert sum(not comment_problems_the_old_way(text) for text in CORPUS) >= 10


@pytest.mark.parametrize("text", CORPUS)
def test_the_one_reading_finds_what_the_second_pass_found(text):
    assert comment_problems(text) == comment_problems_the_old_way(text)


@pytest.mark.parametrize("text, places", [
    ("a: b#c\n", []), ("a: 'b'#c\n", [(1, 7)]), ("a: [b, c]#d\n", [(1, 10)]),
    ("a: |#c\n  text\n", [(1, 5)]), ("a: | # x#y\n  text\n", []), ("a: [-b#c, d]\n", []),
    ("a: C#\nb: F#m\n", []), ("a: [C#, 'F#']#c\n", [(1, 14)]),
])
def test_a_hash_right_after_a_value_is_reported_and_one_inside_a_value_is_not(text, places):
    assert comment_problems(text) == places


def test_a_file_with_fragments_and_comments_is_parsed_once(monkeypatch):
    text = MINIMAL.replace("url: https://example.org/a1", "url: https://example.org/a1#part")
    text = text.replace("events:", "# the events, in date order\nevents:")
    assert "#part" in text and yaml_nodes._COMMENT_CANDIDATE.search(text)
    parsers = []

    def counted(text):
        parsers.append(text)
        return yaml_nodes.CParser(text)

    monkeypatch.setattr(yaml_nodes, "_parser", counted)
    result = load_text(text, "t.yaml")
    assert result.timeline is not None and result.problems == ()
    assert result.timeline.articles[0].url.endswith("#part")
    assert len(parsers) == 1


def test_a_big_file_with_fragments_loads_as_the_plain_one():
    plain = generate_timeline(300, seed=5)
    fragments = plain.replace("\n    url: https://example.org/", "\n    url: https://example.org/#")
    assert fragments.count("/#") >= 50
    loaded = load_text(fragments, "t.yaml")
    assert loaded.problems == () and len(loaded.timeline.events) == 300
    assert all("/#" in article.url for article in loaded.timeline.articles)
