"""Command line: `timeline-app [FILE]` opens the viewer; `--check FILE...` validates without Qt."""
from __future__ import annotations

import argparse
import os
import sys
from importlib.resources import files

from timeline_app import __version__
from timeline_app.core.loader import UnreadableFile, load_path
from timeline_app.core.yaml_nodes import has_libyaml

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2
LIBYAML_NOTICE = ("notice: PyYAML's libyaml extension is missing; using the slower pure-Python "
                  "parser (reinstall PyYAML with libyaml for faster loading)")


def bundled_timeline() -> str:
    """The bundled negotiations timeline, wherever the package is installed."""
    return str(files("timeline_app").joinpath("resources", "events.yaml"))


def parse_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size; write WIDTHxHEIGHT, "
                                         "e.g. 1400x900") from None
    if not (200 <= width <= 10000 and 200 <= height <= 10000):
        raise argparse.ArgumentTypeError("width and height must be between 200 and 10000")
    return width, height


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="timeline-app",
        description="View and edit a YAML timeline of events with sourced article excerpts. "
                    "With no FILE, opens the bundled Russia-Ukraine negotiations timeline.")
    parser.add_argument("files", nargs="*", metavar="FILE",
                        help="timeline file to open (one), or to check (several, with --check)")
    parser.add_argument("--check", action="store_true",
                        help="check the files and print their problems without opening a window; "
                             "exit 0 when no errors, 1 when errors, 2 when a file cannot be read")
    parser.add_argument("--select", metavar="ID", help="select the event with this id at start")
    parser.add_argument("--screenshot", metavar="OUT.png",
                        help="render the main window off-screen to a PNG file and exit")
    parser.add_argument("--size", metavar="WxH", type=parse_size, default=(1400, 900),
                        help="window size for --screenshot (default 1400x900)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def check_files(paths: list[str], out=sys.stdout, err=sys.stderr) -> int:
    """Print each file's problems and a summary line; return the exit status."""
    status = EXIT_OK
    if not has_libyaml():
        print(LIBYAML_NOTICE, file=err)
    for path in paths:
        try:
            result = load_path(path)
        except UnreadableFile as error:
            print(f"{error}", file=err)
            status = EXIT_UNREADABLE
            continue
        except Exception as error:  # a bug of ours: say so plainly, never a traceback
            print(f"{path}: could not be checked ({type(error).__name__}: {error}); "
                  "please report this", file=err)
            status = EXIT_UNREADABLE
            continue
        for problem in result.problems:
            print(problem, file=out)
        timeline = result.timeline
        events = f"{len(timeline.events)} events, {len(timeline.articles)} articles" \
            if timeline else "not loaded"
        print(f"{path}: {events}, {len(result.errors)} errors, {len(result.warnings)} warnings",
              file=out)
        if result.errors and status == EXIT_OK:
            status = EXIT_ERRORS
    return status


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.check:
            if not args.files:
                print("timeline-app: --check needs at least one FILE", file=sys.stderr)
                return EXIT_UNREADABLE
            return check_files(args.files)
        if len(args.files) > 1:
            print("timeline-app: open one file at a time (or use --check FILE...)",
                  file=sys.stderr)
            return EXIT_UNREADABLE
        if args.screenshot:  # rendered off-screen: no display needed
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from timeline_app.qt.app import run_app  # Qt is imported only for the window
        path = args.files[0] if args.files else bundled_timeline()
        return run_app(path, select=args.select, screenshot=args.screenshot, size=args.size)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
