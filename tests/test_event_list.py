"""The event list pane, used the way a person uses it: type, click chips, click rows, press keys."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QToolButton, QWidget

from conftest import ARTICLE_A1
from timeline_app.core.loader import load_path, load_text
from timeline_app.core.search import EventFilter, SearchIndex, fold
from timeline_app.qt import event_list, event_list_model
from timeline_app.qt.event_list import NO_MATCH_TEXT, EventListPane
from timeline_app.qt.event_list_model import EVENT_ID_ROLE, EventListModel

SMALL = """\
title: Small
tracks:
  - id: talks
    name: Talks & drafts
  - id: truces
    name: Truces
""" + ARTICLE_A1 + """\
events:
  - id: bold
    date: 2022-03-29
    title: "<b>x</b> & <i>friends</i>"
    track: talks
    tags: [html]
    sources: [a1]
  - id: plain
    date: 2022-04-02
    end: 2022-04-05
    title: Plain title
    track: truces
    sources: [a1]
"""


def chips(pane, prefix: str) -> dict[str, QToolButton]:
    """The chips a person sees (and a screen reader names), by the name after `prefix`."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)   # chips replaced
    return {chip.accessibleName().removeprefix(prefix): chip
            for chip in pane.findChildren(QToolButton) if chip.accessibleName().startswith(prefix)}


def track_chips(pane) -> dict[str, QToolButton]:
    """Track chips by track name, in the order shown."""
    return chips(pane, "Show only track: ")


def tag_chips(pane) -> list[QToolButton]:
    """The chips of the tags filtered by, each removing its tag."""
    return list(chips(pane, "Remove tag filter: ").values())


def tags_button(pane) -> QToolButton:
    [button] = chips(pane, "Filter by tag").values()
    return button


def chip_bar(pane) -> QWidget:
    return next(w for w in pane.findChildren(QWidget) if w.accessibleName() == "Filters")


PRISONERS, TRUCES = "Prisoner exchanges", "Ceasefires, truces and conditions"
MEDIATION = "Third-party diplomacy, summits and peace plans"


@pytest.fixture
def pane(qtbot, bundled):
    pane = EventListPane()
    qtbot.addWidget(pane)
    pane.resize(420, 560)
    pane.set_timeline(bundled)
    pane.set_search_index(SearchIndex(bundled))     # as the app hands it over
    pane.show()
    qtbot.waitExposed(pane)
    return pane


def titles(pane) -> list[str]:
    """The titles the list shows, top to bottom."""
    model = pane.view.model()
    return [model.index(row, 1).data() for row in range(model.rowCount())]


def text_of(event) -> str:
    parts = [event.title, event.summary, event.place, *event.people, *event.tags]
    parts += [part for excerpt in event.excerpts for part in (excerpt.quote, excerpt.note)]
    return fold(" ".join(parts))


def type_into(qtbot, pane, text: str) -> None:
    qtbot.keyClicks(pane.search_box, text)


def click_row(qtbot, pane, row: int) -> None:
    view = pane.view
    center = view.visualRect(view.model().index(row, 1)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)


def top_in(pane, widget) -> int:
    """Where the widget's top is in the pane, however deep it sits."""
    return widget.mapTo(pane, QPoint(0, 0)).y()


def selected_ids(pane) -> list[str]:
    return [index.data(EVENT_ID_ROLE) for index in pane.view.selectionModel().selectedRows()]


def test_shows_every_event_in_date_order(pane, bundled):
    assert pane.count_label.text() == "30 events"
    assert titles(pane) == [event.title for event in bundled.events]
    first = pane.view.model().index(0, 0)
    assert first.data() == "28 February 2022"
    assert pane.view.model().headerData(0, Qt.Orientation.Horizontal) == "Date"


def test_typing_narrows_the_list_and_updates_the_count(qtbot, pane, bundled):
    type_into(qtbot, pane, "istanbul")
    shown = titles(pane)
    assert 0 < len(shown) < 30
    assert pane.count_label.text() == f"{len(shown)} of 30 events"
    expected = [e.title for e in bundled.events if "istanbul" in text_of(e)]
    assert shown == expected


def test_accents_do_not_matter(qtbot, pane, bundled):
    type_into(qtbot, pane, "dolmabahce")
    shown = titles(pane)
    assert shown, "Dolmabahçe events should be found without typing the ç"
    assert all("dolmabahce" in text_of(bundled.events[i]) for i, e in enumerate(bundled.events)
               if e.title in shown)
    assert "Istanbul round and the Istanbul Communiqué" in shown


def test_every_word_must_match(qtbot, pane, bundled):
    type_into(qtbot, pane, "istanbul")
    istanbul = titles(pane)
    type_into(qtbot, pane, " prisoner")
    both = titles(pane)
    assert 0 < len(both) < len(istanbul)
    by_title = {e.title: e for e in bundled.events}
    assert all("istanbul" in text_of(by_title[t]) and "prisoner" in text_of(by_title[t])
               for t in both)


