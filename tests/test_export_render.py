"""Drawn exports as a reader gets them: PNG and SVG files of the timeline, the PDF dossier."""
import datetime
import unicodedata
import xml.etree.ElementTree as ET

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QLocale
from PySide6.QtGui import QColor, QImage, QPageSize

from timeline_app.core.loader import load_text
from timeline_app.qt import export_render
from timeline_app.qt.theme import DARK, SYSTEM, apply_theme

SVG = "{http://www.w3.org/2000/svg}"


def day(iso: str) -> float:
    return datetime.date.fromisoformat(iso).toordinal()


@pytest.fixture
def small():
    """Three events in two months, one with a title that is markup."""
    text = """\
title: Small <b>test</b>
events:
  - id: e1
    date: 2024-03-01
    title: Talks open in Geneva
  - id: e2
    date: 2024-03-20
    title: <script>alert(1)</script> & more
  - id: e3
    date: 2024-05-02
    title: A truce is signed
"""
    result = load_text(text)
    assert result.timeline is not None, result.problems
    return result.timeline


def svg_texts(path) -> list[str]:
    root = ET.parse(path).getroot()      # parses: every text was escaped
    return ["".join(node.itertext()) for node in root.iter(SVG + "text")]


def test_png_is_the_requested_size_at_twice_the_pixels(qapp, bundled, tmp_path):
    out = tmp_path / "timeline.png"
    export_render.render_png(bundled, bundled.events, out, size=(1200, 400))
    image = QImage(str(out))
    assert (image.width(), image.height()) == (2400, 800)
    # shown at its logical size by viewers that read the resolution (2 x 96 dpi)
    assert round(image.dotsPerMeterX() * 0.0254) == 192
    # drawn: the lanes' colour strips and marks are there, not one flat colour
    colours = {image.pixel(x, y) for x in range(0, 2400, 37) for y in range(0, 800, 23)}
    assert len(colours) > 20


def test_svg_has_the_size_and_the_titles_as_text(qapp, small, tmp_path):
    out = tmp_path / "timeline.svg"
    export_render.render_svg(small, small.events, out, size=(900, 300))
    root = ET.parse(out).getroot()
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == \
        ("900", "300", "0 0 900 300")
    texts = svg_texts(out)
    for event in small.events:
        assert event.title in texts
    assert "Small <b>test</b>" == root.find(SVG + "title").text
    # marks are shapes, not pictures of them
    assert root.find(f".//{SVG}image") is None


def test_only_the_events_given_are_drawn(qapp, small, tmp_path):
    out = tmp_path / "some.svg"
    export_render.render_svg(small, [small.events[0], small.events[2]], out, size=(900, 300))
    texts = svg_texts(out)
    assert "Talks open in Geneva" in texts and "A truce is signed" in texts
    assert not any("script" in text for text in texts)


def test_a_view_range_draws_that_stretch_only(qapp, small, tmp_path):
    out = tmp_path / "march.svg"
    export_render.render_svg(small, small.events, out, size=(900, 300),
                             view_range=(day("2024-02-25"), day("2024-03-25")))
    texts = svg_texts(out)
    assert "Talks open in Geneva" in texts
    assert "A truce is signed" not in texts       # 2 May is outside


def test_dark_mode_never_leaks_into_an_export(qapp, small, tmp_path):
    apply_theme(DARK)
    try:
        image = export_render.drawn_image(small, small.events, size=(600, 240))
        svg = export_render.overview_svg(small, small.events, 600, 240)
    finally:
        apply_theme(SYSTEM)
    plot = QColor(image.pixel(image.width() - 8, 20))
    assert plot.lightness() > 240
    assert "#1e1e1e" not in svg and "#ffffff" in svg


# -- the PDF ----------------------------------------------------------------------------------

