"""The event detail: a reader sees the chosen event typeset, follows its links, sees matches."""
import pytest
from PySide6.QtCore import QUrl, Qt
from PySide6.QtGui import QColor, QFont, QPalette, QTextCursor, QTextDocument

from timeline_app.core.loader import load_text
from timeline_app.qt.event_detail import NO_TIMELINE_MESSAGE, NOTHING_OPEN_MESSAGE
from timeline_app.qt.html_text import NOT_OPENED, marked, match_spans

ODD = """\
title: Odd timeline
tracks:
  - id: talks
    name: Talks
articles:
  - id: good
    title: A good article
    publisher: The Paper
    author: Ann Writer
    date: 2022-04-02
    url: https://example.org/good?a=1&b=2
  - id: script
    title: A scripted article
    publisher: Mischief
    url: "javascript:alert(1)"
  - id: local
    title: A local file
    publisher: Disk
    url: file:///etc/passwd
events:
  - id: day
    date: 2022-03-29
    title: "<b>Bold</b> & <i>sly</i> title"
    place: Straße am Dolmabahçe
    track: talks
    tags: [odd tag & more/ü%20, plain]
    summary: "<b>loud</b> <script>alert(1)</script>\\n\\nSecond paragraph."
    excerpts:
      - article: good
        quote: "<a href='https://evil.example'>click me</a> said Umerov"
        note: A <i>note</i>.
      - article: script
        quote: Quoted from a script link.
    sources: [local]
    related: [month]
  - id: month
    date: 2022-04
    title: Some time in April
    sources: [good]
  - id: year
    date: 2023
    title: Some time in 2023
    sources: [good]
  - id: range
    date: 2025-05-23
    end: 2025-05-25
    title: Three days in May
    sources: [good]
"""


@pytest.fixture(scope="module")
def odd():
    return load_text(ODD).timeline


@pytest.fixture
def detail(open_detail):
    return open_detail(900, 560)


def showing(detail, timeline, event_id):
    detail.set_timeline(timeline)
    detail.set_selected(event_id)
    return detail.plain_text()


def fragments(document: QTextDocument):
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            yield it.fragment()
            it += 1
        block = block.next()


def hrefs(detail):
    """The links on the page (not the named places a page can scroll to)."""
    return [f.charFormat().anchorHref() for f in fragments(detail.browser.document())
            if f.charFormat().isAnchor() and f.charFormat().anchorHref()]


def click_link(qtbot, detail, href):
    """Click the middle of the link's text, the way a reader would."""
    browser = detail.browser
    fragment = next(f for f in fragments(browser.document())
                    if f.charFormat().anchorHref() == href)
    cursor = QTextCursor(browser.document())
    cursor.setPosition(fragment.position() + fragment.length() // 2)
    browser.setTextCursor(cursor)
    browser.ensureCursorVisible()
    point = browser.cursorRect(cursor).center()
    qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=point)


def char_formats(detail, text):
    """The character format of each character of the first place `text` is shown."""
    found = detail.browser.document().find(text, 0, QTextDocument.FindFlag.FindCaseSensitively)
    assert not found.isNull(), f"{text!r} is not shown"
    cursor = QTextCursor(detail.browser.document())
    formats = []
    for position in range(found.selectionStart() + 1, found.selectionEnd() + 1):
        cursor.setPosition(position)
        formats.append(cursor.charFormat())
    return formats


def is_marked(fmt):
    return fmt.background().style() != Qt.BrushStyle.NoBrush


# ---- what a reader sees -------------------------------------------------------------------

def test_nothing_selected_shows_the_title_page(detail, bundled):
    said = NOTHING_OPEN_MESSAGE.replace("\u00a0", " ")    # toPlainText() gives plain spaces
    assert detail.plain_text().strip() == said
    assert showing(detail, bundled, "").startswith(bundled.title)
    assert showing(detail, bundled, "no-such-event").startswith(bundled.title)
    detail.set_timeline(None)
    assert detail.plain_text().strip() == said
    detail.set_file_path("/tmp/broken.yaml")          # a file whose errors keep it off screen
    assert detail.plain_text().strip() == NO_TIMELINE_MESSAGE.replace("\u00a0", " ")


def test_shows_title_date_facts_and_summary(detail, bundled):
    text = showing(detail, bundled, "istanbul-talks-2025")
    assert text.lstrip().startswith("Direct Russia–Ukraine talks in Istanbul")
    assert "16 May 2025" in text and "known)" not in text
    assert "Dolmabahçe Palace, Istanbul, Türkiye" in text
    assert "Rustem Umerov, Vladimir Medinsky, Hakan Fidan" in text
    assert "Russia–Ukraine talks and drafts" in text
    assert "direct-talks, istanbul, turkiye, prisoner-exchange, ceasefire" in text
    assert "with Türkiye's foreign\nminister" not in text   # folded YAML reads as one paragraph
    assert "foreign minister Hakan Fidan in the chair" in text


