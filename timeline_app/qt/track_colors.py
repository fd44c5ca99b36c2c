"""One colour per track, the same in the timeline and the event list, for light and dark."""
from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from timeline_app.core.model import Timeline

OTHER_LANE = "Other"      # the lane, and the chip, of events that name no track

# Hues chosen to stay apart for common colour-vision deficiencies (Okabe-Ito order).
_HUES = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#A07A00", "#7F7F7F")


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def track_color(timeline: Timeline | None, track_id: str, palette: QPalette) -> QColor:
    """The colour of a track (grey for events without one), lighter on a dark palette."""
    ids = [t.id for t in timeline.tracks] if timeline else []
    if track_id not in ids:
        color = QColor("#8a8a8a")
    else:
        color = QColor(_HUES[ids.index(track_id) % len(_HUES)])
    return color.lighter(135) if is_dark(palette) else color