def letters(text: str) -> str:
    """The text without spaces, the font's ligatures (ﬁ) as letters: lines wrap anywhere, and
    a PDF's text extraction guesses spaces from the gaps between glyphs."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def pdf_text(reader) -> str:
    return letters("".join(page.extract_text() for page in reader.pages))


def image_count(page) -> int:
    """The images a PDF page draws (looked up, not decoded)."""
    objects = page["/Resources"].get_object().get("/XObject", {})
    return sum(objects[name].get_object()["/Subtype"] == "/Image" for name in objects)


def test_pdf_has_pages_numbers_text_links_and_the_overview_first(qapp, bundled, tmp_path):
    out = tmp_path / "dossier.pdf"
    pages = export_render.render_pdf(bundled, bundled.events, out,
                                     page_size=QPageSize(QPageSize.PageSizeId.A4))
    reader = PdfReader(out)
    assert len(reader.pages) == pages > 1
    assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == [595, 842]   # A4
    texts = [page.extract_text() for page in reader.pages]
    text = letters("".join(texts))
    for event in bundled.events:
        assert letters(event.title) in text
        for excerpt in event.excerpts:
            assert letters(excerpt.quote) in text
    for k, page_text in enumerate(texts, start=1):
        assert page_text.split()[-3:] == [str(k), "/", str(pages)]
    # the drawn overview is on the first page, as an image
    assert image_count(reader.pages[0]) == 1 and image_count(reader.pages[1]) == 0
    links = {annotation.get_object()["/A"]["/URI"]
             for page in reader.pages for annotation in page.get("/Annots", [])
             if "/A" in annotation.get_object()}
    assert {article.url for article in bundled.articles if article.link} <= links
    # a link to an event in the text goes to that event's place in the file
    assert {f"event-{event.id}" for event in bundled.events} <= set(reader.named_destinations)


def test_pdf_of_a_selection_and_escaped_text(qapp, small, tmp_path):
    out = tmp_path / "two.pdf"
    export_render.render_pdf(small, small.events[1:], out)
    text = pdf_text(PdfReader(out))
    assert letters("<script>alert(1)</script> & more") in text
    assert letters("A truce is signed") in text
    assert "Geneva" not in text


@pytest.mark.parametrize("language, country, paper", [
    (QLocale.Language.English, QLocale.Country.UnitedStates, QPageSize.PageSizeId.Letter),
    (QLocale.Language.French, QLocale.Country.Canada, QPageSize.PageSizeId.Letter),
    (QLocale.Language.English, QLocale.Country.UnitedKingdom, QPageSize.PageSizeId.A4),
    (QLocale.Language.German, QLocale.Country.Germany, QPageSize.PageSizeId.A4)])
def test_the_paper_follows_the_locale(language, country, paper):
    assert export_render.default_page_size(QLocale(language, country)).id() == paper


def test_a_cancelled_pdf_writes_nothing(qapp, bundled, tmp_path):
    out = tmp_path / "cancelled.pdf"
    seen = []

    def progress(what, done, total):
        seen.append((what, done, total))
        return what == export_render.LAYING_OUT or done < 2
    with pytest.raises(export_render.ExportCancelled):
        export_render.render_pdf(bundled, bundled.events, out, progress=progress)
    assert not out.exists()
    assert seen[0] == (export_render.LAYING_OUT, 0, 1)          # 30 events: one piece
    pages = seen[-1][2]
    assert seen[1:] == [(export_render.WRITING, k, pages) for k in range(3)]


def test_a_big_pdf_is_laid_out_by_pieces_that_can_be_stopped(qapp, tmp_path):
    events = "".join(f"  - id: e{k}\n    date: 2024-01-{k % 28 + 1:02d}\n    title: Event {k}\n"
                     for k in range(250))
    timeline = load_text("title: Big\nevents:\n" + events).timeline
    seen = []

    def progress(what, done, total):
        seen.append((what, done, total))
        return done < 1
    with pytest.raises(export_render.ExportCancelled):
        export_render.render_pdf(timeline, timeline.events, tmp_path / "big.pdf",
                                 progress=progress)
    assert seen == [(export_render.LAYING_OUT, 0, 3), (export_render.LAYING_OUT, 1, 3)]
    assert not (tmp_path / "big.pdf").exists()


# -- export_file: the format by the suffix --------------------------------------------------

@pytest.mark.parametrize("name", ["t.html", "t.md", "t.csv", "t.json", "t.png", "t.svg",
                                  "t.pdf", "T.PNG"])
def test_export_file_writes_the_format_its_suffix_names(qapp, small, tmp_path, name):
    out = tmp_path / name
    export_render.export_file(small, small.events[:2], out, size=(700, 260))
    data = out.read_bytes()
    kind = out.suffix.lower()
    magic = {".png": b"\x89PNG", ".pdf": b"%PDF", ".svg": b"<?xml", ".html": b"<!DOCTYPE html>"}
    if kind in magic:
        assert data.startswith(magic[kind])
    if kind in (".html", ".md", ".csv", ".json", ".svg"):
        text = data.decode("utf-8-sig")
        assert "Talks open in Geneva" in text and "A truce is signed" not in text
    if kind == ".html":     # with the overview drawn inline
        assert "<svg" in text and ">Talks open in Geneva</text>" in text
    if kind == ".png":
        assert QImage(str(out)).size().toTuple() == (1400, 520)


def test_export_file_refuses_an_unknown_suffix_in_words(qapp, small, tmp_path):
    with pytest.raises(ValueError, match="'.docx' is not a format"):
        export_render.export_file(small, small.events, tmp_path / "t.docx")
    assert not (tmp_path / "t.docx").exists()


def test_the_current_view_keeps_its_dates_with_a_search(qapp, small, tmp_path):
    """The window's view from 10 March to 3 May, the search keeping only 1 March: the drawing
    still shows that view (the other events faded and unlabelled, as on screen), not the
    span of the events kept."""
    out = tmp_path / "view.svg"
    export_render.render_svg(small, small.events[:1], out, size=(900, 300),
                             view_range=(day("2024-03-10"), day("2024-05-03")))
    texts = svg_texts(out)
    assert {"18 Mar", "1 Apr", "29 Apr"} <= set(texts)
    assert not {event.title for event in small.events} & set(texts)