def test_no_match_says_how_to_get_back(qtbot, pane):
    type_into(qtbot, pane, "zzzzqqq")
    assert titles(pane) == []
    assert pane.count_label.text() == "No events match \u2014 Esc clears the search"


def test_escape_in_the_search_box_restores_everything(qtbot, pane):
    type_into(qtbot, pane, "grain")
    track_chips(pane)[MEDIATION].click()
    assert len(titles(pane)) < 30
    qtbot.keyClick(pane.search_box, Qt.Key.Key_Escape)
    assert pane.search_box.text() == ""
    assert not track_chips(pane)[MEDIATION].isChecked()
    assert len(titles(pane)) == 30
    assert pane.count_label.text() == "30 events"


def test_escape_in_the_list_clears_the_search_and_chips(qtbot, pane):
    type_into(qtbot, pane, "truce")
    pane.add_tag_filter("truce")
    qtbot.keyClick(pane.view, Qt.Key.Key_Escape)
    assert pane.search_box.text() == ""
    assert pane.current_filter() == EventFilter()
    assert len(titles(pane)) == 30


def test_track_chip_filters_and_clicking_again_unchecks(qtbot, pane, bundled):
    chip = track_chips(pane)[PRISONERS]
    assert chip.accessibleName() == "Show only track: Prisoner exchanges"
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    assert titles(pane) == [e.title for e in bundled.events if e.track == "prisoners"]
    assert pane.count_label.text() == "4 of 30 events"
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    assert len(titles(pane)) == 30


