"""Adding and duplicating events as text edits, as the YAML editor does them."""
import pytest

from conftest import BUNDLED, MINIMAL
from timeline_app.core.dates import DateError, PartialDate
from timeline_app.core.editing import (EditError, EventLines, TextEdit, duplicate_event_edit,
                                       new_event_edit)
from timeline_app.core.loader import load_text

HEAD = MINIMAL.split("events:\n")[0] + "events:\n"     # a title and article a1

SMALL = HEAD + """\
  - id: first
    date: 2022-01
    title: First
    sources: [a1]

  - id: second
    date: 2022-06-14
    title: Second
    sources: [a1]
"""


def new_block(date, event_id="new-event", indent="  "):
    """The lines the editor writes for a new event, as a person reads them in the file."""
    pad = indent + "  "
    return (f"{indent}- id: {event_id}\n"
            f"{pad}date: {date}\n"
            f"{pad}title: New event\n"
            f"{pad}summary: Describe what happened, in your own words.\n"
            f"{pad}# Add 'sources: [article-id]' or 'excerpts:' with verbatim quotes, "
            "from the articles list.\n")


def timeline_of(text):
    result = load_text(text, "t.yaml")
    assert result.errors == (), [str(p) for p in result.errors]
    return result.timeline


def apply_edit(text: str, edit: TextEdit) -> str:
    """The text after the edit, as the editor makes it (YamlEditor.replace_range)."""
    return text[:edit.offset] + edit.inserted + text[edit.offset + edit.removed:]


def edited(text, make_edit):
    """Apply the edit made from the loaded text; the result must load without errors."""
    timeline = timeline_of(text)
    edit = make_edit(text, timeline)
    new_text = apply_edit(text, edit)
    result = load_text(new_text, "t.yaml")
    assert result.errors == (), [str(p) for p in result.errors]
    return new_text, edit, result.timeline


def add_event(text, date):
    return edited(text, lambda t, tl: new_event_edit(t, tl, date))


def duplicate(text, event_id):
    return edited(text, lambda t, tl: duplicate_event_edit(t, tl, event_id))


def selected(text, edit):
    return text[edit.cursor:edit.cursor + edit.select_length]


def line_of(text, offset):
    return text.count("\n", 0, offset) + 1


# -- a new event ---------------------------------------------------------------------------

def test_new_event_goes_before_the_first_later_event_with_its_title_selected():
    new_text, edit, timeline = add_event(SMALL, PartialDate(2022, 3))
    assert new_text == SMALL.replace("  - id: second",
                                     new_block("2022-03") + "\n  - id: second")
    assert selected(new_text, edit) == "New event"
    assert new_text[:edit.cursor].endswith("\n    title: ")
    assert [e.id for e in timeline.events] == ["first", "new-event", "second"]
    assert timeline.event("new-event").line == line_of(new_text, edit.cursor) - 2


def test_new_event_only_warns_that_nothing_backs_it_yet():
    new_text, _edit, _timeline = add_event(SMALL, "2022-03")
    warnings = load_text(new_text).warnings
    assert [w.message for w in warnings] == [
        "this event has neither excerpts nor sources; add the articles that back it"]


def test_new_event_in_a_track_names_it_after_its_title_and_validates():
    text = SMALL.replace("title: Test timeline\n", "title: Test timeline\ntracks:\n"
                                                     "  - id: talks\n    name: Talks\n")
    assert "tracks:" in text
    new_text, edit, timeline = edited(
        text, lambda t, tl: new_event_edit(t, tl, "2022-03", track="talks"))
    assert new_text[edit.cursor:].startswith("New event\n    track: talks\n    summary:")
    assert timeline.event("new-event").track == "talks"
    assert not load_text(new_text).errors


def test_new_event_after_every_other_goes_after_the_last_block_before_a_trailing_comment():
    text = SMALL + "# end of the timeline\n"
    new_text, edit, _ = add_event(text, "2023")
    assert new_text == SMALL + "\n" + new_block("2023") + "# end of the timeline\n"
    assert selected(new_text, edit) == "New event"


def test_new_event_on_the_date_of_an_event_goes_after_it():
    new_text, _, timeline = add_event(SMALL, "2022-01")
    assert new_text.index("id: first") < new_text.index("id: new-event") < \
        new_text.index("id: second")
    assert [e.id for e in timeline.events] == ["first", "new-event", "second"]


def test_new_event_follows_file_order_when_the_file_is_not_in_date_order():
    text = HEAD + """\
  - id: june
    date: 2022-06
    title: June
    sources: [a1]
  - id: january
    date: 2022-01
    title: January
    sources: [a1]
  - id: september
    date: 2022-09
    title: September
    sources: [a1]
"""
    march, _, _ = add_event(text, "2022-03")
    assert march.index("id: new-event") < march.index("id: june")
    july, _, _ = add_event(text, "2022-07")
    assert july.index("id: january") < july.index("id: new-event") < july.index("id: september")


