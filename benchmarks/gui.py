"""Benchmarks of the Qt viewer: startup, search keystrokes, timeline repaint, peak memory.

Sections for benchmarks/run.py (`--only startup,search,repaint,memory`). Each prints a
Markdown table that sets our figures against a baseline measured in the same run, with the
same Qt, on the same machine. Run with QT_QPA_PLATFORM=offscreen (`dev.py bench` does; the
subprocesses below always get it).

Startup and memory need fresh processes, so that Python's imports and Qt's set-up count:
the parent starts `python gui.py probe KIND [FILE]`, which prints the time at which the main
window's first frame was painted (time.monotonic(), one clock for every process) and its
peak RSS, then exits at once. That is why the probes come first in this file, above the
imports only the parent needs: a probe imports nothing that it does not measure.
"""
from __future__ import annotations

import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # the project root, for timeline_app

WINDOW_SIZE = (1400, 900)     # the size run_app gives a first window


# -- probes: each runs in a fresh interpreter --------------------------------------------------

def memory_kib() -> tuple[int, int]:
    """This process's peak and current RSS, in KiB, from Linux's VmHWM and VmRSS; not
    getrusage()'s ru_maxrss, which Linux carries over from the parent through fork and exec
    (a probe started by a parent that once held 1 GB would report 1 GB)."""
    with open("/proc/self/status", encoding="ascii") as status:
        fields = dict(line.split(":", 1) for line in status)
    return int(fields["VmHWM"].split()[0]), int(fields["VmRSS"].split()[0])


def report_and_exit() -> None:
    """Print the time, the peak and the current RSS (KiB) on one line; exit at once, without
    tearing anything down."""
    now = time.monotonic()
    print(now, *memory_kib(), flush=True)
    os._exit(0)


def report_at_first_frame(app) -> None:
    """Call report_and_exit() once a main window has painted its first frame."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QMainWindow, QWidget

    class FirstFrame(QObject):
        def eventFilter(self, watched, event) -> bool:
            if (event.type() == QEvent.Type.Paint and isinstance(watched, QWidget)
                    and isinstance(watched.window(), QMainWindow)):
                app.removeEventFilter(self)
                # The window's first paint event: all of its widgets are painted and the
                # frame is flushed in this same pass; a zero timer fires only after it.
                QTimer.singleShot(0, report_and_exit)
            return False

    app.installEventFilter(FirstFrame(app))


def probe_app(path: str) -> int:
    """The real command line, `timeline-app FILE`. The application object is made first only
    to install the first-frame hook; run_app() takes it over as it is."""
    from PySide6.QtWidgets import QApplication
    app = QApplication(sys.argv[:1])
    report_at_first_frame(app)
    from timeline_app.cli import main
    return main([path])


def probe_bare() -> int:
    """The least a PySide6 program shows: a QMainWindow with a label, at the app's size."""
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
    app = QApplication(sys.argv[:1])
    report_at_first_frame(app)
    window = QMainWindow()
    window.setCentralWidget(QLabel("Hello"))
    window.resize(*WINDOW_SIZE)
    window.show()
    return app.exec()


def probe_core(path: str) -> int:
    """Load the file with the Qt-free core only; no window, no PySide6."""
    from timeline_app.core.loader import load_path
    result = load_path(path)        # kept alive: the report counts the loaded timeline
    if result.timeline is None or "PySide6" in sys.modules:
        return 1
    report_and_exit()
    return 0


PROBES = {"app": probe_app, "bare": probe_bare, "core": probe_core}

if __name__ == "__main__" and sys.argv[1:2] == ["probe"]:
    sys.exit(PROBES[sys.argv[2]](*sys.argv[3:]))   # stop here: what follows is not timed


# -- the parent: helpers -----------------------------------------------------------------------

import atexit  # noqa: E402
import functools  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
from typing import NamedTuple  # noqa: E402

sys.path.insert(0, HERE)  # for generate
from generate import generate_timeline  # noqa: E402

