"""Drawn exports as a reader gets them: PNG and SVG files of the timeline, the PDF dossier."""
import datetime
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QColor, QImage

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
