"""Exports as a reader gets them: every title and quote there, links intact, text escaped, no
request leaving an HTML page, a CSV a spreadsheet cannot be tricked by, TimelineJS's fields."""
import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest

from timeline_app.core.citations import markdown_escaped
from timeline_app.core.dates import DateError, parse_date
from timeline_app.core.export_csv import HEADER, to_csv
from timeline_app.core.export_html import to_html
from timeline_app.core.export_markdown import to_markdown
from timeline_app.core.export_selection import select_events
from timeline_app.core.export_timelinejs import to_timelinejs
from timeline_app.core.exports import export_bytes
from timeline_app.core.loader import load_text
from timeline_app.core.search import EventFilter, SearchIndex

HOSTILE = """\
title: "<script>alert(1)</script> & *Talks*"
description: |-
  A line with <b>tags</b>.
  # not a heading
tracks:
  - id: talks
    name: Talks <direct>
  - id: swaps
    name: Prisoner swaps
eras:
  - name: Spring <era>
    start: 2022-03
    end: 2022-05-15
articles:
  - id: good
    title: "A *good* [article]"
    publisher: The Paper
    author: Ann Writer
    date: 2022-04
    url: "https://example.org/good_(1)?a=1&b=2"
  - id: script
    title: A scripted article
    publisher: Mischief
    url: "javascript:alert(1)"
  - id: other
    title: Other report
    publisher: Wire
    url: https://wire.example/other
events:
  - id: day
    date: 2022-03-29
    end: 2022-03-30
    title: "<script>alert(1)</script>"
    place: Dolmabahçe
    people: [Ann, "=Bob"]
    track: talks
    tags: [a, b]
    summary: "=HYPERLINK(\\"https://evil.example\\")\\nsecond line"
    excerpts:
      - article: good
        quote: "First *quoted* line, an iframe and spotify? png?\\n# not a heading"
        note: Ann, at a briefing.
      - article: script
        quote: From a script <img src=x onerror=alert(1)>.
    sources: [other]
  - id: month
    date: 2022-04
    title: "+Some time in April"
    track: swaps
    tags: [b]
    sources: [good]
  - id: year
    date: 2023
    title: "@A year later #"
    track: swaps
    excerpts:
      - article: other
        quote: Said in 2023.
"""
QUOTES = ["First *quoted* line, an iframe and spotify? png?\n# not a heading",
          "From a script <img src=x onerror=alert(1)>.", "Said in 2023."]
TITLES = ["<script>alert(1)</script>", "+Some time in April", "@A year later #"]


@pytest.fixture(scope="module")
def hostile():
    result = load_text(HOSTILE)
    assert not result.error_count, result.problems
    return result.timeline