GOAL_SIZE = 10_000
STARTUP_RUNS = 7              # per case, after one untimed warm-up run (--repeat overrides)
STARTUP_GOAL = 1.3            # × the bare window, on the bundled file
KEYSTROKE_GOAL_MS = 16.0      # every keystroke at 10k, one frame at 60 Hz
FRAME_GOAL_MS = 16.0          # a timeline repaint at 10k
TIMELINE_SIZE = (1400, 330)   # the timeline's share of the 1400×900 window
REPAINTS = 20
TYPED = "talks in geneva"
# Type the words a letter at a time, then erase them a letter at a time, back to no query.
KEYSTROKES = ([TYPED[:n] for n in range(1, len(TYPED) + 1)]
              + [TYPED[:n] for n in range(len(TYPED) - 1, -1, -1)])


@functools.cache
def scratch() -> str:
    """A folder for this run: the generated timelines and the probes' (empty) settings."""
    folder = tempfile.mkdtemp(prefix="timeline-bench-")
    atexit.register(shutil.rmtree, folder, True)
    return folder


@functools.cache
def timeline_file(size: int) -> str:
    """A generated timeline of `size` events on disk, written once per run, never timed."""
    path = os.path.join(scratch(), f"events-{size}.yaml")
    with open(path, "w", encoding="utf-8") as out:
        out.write(generate_timeline(size, seed=1))
    return path


def bundled_file() -> str:
    from timeline_app.cli import bundled_timeline
    return bundled_timeline()


class Probe(NamedTuple):
    seconds: float      # from just before starting the process to its report
    peak_mb: float      # the process's peak RSS
    rss_mb: float       # its RSS at the report


def run_probe(kind: str, path: str = "") -> Probe:
    """Run `python gui.py probe KIND [FILE]` in a fresh process and read its report."""
    command = [sys.executable, os.path.abspath(__file__), "probe", kind] + ([path] if path else [])
    # Empty settings: every run starts as a first run; nothing is written (the probe exits).
    # Compiled bytecode, as an installed app has, cached here rather than in the source tree,
    # even where PYTHONDONTWRITEBYTECODE is set (compiling ours would add ~35 ms per start).
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=scratch(),
               PYTHONPYCACHEPREFIX=os.path.join(scratch(), "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.monotonic()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    try:
        reported_at, peak_kib, rss_kib = done.stdout.split()
    except ValueError:
        raise SystemExit(f"probe `{kind} {path}` failed (exit {done.returncode}):\n"
                         f"{done.stderr[-3000:]}") from None
    return Probe(float(reported_at) - started, int(peak_kib) / 1024, int(rss_kib) / 1024)


def load_note() -> str:
    """Other work on the machine inflates every figure: say how busy it was."""
    return (f"Load average over the last minute, at the end of the section: "
            f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} cores (this benchmark is about 1).")


def rounds_for(args, size: int) -> int:
    """Rounds of a measurement, the best kept: as the loader section, 3 up to 10k events, 1
    above (the noise of a slow figure is small next to it), --repeat when given."""
    return args.repeat or (3 if size <= GOAL_SIZE else 1)


ROUNDS_TEXT = "3 rounds up to 10,000 events, of 1 above (or --repeat)"


def ms(seconds: float) -> str:
    """Milliseconds, with enough digits for a figure well under one."""
    return f"{seconds * 1000:.1f}" if seconds >= 0.001 else f"{seconds * 1000:.3f}"


def print_goal(goal: str, passed: bool | None, figure: str) -> None:
    """The goal line, as the loader section prints it; passed is None when not measured."""
    outcome = "not measured" if passed is None else f"{'PASS' if passed else 'MISS'} ({figure})"
    print(f"\nGoal: {goal} — {outcome}")


def qt_versions() -> str:
    import PySide6
    from PySide6.QtCore import qVersion
    return f"PySide6 {PySide6.__version__}, Qt {qVersion()}"


@functools.cache
def qt_application():
    """The in-process sections' application, made as the app makes it (style sheet, icon)."""
    from timeline_app.qt.main import make_application
    return make_application()


@functools.cache
def event_loop():
    # A QEventLoop rather than QApplication.processEvents(): it says whether it found events.
    from PySide6.QtCore import QEventLoop
    return QEventLoop()


def settle() -> None:
    """Handle events until a pass finds none: posted layouts, zero timers, repaints."""
    for _ in range(1000):
        if not event_loop().processEvents():
            return


def wait_for_events() -> None:
    from PySide6.QtCore import QEventLoop
    event_loop().processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)