def test_a_heading_comment_stays_above_the_event_it_heads():
    text = HEAD + """\
  # ---- 2022 ----
  - id: first
    date: 2022-01
    title: First
    sources: [a1]
    # a note that belongs to the first event

  # ---- 2023 ----
  - id: second
    date: 2023-02
    title: Second
    sources: [a1]
"""
    new_text, _, _ = add_event(text, "2022-12")
    assert new_text == text.replace("  # ---- 2023", new_block("2022-12") + "\n  # ---- 2023")


def test_new_event_at_the_end_of_a_file_without_a_final_line_break_keeps_it_that_way():
    text = SMALL.removesuffix("\n")
    new_text, edit, _ = add_event(text, "2024-05-01")
    assert new_text == text + "\n\n" + new_block("2024-05-01").removesuffix("\n")
    assert selected(new_text, edit) == "New event"


def test_new_event_in_a_file_with_windows_line_endings_uses_them_too():
    text = SMALL.replace("\n", "\r\n")
    for date in ("2021", "2022-03", "2030"):
        new_text, edit, _ = add_event(text, date)
        assert "\n" not in new_text.replace("\r\n", "")
        assert new_text.replace("\r\n", "\n") == add_event(SMALL, date)[0]
        assert selected(new_text, edit) == "New event"


@pytest.mark.parametrize("indent", ["", "    "])
def test_new_event_is_indented_like_the_other_events(indent):
    text = "title: T\nevents:\n" + "".join(
        f"{indent}- id: {event_id}\n{indent}  date: {date}\n{indent}  title: T\n\n"
        for event_id, date in (("first", "2022-01"), ("second", "2022-06")))
    new_text, _, _ = add_event(text, "2022-03")
    assert new_text == text.replace(f"{indent}- id: second",
                                    new_block("2022-03", indent=indent) + f"\n{indent}- id: second")


def test_new_event_id_is_unique_against_the_events_in_the_file():
    once, _, _ = add_event(SMALL, "2022-03")
    twice, _, timeline = add_event(once, "2022-04")
    assert [e.id for e in timeline.events] == ["first", "new-event", "new-event-2", "second"]


def test_a_date_typed_loosely_is_written_in_full_and_a_bad_one_is_refused():
    new_text, _, _ = add_event(SMALL, "2022-3-5")
    assert "    date: 2022-03-05\n" in new_text
    with pytest.raises(DateError, match="February 2022 has 28 days"):
        new_event_edit(SMALL, timeline_of(SMALL), "2022-02-30")


@pytest.mark.parametrize("events, written", [
    ("events: []\n", "events:\n"),
    ("events: []  # none yet\n", "events: # none yet\n"),
    ("events:\n", "events:\n"),
    ("events:   # to do\n", "events:   # to do\n"),
])
def test_the_first_event_turns_an_empty_list_into_a_list_of_items(events, written):
    text = "title: Empty\n" + events + "tracks: []\n"
    new_text, edit, timeline = add_event(text, "2022")
    assert new_text == "title: Empty\n" + written + new_block("2022") + "tracks: []\n"
    assert selected(new_text, edit) == "New event"
    assert [e.id for e in timeline.events] == ["new-event"]


def test_the_first_event_is_written_like_the_articles_and_without_a_final_line_break():
    text = ("title: T\narticles:\n- id: a1\n  title: A\n  publisher: P\n"
            "  url: https://example.org/a\nevents: []")
    new_text, edit, _ = add_event(text, "2022")
    assert new_text == text.removesuffix(" []") + "\n" + new_block("2022", indent="").rstrip("\n")
    assert selected(new_text, edit) == "New event"


def test_the_first_event_of_a_file_with_windows_line_endings():
    text = "title: Empty\r\nevents: []\r\n"
    new_text, edit, _ = add_event(text, "2022")
    assert new_text == ("title: Empty\nevents:\n" + new_block("2022")).replace("\n", "\r\n")
    assert selected(new_text, edit) == "New event"


def test_events_written_as_a_bracketed_list_cannot_take_a_new_event():
    text = "title: T\nevents: [{id: a, date: 2022, title: A}]\n"
    with pytest.raises(EditError, match="'- ' items"):
        new_event_edit(text, timeline_of(text), "2023")


@pytest.mark.parametrize("date", ["2021", "2022-03-03", "2022-12-01", "2024", "2030"])
def test_new_event_in_the_bundled_timeline_lands_in_date_order(date):
    text = BUNDLED.read_text(encoding="utf-8")
    before = timeline_of(text)
    new_text, edit, timeline = add_event(text, date)
    assert len(timeline.events) == len(before.events) + 1
    event = timeline.event("new-event")
    assert event.date.iso() == date
    assert line_of(new_text, edit.cursor) == event.line + 2
    # The new event is read in its place: no other event moves in date order.
    assert [e.id for e in timeline.events if e.id != "new-event"] == \
        [e.id for e in before.events]
    index = timeline.events.index(event)
    assert all(e.date.sort_key() <= event.date.sort_key() for e in timeline.events[:index])
    assert all(e.date.sort_key() > event.date.sort_key() for e in timeline.events[index + 1:])


