"""The events as a CSV table, one row per event, for a spreadsheet or a script.

Choices, for the spreadsheets people open it in:
- UTF-8 with a byte order mark: Excel reads a CSV without one in the system's legacy code page
  (Windows-1252 and co), so 'Türkiye' and '—' come out garbled; with it, Excel, LibreOffice,
  Numbers and Google Sheets all read UTF-8 (Python: open(..., encoding="utf-8-sig")).
- Commas between fields, every field that needs it quoted, CRLF line ends (RFC 4180). Lists in
  one cell (people, tags) are joined with "; " since names and tags may hold commas; source
  URLs one per line within their cell (a URL may hold ';' but never a line break).
- Dates as the file gives them (2022, 2022-03, 2022-03-29): the precision stays visible.
- Formula injection: a cell starting with =, +, -, @, a tab or a carriage return would be run
  as a formula by a spreadsheet (=HYPERLINK(...) leaks data, DDE runs programs). Such a cell
  gets a leading apostrophe, as OWASP recommends: shown, never evaluated.
"""
from __future__ import annotations

import csv
import io

from timeline_app.core.export_selection import article_ids_of
from timeline_app.core.model import Event, Timeline

HEADER = ("id", "date", "end", "title", "place", "people", "track", "tags", "summary",
          "excerpts", "source_urls")
BOM = "\ufeff"
LIST_SEPARATOR = "; "
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(cell: str) -> str:
    """The cell as text a spreadsheet shows and never evaluates."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def to_csv(timeline: Timeline, events: list[Event]) -> str:
    """The table as text, starting with the BOM (write it encoded as UTF-8)."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for event in events:
        writer.writerow([neutralised(cell) for cell in _row(timeline, event)])
    return out.getvalue()


def _row(timeline: Timeline, event: Event) -> list[str]:
    track = timeline.track(event.track)
    urls = [article.url for article in map(timeline.article, article_ids_of(event))
            if article is not None and article.url]
    return [event.id, event.date.iso(), event.end.iso() if event.end else "", event.title,
            event.place, LIST_SEPARATOR.join(event.people),
            track.name if track else event.track, LIST_SEPARATOR.join(event.tags),
            event.summary.strip(), str(len(event.excerpts)), "\n".join(dict.fromkeys(urls))]
