"""The detail pane's other pages: the title page (nothing chosen) and an article's page."""
import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QPalette, QTextCursor, QTextDocument

from timeline_app.core.loader import load_text
from timeline_app.qt.title_page import HOW_TO_START, NO_EVENTS, timeline_span
from timeline_app.qt.track_colors import track_color
from tests.test_event_detail import click_link, fragments, hrefs

HOSTILE = """\
title: "<b>Loud</b> & title"
description: "A <script>x</script> description.\\n\\nSecond paragraph."
tracks:
  - id: one
    name: "<i>One</i>"
  - id: two
    name: Two
  - id: empty
    name: Empty track
articles:
  - id: art
    title: "<b>Article</b> title"
    publisher: "Pub & co"
    author: An Author
    date: 2021-06-02
    url: https://example.org/art
  - id: bad
    title: Bad link
    publisher: Nowhere
    url: "javascript:alert(1)"
  - id: lonely
    title: Nobody cites me
    publisher: Nowhere
    url: https://example.org/lonely
events:
  - id: first
    date: 2021-06
    title: First
    track: one
    excerpts:
      - article: art
        quote: A first quote.
        note: Said by <someone>.
      - article: art
        quote: A second quote.
  - id: second
    date: 2021-07-04
    title: Second
    track: two
    sources: [art, bad]
  - id: third
    date: 2022-01-02
    end: 2022-03-05
    title: Third
    excerpts:
      - article: art
        quote: A third quote.
"""


@pytest.fixture(scope="module")
def hostile():
    return load_text(HOSTILE).timeline


@pytest.fixture
def detail(open_detail):
    return open_detail(800, 900)


def color_before(detail, text):
    """The colour name of the swatch before the track name `text` in the Tracks list."""
    document = detail.browser.document()
    heading = document.find("Tracks", 0, QTextDocument.FindFlag.FindCaseSensitively)
    found = document.find(text, heading, QTextDocument.FindFlag.FindCaseSensitively)
    assert not found.isNull(), f"{text!r} is not shown"
    cursor = QTextCursor(document)
    position = found.selectionStart()
    while True:      # back over cell borders to the swatch
        cursor.setPosition(position)
        if document.characterAt(position - 1) == "\u25cf":
            cursor.setPosition(position)
            return cursor.charFormat().foreground().color().name()
        position -= 1
        assert position > 0, "no swatch before the text"


# ---- the title page -------------------------------------------------------------------------

def test_title_page_explains_the_bundled_timeline(detail, bundled):
    detail.set_timeline(bundled)
    text = detail.plain_text()
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines[0] == "Russia–Ukraine negotiations, 2022–2025"
    assert lines[1] == f"28 February 2022 – 25 May 2025 · {len(bundled.events)} events"
    assert " ".join(bundled.description.split()) in " ".join(text.split())
    for track in bundled.tracks:
        count = sum(1 for event in bundled.events if event.track == track.id)
        assert f"{track.name}\n{count}" in text
        assert color_before(detail, track.name) == \
            track_color(bundled, track.id, detail.palette()).name()
    excerpts = sum(len(event.excerpts) for event in bundled.events)
    assert f"{len(bundled.articles)} sources · {excerpts} excerpts" in text
    assert HOW_TO_START in text


def test_title_page_counts_and_spans_at_the_precision_of_the_dates(detail, hostile):
    detail.set_timeline(hostile)
    text = detail.plain_text()
    assert timeline_span(hostile) == "June 2021 – 5 March 2022"
    assert "June 2021 – 5 March 2022 · 3 events" in text
    assert "<i>One</i>\n1" in text and "Two\n1" in text
    assert "Other\n1" in text, "events without a track are counted too"
    assert "Empty track" not in text, "a track without events is left out"
    assert "3 sources · 3 excerpts" in text


def test_title_page_shows_text_from_the_file_literally(detail, hostile):
    detail.set_timeline(hostile)
    text = detail.plain_text()
    assert text.startswith("<b>Loud</b> & title")
    assert "A <script>x</script> description." in text and "Second paragraph." in text
    assert "<script>" not in detail.browser.toHtml()