@pytest.mark.parametrize("event_id, shown", [
    ("day", "29 March 2022\n"),
    ("month", "April 2022 (day not known)"),
    ("year", "2023 (month and day not known)"),
    ("range", "23–25 May 2025\n"),
])
def test_date_reads_as_precisely_as_it_is_known(detail, odd, event_id, shown):
    assert shown in showing(detail, odd, event_id)


def test_excerpts_from_one_article_share_one_attribution_with_each_note(detail, bundled):
    text = showing(detail, bundled, "istanbul-talks-2025")
    event = bundled.event("istanbul-talks-2025")
    assert len(event.excerpts) == 8
    assert text.count("— Olha Bereziuk, Babel, May 2025") == 1
    flat = " ".join(text.split())
    positions = [flat.index(" ".join(excerpt.quote.split())) for excerpt in event.excerpts]
    assert positions == sorted(positions), "the quotes keep their order"
    assert positions[-1] < flat.index("— Olha Bereziuk"), "the attribution follows the group"
    assert "Rustem Umerov at a press briefing, as quoted by Babel." in text
    assert "What delegations talked about in Istanbul" in text
    article = bundled.article("babel-istanbul-2025")
    assert hrefs(detail).count(article.url) == 1
    assert "Other sources" in text and "LIGA.net, 16 May 2025" in text


def test_related_events_are_listed_with_date_and_title_in_date_order(detail, bundled):
    text = showing(detail, bundled, "istanbul-talks-2025")
    related = text[text.index("Related"):]
    assert "29 March 2022 — Istanbul round and the Istanbul Communiqué" in related
    assert "23–25 May 2025 — The 1,000-for-1,000 prisoner exchange" in related
    assert related.index("29 March 2022") < related.index("11 May 2025")


def test_html_in_the_file_shows_literally(detail, odd):
    text = showing(detail, odd, "day")
    assert "<b>Bold</b> & <i>sly</i> title" in text
    assert "<b>loud</b> <script>alert(1)</script>" in text
    assert "<a href='https://evil.example'>click me</a> said Umerov" in text
    assert "A <i>note</i>." in text
    assert all(fmt.fontWeight() < QFont.Weight.DemiBold for fmt in char_formats(detail, "loud"))
    assert not any(fmt.fontItalic() for fmt in char_formats(detail, "Second paragraph"))
    assert "https://evil.example" not in hrefs(detail)


# ---- links ----------------------------------------------------------------------------------

def test_clicking_a_related_event_asks_for_it(qtbot, detail, odd):
    showing(detail, odd, "day")
    with qtbot.waitSignal(detail.eventClicked) as clicked:
        click_link(qtbot, detail, "event:month")
    assert clicked.args == ["month"]
    assert "<b>Bold</b>" in detail.plain_text(), "the page itself does not navigate"


def test_clicking_a_tag_asks_for_it_even_with_odd_characters(qtbot, detail, odd):
    showing(detail, odd, "day")
    odd_href = next(h for h in hrefs(detail) if h.startswith("tag:odd"))
    with qtbot.waitSignal(detail.tagClicked) as clicked:
        click_link(qtbot, detail, odd_href)
    assert clicked.args == ["odd tag & more/ü%20"]
    with qtbot.waitSignal(detail.tagClicked) as clicked:
        detail.browser.anchorClicked.emit(QUrl("tag:plain"))
    assert clicked.args == ["plain"]


def test_open_article_asks_to_open_a_web_link(qtbot, detail, odd):
    showing(detail, odd, "day")
    with qtbot.waitSignal(detail.openUrlRequested) as opened:
        click_link(qtbot, detail, "https://example.org/good?a=1&b=2")
    assert opened.args == ["https://example.org/good?a=1&b=2"]


def test_unsafe_article_addresses_are_shown_never_linked(qtbot, detail, odd):
    text = showing(detail, odd, "day")
    assert f"javascript:alert(1) {NOT_OPENED}" in text
    assert f"file:///etc/passwd {NOT_OPENED}" in text
    assert all(h.startswith(("https://", "event:", "tag:", "article:")) for h in hrefs(detail))
    page = detail.browser.toHtml()
    assert 'href="javascript' not in page and 'href="file' not in page
    with qtbot.assertNotEmitted(detail.openUrlRequested), \
            qtbot.assertNotEmitted(detail.eventClicked), qtbot.assertNotEmitted(detail.tagClicked):
        for url in ("javascript:alert(1)", "file:///etc/passwd", "https://", "data:text/html,x"):
            detail.browser.anchorClicked.emit(QUrl(url))


