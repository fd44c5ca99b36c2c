"""WCAG 2 AA contrast, light and dark: 4.5:1 for every text, 3:1 for every mark, computed from
the colours the app really paints with (qt/theme.py's palettes, the drawn timeline's colours
and track colours, the detail pane's style sheet)."""
import re

import pytest
from PySide6.QtGui import QColor, QFont, QPalette

from timeline_app.core.model import Timeline, Track
from timeline_app.qt.html_text import HIGHLIGHT_CLASS, page_style
from timeline_app.qt.theme import DARK, LIGHT, palette_for
from timeline_app.qt.timeline_view import _Colors
from timeline_app.qt.track_colors import _HUES, contrast_ratio, track_color

TEXT, MARK = 4.5, 3.0
Role = QPalette.ColorRole


def failures(pairs, minimum):
    """(name, ratio) of each (name, foreground, background) below the minimum."""
    ratios = [(name, round(contrast_ratio(QColor(fg), QColor(bg)), 2)) for name, fg, bg in pairs]
    return [(name, ratio) for name, ratio in ratios if ratio < minimum]


def test_contrast_ratio_is_wcags():
    assert contrast_ratio(QColor("black"), QColor("white")) == pytest.approx(21)
    assert contrast_ratio(QColor("#777777"), QColor("white")) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio(QColor("#767676"), QColor("#ffffff")) == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("theme", [LIGHT, DARK])
def test_palette_texts_read_on_their_backgrounds(qapp, theme):
    palette = palette_for(theme)
    pairs = [(f"{fg.name} on {bg.name}", palette.color(fg), palette.color(bg)) for fg, bg in (
        (Role.Text, Role.Base), (Role.Text, Role.AlternateBase), (Role.WindowText, Role.Window),
        (Role.ButtonText, Role.Button), (Role.HighlightedText, Role.Highlight),
        (Role.Link, Role.Base), (Role.Link, Role.Window), (Role.LinkVisited, Role.Base),
        (Role.PlaceholderText, Role.Base), (Role.PlaceholderText, Role.AlternateBase),
        (Role.ToolTipText, Role.ToolTipBase))]
    assert failures(pairs, TEXT) == []


@pytest.mark.parametrize("theme", [LIGHT, DARK])
def test_timeline_texts_and_track_marks_stand_out_from_the_lanes(qapp, theme):
    palette = palette_for(theme)
    colors = _Colors(palette)
    lanes = {"base": colors.base, "alternate lane": colors.lane_alt, "names column": colors.window}
    # The plot's texts (axis labels, lane hints and their links, labels) are on the lanes; the
    # track names on the names column.
    texts = [(f"{name} on {lane}", fg, lanes[lane]) for lane in ("base", "alternate lane")
             for name, fg in (("dim", colors.dim), ("link", colors.link), ("text", colors.text))]
    texts.append(("track name", colors.window_text, colors.window))
    assert failures(texts, TEXT) == []
    timeline = Timeline(title="t", events=(),
                        tracks=tuple(Track(id=f"t{k}", name=f"t{k}") for k in range(len(_HUES))))
    marks = [(f"track {track} on {lane}", track_color(timeline, track, palette), bg)
             for track in [f"t{k}" for k in range(len(_HUES))] + ["no track"]
             for lane, bg in lanes.items()]
    assert failures(marks, MARK) == []


@pytest.mark.parametrize("theme", [LIGHT, DARK])
def test_detail_pane_muted_and_marked_text_reads(qapp, theme):
    palette = palette_for(theme)
    style = page_style(palette, QFont())
    muted = re.search(r"\.muted, \.note \{ color: (#\w+); \}", style)[1]
    marked = re.search(rf"\.{HIGHLIGHT_CLASS} \{{ background-color: (#\w+); color: (#\w+)", style)
    hidden = re.search(r"td\.hidden-note \{ background-color: (#\w+); color: (#\w+)", style)
    base = palette.color(Role.Base)         # the detail's page
    pairs = [("muted on base", muted, base),
             ("search match", marked[2], marked[1]), ("hidden-events note", hidden[2], hidden[1])]
    assert failures(pairs, TEXT) == []
