"""The detail pane says which quotes were checked against a saved text, and links archives."""
import pytest

from test_event_detail import click_link, hrefs
from timeline_app.core.loader import load_path
from timeline_app.qt.event_detail import EventDetail
from timeline_app.qt.html_text import CHECKED_MARK, NOT_OPENED

ARCHIVE = "https://web.archive.org/web/2022/https://example.org/saved"
TIMELINE = f"""\
title: T
articles:
  - id: saved
    title: A saved article
    publisher: P
    url: https://example.org/saved
    archive_url: {ARCHIVE}
    saved_text: saved.md
  - id: plain
    title: A plain article
    publisher: P
    url: https://example.org/plain
    archive_url: "javascript:alert(1)"
events:
  - id: e
    date: 2022-03-29
    title: E
    excerpts:
      - article: saved
        quote: the sides agreed
      - article: plain
        quote: nobody checked this one
"""


@pytest.fixture
def timeline(tmp_path):
    (tmp_path / "saved.md").write_text("In Istanbul the sides\nagreed to meet.", encoding="utf-8")
    path = tmp_path / "t.yaml"
    path.write_text(TIMELINE, encoding="utf-8")
    result = load_path(path)
    assert result.errors == ()
    return result.timeline


@pytest.fixture
def detail(qtbot, timeline):
    widget = EventDetail()
    widget.resize(900, 560)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_timeline(timeline)
    return widget


def test_only_the_quote_checked_against_its_saved_text_is_marked(detail):
    detail.set_selected("e")
    text = detail.plain_text()
    assert text.count(CHECKED_MARK) == 1
    assert text.index("the sides agreed") < text.index(CHECKED_MARK) < \
        text.index("nobody checked this one")


def test_the_article_page_marks_its_checked_quotes(detail):
    detail.show_article("saved")
    assert CHECKED_MARK in detail.plain_text()
    detail.show_article("plain")
    assert CHECKED_MARK not in detail.plain_text()


def test_archived_copy_opens_beside_the_article_link(qtbot, detail):
    detail.set_selected("e")
    assert "Archived copy ↗" in detail.plain_text()
    assert ARCHIVE in hrefs(detail)
    with qtbot.waitSignal(detail.openUrlRequested) as opened:
        click_link(qtbot, detail, ARCHIVE)
    assert opened.args == [ARCHIVE]


def test_an_unsafe_archive_address_is_shown_never_linked(detail):
    detail.show_article("plain")
    text = detail.plain_text()
    assert "javascript:alert(1)" in text and NOT_OPENED in text
    assert not any(href.startswith("javascript") for href in hrefs(detail))


def test_the_article_page_links_the_archived_copy(detail):
    detail.show_article("saved")
    assert ARCHIVE in hrefs(detail) and "Archived copy ↗" in detail.plain_text()
