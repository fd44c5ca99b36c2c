"""`timeline-app [FILE] --export OUT.ext [--search TEXT] [--tag TAG]... [--track ID]...
[--from DATE] [--to DATE]`: write the timeline (or the events a filter keeps) to a file.

HTML, Markdown, CSV and TimelineJS JSON need no Qt and no display. PDF, PNG and SVG are drawn
by Qt (qt/export_render.py) on the offscreen platform when there is no display. The file is
written in one step (core/disk.write_atomically): all of it or nothing; a timeline with errors
writes nothing.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile

from timeline_app.core.dates import DateError, PartialDate
from timeline_app.core.disk import SaveFailed, write_atomically
from timeline_app.core.export_selection import parse_bound, select_events
from timeline_app.core.exports import DRAWN_SUFFIXES, TEXT_SUFFIXES, export_bytes
from timeline_app.core.loader import UnreadableFile, load_path
from timeline_app.core.model import Timeline

EXIT_OK, EXIT_ERRORS, EXIT_UNUSABLE = 0, 1, 2
SUFFIXES = TEXT_SUFFIXES + DRAWN_SUFFIXES
FILTER_OPTIONS = ("search", "tag", "track", "date_from", "date_to")
OVERVIEW_SIZE = (760, 300)


def date_bound(text: str) -> PartialDate:
    try:
        return parse_bound(text)
    except DateError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_export_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "export", "write the timeline to a file and exit, without a window: HTML (one "
                  "self-contained page), Markdown, CSV, JSON for TimelineJS 3, PDF, PNG or SVG; "
                  "the filters keep what the window's search and chips would")
    group.add_argument("--export", metavar="OUT.ext",
                       help="the file to write: .html, .md, .csv, .json, .pdf, .png or .svg")
    group.add_argument("--search", metavar="TEXT", default="",
                       help="keep the events the search box finds for TEXT")
    group.add_argument("--tag", metavar="TAG", action="append", default=[],
                       help="keep events with this tag (repeat: events with every tag)")
    group.add_argument("--track", metavar="ID", action="append", default=[],
                       help="keep events of this track (repeat: of any of the tracks)")
    group.add_argument("--from", dest="date_from", metavar="DATE", type=date_bound,
                       help="keep events that end on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)")
    group.add_argument("--to", dest="date_to", metavar="DATE", type=date_bound,
                       help="keep events that start on or before DATE (YYYY, YYYY-MM or "
                            "YYYY-MM-DD)")


def filters_without_export(args: argparse.Namespace) -> bool:
    return not args.export and any(getattr(args, name) for name in FILTER_OPTIONS)


def run_export(args: argparse.Namespace, path: str, shown) -> int:
    """Export `path` to args.export; messages on stderr, one line on stdout when written.
    `shown`: how a file name is printed (cli.shown)."""
    out = args.export
    suffix = os.path.splitext(out)[1].lower()
    if suffix not in SUFFIXES:
        print(f"timeline-app: cannot export to {shown(out)}: the file name must end in "
              f"{', '.join(SUFFIXES[:-1])} or {SUFFIXES[-1]}", file=sys.stderr)
        return EXIT_UNUSABLE
    timeline, status = _loaded(path, shown)
    if timeline is None:
        return status
    unknown = _unknown_filters(timeline, args)
    if unknown:
        print(f"timeline-app: {unknown}; nothing written", file=sys.stderr)
        return EXIT_UNUSABLE
    try:
        events = select_events(timeline, args.search, args.tag, args.track, args.date_from,
                               args.date_to)
    except DateError as error:
        print(f"timeline-app: {error}; nothing written", file=sys.stderr)
        return EXIT_UNUSABLE
    try:
        note = filter_note(timeline, args)
        data = _drawn(timeline, events, suffix, note) if suffix in DRAWN_SUFFIXES else \
            export_bytes(timeline, events, suffix, _overview(timeline, events, suffix), note)
    except (_DrawingUnavailable, ValueError, OSError) as failed:
        print(f"timeline-app: {shown(str(failed))}; nothing written", file=sys.stderr)
        return EXIT_UNUSABLE
    try:
        write_atomically(out, data)
    except SaveFailed as error:
        print(f"timeline-app: cannot write {shown(out)}: {shown(str(error))}", file=sys.stderr)
        return EXIT_UNUSABLE
    print(f"{shown(out)}: {len(events):,} of {len(timeline.events):,} events written")
    return EXIT_OK


def _loaded(path: str, shown) -> tuple[Timeline | None, int]:
    """The timeline, or None and the exit status once its problems are printed."""
    try:
        result = load_path(path)
    except UnreadableFile as error:
        print(shown(str(error)), file=sys.stderr)
        return None, EXIT_UNUSABLE
    if result.timeline is not None and not result.error_count:
        return result.timeline, EXIT_OK
    for problem in result.errors:
        print(shown(str(problem)), file=sys.stderr)
    if result.more_problems:
        print(f"... and {result.more_problems:,} more problems not shown", file=sys.stderr)
    print(f"timeline-app: {shown(path)} has {result.error_count:,} errors; fix them "
          "(timeline-app --check shows them all); nothing written", file=sys.stderr)
    return None, EXIT_ERRORS


def _unknown_filters(timeline: Timeline, args: argparse.Namespace) -> str:
    """What the filters name that the timeline does not have ('' when all is known)."""
    tracks = [track.id for track in timeline.tracks]
    missing = [track for track in args.track if track not in tracks]
    if missing:
        return (f"no track {', '.join(map(repr, missing))} in this timeline; its tracks are "
                f"{', '.join(tracks) or 'none'}")
    tags = timeline.tags
    missing = [tag for tag in args.tag if tag not in tags]
    if missing:
        return (f"no tag {', '.join(map(repr, missing))} in this timeline; its tags are "
                f"{', '.join(tags) or 'none'}")
    return ""


def filter_note(timeline: Timeline, args: argparse.Namespace) -> str:
    """What the export kept, in words, shown under its title ('' for everything)."""
    parts = []
    if args.search.strip():
        parts.append(f"search \u201c{args.search.strip()}\u201d")
    if args.tag:
        parts.append("tagged " + " and ".join(args.tag))
    if args.track:
        names = [timeline.track(track).name for track in args.track]
        parts.append("track " + " or ".join(names))
    if args.date_from:
        parts.append(f"from {args.date_from}")
    if args.date_to:
        parts.append(f"to {args.date_to}")
    return ("Only events matching: " + "; ".join(parts)) if parts else ""


class _DrawingUnavailable(Exception):
    """PDF, PNG and SVG need Qt and qt/export_render.py."""


def _qt_exports(suffix: str):
    """qt.export_render, with a QApplication on the offscreen platform when there is no
    display (no window is ever shown)."""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from PySide6.QtWidgets import QApplication
        from timeline_app.qt import export_render
    except ImportError as error:
        raise _DrawingUnavailable(f"exporting to {suffix} needs Qt's drawing, which cannot be "
                                  f"loaded here ({error}); .html, .md, .csv and .json need no "
                                  "Qt") from None
    if QApplication.instance() is None:
        _keep.append(QApplication([sys.argv[0] if sys.argv else "timeline-app"]))
    return export_render


_keep: list = []        # the QApplication lives until the process ends


def _drawn(timeline: Timeline, events, suffix: str, title_note: str) -> bytes:
    """PDF, PNG or SVG from qt.export_render.export_file, drawn into a temporary folder
    and then written to its place in one step like the text formats."""
    export_render = _qt_exports(suffix)
    export_file = getattr(export_render, "export_file", None)
    if export_file is None:
        raise _DrawingUnavailable(f"exporting to {suffix} needs qt/export_render.export_file, "
                                  "which this version does not have yet; use .html, .md, .csv "
                                  "or .json")
    with tempfile.TemporaryDirectory(prefix="timeline-app-export-") as folder:
        drawn = os.path.join(folder, "export" + suffix)
        export_file(timeline, events, drawn, title_note=title_note)
        with open(drawn, "rb") as file:
            return file.read()


def _overview(timeline: Timeline, events, suffix: str) -> str:
    """The drawn timeline for the HTML page; left out (with a notice) when Qt cannot draw."""
    if suffix != ".html":
        return ""
    try:
        export_render = _qt_exports(suffix)
        # About the page's width (46rem), so its labels show at their size on a desktop.
        return export_render.overview_svg(timeline, events, *OVERVIEW_SIZE)
    except _DrawingUnavailable:
        with contextlib.suppress(OSError):
            print("timeline-app: notice: Qt cannot be loaded, so the page has no drawn "
                  "overview", file=sys.stderr)
        return ""
