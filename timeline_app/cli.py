"""Command line: `timeline-app [FILE]` opens the viewer; `--check FILE...` validates without Qt."""
from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import re
import sys
from importlib.resources import files

from timeline_app import __version__
from timeline_app.cli_export import add_export_options, filters_without_export, run_export
from timeline_app.core.loader import UnreadableFile, load_path
from timeline_app.core.yaml_nodes import has_libyaml

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2
# Characters that would act on the terminal rather than show (a line break too: one problem
# is one line), in a file name or in a value quoted in a message ("\e[31m" in YAML).
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")
LIBYAML_NOTICE = ("notice: PyYAML's libyaml extension is missing; using the slower pure-Python "
                  "parser (reinstall PyYAML with libyaml for faster loading)")


def bundled_timeline() -> str:
    """The bundled negotiations timeline, wherever the package is installed."""
    return str(files("timeline_app").joinpath("resources", "events.yaml"))


# Qt's own command-line options (QApplication, QGuiApplication), passed on to it: those that
# take a value, and those that do not.
QT_OPTIONS_WITH_VALUE = frozenset((
    "style", "stylesheet", "platform", "platformpluginpath", "platformtheme", "plugin",
    "qmljsdebugger", "session", "display", "geometry", "title", "name", "qwindowgeometry",
    "qwindowtitle", "qwindowicon", "dialogs", "fontengine"))
QT_FLAGS = frozenset(("reverse", "widgetcount", "nograb", "dograb", "sync",
                      "qwindowalwaysontop"))


def split_qt_options(argv: list[str]) -> tuple[list[str], list[str]]:
    """The arguments for us, and Qt's own options (-style fusion, -platform xcb, -reverse…,
    also written --style=fusion) for the QApplication."""
    ours, qt = [], []
    arguments = iter(argv)
    for argument in arguments:
        name, equals, _ = argument.lstrip("-").partition("=")
        if not argument.startswith("-") or argument == "--" or argument.startswith("---"):
            ours.append(argument)
        elif name in QT_FLAGS and not equals:
            qt.append(argument)
        elif name in QT_OPTIONS_WITH_VALUE:
            qt.append(argument)
            if not equals:
                qt.append(next(arguments, ""))
        else:
            ours.append(argument)
    return ours, qt


def parse_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size; write WIDTHxHEIGHT, "
                                         "e.g. 1400x900") from None
    if not (200 <= width <= 10000 and 200 <= height <= 10000):
        raise argparse.ArgumentTypeError("width and height must be between 200 and 10000")
    return width, height


class _Parser(argparse.ArgumentParser):
    """argparse's parser, but a --help or --version that cannot be printed (stdout full or
    closed) is an error to report, not one it silently ignores."""

    def _print_message(self, message: str, file=None) -> None:
        if message:
            (file or sys.stderr).write(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="timeline-app",
        description="View and edit a YAML timeline of events with sourced article excerpts. "
                    "With no FILE, opens the bundled Russia-Ukraine negotiations timeline.",
        epilog="Qt's own options (-style NAME, -platform NAME, -reverse, ...) are passed on "
               "to Qt.")
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
    parser.add_argument("--install-desktop-entry", action="store_true",
                        help="add Timeline to your desktop's applications (this user only)")
    parser.add_argument("--uninstall-desktop-entry", action="store_true",
                        help="remove the desktop entry and icon that --install-desktop-entry "
                             "added")
    parser.add_argument("--associate-yaml", action="store_true",
                        help="with --install-desktop-entry: also open .yaml files with Timeline")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    add_export_options(parser)
    return parser


def shown(path: str) -> str:
    """A file name as it can be printed anywhere: bytes that are not UTF-8 (which Python
    keeps as lone surrogates) as \\xff, control characters as \\x1b."""
    try:
        name = os.fsencode(path).decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:      # a surrogate that stands for no byte
        name = path.encode("utf-8", "backslashreplace").decode("utf-8")
    return _escaped(name)


def _escaped(text: str) -> str:
    return _CONTROL.sub(lambda match: f"\\x{ord(match[0]):02x}", text)