class Page(HTMLParser):
    """An HTML page as a browser reads it: tags with attributes, and the text shown."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.pieces: list[str] = []
        self.style = ""
        self._in_style = False
        self.feed(html)
        self.text = "".join(self.pieces)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"
        if tag == "br":
            self.pieces.append("\n")

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.style += data
        else:
            self.pieces.append(data)

    def hrefs(self, tag="a"):
        return [attrs.get("href") for name, attrs in self.tags if name == tag]


# ---- which events ------------------------------------------------------------------------

def test_select_events_keeps_what_the_windows_search_keeps(bundled):
    index = SearchIndex(bundled)
    for query in ("istanbul", "prisoner exchange", "may 2025", "zelensky"):
        wanted = sorted(index.matching(EventFilter(query)))
        assert [bundled.events.index(e) for e in select_events(bundled, query)] == wanted
        assert wanted


def test_tags_must_all_be_there_tracks_any_and_dates_overlap(hostile):
    ids = lambda **kw: [e.id for e in select_events(hostile, **kw)]  # noqa: E731
    assert ids() == ["day", "month", "year"]
    assert ids(tags=["b"]) == ["day", "month"] and ids(tags=["a", "b"]) == ["day"]
    assert ids(tracks=["talks", "swaps"]) == ["day", "month", "year"]
    assert ids(tracks=["swaps"]) == ["month", "year"]
    # An event dated "April 2022" overlaps 30 April; one of 29-30 March overlaps 30 March.
    assert ids(start=parse_date("2022-04-30")) == ["month", "year"]
    assert ids(start=parse_date("2022-03-30"), end=parse_date("2022-04-01")) == ["day", "month"]
    assert ids(end=parse_date("2022")) == ["day", "month"]
    assert ids(query="april", tracks=["swaps"], end=parse_date("2022-12")) == ["month"]
    with pytest.raises(DateError):
        select_events(hostile, start=parse_date("2023"), end=parse_date("2022"))


# ---- HTML ---------------------------------------------------------------------------------

def test_html_has_every_title_and_quote_escaped(hostile):
    html = to_html(hostile, list(hostile.events), "")
    page = Page(html)
    assert [name for name, _ in page.tags].count("script") == 0
    assert "img" not in [name for name, _ in page.tags]
    for text in TITLES + [hostile.title, "Dolmabahçe", "Ann, at a briefing.", "Talks <direct>",
                          "=HYPERLINK(\"https://evil.example\")\nsecond line"]:
        assert text in page.text
    for quote in QUOTES:
        assert quote in page.text
    assert "29\u201330 March 2022" in page.text and "April 2022 (day not known)" in page.text
    assert "2023 (month and day not known)" in page.text


def test_html_requests_nothing_from_anywhere(bundled):
    page = Page(to_html(bundled, list(bundled.events),
                        '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
                        'width="10" height="10"><text x="1" y="9">T</text></svg>'))
    names = [name for name, _ in page.tags]
    assert not {"script", "link", "img", "iframe", "object", "embed", "video", "audio",
                "source", "base"} & set(names)
    for name, attrs in page.tags:
        for key in ("src", "srcset", "poster", "data", "action", "xlink:href", "background"):
            assert key not in attrs, (name, attrs)
        if name != "a" and "href" in attrs:
            assert not re.match(r"\s*(https?:)?//", attrs["href"]), (name, attrs)
    assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//|@import", page.style, re.IGNORECASE)
    policy = [attrs["content"] for name, attrs in page.tags
              if name == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"]
    assert policy == ["default-src 'none'; style-src 'unsafe-inline'; img-src data:"]
    assert names.count("svg") == 1 and "<?xml" not in to_html(bundled, [], "<?xml ?><svg/>")
    # The page reads on a phone and prints
    assert ("viewport", "width=device-width, initial-scale=1") in [
        (attrs.get("name"), attrs.get("content")) for name, attrs in page.tags if name == "meta"]
    assert "@media print" in page.style and "max-width" in page.style


def test_html_links_and_anchors_lead_where_they_say(hostile, bundled):
    page = Page(to_html(hostile, list(hostile.events)))
    ids = {attrs["id"] for _, attrs in page.tags if "id" in attrs}
    assert {"event-day", "event-month", "event-year", "source-good", "source-other",
            "source-script"} <= ids
    hrefs = page.hrefs()
    assert all(href[1:] in ids for href in hrefs if href.startswith("#"))
    assert "https://example.org/good_(1)?a=1&b=2" in hrefs
    assert not [href for href in hrefs if "javascript" in href]
    assert "javascript:alert(1) (not an http/https address)" in page.text
    assert [name for name, _ in page.tags].count("blockquote") == 3
    assert "figure" not in [name for name, _ in page.tags]      # no overview given: none
    bundled_page = Page(to_html(bundled, list(bundled.events)))
    links = {article.link for article in bundled.articles if article.link}
    assert links == {h for h in bundled_page.hrefs() if not h.startswith("#")}
    assert all(event.title in bundled_page.text for event in bundled.events)
    assert all(excerpt.quote.strip() in bundled_page.text
               for event in bundled.events for excerpt in event.excerpts)


# ---- Markdown -----------------------------------------------------------------------------

def test_markdown_shows_file_text_literally(hostile):
    markdown = to_markdown(hostile, list(hostile.events))
    assert markdown.startswith("# \\<script\\>alert(1)\\</script\\> \\& \\*Talks\\*\n")
    assert "## \\<script\\>alert(1)\\</script\\>\n" in markdown
    assert "## @A year later \\#\n" in markdown       # a closing '#' would vanish
    assert "\\# not a heading" in markdown and "\n# not" not in markdown
    for quote in QUOTES:
        for line in quote.splitlines():
            assert f"> {markdown_escaped(line)}" in markdown
    assert "<https://wire.example/other>" in markdown
    assert "](javascript" not in markdown and "<javascript" not in markdown
    assert "**29\u201330 March 2022** \u00b7 Dolmabahçe" in markdown


def test_markdown_reads_back_as_the_files_text(hostile, qapp):
    """Qt's CommonMark reader (md4c) shows every title, quote line and address as written."""
    from PySide6.QtGui import QTextDocument
    document = QTextDocument()
    document.setMarkdown(to_markdown(hostile, list(hostile.events)))
    shown = document.toPlainText()
    for text in TITLES + [hostile.title, "=HYPERLINK(\"https://evil.example\")",
                          "https://example.org/good_(1)?a=1&b=2",
                          "javascript:alert(1) (not an http/https address)"]:
        assert text in shown
    assert all(line in shown for quote in QUOTES for line in quote.splitlines())


