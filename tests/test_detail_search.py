"""The detail pane and the search: marks only on a matching event, a note on a hidden one."""
from timeline_app.qt.event_detail import HIDDEN_BY_FILTERS, HIDDEN_BY_SEARCH
from tests.test_detail_pages import detail, hostile  # noqa: F401  (fixtures)
from tests.test_event_detail import char_formats, is_marked


def test_search_words_are_marked_only_when_the_event_matches(detail, hostile):
    detail.set_timeline(hostile)
    detail.set_selected("first")
    detail.set_highlight(["quote"], lambda event_id: event_id == "first")
    assert all(is_marked(f) for f in char_formats(detail, "quote"))
    assert HIDDEN_BY_SEARCH not in detail.plain_text()
    detail.set_highlight(["quote"], lambda event_id: event_id == "third")
    assert not any(is_marked(f) for f in char_formats(detail, "quote"))


def test_a_selected_event_the_search_hides_says_so_and_how_to_clear(detail, hostile):
    detail.set_timeline(hostile)
    detail.set_selected("first")
    detail.set_highlight(["zzz"], lambda event_id: False)
    text = detail.plain_text()
    assert text.lstrip().startswith(HIDDEN_BY_SEARCH)
    assert "First" in text, "the event is still shown below the note"
    detail.set_selected("second")      # the predicate is asked about each event shown
    assert detail.plain_text().lstrip().startswith(HIDDEN_BY_SEARCH)
    detail.set_highlight([], True)
    assert HIDDEN_BY_SEARCH not in detail.plain_text()


def test_hidden_by_filters_alone_does_not_speak_of_a_search(detail, hostile):
    detail.set_timeline(hostile)
    detail.set_selected("first")
    detail.set_highlight([], False)
    text = detail.plain_text()
    assert text.lstrip().startswith(HIDDEN_BY_FILTERS) and "search" not in text


def test_no_note_on_the_title_page_or_an_article(detail, hostile):
    detail.set_timeline(hostile)
    detail.set_highlight(["zzz"], False)
    assert HIDDEN_BY_SEARCH not in detail.plain_text()
    detail.show_article("art")
    assert HIDDEN_BY_SEARCH not in detail.plain_text()