def test_two_track_chips_show_both_tracks(qtbot, pane, bundled):
    qtbot.mouseClick(track_chips(pane)[PRISONERS], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(track_chips(pane)[TRUCES], Qt.MouseButton.LeftButton)
    assert titles(pane) == [e.title for e in bundled.events
                            if e.track in ("prisoners", "truces")]


def test_tag_menu_filters_and_the_x_chip_removes_the_tag(qtbot, pane, bundled):
    menu = tags_button(pane).menu()
    grain = next(a for a in menu.actions() if a.data() == "grain")
    assert grain.text() == "grain  (2)"
    grain.trigger()
    assert titles(pane) == [e.title for e in bundled.events if "grain" in e.tags]
    [chip] = tag_chips(pane)
    assert chip.accessibleName() == "Remove tag filter: grain"
    assert grain.isChecked()
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    assert tag_chips(pane) == []
    assert len(titles(pane)) == 30
    assert not grain.isChecked()


def test_add_tag_filter_keeps_events_with_every_tag(qtbot, pane, bundled):
    with qtbot.waitSignal(pane.filterChanged) as changed:
        pane.add_tag_filter("istanbul")
    assert changed.args == [EventFilter(tags=frozenset({"istanbul"}))]
    pane.add_tag_filter("prisoner-exchange")
    assert titles(pane) == [e.title for e in bundled.events
                            if {"istanbul", "prisoner-exchange"} <= set(e.tags)]
    assert [c.text() for c in tag_chips(pane)] == ["istanbul  \u00d7", "prisoner-exchange  \u00d7"]
    pane.add_tag_filter("no-such-tag")
    assert len(tag_chips(pane)) == 2


def test_a_space_between_words_changes_nothing_shown_and_emits_nothing(qtbot, pane):
    pane.search_box.setText("black sea")
    with qtbot.assertNotEmitted(pane.filterChanged):
        pane.search_box.setText("black sea ")
        pane.search_box.setText("black  sea ")
    assert pane.current_filter().query == "black  sea "
    with qtbot.waitSignal(pane.filterChanged):
        pane.search_box.setText("black  sea g")


class LayoutRequests(QObject):
    """Counts the requests for a new layout that reach a widget."""

    def __init__(self, widget):
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        self.count += event.type() == QEvent.Type.LayoutRequest
        return False


def test_the_count_changes_without_laying_out_the_pane_again(qtbot, pane):
    """A new layout would go up to the main window and repaint the whole pane each keystroke:
    not for the count, nor for the box's clear button that comes with the first letter and
    goes with the last, nor for the box's focus frame."""
    layouts = LayoutRequests(pane)
    pane.focus_search()
    qtbot.wait(1)
    counts = []
    for text in ("i", "is", "ist", "istanbul", "istanbulz", "i", "", "i"):
        pane.search_box.setText(text)
        qtbot.wait(1)
        counts.append(pane.count_label.text())
    assert all(old != new for old, new in zip(counts, counts[1:]))     # a new count each time
    assert layouts.count == 0


class Paints(QObject):
    """Counts the paint events that reach a widget."""

    def __init__(self, widget):
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        self.count += event.type() == QEvent.Type.Paint
        return False


def test_a_keystroke_paints_the_list_once(qtbot, pane):
    """Not once for the new rows and again when the view's delayed layout sets the scroll
    bar's range, nor again when the results shrink below a page (a scroll bar that went
    made the titles' column wider): each list paint asks the model for every cell shown."""
    type_into(qtbot, pane, "i")         # (the box's clear button appears)
    qtbot.wait(20)
    paints = Paints(pane.view.viewport())
    shown = [len(titles(pane))]
    assert pane.view.verticalScrollBar().maximum() > 0          # more than a page...
    for letter in "sta":
        paints.count = 0
        type_into(qtbot, pane, letter)
        qtbot.wait(20)
        shown.append(len(titles(pane)))
        assert paints.count == 1
    assert len(set(shown)) == len(shown)    # each letter changed the rows
    assert pane.view.verticalScrollBar().maximum() == 0         # ...then less than a page


def test_the_search_box_spans_the_pane_as_tall_as_it_asks(qtbot, pane):
    box = pane.search_box
    for width in (420, 700, 420):
        pane.resize(width, 560)
        qtbot.waitUntil(lambda: box.width() >= pane.view.width())
        assert box.height() >= box.sizeHint().height()
        assert top_in(pane, box) + box.height() <= top_in(pane, pane.count_label)


def test_a_narrow_pane_shows_the_whole_no_match_message(qtbot, pane):
    pane.resize(pane.minimumSizeHint().width(), 560)
    pane.search_box.setText("zzzzqqq")
    label = pane.count_label
    assert label.text() == NO_MATCH_TEXT
    assert label.width() >= label.fontMetrics().horizontalAdvance(NO_MATCH_TEXT)
    assert label.height() >= label.fontMetrics().height()
    assert label.mapTo(pane, QPoint(label.width(), 0)).x() <= pane.width()


def test_a_bigger_font_makes_the_count_line_taller(qtbot, pane):
    font = pane.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    pane.setFont(font)
    label = pane.count_label
    qtbot.waitUntil(lambda: label.height() >= label.fontMetrics().height()
                    and top_in(pane, pane.view) >= top_in(pane, label) + label.height())


def test_typing_emits_the_filter(qtbot, pane):
    with qtbot.waitSignal(pane.filterChanged) as changed:
        pane.search_box.setText("Black Sea grain")
    assert changed.args[0].query == "Black Sea grain"
    assert pane.current_filter().query == "Black Sea grain"
    assert pane.visible_ids() == ["grain-deal-signed", "grain-deal-exit"]


def visible_in(pane, widget) -> bool:
    """The widget is shown whole inside the pane, not clipped by a parent."""
    rect = widget.rect()
    parent = widget
    while parent is not pane:
        rect = rect.translated(parent.pos()).intersected(parent.parentWidget().rect())
        parent = parent.parentWidget()
    return widget.isVisible() and rect.size() == widget.size()


def test_chips_fit_in_a_narrow_pane(pane):
    bar = chip_bar(pane)
    for chip in track_chips(pane).values():
        assert chip.isVisible()
        assert bar.rect().contains(chip.geometry()), chip.text()
        assert chip.width() >= chip.sizeHint().width(), chip.text()
    assert bar.geometry().bottom() < top_in(pane, pane.count_label)
    assert visible_in(pane, tags_button(pane))
    assert top_in(pane, tags_button(pane)) > bar.geometry().bottom()     # on the count's line


@pytest.mark.parametrize("width", [300, 420, 700])
def test_a_short_pane_gives_up_list_rows_never_chips_or_the_tags_button(qtbot, pane, width):
    pane.add_tag_filter("grain")
    # As short as it may be: a window with the Problems panel open at a small size
    pane.resize(max(width, pane.minimumSizeHint().width()), pane.minimumSizeHint().height())
    qtbot.wait(1)
    for chip in [*track_chips(pane).values(), *tag_chips(pane), tags_button(pane)]:
        assert visible_in(pane, chip), chip.text()
    assert pane.view.height() > 0 and top_in(pane, pane.view) > top_in(pane, pane.count_label)


def test_clicking_a_row_emits_its_id(qtbot, pane):
    with qtbot.waitSignal(pane.eventClicked) as clicked:
        click_row(qtbot, pane, 3)
    assert clicked.args == ["antalya-kuleba-lavrov"]
    assert selected_ids(pane) == ["antalya-kuleba-lavrov"]


def test_enter_emits_the_current_row(qtbot, pane):
    pane.set_selected("grain-deal-exit")
    with qtbot.waitSignal(pane.eventClicked) as clicked:
        qtbot.keyClick(pane.view, Qt.Key.Key_Return)
    assert clicked.args == ["grain-deal-exit"]


def test_up_and_down_move_the_selection_and_emit(qtbot, pane):
    pane.set_selected("belarus-second-round")
    with qtbot.waitSignal(pane.eventClicked) as clicked:
        qtbot.keyClick(pane.view, Qt.Key.Key_Down)
    assert clicked.args == ["belarus-third-round"]
    with qtbot.waitSignal(pane.eventClicked) as clicked:
        qtbot.keyClick(pane.view, Qt.Key.Key_Up)
    assert clicked.args == ["belarus-second-round"]


@pytest.mark.parametrize("key, step", [(Qt.Key.Key_Left, "previous"), (Qt.Key.Key_Right, "next"),
                                       (Qt.Key.Key_Home, "first"), (Qt.Key.Key_End, "last")])
def test_left_right_home_end_ask_for_a_step(qtbot, pane, key, step):
    pane.set_selected("grain-deal-signed")
    with qtbot.assertNotEmitted(pane.eventClicked):
        with qtbot.waitSignal(pane.stepRequested) as requested:
            qtbot.keyClick(pane.view, key)
    assert requested.args == [step]
    assert selected_ids(pane) == ["grain-deal-signed"]


def test_slash_in_the_list_goes_to_the_search_box(qtbot, pane):
    pane.view.setFocus()
    qtbot.keyClick(pane.view, "/")
    assert pane.search_box.hasFocus()
    assert pane.search_box.text() == ""


def test_down_in_the_search_box_goes_to_the_first_result(qtbot, pane):
    type_into(qtbot, pane, "grain")
    with qtbot.waitSignal(pane.eventClicked) as clicked:
        qtbot.keyClick(pane.search_box, Qt.Key.Key_Down)
    assert clicked.args == ["grain-deal-signed"]
    assert pane.view.hasFocus()


def test_set_selected_selects_and_reveals_without_emitting(qtbot, pane):
    with qtbot.assertNotEmitted(pane.eventClicked):
        pane.set_selected("exchange-1000-2025")
    assert selected_ids(pane) == ["exchange-1000-2025"]
    last = pane.view.visualRect(pane.view.model().index(29, 1))
    assert pane.view.viewport().rect().contains(last)


def test_a_filtered_out_selection_shows_no_row_and_comes_back(qtbot, pane):
    pane.set_selected("grain-deal-signed")
    with qtbot.assertNotEmitted(pane.eventClicked):
        pane.search_box.setText("istanbul communique")
    assert selected_ids(pane) == []
    with qtbot.assertNotEmitted(pane.eventClicked):
        pane.search_box.setText("grain")
    assert selected_ids(pane) == ["grain-deal-signed"]
    pane.set_selected("")
    assert selected_ids(pane) == []


def test_markup_in_file_text_shows_literally(qtbot):
    timeline = load_text(SMALL).timeline
    pane = EventListPane()
    qtbot.addWidget(pane)
    pane.set_timeline(timeline)
    pane.resize(420, 560)
    pane.show()
    index = pane.view.model().index(0, 1)
    assert index.data(Qt.ItemDataRole.DisplayRole) == "<b>x</b> & <i>friends</i>"
    tooltip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;x&lt;/b&gt; &amp; &lt;i&gt;friends&lt;/i&gt;" in tooltip
    assert "<b>x</b>" not in tooltip
    chip = track_chips(pane)["Talks & drafts"]
    assert chip.accessibleName() == "Show only track: Talks & drafts"
    assert chip.text() == "Talks && drafts"     # '&&' is how a button shows one '&'


def test_the_model_says_track_and_range(qtbot):
    model = EventListModel(load_text(SMALL).timeline)
    date = model.index(1, 0)
    assert date.data() == "2\u20135 April 2022"
    assert date.data(Qt.ItemDataRole.AccessibleTextRole) == "2\u20135 April 2022, track: Truces"
    assert not date.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert model.index(1, 1).data(Qt.ItemDataRole.DecorationRole) is None
    assert model.row_of("plain") == 1 and model.row_of("nope") == -1
    model.set_filter(EventFilter(tracks=frozenset({"truces"})))
    assert (model.row_of("plain"), model.row_of("bold")) == (0, -1)
    assert (model.visible_count(), model.total_count()) == (1, 2)
    assert model.event_at(0).id == "plain" and model.event_at(1) is None


def test_model_passes_the_model_tester(qtmodeltester, bundled):
    model = EventListModel(bundled)
    qtmodeltester.check(model)
    model.set_filter(EventFilter("istanbul", tags=frozenset({"turkiye"})))
    assert 0 < model.rowCount() < 30
    qtmodeltester.check(model)
    model.set_filter(EventFilter("zzzzqqq"))
    assert model.rowCount() == 0
    qtmodeltester.check(model)
    model.set_timeline(None)
    qtmodeltester.check(model)


def test_reloading_keeps_the_query_and_the_chips_that_still_exist(qtbot, write):
    path = write(SMALL)
    pane = EventListPane()
    qtbot.addWidget(pane)
    pane.set_timeline(load_path(path).timeline)
    pane.search_box.setText("plain")
    track_chips(pane)["Truces"].click()
    pane.set_selected("plain")
    assert pane.visible_ids() == ["plain"]

    pane.set_timeline(load_path(path).timeline)
    assert pane.search_box.text() == "plain"
    assert track_chips(pane)["Truces"].isChecked()
    assert pane.visible_ids() == ["plain"]
    assert pane.count_label.text() == "1 of 2 events"
    assert selected_ids(pane) == ["plain"]

    without_truces = SMALL.replace("  - id: truces\n    name: Truces\n", "").replace(
        "    track: truces\n", "")
    with qtbot.waitSignal(pane.filterChanged) as changed:
        pane.set_timeline(load_text(without_truces).timeline)
    assert changed.args == [EventFilter("plain")]
    assert list(track_chips(pane)) == ["Talks & drafts", "Other"]   # "plain" is now in Other
    assert not track_chips(pane)["Other"].isChecked()
    assert pane.visible_ids() == ["plain"]


def test_no_timeline_shows_an_empty_list(qtbot, pane):
    pane.set_timeline(None)
    assert titles(pane) == []
    assert pane.count_label.text() == "No events"
    assert track_chips(pane) == {}
    assert not tags_button(pane).isEnabled()


def test_widgets_have_accessible_names(pane):
    assert pane.search_box.accessibleName() == "Search events"
    assert pane.search_box.placeholderText().startswith("Search words, names, dates (May 2025)")
    assert pane.view.accessibleName() == "Events"
    assert tags_button(pane).accessibleName() == "Filter by tag"


def test_the_search_box_is_above_the_chips_count_and_list(pane):
    tops = [top_in(pane, w) for w in (pane.search_box, chip_bar(pane), pane.count_label,
                                      pane.view)]
    assert tops == sorted(tops)
    assert pane.view.geometry().bottom() <= pane.rect().bottom()
    assert pane.view.columnWidth(0) < pane.view.viewport().width() // 2
    assert pane.view.mapTo(pane, QPoint(0, 0)).y() > 0


def test_when_filtering_is_slow_keystrokes_are_gathered(qtbot, pane, monkeypatch):
    calls = []
    fast_search = SearchIndex.search

    def slow_search(index, event_filter):
        calls.append(event_filter.query)
        time.sleep(0.05)        # as with 100,000 events on a slow machine
        return fast_search(index, event_filter)

    monkeypatch.setattr(SearchIndex, "search", slow_search)
    type_into(qtbot, pane, "gr")        # two slow filterings in a row are noticed...
    type_into(qtbot, pane, "ain")       # ...so these three letters wait for a pause
    assert calls == ["g", "gr"]
    assert len(titles(pane)) > 2
    qtbot.waitUntil(lambda: titles(pane) == ["Black Sea Grain Initiative signed",
                                             "Russia quits the grain deal"])
    assert calls == ["g", "gr", "grain"]
    assert pane.count_label.text() == "2 of 30 events"


def test_one_very_slow_filtering_is_enough_to_gather_keystrokes(qtbot, pane, monkeypatch):
    calls = []
    fast_search = SearchIndex.search

    def very_slow_search(index, event_filter):
        calls.append(event_filter.query)
        time.sleep(0.1)         # as with 100,000 events: waiting for a second one would stall
        return fast_search(index, event_filter)

    monkeypatch.setattr(SearchIndex, "search", very_slow_search)
    type_into(qtbot, pane, "grain")
    assert calls == ["g"]
    qtbot.waitUntil(lambda: calls == ["g", "grain"])


def test_in_a_big_timeline_the_first_keystrokes_wait_for_a_pause(qtbot, pane, monkeypatch):
    """Before any filtering of it was timed: at 100,000 events the first letter would hold
    the window for a third of a second. Another file is timed afresh."""
    calls = []
    fast_search = SearchIndex.search

    def search(index, event_filter):
        calls.append(event_filter.query)
        return fast_search(index, event_filter)

    monkeypatch.setattr(SearchIndex, "search", search)
    monkeypatch.setattr(event_list, "_SLOW_FROM_EVENTS", 2)     # "big": 2 events or more
    type_into(qtbot, pane, "gr")                                # (the pane's file has 30)
    assert calls == [] and pane.current_filter().query == ""
    qtbot.waitUntil(lambda: calls == ["gr"])
    type_into(qtbot, pane, "a")             # timed now, and fast: at once
    assert calls == ["gr", "gra"]
    pane.set_timeline(load_text(SMALL).timeline)     # another big one, of 2 events
    calls.clear()
    type_into(qtbot, pane, "i")
    assert calls == []
    qtbot.waitUntil(lambda: calls == ["grai"])


def test_one_slow_keystroke_does_not_hold_back_the_next_ones(qtbot, pane, monkeypatch):
    """A hiccup (another program busy, a garbage collection) is not a slow machine: the
    letters after it are still filtered at once, not after a pause."""
    fast_search = SearchIndex.search
    hiccups = ["g"]

    def search_with_a_hiccup(index, event_filter):
        if event_filter.query in hiccups:
            time.sleep(0.05)
        return fast_search(index, event_filter)

    monkeypatch.setattr(SearchIndex, "search", search_with_a_hiccup)
    type_into(qtbot, pane, "gra")
    assert pane.current_filter().query == "gra"
    hiccups.append("grai")      # a second hiccup, two keystrokes later: still not slow
    type_into(qtbot, pane, "in")
    assert pane.current_filter().query == "grain"
    assert titles(pane) == ["Black Sea Grain Initiative signed", "Russia quits the grain deal"]


def test_when_the_window_is_slow_to_follow_the_filter_keystrokes_are_gathered(qtbot, pane):
    applied = []

    def slow_window(event_filter):
        applied.append(event_filter.query)
        time.sleep(0.05)        # as a timeline of 100,000 events fading the others

    pane.filterChanged.connect(slow_window)
    type_into(qtbot, pane, "gr")
    type_into(qtbot, pane, "ain")
    assert applied == ["g", "gr"]
    qtbot.waitUntil(lambda: applied == ["g", "gr", "grain"])
    assert pane.count_label.text() == "2 of 30 events"


def test_events_without_a_track_get_an_other_chip_that_filters_them(qtbot):
    timeline = load_text(SMALL.replace("    track: truces\n", "")).timeline
    pane = EventListPane()
    qtbot.addWidget(pane)
    pane.set_timeline(timeline)
    other = track_chips(pane)["Other"]
    assert other.accessibleName() == "Show only track: Other"
    other.click()
    assert pane.visible_ids() == ["plain"]


# ---- search finds what people mean --------------------------------------------------------

def test_a_date_query_lists_the_period_and_says_how_it_was_read(qtbot, pane, bundled):
    type_into(qtbot, pane, "May 2025")
    in_may = [e.title for e in bundled.events
              if e.date.first_day.isoformat() <= "2025-05-31"
              and e.last.last_day.isoformat() >= "2025-05-01"]
    assert titles(pane) == in_may and len(in_may) == 7
    assert pane.count_label.text() == "Events in May 2025 \u00b7 7 of 30"
    pane.search_box.setText("istanbul 16 May 2025")
    assert pane.count_label.text().startswith("Matching on 16 May 2025 \u00b7 ")
    pane.search_box.setText("16 June 1999")
    assert pane.count_label.text() == "No events on 16 June 1999 \u2014 Esc clears the search"


def test_another_spelling_lists_similar_events_and_suggests_the_timeline_s(qtbot, pane):
    type_into(qtbot, pane, "Podoliak")
    assert titles(pane) and all("podolyak" in text_of(pane.model.event_at(row))
                                for row in range(len(titles(pane))))
    assert pane.count_label.text() == f"No exact match \u00b7 {len(titles(pane))} similar"
    assert pane.model.index(0, 1).data(Qt.ItemDataRole.FontRole).italic()
    button = pane.suggestion_button
    assert button.isVisible() and button.text() == "Did you mean \u201cpodolyak\u201d?"
    assert pane.highlight_terms() == ["podoliak", "podolyak"]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert pane.search_box.text() == "podolyak" and not button.isVisible()
    assert pane.model.index(0, 1).data(Qt.ItemDataRole.FontRole) is None
    assert pane.count_label.text() == f"{len(titles(pane))} of 30 events"


def test_the_suggestion_is_taken_with_the_keyboard(qtbot, pane):
    type_into(qtbot, pane, "Skibitskyi")
    assert pane.suggestion_button.isVisible()
    qtbot.keyClick(pane.search_box, Qt.Key.Key_Tab)
    assert pane.suggestion_button.hasFocus()
    qtbot.keyClick(pane.suggestion_button, Qt.Key.Key_Space)
    assert pane.search_box.text() == "skibitsky" and pane.search_box.hasFocus()


def test_exact_matches_come_before_similar_ones(qtbot, write):
    path = write(SMALL.replace('"<b>x</b> & <i>friends</i>"', "The titel"))
    pane = EventListPane()
    qtbot.addWidget(pane)
    pane.set_timeline(load_path(path).timeline)
    pane.search_box.setText("title")
    assert pane.visible_ids() == ["plain", "bold"]      # the earlier 'titel' comes second
    assert not pane.model.is_similar(0) and pane.model.is_similar(1)
    assert pane.count_label.text() == "1 of 2 events + 1 similar"
    assert pane.suggestion_button.isHidden()            # something matched as typed
    assert pane.matches("bold") and pane.model.row_of("bold") == 1


def test_matches_says_whether_an_event_is_listed(qtbot, pane):
    assert pane.matches("istanbul-round-2022")
    type_into(qtbot, pane, "grain")
    assert not pane.matches("istanbul-round-2022") and pane.matches("grain-deal-signed")
    assert not pane.matches("no-such-event")


def test_no_match_without_search_text_does_not_mention_the_search(qtbot, pane):
    pane.add_tag_filter("grain")
    track_chips(pane)[PRISONERS].click()
    assert titles(pane) == []
    assert pane.count_label.text() == "No events with these filters \u2014 Esc clears them"


def test_tag_counts_follow_the_checked_track_chips(qtbot, pane, bundled):
    def menu_texts():
        return {a.data(): (a.text(), a.isEnabled()) for a in tags_button(pane).menu().actions()}

    everywhere = sum("istanbul" in e.tags for e in bundled.events)
    assert menu_texts()["istanbul"][0] == f"istanbul  ({everywhere})"
    qtbot.mouseClick(track_chips(pane)[PRISONERS], Qt.MouseButton.LeftButton)
    in_prisoners = [e for e in bundled.events if e.track == "prisoners"]
    expected = sum("istanbul" in e.tags for e in in_prisoners)
    assert menu_texts()["istanbul"] == (f"istanbul  ({expected})", expected > 0)
    assert menu_texts()["grain"] == ("grain  (0)", False)       # no grain deal among exchanges
    qtbot.keyClick(pane.search_box, Qt.Key.Key_Escape)           # clears the chips too
    assert menu_texts()["grain"] == ("grain  (2)", True)


def test_chips_grow_with_a_larger_text_size(qtbot, pane):
    """View > Text Size > Larger twice: the chips are as tall as their text, never clipped."""
    from timeline_app.qt.app import set_font_deep
    pane.resize(420, 600)
    qtbot.wait(1)
    font = QApplication.font()
    font.setPointSizeF(font.pointSizeF() + 2)
    set_font_deep(pane, font)
    qtbot.wait(1)
    bar = chip_bar(pane)
    for chip in [*track_chips(pane).values(), tags_button(pane)]:
        assert chip.height() >= chip.sizeHint().height(), chip.text()
        assert chip.height() > QFontMetrics(font).height(), chip.text()
        assert chip.width() >= chip.sizeHint().width() or "\u2026" in chip.text(), chip.text()
    for chip in track_chips(pane).values():
        assert bar.rect().contains(chip.geometry()), chip.text()
    assert visible_in(pane, tags_button(pane))


@pytest.mark.parametrize("width", [420, 640])
def test_did_you_mean_follows_the_count_in_a_wide_pane(qtbot, pane, width):
    """"Did you mean …?" reads on from the count ("No exact match · 5 similar  Did you mean
    "zelensky"?"), not centred in the room left on the line."""
    pane.resize(width, 560)
    type_into(qtbot, pane, "Zelenskiy")
    button = pane.suggestion_button
    qtbot.waitUntil(button.isVisible)
    count_end = pane.count_label.x() + pane.count_label.fontMetrics().horizontalAdvance(
        pane.count_label.text())
    gap = button.x() - count_end
    assert 0 <= gap <= 3 * pane.fontMetrics().averageCharWidth()
    assert button.width() <= button.sizeHint().width()


# ---- a big file is listed before its search index is made ---------------------------------

class CountedIndex(SearchIndex):
    made = 0

    def __init__(self, timeline):
        CountedIndex.made += 1
        super().__init__(timeline)


def test_a_timeline_is_listed_before_its_search_index_is_made(qtbot, bundled, monkeypatch,
                                                               qtmodeltester):
    """The index (~0.3 s at 10,000 events) is made on the loading worker after the timeline
    is shown, and handed over; with no query nothing waits for it."""
    monkeypatch.setattr(event_list_model, "SearchIndex", CountedIndex)
    CountedIndex.made = 0
    pane = EventListPane()
    qtbot.addWidget(pane)
    pane.set_timeline(bundled)
    assert CountedIndex.made == 0
    assert pane.visible_ids() == [event.id for event in bundled.events]
    assert pane.count_label.text() == "30 events"
    qtmodeltester.check(pane.model)
    pane.set_search_index(SearchIndex(bundled))         # from the worker
    type_into(qtbot, pane, "grain")
    assert CountedIndex.made == 0
    assert titles(pane) == ["Black Sea Grain Initiative signed", "Russia quits the grain deal"]


def test_a_search_before_the_index_comes_makes_one_and_a_stale_index_is_ignored(
        qtbot, bundled, monkeypatch):
    monkeypatch.setattr(event_list_model, "SearchIndex", CountedIndex)
    CountedIndex.made = 0
    pane = EventListPane()
    qtbot.addWidget(pane)
    pane.set_timeline(bundled)
    pane.set_search_index(SearchIndex(load_text(SMALL).timeline))    # another timeline's
    type_into(qtbot, pane, "grain")
    assert CountedIndex.made == 1
    assert titles(pane) == ["Black Sea Grain Initiative signed", "Russia quits the grain deal"]
    pane.clear_filters()
    assert pane.visible_ids() == [event.id for event in bundled.events]


class PreparedWithoutIndex:
    """What the app gives with a big file loaded on a worker: the index comes later."""
    list_facts = None
    search_index = None


def test_a_big_timeline_waits_for_the_index_its_worker_makes(qtbot, bundled, monkeypatch):
    """Making a second index on the GUI thread would hold the window for seconds at 100,000
    events, while the worker's is about to come."""
    monkeypatch.setattr(event_list_model, "SearchIndex", CountedIndex)
    monkeypatch.setattr(event_list, "_WAIT_FOR_INDEX_FROM", 2)     # "big": the file's 30
    CountedIndex.made = 0
    pane = EventListPane()
    qtbot.addWidget(pane)
    pane.set_timeline(bundled, PreparedWithoutIndex())
    assert pane.search_index_coming()
    type_into(qtbot, pane, "grain")
    qtbot.wait(300)                     # past the typing pause
    assert CountedIndex.made == 0
    assert len(titles(pane)) == 30
    assert pane.count_label.text() == event_list.INDEX_COMING_TEXT
    pane.set_search_index(SearchIndex(bundled))     # from the worker
    assert not pane.search_index_coming()
    assert titles(pane) == ["Black Sea Grain Initiative signed", "Russia quits the grain deal"]
    assert pane.count_label.text() == "2 of 30 events"
    assert CountedIndex.made == 0


def test_a_small_timeline_expects_no_index_from_a_worker(qtbot, bundled):
    pane = EventListPane()
    qtbot.addWidget(pane)
    pane.set_timeline(bundled, PreparedWithoutIndex())     # 30 events: makes its own
    assert not pane.search_index_coming()


def test_when_the_index_does_not_come_the_pane_makes_its_own(qtbot, bundled, monkeypatch):
    monkeypatch.setattr(event_list_model, "SearchIndex", CountedIndex)
    monkeypatch.setattr(event_list, "_WAIT_FOR_INDEX_FROM", 2)
    monkeypatch.setattr(event_list, "_INDEX_WAIT_MS", 50)
    CountedIndex.made = 0
    pane = EventListPane()
    qtbot.addWidget(pane)
    pane.set_timeline(bundled, PreparedWithoutIndex())
    type_into(qtbot, pane, "grain")
    qtbot.waitUntil(lambda: titles(pane) == ["Black Sea Grain Initiative signed",
                                             "Russia quits the grain deal"])
    assert CountedIndex.made == 1
    qtbot.keyClick(pane.search_box, Qt.Key.Key_Escape)
    assert pane.count_label.text() == "30 events"


def test_making_the_index_does_not_count_as_a_slow_filtering(qtbot, bundled, monkeypatch):
    """The first search of a timeline given without its index makes one (~0.15 s at 10,000
    events); the keystrokes after it are still filtered at once."""
    class SlowIndex(SearchIndex):
        def __init__(self, timeline):
            time.sleep(0.1)
            super().__init__(timeline)

    monkeypatch.setattr(event_list_model, "SearchIndex", SlowIndex)
    pane = EventListPane()
    qtbot.addWidget(pane)
    pane.set_timeline(bundled)
    type_into(qtbot, pane, "gra")
    assert pane.current_filter().query == "gra"


def test_a_file_of_5000_events_waits_for_its_index_too(qtbot, monkeypatch):
    """Files loaded on a worker (over 1 MB, ~2,700 events) get their index from it: at
    10,000 events making a second one on the GUI thread held a keystroke ~0.1 s."""
    sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
    from generate import generate_timeline
    timeline = load_text(generate_timeline(5000, seed=2)).timeline
    monkeypatch.setattr(event_list_model, "SearchIndex", CountedIndex)
    CountedIndex.made = 0
    pane = EventListPane()
    qtbot.addWidget(pane)
    pane.set_timeline(timeline, PreparedWithoutIndex())
    type_into(qtbot, pane, "geneva")
    qtbot.wait(300)
    assert CountedIndex.made == 0
    assert pane.count_label.text() == event_list.INDEX_COMING_TEXT