def test_title_page_comes_back_when_nothing_is_chosen(detail, hostile):
    detail.set_timeline(hostile)
    detail.set_selected("second")
    assert "<b>Loud</b>" not in detail.plain_text()
    detail.show_title_page()
    assert detail.plain_text().startswith("<b>Loud</b> & title")
    detail.set_selected("first")
    detail.set_selected("")
    assert detail.plain_text().startswith("<b>Loud</b> & title")


def test_title_page_replaces_an_article_shown_with_nothing_selected(detail, hostile):
    detail.set_timeline(hostile)
    detail.show_article("art")
    detail.set_selected("")               # nothing was selected: the article stays
    assert detail.shown_article_id == "art"
    detail.show_title_page()              # Home / Esc / Go > Title page
    assert detail.plain_text().startswith("<b>Loud</b> & title")


def test_title_page_of_an_empty_timeline_says_how_to_fill_it(detail):
    detail.set_timeline(load_text("title: Nothing yet\nevents: []\n").timeline)
    text = detail.plain_text()
    assert text.startswith("Nothing yet") and NO_EVENTS in text and "Tracks" not in text


def test_title_page_swatches_follow_a_dark_palette(detail, bundled):
    detail.set_timeline(bundled)
    dark = QPalette(detail.palette())
    dark.setColor(QPalette.ColorRole.Window, QColor("#2d2d2d"))
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
    light_color = color_before(detail, bundled.tracks[0].name)
    detail.setPalette(dark)
    assert color_before(detail, bundled.tracks[0].name) == \
        track_color(bundled, bundled.tracks[0].id, dark).name() != light_color


# ---- an article ---------------------------------------------------------------------------

def test_article_page_shows_metadata_excerpts_and_citing_events(detail, hostile):
    detail.set_timeline(hostile)
    detail.show_article("art")
    text = detail.plain_text()
    assert text.lstrip().startswith("<b>Article</b> title")
    assert "Pub & co, 2 June 2021" in text and "An Author" in text
    assert "Open at example.org ↗" in text and "https://example.org/art" in hrefs(detail)
    assert "3 excerpts, quoted by 2 events" in text
    flat = " ".join(text.split())
    order = [flat.index(part) for part in ("June 2021 — First", "A first quote.",
                                           "Said by <someone>.", "A second quote.",
                                           "January – 5 March 2022 — Third", "A third quote.",
                                           "Cited as a source by 1 event", "4 July 2021 — Second")]
    assert order == sorted(order)
    assert detail.shown_article_id == "art"


def test_article_with_an_unsafe_address_shows_it_without_a_link(detail, hostile):
    detail.set_timeline(hostile)
    detail.show_article("bad")
    assert "javascript:alert(1) (not opened" in detail.plain_text()
    assert not any(href.startswith("javascript") for href in hrefs(detail))


def test_article_nobody_cites_says_so(detail, hostile):
    detail.set_timeline(hostile)
    detail.show_article("lonely")
    assert "Not cited by any event" in detail.plain_text()


def test_clicking_a_citing_event_asks_for_it_and_shows_it(qtbot, detail, hostile):
    detail.set_timeline(hostile)
    detail.set_selected("first")
    detail.show_article("art")
    assert detail.plain_text().lstrip().startswith("← Back to June 2021 — First")
    assert "June 2021 — First · selected" in detail.plain_text()
    assert "Third · selected" not in detail.plain_text()
    with qtbot.waitSignal(detail.eventClicked) as clicked:
        click_link(qtbot, detail, "event:third")
    assert clicked.args == ["third"]
    # The selected event again: the selection does not change, the pane goes back by itself.
    with qtbot.waitSignal(detail.eventClicked) as clicked:
        click_link(qtbot, detail, "event:first")
    assert clicked.args == ["first"]
    assert detail.plain_text().lstrip().startswith("First") and detail.shown_article_id == ""


