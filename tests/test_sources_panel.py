"""The sources panel: the articles behind the timeline and where each one is quoted or cited."""
import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QMenu, QWidget
from PySide6.QtGui import Qt as GuiQt      # Qt.mightBeRichText lives in QtGui

from conftest import BUNDLED
from timeline_app.core.loader import load_path, load_text
from timeline_app.qt.article_list_model import ARTICLE_ID_ROLE, BYLINE_ROLE, ArticleListModel
from timeline_app.qt.sources_panel import SourcesPanel

BABEL = "babel-istanbul-2025"

SMALL = """\
title: Small timeline
articles:
  - id: quoted
    title: The quoted <i>article</i>
    publisher: Daily
    author: Ann Writer
    date: 2022-05
    url: https://example.org/quoted
  - id: listed
    title: Only listed
    publisher: Weekly
    url: "javascript:alert(1)"
  - id: unused
    title: Nobody cites me
    publisher: Monthly
    date: 2021-01-01
    url: https://example.org/unused
events:
  - id: later
    date: 2022-06-01
    title: The later event
    excerpts:
      - article: quoted
        quote: Second <b>quote</b>.
    sources: [listed]
  - id: earlier
    date: 2022-05-10
    title: The earlier event
    excerpts:
      - article: quoted
        quote: First quote.
        note: Said at noon.
"""


@pytest.fixture(scope="module")
def small():
    return load_text(SMALL).timeline


@pytest.fixture
def panel(qtbot):
    widget = SourcesPanel()
    widget.resize(420, 560)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def shown_rows(panel):
    model = panel.list.model()
    return [[model.index(row, column).data() for column in range(model.columnCount())]
            for row in range(model.rowCount())]


def choose(qtbot, panel, article_id):
    """Click the article's row in the list."""
    model = panel.list.model()
    row = next(r for r in range(model.rowCount())
               if model.index(r, 0).data(ARTICLE_ID_ROLE) == article_id)
    index = model.index(row, 0)
    panel.list.scrollTo(index)
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton,
                     pos=panel.list.visualRect(index).center())


# ---- the list -------------------------------------------------------------------------------

def test_lists_every_article_in_file_order_with_its_excerpt_count(panel, bundled):
    panel.set_timeline(bundled)
    rows = shown_rows(panel)
    assert len(rows) == len(bundled.articles) == 50
    assert [row[0] for row in rows] == [a.title for a in bundled.articles]
    assert rows[0][1:] == ["Babel", "May 2025", "16"]
    assert rows[1][1:] == ["Europe Diplomatic", "28 February 2022", "0"]
    tip = panel.list.model().index(0, 3).data(Qt.ItemDataRole.ToolTipRole)
    assert as_shown(tip) == "16 excerpts quoted; cited by 6 events"
    assert panel.list.accessibleName() and panel.search_box.accessibleName()


def as_shown(tooltip: str) -> str:
    """What a tooltip shows: Qt renders it as rich text when it looks like HTML."""
    document = QTextDocument()
    if GuiQt.mightBeRichText(tooltip):
        document.setHtml(tooltip)
    else:
        document.setPlainText(tooltip)
    return document.toPlainText()


def test_tooltips_show_html_in_the_file_as_written(panel):
    panel.set_timeline(load_text("""\
title: T
articles:
  - id: a1
    title: <b>big</b> & <i>bold</i>
    publisher: <u>Paper</u>
    url: https://example.org/a1
events: []
""").timeline)
    model = panel.list.model()
    tips = [as_shown(model.index(0, column).data(Qt.ItemDataRole.ToolTipRole))
            for column in (0, 1)]
    assert tips == ["<b>big</b> & <i>bold</i>", "<u>Paper</u>"]


def test_article_model_passes_the_model_tester(qtmodeltester, bundled, small):
    model = ArticleListModel()
    model.set_timeline(bundled)
    qtmodeltester.check(model)
    model.set_timeline(small)
    qtmodeltester.check(model)
    assert model.rowCount() == 3 and model.index(0, 0).data(ARTICLE_ID_ROLE) == "quoted"
    assert model.rowCount(model.index(0, 0)) == 0
    model.set_timeline(None)
    assert model.rowCount() == 0 and model.data(QModelIndex()) is None


