"""The sources panel: the articles behind the timeline and where each one is quoted or cited."""
import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt, QUrl
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtGui import Qt as GuiQt      # Qt.mightBeRichText lives in QtGui

from conftest import BUNDLED
from timeline_app.core.loader import load_path, load_text
from timeline_app.qt.article_list_model import ARTICLE_ID_ROLE, ArticleListModel
from timeline_app.qt.html_text import NOT_OPENED
from timeline_app.qt.sources_panel import EMPTY_MESSAGE, SourcesPanel

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
def bundled():
    return load_path(BUNDLED).timeline


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


def page(panel):
    return panel.browser.toPlainText()


def link_hrefs(panel):
    document, found = panel.browser.document(), []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            if it.fragment().charFormat().isAnchor():
                found.append(it.fragment().charFormat().anchorHref())
            it += 1
        block = block.next()
    return found


def click_text(qtbot, panel, text):
    browser = panel.browser
    found = browser.document().find(text, 0, QTextDocument.FindFlag.FindCaseSensitively)
    assert not found.isNull(), f"{text!r} is not shown"
    cursor = QTextCursor(browser.document())
    cursor.setPosition((found.selectionStart() + found.selectionEnd()) // 2)
    browser.setTextCursor(cursor)
    browser.ensureCursorVisible()
    qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton,
                     pos=browser.cursorRect(cursor).center())


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
    assert panel.list.accessibleName() and panel.browser.accessibleName()


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
    panel.set_timeline(small)
    panel.show_article("quoted")
    click_header(qtbot, panel, 2)
    assert [row[0] for row in shown_rows(panel)] == \
        ["Only listed", "Nobody cites me", "The quoted <i>article</i>"]   # undated first
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

def test_nothing_chosen_shows_a_hint(panel, bundled):
    assert page(panel).strip() == EMPTY_MESSAGE
    panel.set_timeline(bundled)
    assert page(panel).strip() == EMPTY_MESSAGE
    panel.show_article("no-such-article")
    assert page(panel).strip() == EMPTY_MESSAGE and panel.article_id == ""


def test_choosing_the_babel_article_shows_its_quotes_and_events(qtbot, panel, bundled):
    panel.set_timeline(bundled)
    choose(qtbot, panel, BABEL)
    text = page(panel)
    assert text.lstrip().startswith("1 000-for-1 000 exchange, ceasefire")
    assert "Babel, May 2025" in text and "Olha Bereziuk" in text and "Cited by 6 events" in text
    for citation in (c for c in bundled.citations_of(BABEL) if c.excerpt):
        assert " ".join(citation.excerpt.quote.split()) in " ".join(text.split())
    events = [c.event.id for c in bundled.citations_of(BABEL)]
    assert [h for h in link_hrefs(panel) if h.startswith("event:")] == \
        [f"event:{e}" for e in dict.fromkeys(events)]
    assert text.index("29 March 2022 — Istanbul round") < text.index("16 May 2025 — Direct")
    assert bundled.article(BABEL).url in link_hrefs(panel)


def test_clicking_an_event_of_the_article_asks_for_it(qtbot, panel, bundled):
    panel.set_timeline(bundled)
    panel.show_article(BABEL)
    with qtbot.waitSignal(panel.eventClicked) as clicked:
        click_text(qtbot, panel, "Direct Russia–Ukraine talks in Istanbul")
    assert clicked.args == ["istanbul-talks-2025"]
    with qtbot.waitSignal(panel.openUrlRequested) as opened:
        click_text(qtbot, panel, "Open article")
    assert opened.args == [bundled.article(BABEL).url]


def test_citations_in_date_order_quotes_and_plain_references(qtbot, panel, small):
    panel.set_timeline(small)
    panel.show_article("quoted")
    text = page(panel)
    assert "The quoted <i>article</i>" in text and "Second <b>quote</b>." in text
    assert "Daily, May 2022" in text and "Ann Writer" in text and "Said at noon." in text
    assert text.index("10 May 2022 — The earlier event") < text.index("First quote.") \
        < text.index("1 June 2022 — The later event") < text.index("Second <b>quote</b>.")
    choose(qtbot, panel, "listed")
    text = page(panel)
    assert "1 June 2022 — The later event\ncited as a source" in text
    assert f"javascript:alert(1) {NOT_OPENED}" in text
    assert all(h.startswith("event:") for h in link_hrefs(panel))
    with qtbot.assertNotEmitted(panel.openUrlRequested):
        panel.browser.anchorClicked.emit(QUrl("javascript:alert(1)"))
    choose(qtbot, panel, "unused")
    assert "Not cited by any event" in page(panel)


def test_selected_event_is_marked_without_being_clicked(qtbot, panel, small):
    panel.set_timeline(small)
    panel.show_article("quoted")
    with qtbot.assertNotEmitted(panel.eventClicked):
        panel.set_selected("later")
    assert "1 June 2022 — The later event · selected" in page(panel)
    assert "The earlier event · selected" not in page(panel)
    panel.set_selected("")
    assert "selected" not in page(panel)


def test_reload_keeps_the_chosen_article(panel, small):
    panel.set_timeline(small)
    panel.show_article("quoted")
    panel.set_timeline(load_text(SMALL.replace("First quote.", "First quote, edited.")).timeline)
    assert panel.article_id == "quoted"
    assert "First quote, edited." in page(panel)
    current = panel.list.currentIndex()
    assert current.data(ARTICLE_ID_ROLE) == "quoted"
    panel.set_timeline(load_text(SMALL.replace("id: quoted", "id: renamed")
                                 .replace("article: quoted", "article: renamed")).timeline)
    assert panel.article_id == "" and page(panel).strip() == EMPTY_MESSAGE