def test_an_article_title_in_an_event_opens_the_article_page(qtbot, detail, hostile):
    detail.set_timeline(hostile)
    detail.set_selected("second")
    click_link(qtbot, detail, "article:art")
    assert detail.shown_article_id == "art"
    assert "3 excerpts, quoted by 2 events" in detail.plain_text()


def test_article_stays_shown_across_a_reload_and_goes_when_an_event_is_chosen(detail, hostile):
    detail.set_timeline(hostile)
    detail.set_selected("first")
    detail.show_article("art")
    # After each check of the file the window gives the timeline and the same selection again.
    detail.set_timeline(load_text(HOSTILE.replace("Pub & co", "Pub & Co")).timeline)
    detail.set_selected("first")
    assert "Pub & Co, 2 June 2021" in detail.plain_text()
    assert detail.shown_article_id == "art"
    detail.set_selected("second")
    assert detail.plain_text().lstrip().startswith("Second")
    detail.show_article("no-such-article")
    assert detail.plain_text().lstrip().startswith("Second")


# ---- grouping ------------------------------------------------------------------------------

def test_quotes_from_one_article_are_grouped_under_one_attribution(detail, hostile):
    detail.set_timeline(hostile)
    detail.set_selected("first")
    text = " ".join(detail.plain_text().split())
    assert text.count("— An Author, Pub & co, 2 June 2021") == 1
    assert text.index("A first quote.") < text.index("Said by <someone>.") < \
        text.index("A second quote.") < text.index("— An Author")
    assert hrefs(detail).count("https://example.org/art") == 1


def test_hover_over_a_link_reports_its_address(qtbot, detail, hostile):
    detail.set_timeline(hostile)
    detail.set_selected("first")
    with qtbot.waitSignal(detail.linkHovered) as hovered:
        point = link_point(detail, "https://example.org/art")
        qtbot.mouseMove(detail.browser.viewport(), point)
    assert hovered.args == ["https://example.org/art"]
    with qtbot.waitSignal(detail.linkHovered) as hovered:
        qtbot.mouseMove(detail.browser.viewport(), QPoint(5, 5))
    assert hovered.args == [""]


def link_point(detail, href):
    browser = detail.browser
    fragment = next(f for f in fragments(browser.document())
                    if f.charFormat().anchorHref() == href)
    cursor = QTextCursor(browser.document())
    cursor.setPosition(fragment.position() + fragment.length() // 2)
    browser.setTextCursor(cursor)
    browser.ensureCursorVisible()
    return browser.cursorRect(cursor).center()



# ---- reading measure -----------------------------------------------------------------------

def test_lines_keep_a_reading_measure_in_a_very_wide_pane(qtbot, detail, bundled):
    detail.set_timeline(bundled)
    detail.set_selected("istanbul-talks-2025")
    widest = detail.fontMetrics().averageCharWidth() * 110
    detail.resize(widest * 2, 700)
    qtbot.waitUntil(lambda: detail.browser.viewport().width() > widest * 1.5)
    assert detail.browser.document().textWidth() <= widest
    detail.resize(widest // 2, 700)
    qtbot.waitUntil(lambda: detail.browser.viewport().width() < widest)
    assert detail.browser.document().textWidth() <= detail.browser.viewport().width()
    assert detail.browser.horizontalScrollBar().maximum() == 0, "no sideways scrolling"


@pytest.mark.parametrize("dates, span", [
    (["2022", "2022-01-01"], "2022"),          # a year runs to 31 December
    (["2022-03-05", "2023"], "5 March 2022 – 2023"),          # and ends on 31 December
    (["2022-03-05", "2022-04"], "5 March 2022 – April 2022"),
    (["2022-04-30", "2022-02-01"], "1 February – 30 April 2022"),
])
def test_title_page_span_runs_from_the_earliest_start_to_the_latest_end(dates, span):
    events = "".join(f"  - id: e{n}\n    date: {date}\n    title: E{n}\n"
                     for n, date in enumerate(dates))
    timeline = load_text(f"title: Span\nevents:\n{events}").timeline
    assert timeline_span(timeline) == span