# ---- CSV ----------------------------------------------------------------------------------

def test_csv_is_one_row_per_event_and_reads_back(hostile, tmp_path):
    path = tmp_path / "events.csv"
    path.write_bytes(export_bytes(hostile, list(hostile.events), ".csv"))
    assert path.read_bytes().startswith(b"\xef\xbb\xbfid,date,")
    with open(path, newline="", encoding="utf-8-sig") as file:
        rows = list(csv.reader(file))
    assert rows[0] == list(HEADER)
    assert [row[0] for row in rows[1:]] == ["day", "month", "year"]
    day, month, year = (dict(zip(HEADER, row)) for row in rows[1:])
    assert day["date"] == "2022-03-29" and day["end"] == "2022-03-30"
    assert month["date"] == "2022-04" and year["date"] == "2023"
    assert day["title"] == "<script>alert(1)</script>" and day["place"] == "Dolmabahçe"
    assert day["people"] == "Ann; =Bob" and day["tags"] == "a; b" and day["track"] == "Talks <direct>"
    assert day["excerpts"] == "2"
    assert day["source_urls"].splitlines() == ["https://example.org/good_(1)?a=1&b=2",
                                               "javascript:alert(1)", "https://wire.example/other"]
    # Cells a spreadsheet would run as formulas start with an apostrophe
    assert day["summary"] == "'=HYPERLINK(\"https://evil.example\")\nsecond line"
    assert month["title"] == "'+Some time in April" and year["title"] == "'@A year later #"


def test_csv_cells_never_start_a_formula(bundled):
    text = to_csv(bundled, list(bundled.events))
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert len(rows) == len(bundled.events) + 1
    assert not [cell for row in rows for cell in row if cell[:1] in ("=", "+", "-", "@")]


# ---- TimelineJS ---------------------------------------------------------------------------

# TimelineJS 3's media types tried before "blockquote" (src/js/media/MediaType.js), as
# JavaScript runs them: String.match without flags, except the image pattern (/i).
TIMELINEJS_EARLIER_TYPES = [
    r"^(https?:)?/*(www.)?youtube|youtu\.be", r"^(https?:)?/*(player.)?vimeo\.com",
    r"google.+?/maps/", r"^(https?:)?/*(www.)?flickr.com/photos", r"documentcloud.org/",
    r"(?i)(jpg|jpeg|png|gif|svg)(\?.*)?$", r"spotify", r"iframe"]