def click_header(qtbot, panel, column):
    header = panel.list.header()
    middle = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(middle, header.height() // 2))


def test_header_clicks_sort_and_a_third_click_restores_file_order(qtbot, panel, small):
    panel.resize(1000, 500)
    panel.set_timeline(small)
    panel.show_article("quoted")
    click_header(qtbot, panel, 2)
    assert [row[0] for row in shown_rows(panel)] == \
        ["Nobody cites me", "The quoted <i>article</i>", "Only listed"]   # undated last
    assert panel.list.currentIndex().data(ARTICLE_ID_ROLE) == "quoted"
    click_header(qtbot, panel, 2)
    assert [row[2] for row in shown_rows(panel)] == ["May 2022", "1 January 2021", ""]
    click_header(qtbot, panel, 2)
    assert [row[0] for row in shown_rows(panel)] == \
        ["The quoted <i>article</i>", "Only listed", "Nobody cites me"]
    assert panel.list.currentIndex().data(ARTICLE_ID_ROLE) == "quoted"


def test_sorting_survives_a_reload_and_keeps_ties_in_file_order(qtmodeltester, bundled):
    model = ArticleListModel()
    model.set_timeline(bundled)
    model.sort(3, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    counts = [int(model.index(row, 3).data()) for row in range(model.rowCount())]
    assert counts == sorted(counts, reverse=True) and counts[0] == 16
    model.set_timeline(load_path(BUNDLED).timeline)
    titles = [model.index(row, 0).data() for row in range(model.rowCount())]
    uncited = [a.title for a in bundled.articles
               if not any(c.excerpt for c in bundled.citations_of(a.id))]
    assert titles[0] == bundled.article(BABEL).title and titles[-len(uncited):] == uncited


# ---- the chosen article ---------------------------------------------------------------------

def test_choosing_an_article_asks_to_show_it_and_again_after_an_event(qtbot, panel, bundled):
    panel.set_timeline(bundled)
    with qtbot.waitSignal(panel.articleClicked) as chosen:
        choose(qtbot, panel, BABEL)
    assert chosen.args == [BABEL] and panel.article_id == BABEL
    with qtbot.waitSignal(panel.articleClicked) as again:     # the detail showed an event since
        choose(qtbot, panel, BABEL)
    assert again.args == [BABEL]
    with qtbot.waitSignal(panel.articleClicked) as by_key:
        qtbot.keyClick(panel.list, Qt.Key.Key_Down)
    assert by_key.args == [bundled.articles[1].id]
    with qtbot.waitSignal(panel.articleClicked) as entered:
        qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    assert entered.args == [bundled.articles[1].id]


def test_show_article_chooses_it_without_asking(qtbot, panel, bundled):
    panel.set_timeline(bundled)
    with qtbot.assertNotEmitted(panel.articleClicked):
        panel.show_article(BABEL)
    assert panel.list.currentIndex().data(ARTICLE_ID_ROLE) == BABEL
    panel.show_article("no-such-article")
    assert panel.article_id == "" and not panel.list.selectionModel().hasSelection()


def test_the_articles_of_the_selected_event_are_bold(qtbot, panel, small):
    panel.set_timeline(small)
    bold = lambda: [r for r in range(3)      # noqa: E731
                    if (font := panel.model.index(r, 0).data(Qt.ItemDataRole.FontRole))
                    and font.bold()]
    with qtbot.assertNotEmitted(panel.articleClicked):
        panel.set_selected("later")
    assert bold() == [0, 1]                 # quoted and listed
    panel.set_selected("earlier")
    assert bold() == [0]
    panel.set_selected("")
    assert bold() == []


def test_reload_keeps_the_chosen_article(panel, small):
    panel.set_timeline(small)
    panel.show_article("quoted")
    panel.set_timeline(load_text(SMALL.replace("First quote.", "First quote, edited.")).timeline)
    assert panel.article_id == "quoted"
    assert panel.list.currentIndex().data(ARTICLE_ID_ROLE) == "quoted"
    panel.set_timeline(load_text(SMALL.replace("id: quoted", "id: renamed")
                                 .replace("article: quoted", "article: renamed")).timeline)
    assert panel.article_id == ""


# ---- the search box -------------------------------------------------------------------------

def test_the_search_box_finds_articles_by_title_publisher_author_and_site(qtbot, panel, bundled):
    panel.set_timeline(bundled)
    assert panel.count_label.text() == "50 articles"
    for query, wanted in (("babel", lambda a: "babel" in (a.title + a.publisher).lower()),
                          ("kyivindependent", lambda a: "kyivindependent.com" in a.url),
                          ("Bereziuk", lambda a: "Bereziuk" in a.author)):
        panel.search_box.clear()
        qtbot.keyClicks(panel.search_box, query)
        expected = [a.title for a in bundled.articles if wanted(a)]
        assert [row[0] for row in shown_rows(panel)] == expected and expected, query
        assert panel.count_label.text() == f"{len(expected)} of 50"


def test_article_search_ignores_case_and_accents_and_esc_clears_it(qtbot, panel, small):
    panel.set_timeline(load_text(SMALL.replace("Ann Writer", "Ánn Wríter")).timeline)
    qtbot.keyClicks(panel.search_box, "ANN WRITER example")
    assert [row[0] for row in shown_rows(panel)] == ["The quoted <i>article</i>"]
    panel.search_box.setText("javascript")      # not a web site: not searched
    assert shown_rows(panel) == []
    assert panel.count_label.text() == "No articles match \u2014 Esc clears the search"
    qtbot.keyClick(panel.search_box, Qt.Key.Key_Escape)
    assert panel.search_box.text() == "" and len(shown_rows(panel)) == 3


def test_down_in_the_search_box_chooses_the_first_result(qtbot, panel, small):
    panel.set_timeline(small)
    qtbot.keyClicks(panel.search_box, "weekly")
    with qtbot.waitSignal(panel.articleClicked) as chosen:
        qtbot.keyClick(panel.search_box, Qt.Key.Key_Down)
    assert chosen.args == ["listed"] and panel.list.hasFocus()


# ---- readable columns -----------------------------------------------------------------------

def test_publishers_and_dates_are_whole_and_titles_get_the_rest(qtbot, panel, bundled):
    panel.resize(1000, 500)
    panel.set_timeline(bundled)
    qtbot.waitUntil(lambda: panel.list.viewport().width() > 900)
    header, metrics = panel.list.header(), panel.list.fontMetrics()
    widest_publisher = max(metrics.horizontalAdvance(a.publisher) for a in bundled.articles)
    assert header.sectionSize(1) >= widest_publisher
    assert header.sectionSize(2) >= metrics.horizontalAdvance("28 February 2022")
    assert header.sectionSize(0) >= 0.45 * panel.list.viewport().width()
    one_line = panel.list.visualRect(panel.model.index(0, 0)).height()


def test_a_narrow_list_puts_publisher_and_date_under_the_title(qtbot, panel, bundled):
    panel.resize(1000, 500)
    panel.set_timeline(bundled)
    qtbot.waitUntil(lambda: panel.list.viewport().width() > 900)
    one_line = panel.list.visualRect(panel.model.index(0, 0)).height()
    header = panel.list.header()
    panel.resize(420, 500)
    qtbot.waitUntil(lambda: header.isSectionHidden(1) and header.isSectionHidden(2))
    assert header.sectionSize(0) >= 0.7 * panel.list.viewport().width()
    assert panel.list.visualRect(panel.model.index(0, 0)).height() >= \
        one_line + panel.list.fontMetrics().height()
    assert panel.model.index(0, 0).data(BYLINE_ROLE) == "Babel \u00b7 May 2025"
    panel.resize(1000, 500)
    qtbot.waitUntil(lambda: not header.isSectionHidden(1) and not header.isSectionHidden(2))
    assert panel.list.visualRect(panel.model.index(0, 0)).height() == one_line


def test_undated_articles_sort_last_both_ways(qtbot, panel, small):
    panel.resize(1000, 500)
    panel.set_timeline(small)
    click_header(qtbot, panel, 2)
    assert [row[2] for row in shown_rows(panel)] == ["1 January 2021", "May 2022", ""]
    click_header(qtbot, panel, 2)
    assert [row[2] for row in shown_rows(panel)] == ["May 2022", "1 January 2021", ""]


def test_a_narrow_list_sorts_by_a_hidden_column_from_the_header_menu(qtbot, panel, small):
    panel.set_timeline(small)
    header = panel.list.header()
    assert header.isSectionHidden(2)        # 420 pixels wide: the date is under the title
    header.customContextMenuRequested.emit(QPoint(5, 5))
    menu = next(m for m in panel.findChildren(QMenu) if m.isVisible())
    next(a for a in menu.actions() if a.text() == "Sort by Date").trigger()
    assert [row[2] for row in shown_rows(panel)] == ["1 January 2021", "May 2022", ""]
    menu.close()


def test_the_narrow_layout_holds_through_searches_and_a_hidden_tab(qtbot, bundled):
    panel = SourcesPanel()
    qtbot.addWidget(panel)
    panel.set_timeline(bundled)             # before it is ever shown (another tab is current)
    panel.resize(420, 500)
    panel.show()
    qtbot.waitExposed(panel)
    header = panel.list.header()
    qtbot.waitUntil(lambda: header.isSectionHidden(1) and header.isSectionHidden(2))
    panel.search_box.setText("kyiv")        # a new set of rows (a model reset)
    assert header.isSectionHidden(1) and header.isSectionHidden(2)
    assert header.sectionSize(0) >= 0.7 * panel.list.viewport().width()
    panel.resize(1200, 500)
    qtbot.waitUntil(lambda: not header.isSectionHidden(1))
    panel.search_box.setText("")
    assert not header.isSectionHidden(2) and header.sectionSize(0) >= 400


def test_the_list_is_made_when_first_shown_with_what_was_set_while_hidden(qtbot, small):
    hidden = SourcesPanel()                 # as at start: the Sources tab is not the current one
    qtbot.addWidget(hidden)
    hidden.set_timeline(small)
    hidden.set_selected("earlier")
    hidden.show_article("unused")
    assert hidden.article_id == "unused"
    assert not hidden.findChildren(QWidget)     # nothing made yet: start-up does not pay for it
    hidden.resize(1200, 500)
    hidden.show()
    qtbot.waitExposed(hidden)
    assert [row[0] for row in shown_rows(hidden)] == \
        ["The quoted <i>article</i>", "Only listed", "Nobody cites me"]
    assert hidden.list.currentIndex().data(ARTICLE_ID_ROLE) == "unused"
    assert [r for r in range(3) if (font := hidden.model.index(r, 0).data(
        Qt.ItemDataRole.FontRole)) and font.bold()] == [0]         # the article "earlier" quotes
    assert hidden.count_label.text() == "3 articles"
    qtbot.waitUntil(lambda: not hidden.list.header().isSectionHidden(1))    # wide: columns
    hidden.search_box.setFocus()
    qtbot.keyClicks(hidden.search_box, "weekly")
    assert [row[0] for row in shown_rows(hidden)] == ["Only listed"]


def test_the_tab_first_shown_after_a_text_size_change_has_that_size(open_viewer):
    viewer = open_viewer()
    viewer.set_text_size(3)
    viewer.window.tabs.setCurrentWidget(viewer.sources)
    size = viewer.event_list.view.font().pointSizeF()
    assert viewer.sources.list.font().pointSizeF() == size
    assert viewer.sources.search_box.font().pointSizeF() == size
    viewer.set_text_size(0)
    assert viewer.sources.list.font().pointSizeF() == viewer.event_list.view.font().pointSizeF()


def test_the_sources_tab_shows_its_list_as_soon_as_it_is_chosen(open_viewer):
    viewer = open_viewer()
    viewer.window.tabs.setCurrentWidget(viewer.sources)     # no event loop pass after it
    panel = viewer.sources
    assert panel.search_box.isVisible() and panel.list.isVisible()
    assert panel.count_label.isVisible() and panel.count_label.text() == "50 articles"
    assert panel.list.geometry().height() > 200         # laid out in the tab, not a stub


def test_a_narrow_list_draws_each_title_over_two_lines(qtbot, bundled):
    panel = SourcesPanel()
    qtbot.addWidget(panel)
    panel.set_timeline(bundled)
    panel.resize(1200, 500)
    panel.show()
    qtbot.waitExposed(panel)
    one_line = panel.list.sizeHintForRow(0)
    panel.resize(420, 500)
    qtbot.waitUntil(lambda: panel.list.header().isSectionHidden(1))
    spacing = panel.list.fontMetrics().lineSpacing()
    assert panel.list.sizeHintForRow(0) >= one_line + spacing      # title, then byline
    image = panel.list.viewport().grab().toImage()      # the titles and bylines painted
    assert not image.isNull() and image.height() > 2 * spacing