def test_new_event_in_december_2022_goes_above_the_bundled_2023_heading():
    text = BUNDLED.read_text(encoding="utf-8")
    new_text, _, _ = add_event(text, "2022-12-01")
    heading = new_text.index("  # ---- 2023–2024: no direct talks ----")
    assert new_text[:heading].endswith("related: [burgenstock-summit]\n\n" +
                                       new_block("2022-12-01") + "\n")


# -- a duplicated event --------------------------------------------------------------------

def test_duplicate_copies_the_block_right_after_it_with_a_new_id_and_the_title_selected():
    new_text, edit, timeline = duplicate(SMALL, "first")
    assert new_text == SMALL.replace("  - id: second", """\
  - id: first-copy
    date: 2022-01
    title: First
    sources: [a1]

  - id: second""")
    assert selected(new_text, edit) == "First"
    assert line_of(new_text, edit.cursor) == timeline.event("first-copy").line + 2


def test_duplicate_of_an_event_right_before_the_next_leaves_out_comments_between():
    text = HEAD + """\
  - id: first
    date: 2022-01
    title: "Bridge: the vote"
    sources: [a1]
  # ---- later ----
  - id: first-copy
    date: 2022-06-14
    title: Second
    sources: [a1]
"""
    new_text, edit, _ = duplicate(text, "first")
    assert new_text == text.replace("  # ---- later", """\
  - id: first-copy-2
    date: 2022-01
    title: "Bridge: the vote"
    sources: [a1]
  # ---- later""")
    assert selected(new_text, edit) == "Bridge: the vote"


def test_duplicate_of_the_last_event_without_a_final_line_break():
    text = SMALL.removesuffix("\n")
    new_text, edit, _ = duplicate(text, "second")
    assert new_text == text + "\n\n" + """\
  - id: second-copy
    date: 2022-06-14
    title: Second
    sources: [a1]"""
    assert selected(new_text, edit) == "Second"


def test_duplicate_keeps_windows_line_endings_and_a_quoted_id():
    text = SMALL.replace("id: second", "id: 'second'").replace("\n", "\r\n")
    new_text, edit, timeline = duplicate(text, "second")
    assert "  - id: 'second-copy'\r\n    date: 2022-06-14\r\n" in new_text
    assert "\n" not in new_text.replace("\r\n", "")
    assert selected(new_text, edit) == "Second"
    assert timeline.event("second-copy").title == "Second"


def test_duplicate_of_an_event_with_a_folded_title_puts_the_cursor_at_the_title():
    text = SMALL.replace("title: Second\n", "title: >-\n      Second, at\n      length\n")
    new_text, edit, timeline = duplicate(text, "second")
    assert timeline.event("second-copy").title == "Second, at length"
    assert new_text[edit.cursor:].startswith(">-\n      Second, at") and edit.select_length == 0


def test_duplicate_in_the_bundled_timeline_is_an_exact_copy_but_for_the_id():
    text = BUNDLED.read_text(encoding="utf-8")
    before = timeline_of(text)
    for event in (before.events[0], before.events[-1]):
        new_text, edit, timeline = duplicate(text, event.id)
        copy = timeline.event(f"{event.id}-copy")
        assert len(timeline.events) == len(before.events) + 1
        assert (copy.date, copy.title, copy.summary, copy.sources, copy.related) == \
            (event.date, event.title, event.summary, event.sources, event.related)
        assert [(x.article_id, x.quote, x.note) for x in copy.excerpts] == \
            [(x.article_id, x.quote, x.note) for x in event.excerpts]
        assert selected(new_text, edit) == event.title


def test_duplicating_an_unknown_event_is_refused():
    with pytest.raises(EditError, match="no event 'nope'"):
        duplicate_event_edit(SMALL, timeline_of(SMALL), "nope")


# -- the event at a line -------------------------------------------------------------------

def test_every_line_of_an_event_block_names_that_event():
    timeline = timeline_of(SMALL)
    lines = EventLines(timeline)
    by_line = {n: lines.event_at(n) for n in range(1, SMALL.count("\n") + 2)}
    first_line = HEAD.count("\n") + 1
    assert by_line[first_line - 1] is None                     # 'events:'
    assert [by_line[n] for n in range(first_line, first_line + 4)] == ["first"] * 4
    assert [by_line[n] for n in range(first_line + 5, first_line + 9)] == ["second"] * 4
    assert by_line[first_line + 9] is None                     # after the end of the file


def test_event_at_line_in_a_timeline_of_ten_thousand_events():
    body = "".join(f"  - id: e{i}\n    date: {2000 + i % 20}\n    title: Event {i}\n"
                   f"    sources: [a1]\n" for i in range(10_000))
    text = HEAD + body
    timeline = timeline_of(text)
    first = HEAD.count("\n") + 1
    lines = EventLines(timeline)
    for i in range(0, 10_000, 7):
        for offset in range(4):
            assert lines.event_at(first + 4 * i + offset) == f"e{i}"
    assert lines.event_at(1) is None