# -- section: startup --------------------------------------------------------------------------

def section_startup(args) -> None:
    print("## Startup: process start to the first painted frame of the main window\n")
    runs = args.repeat or STARTUP_RUNS
    cases = [("bare QMainWindow + QLabel", "bare", ""),
             ("timeline-app, bundled events.yaml", "app", bundled_file()),
             (f"timeline-app, {GOAL_SIZE:,} events", "app", timeline_file(GOAL_SIZE))]
    times: dict[str, list[float]] = {name: [] for name, _, _ in cases}
    for _, kind, path in cases:
        run_probe(kind, path)           # warm-up: disk cache, .pyc files, font cache
    for _ in range(runs):               # interleaved, so that a slow spell hits every case
        for name, kind, path in cases:
            times[name].append(run_probe(kind, path).seconds)
    bare = times[cases[0][0]]
    print("| window | best (ms) | median (ms) | best / bare | median / bare |")
    print("|---|---:|---:|---:|---:|")
    for name, seconds in times.items():
        print(f"| {name} | {ms(min(seconds))} | {ms(statistics.median(seconds))} "
              f"| {min(seconds) / min(bare):.2f}× "
              f"| {statistics.median(seconds) / statistics.median(bare):.2f}× |")
    ratio = statistics.median(times[cases[1][0]]) / statistics.median(bare)
    print_goal(f"the bundled file's first frame ≤ {STARTUP_GOAL}× the bare window's (medians)",
               ratio <= STARTUP_GOAL, f"{ratio:.2f}×")
    print(f"\nEach figure: {runs} fresh processes per case (`python gui.py probe …`) after "
          "one untimed warm-up each (which also compiles the bytecode); offscreen platform, "
          f"empty settings, window {WINDOW_SIZE[0]}×{WINDOW_SIZE[1]}, {qt_versions()}. Time "
          "from just before the process is started (interpreter start-up and every import "
          "included) to the first paint event of the main window, read by a zero timer after "
          "it: the whole window is painted and flushed in that pass. The app runs its real "
          "command line, `timeline-app FILE`, which loads the file before showing the window.")
    print(load_note() + "\n")


# -- section: search ---------------------------------------------------------------------------

def open_viewer(path: str):
    """The full window, shown at the app's size, with the file open and every event handled."""
    from PySide6.QtCore import QSettings
    from timeline_app.qt.app import Viewer
    qt_application()
    settings = QSettings(os.path.join(scratch(), "viewer.ini"), QSettings.Format.IniFormat)
    viewer = Viewer(settings, remember=False)
    viewer.window.resize(*WINDOW_SIZE)
    viewer.window.show()
    viewer.open(path)
    settle()
    return viewer


def keystroke_latencies(type_text, shows, rounds: int) -> tuple[list[float], int]:
    """Seconds from typing each of KEYSTROKES until the window has handled every event it
    caused (filtering, layout, repaint), the best of `rounds` for each keystroke; and how
    many keystrokes of the last round waited for a timer."""
    runs = []
    for _ in range(rounds):
        latencies, waited = [], 0
        for text in KEYSTROKES:
            started = time.perf_counter()
            type_text(text)
            if not shows(text):
                waited += 1
                while not shows(text):
                    wait_for_events()
            settle()
            latencies.append(time.perf_counter() - started)
        runs.append(latencies)
    return [min(times) for times in zip(*runs)], waited


def pane_latencies(path: str, rounds: int) -> tuple[list[float], int, list[str], object]:
    """Our event list pane, typed into in the full window; also the titles and the pane's
    size, for the baseline."""
    viewer = open_viewer(path)
    pane = viewer.event_list
    latencies, waited = keystroke_latencies(
        pane.search_box.setText, lambda text: pane.current_filter().query == text, rounds)
    titles = [event.title for event in viewer.timeline.events]
    viewer.window.close()
    return latencies, waited, titles, pane.size()