def test_showing_an_event_is_not_clicking_it(qtbot, detail, odd):
    with qtbot.assertNotEmitted(detail.eventClicked):
        detail.set_timeline(odd)
        detail.set_selected("day")
        detail.set_selected("month")
    assert "Some time in April" in detail.plain_text()


# ---- search matches -------------------------------------------------------------------------

def test_search_terms_are_marked_in_every_field(detail, bundled):
    showing(detail, bundled, "istanbul-talks-2025")
    assert not any(is_marked(f) for f in char_formats(detail, "Rustem Umerov"))
    detail.set_highlight(["umerov", "DOLMABAHCE"])
    # People, then the summary, then a quote: each 'Umerov' is marked, its neighbours are not.
    document = detail.browser.document()
    cursor = document.find("Umerov", 0, QTextDocument.FindFlag.FindCaseSensitively)
    seen = 0
    while not cursor.isNull():
        probe = QTextCursor(document)
        for position, expected in ((cursor.selectionStart(), False),
                                   (cursor.selectionStart() + 1, True),
                                   (cursor.selectionEnd(), True),
                                   (cursor.selectionEnd() + 1, False)):
            probe.setPosition(position)
            if probe.atBlockStart():
                continue   # the format there is the next character's, not the previous one's
            assert is_marked(probe.charFormat()) == expected, (seen, position)
        seen += 1
        cursor = document.find("Umerov", cursor, QTextDocument.FindFlag.FindCaseSensitively)
    assert seen >= 5
    assert all(is_marked(f) for f in char_formats(detail, "Dolmabahçe"))
    assert not any(is_marked(f) for f in char_formats(detail, " Palace"))
    detail.set_highlight([])
    assert not any(is_marked(f) for f in char_formats(detail, "Umerov"))


def test_marks_survive_escaping_and_accents(detail, odd):
    showing(detail, odd, "day")
    detail.set_highlight(["strasse", "bold", "umerov"])
    assert all(is_marked(f) for f in char_formats(detail, "Straße"))
    assert not any(is_marked(f) for f in char_formats(detail, " am"))
    assert [is_marked(f) for f in char_formats(detail, "<b>Bold</b>")] == \
        [False] * 3 + [True] * 4 + [False] * 4
    assert "<b>Bold</b> & <i>sly</i> title" in detail.plain_text()


def test_match_positions_follow_folding_that_changes_length():
    assert match_spans("Große Straße", ["strasse"]) == [(6, 12)]
    assert match_spans("Cafe\u0301 au lait", ["cafe"]) == [(0, 5)]   # the accent goes along
    assert match_spans("ﬁne ﬁnish", ["fin"]) == [(0, 2), (4, 6)]   # 'ﬁ' is one character
    assert match_spans("umerov Umerov", ["UMEROV", "rov u"]) == [(0, 13)]
    assert match_spans("anything", ["", " "]) == []


def test_marked_text_is_escaped_outside_and_inside_the_mark():
    assert marked("<b>Umerov</b>", ["umerov"]) == \
        '&lt;b&gt;<span class="hl">Umerov</span>&lt;/b&gt;'
    assert marked("R&D amp", ["amp"]) == 'R&amp;D <span class="hl">amp</span>'
    assert marked("a<b", ["<"]) == 'a<span class="hl">&lt;</span>b'


# ---- following the palette and reloads ------------------------------------------------------

def test_page_follows_a_dark_palette(detail, bundled):
    showing(detail, bundled, "istanbul-talks-2025")
    dark = QPalette(detail.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Window, QColor("#2d2d2d"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
    dark.setColor(QPalette.ColorRole.Link, QColor("#6cb4ff"))
    detail.setPalette(dark)
    style = detail.browser.document().defaultStyleSheet()
    assert "color: #e6e6e6" in style and "color: #6cb4ff" in style
    assert "Direct Russia–Ukraine talks in Istanbul" in detail.plain_text()


def test_reload_keeps_the_event_and_shows_the_new_text(detail, odd):
    showing(detail, odd, "month")
    detail.set_highlight(["april"])
    changed = load_text(ODD.replace("Some time in April", "Some day in April")).timeline
    detail.set_timeline(changed)
    assert "Some day in April" in detail.plain_text()
    assert all(is_marked(f) for f in char_formats(detail, "April"))


def test_search_words_not_in_the_event_do_not_lay_the_page_out_again(detail, bundled,
                                                                      monkeypatch):
    showing(detail, bundled, "istanbul-round-2022")
    pages = []
    real_set_html = detail.browser.setHtml
    monkeypatch.setattr(detail.browser, "setHtml", lambda page: (pages.append(page),
                                                                 real_set_html(page)))
    detail.set_highlight(["zzzz"])                 # in no field of this event
    detail.set_highlight(["zzzzq"])
    assert pages == []
    detail.set_highlight(["istanbul"])             # in its title: highlighted
    assert len(pages) == 1 and "Istanbul" in detail.plain_text()