def check_files(paths: list[str], out=None, err=None) -> int:
    """Print each file's problems (the first 1,000, then how many more) and a summary line;
    return the exit status."""
    out, err = out or sys.stdout, err or sys.stderr
    status = EXIT_OK
    if not has_libyaml():
        print(LIBYAML_NOTICE, file=err)
    for path in paths:
        name = shown(path)
        try:
            result = load_path(path)
        except UnreadableFile as error:
            print(str(error).replace(path, name, 1), file=err)
            status = EXIT_UNREADABLE
            continue
        except Exception as error:  # a bug of ours: say so plainly, never a traceback
            print(f"{name}: could not be checked ({type(error).__name__}: {error}); "
                  "please report this", file=err)
            status = EXIT_UNREADABLE
            continue
        for problem in result.problems:
            print(_escaped(str(dataclasses.replace(problem, file=name))), file=out)
        if result.more_problems:
            print(f"{name}: ... and {result.more_problems:,} more problems not shown", file=out)
        timeline = result.timeline
        events = f"{len(timeline.events):,} events, {len(timeline.articles):,} articles" \
            if timeline else "not loaded"
        print(f"{name}: {events}, {result.error_count:,} errors, {result.warning_count:,} "
              "warnings", file=out)
        if result.error_count and status == EXIT_OK:
            status = EXIT_ERRORS
    return status


def main(argv: list[str] | None = None) -> int:
    _escape_what_cannot_be_printed()
    argv, qt_options = split_qt_options(sys.argv[1:] if argv is None else argv)
    try:
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as done:      # --help, --version or a usage error: printed
            return _flushed(done.code if isinstance(done.code, int) else EXIT_OK)
        if args.install_desktop_entry or args.uninstall_desktop_entry or args.associate_yaml:
            return _flushed(desktop_entry(args))
        if args.check:
            if not args.files:
                print("timeline-app: --check needs at least one FILE", file=sys.stderr)
                return EXIT_UNREADABLE
            if sys.stdout is None:
                print("timeline-app: cannot write the output: standard output is closed",
                      file=sys.stderr)
                return EXIT_UNREADABLE
            return _flushed(check_files(args.files))
        if args.export or filters_without_export(args):
            return _flushed(export(args, qt_options))
    except OSError as error:        # printing to a closed pipe or a full disk
        return _output_failed(error)
    except KeyboardInterrupt:
        return 130
    try:
        if len(args.files) > 1:
            print("timeline-app: open one file at a time (or use --check FILE...)",
                  file=sys.stderr)
            return EXIT_UNREADABLE
        if args.screenshot:  # rendered off-screen: no display needed
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from timeline_app.qt.main import run_app  # Qt is imported only for the window
        path = args.files[0] if args.files else bundled_timeline()
        return run_app(path, select=args.select, screenshot=args.screenshot, size=args.size,
                       qt_options=qt_options)
    except KeyboardInterrupt:
        return 130


def export(args: argparse.Namespace, qt_options: list[str]) -> int:
    """--export OUT.ext with its filters (--search, --tag, --track, --from, --to)."""
    if not args.export:
        print("timeline-app: --search, --tag, --track, --from and --to go with --export OUT.ext",
              file=sys.stderr)
        return EXIT_UNREADABLE
    if len(args.files) > 1 or args.check or args.screenshot or args.select or qt_options:
        print("timeline-app: --export takes one FILE (or none: the bundled timeline) and no "
              "--check, --screenshot, --select or Qt options", file=sys.stderr)
        return EXIT_UNREADABLE
    return run_export(args, args.files[0] if args.files else bundled_timeline(), shown)


def desktop_entry(args: argparse.Namespace) -> int:
    """--install-desktop-entry [--associate-yaml] / --uninstall-desktop-entry."""
    from timeline_app.core import desktop_entry as entry
    if args.install_desktop_entry == args.uninstall_desktop_entry:
        print("timeline-app: use --install-desktop-entry (with --associate-yaml if you wish) "
              "or --uninstall-desktop-entry", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        said = entry.install(entry.data_home(), args.associate_yaml) \
            if args.install_desktop_entry else entry.uninstall(entry.data_home())
    except OSError as error:        # a SaveFailed names the file in its reason
        where = f"{shown(error.filename)}: " if error.filename else ""
        print(f"timeline-app: {where}{error.strerror or error}", file=sys.stderr)
        return EXIT_UNREADABLE
    for line in said:
        print(shown(line))
    return EXIT_OK


def _escape_what_cannot_be_printed() -> None:
    """Text the terminal's encoding cannot show (a name or value in another script under
    LANG=C or PYTHONIOENCODING=ascii) is printed escaped, never a UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError, OSError):
            stream.reconfigure(errors="backslashreplace")


def _flushed(status: int) -> int:
    """The status, once what was printed has reached stdout (else see _output_failed)."""
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except OSError as error:
        return _output_failed(error)
    return status


def _output_failed(error: OSError) -> int:
    """stdout is a closed pipe or a full disk: one line on stderr and exit 2."""
    with contextlib.suppress(AttributeError, ValueError, OSError):
        # Python flushes stdout once more on exit: let that go nowhere, not fail again.
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    with contextlib.suppress(AttributeError, ValueError, OSError):
        print(f"timeline-app: cannot write the output: {error.strerror or error}",
              file=sys.stderr, flush=True)
    return EXIT_UNREADABLE