def plain_proxy_latencies(titles: list[str], size, rounds: int) -> list[float]:
    """The textbook way: a line edit, a QSortFilterProxyModel over a QStringListModel and a
    QListView, typed into the same way, in a window as big as the app's event list pane."""
    from PySide6.QtCore import QSortFilterProxyModel, QStringListModel, Qt
    from PySide6.QtWidgets import QLineEdit, QListView, QVBoxLayout, QWidget
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(QStringListModel(titles))
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    window = QWidget()
    search = QLineEdit(window)
    search.textChanged.connect(proxy.setFilterFixedString)
    view = QListView(window)
    view.setUniformItemSizes(True)
    view.setModel(proxy)
    layout = QVBoxLayout(window)
    layout.addWidget(search)
    layout.addWidget(view)
    window.resize(size)
    window.show()
    settle()
    latencies, _ = keystroke_latencies(search.setText, lambda text: True, rounds)
    window.close()
    return latencies


def section_search(args) -> None:
    print("## Search: keystroke latency of the event list\n")
    qt_application()
    print("| events | ours median (ms) | ours worst (ms) | waited for the typing pause "
          "| plain proxy median (ms) | plain proxy worst (ms) | median ratio | worst ratio |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    worst_at_goal = None
    for size in args.sizes:
        rounds = rounds_for(args, size)
        ours, waited, titles, pane_size = pane_latencies(timeline_file(size), rounds)
        plain = plain_proxy_latencies(titles, pane_size, rounds)
        median, worst = statistics.median(ours), max(ours)
        plain_median, plain_worst = statistics.median(plain), max(plain)
        print(f"| {size:,} | {ms(median)} | {ms(worst)} | {waited} of {len(KEYSTROKES)} "
              f"| {ms(plain_median)} | {ms(plain_worst)} | {median / plain_median:.2f}× "
              f"| {worst / plain_worst:.2f}× |", flush=True)
        if size == GOAL_SIZE:
            worst_at_goal = worst
    print_goal(f"every keystroke at 10k ≤ {KEYSTROKE_GOAL_MS:.0f} ms (the worst)",
               None if worst_at_goal is None else worst_at_goal * 1000 <= KEYSTROKE_GOAL_MS,
               f"worst {ms(worst_at_goal or 0)} ms")
    print(f"\nKeystrokes: typing \"{TYPED}\" a letter at a time, then erasing it a letter at "
          f"a time ({len(KEYSTROKES)} in all), each set with QLineEdit.setText() in the full "
          f"{WINDOW_SIZE[0]}×{WINDOW_SIZE[1]} window; each keystroke's figure is its best of "
          f"{ROUNDS_TEXT}. Latency: from setText() until the pane has applied that query "
          "(waiting for its typing-pause timer when it defers) and the event loop has no "
          "event left: the relayout and repaint of the whole window, timeline included, since "
          "Qt paints every dirty widget of a window in one pass before the list's new rows "
          "reach the screen. Ours searches title, summary, place, people, tags and quotes, "
          "accent-insensitively; the plain proxy only the titles, case-insensitively.")
    print(load_note() + "\n")


# -- section: repaint --------------------------------------------------------------------------

def repaint_seconds(widget, rounds: int, change=None) -> float:
    """The median of REPAINTS synchronous widget.repaint() calls, the best of `rounds` such
    medians; change(k), untimed, before the k-th repaint."""
    medians = []
    for _ in range(rounds):
        times = []
        for k in range(REPAINTS):
            if change is not None:
                change(k)
            started = time.perf_counter()
            widget.repaint()
            times.append(time.perf_counter() - started)
        settle()
        medians.append(statistics.median(times))
    return min(medians)


def timeline_repaints(view, rounds: int) -> tuple[float, float]:
    """Repaint with the frame's layout cached, and while zooming in a pixel a side per frame,
    which rebuilds it every time."""
    start, end = view.view_range()
    pixel = view.day_at_x(1) - view.day_at_x(0)
    cached = repaint_seconds(view, rounds)
    zooming = repaint_seconds(view, rounds, lambda k: view.set_view_range(
        start + (k + 1) * pixel, end - (k + 1) * pixel))
    view.set_view_range(start, end)
    return cached, zooming


def section_repaint(args) -> None:
    from PySide6.QtWidgets import QWidget
    from timeline_app.core.loader import load_path
    from timeline_app.qt.timeline_view import TimelineView
    print(f"## Repaint: the timeline, {TIMELINE_SIZE[0]}×{TIMELINE_SIZE[1]}\n")
    qt_application()
    plain_widget = QWidget()
    plain_widget.resize(*TIMELINE_SIZE)
    plain_widget.show()
    settle()
    plain = repaint_seconds(plain_widget, rounds_for(args, 0))
    plain_widget.close()
    print("| events | view | repaint, layout cached (ms) | repaint while zooming (ms) "
          "| plain QWidget (ms) | cached / plain | zooming / plain |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    worst_at_goal = None
    for size in args.sizes:
        timeline = load_path(timeline_file(size)).timeline
        view = TimelineView()
        view.resize(*TIMELINE_SIZE)
        view.set_timeline(timeline)
        view.set_selected(timeline.events[0].id)   # as the window does on opening a file
        view.show()
        settle()
        for name, show_all in (("default", False), ("fitted to all", True)):
            if show_all:
                view.fit_all()
            cached, zooming = timeline_repaints(view, rounds_for(args, size))
            print(f"| {size:,} | {name} | {ms(cached)} | {ms(zooming)} | {ms(plain)} "
                  f"| {cached / plain:.0f}× | {zooming / plain:.0f}× |", flush=True)
            if size == GOAL_SIZE:
                worst_at_goal = max(worst_at_goal or 0.0, cached, zooming)
        view.close()
    print_goal(f"every repaint at 10k ≤ {FRAME_GOAL_MS:.0f} ms (both views, both columns)",
               None if worst_at_goal is None else worst_at_goal * 1000 <= FRAME_GOAL_MS,
               f"slowest {ms(worst_at_goal or 0)} ms")
    print(f"\nMedian of {REPAINTS} synchronous `repaint()` calls of a shown top-level widget "
          f"(paint into the offscreen backing store and flush), the best of {ROUNDS_TEXT}. "
          "The view selects the first event, as the window does on opening. \"Layout "
          "cached\": neither the view nor the data changed (an expose, a focus change); "
          "\"while zooming\": before each repaint the view narrows by one more pixel at each "
          "end, so the frame's layout (marks, clusters, labels) is rebuilt every time, as in "
          "a zoom or a pan. The plain QWidget only fills its background.")
    print(load_note() + "\n")


# -- section: memory ---------------------------------------------------------------------------

def section_memory(args) -> None:
    size = max(args.sizes)
    print(f"## Memory: RSS with {size:,} events\n")
    path = timeline_file(size)
    bare = run_probe("bare")
    core = run_probe("core", path)
    app = run_probe("app", path)
    print("| process | peak RSS (MB) | RSS at the end (MB) | app peak / this peak "
          "| app RSS / this RSS |")
    print("|---|---:|---:|---:|---:|")
    for name, probe in (("bare PySide6 window (QMainWindow + QLabel), first frame", bare),
                        (f"core only: load_path() of {size:,} events, no Qt", core),
                        (f"timeline-app window, {size:,} events, first frame", app)):
        print(f"| {name} | {probe.peak_mb:.0f} | {probe.rss_mb:.0f} "
              f"| {app.peak_mb / probe.peak_mb:.2f}× | {app.rss_mb / probe.rss_mb:.2f}× |")
    viewer = app.rss_mb - bare.rss_mb - core.rss_mb
    print_goal("what the window adds to the loaded timeline (app RSS − bare window RSS − core "
               "RSS) ≤ the loaded timeline (core RSS)", viewer <= core.rss_mb,
               f"{viewer:.0f} MB vs {core.rss_mb:.0f} MB")
    print("\nFresh processes (`python gui.py probe …`, QT_QPA_PLATFORM=offscreen), reporting "
          "when the main window's first frame has been painted (the app: its real command "
          "line `timeline-app FILE`) or, for the core, right after loading with the result "
          "kept. Peak: Linux's high-water mark VmHWM, which includes the loader's transient "
          "peak (`ru_maxrss` would report the parent's: Linux keeps it across fork and exec); "
          "RSS at the end: VmRSS then. The goal is ours (none was set): the models, search "
          "index and timeline layout should not cost more than the timeline itself.")
    print(load_note() + "\n")
