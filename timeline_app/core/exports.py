"""The text formats of an export by file suffix: what the command line and the window write."""
from __future__ import annotations

from timeline_app.core.model import Event, Timeline

TEXT_SUFFIXES = (".html", ".md", ".csv", ".json")
DRAWN_SUFFIXES = (".pdf", ".png", ".svg")      # need Qt: qt/export_render.py


def export_bytes(timeline: Timeline, events: list[Event], suffix: str, overview_svg: str = "",
                 title_note: str = "") -> bytes:
    """The file's content for a text format (suffix with its dot, any case)."""
    # The writers are imported when an export is asked for, not at every start of the window
    # (the command line reads the suffixes above to check its arguments).
    from timeline_app.core.export_csv import to_csv
    from timeline_app.core.export_html import to_html
    from timeline_app.core.export_markdown import to_markdown
    from timeline_app.core.export_timelinejs import to_timelinejs
    suffix = suffix.lower()
    if suffix in (".html", ".htm"):
        text = to_html(timeline, events, overview_svg, title_note)
    elif suffix in (".md", ".markdown"):
        text = to_markdown(timeline, events, title_note)
    elif suffix == ".csv":
        text = to_csv(timeline, events)
    elif suffix == ".json":
        import json
        text = json.dumps(to_timelinejs(timeline, events), ensure_ascii=False, indent=1) + "\n"
    else:
        raise ValueError(f"'{suffix}' is not a text export format")
    return text.encode("utf-8")