def test_timelinejs_has_the_documented_fields(hostile):
    document = json.loads(export_bytes(hostile, list(hostile.events), ".json"))
    assert document["title"]["text"]["headline"] == \
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; *Talks*"
    day, month, year = document["events"]
    assert [e["unique_id"] for e in document["events"]] == ["day", "month", "year"]
    assert day["start_date"] == {"year": 2022, "month": 3, "day": 29}
    assert day["end_date"] == {"year": 2022, "month": 3, "day": 30}
    assert month["start_date"] == {"year": 2022, "month": 4} and "end_date" not in month
    assert year["start_date"] == {"year": 2023}
    assert day["text"]["headline"] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert (day["group"], month["group"]) == ("Talks &lt;direct&gt;", "Prisoner swaps")
    assert document["eras"] == [{"start_date": {"year": 2022, "month": 3},
                                 "end_date": {"year": 2022, "month": 5, "day": 15},
                                 "text": {"headline": "Spring &lt;era&gt;"}}]
    media = day["media"]
    assert media["url"].startswith("<blockquote>") and media["url"].endswith("</blockquote>")
    assert Page(media["url"]).text == QUOTES[0]
    assert "Ann, at a briefing." in media["credit"] and "Ann Writer" in media["credit"]
    assert media["link"] == "https://example.org/good_(1)?a=1&b=2"
    # The other quotes are in the slide's text, escaped; the unsafe address is no link
    assert Page(day["text"]["text"]).text.count(QUOTES[1]) == 1
    assert "<img" not in day["text"]["text"] and 'href="javascript' not in day["text"]["text"]
    assert "month" not in [e["unique_id"] for e in document["events"] if "media" in e]


def test_timelinejs_shows_every_quote_as_a_quote(hostile, bundled):
    for timeline in (hostile, bundled):
        for slide in to_timelinejs(timeline, list(timeline.events))["events"]:
            if "media" in slide:
                url = slide["media"]["url"]
                assert not [p for p in TIMELINEJS_EARLIER_TYPES if re.search(p, url)], url
                assert "blockquote" in url


# ---- filters narrow every format ----------------------------------------------------------

@pytest.mark.parametrize("suffix", [".html", ".md", ".csv", ".json"])
def test_a_filter_narrows_each_format(bundled, suffix):
    kept = select_events(bundled, tags=["prisoner-exchange"])
    left_out = [e for e in bundled.events if e not in kept]
    assert kept and left_out
    text = export_bytes(bundled, kept, suffix).decode("utf-8")
    if suffix == ".json":
        assert [e["unique_id"] for e in json.loads(text)["events"]] == [e.id for e in kept]
    elif suffix == ".csv":
        assert len(list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))) == len(kept) + 1
    else:
        shown = Page(text).text if suffix == ".html" else text
        title = (lambda e: e.title) if suffix == ".html" else (lambda e: markdown_escaped(e.title))
        assert all(title(e) in shown for e in kept)
        assert not [e for e in left_out if title(e) in shown]


ARCHIVED = """\
title: Archived
articles:
  - id: kept
    title: Kept
    publisher: The Paper
    url: https://example.org/kept
    archive_url: https://web.archive.org/web/2022/https://example.org/kept
  - id: sly
    title: Sly
    publisher: The Paper
    url: https://example.org/sly
    archive_url: "javascript:alert(1)"
events:
  - id: one
    date: 2022-03-29
    title: One
    sources: [kept, sly]
"""


def test_html_and_markdown_name_a_safe_archived_copy_beside_the_article():
    timeline = load_text(ARCHIVED).timeline
    archive = "https://web.archive.org/web/2022/https://example.org/kept"
    page = Page(to_html(timeline, timeline.events))
    links = [attrs for tag, attrs in page.tags if tag == "a" and attrs.get("href") == archive]
    assert links and all(attrs.get("rel") == "noreferrer" for attrs in links)
    assert "archived copy" in page.text
    markdown = to_markdown(timeline, timeline.events)
    assert f"<https://example.org/kept>, archived copy <{archive}>" in markdown
    for text in (to_html(timeline, timeline.events), markdown):
        assert "javascript" not in text
