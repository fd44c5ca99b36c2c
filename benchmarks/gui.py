"""Benchmarks of the Qt viewer: start-up, opening files, search keystrokes, timeline repaint,
peak memory.

Sections for benchmarks/run.py (`--only startup,open,search,repaint,memory`). Each prints a
Markdown table that sets our figures against a baseline measured in the same run, with the
same Qt, on the same machine, every figure with its spread over the runs. Run with
QT_QPA_PLATFORM=offscreen (`dev.py bench` does; the subprocesses below always get it).

Start-up, opening and memory need fresh processes, so that Python's imports and Qt's set-up
count: the parent starts `python gui.py probe KIND [FILE]`, which prints the times at which
the main window's first frame was painted and at which its timeline view first painted a
timeline (time.monotonic(), one clock for every process), then its peak and current RSS,
and exits at once. That is why the probes come first in this file, above the imports only
the parent needs: a probe imports nothing that it does not measure.
"""
from __future__ import annotations

import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # the project root, for timeline_app

WINDOW_SIZE = (1400, 900)     # the size run_app gives a first window
PROBE_TIMEOUT_MS = 300_000    # a probe whose window or timeline never shows fails (exit 3)


# -- probes: each runs in a fresh interpreter --------------------------------------------------

def memory_kib() -> tuple[int, int]:
    """This process's peak and current RSS, in KiB, from Linux's VmHWM and VmRSS; not
    getrusage()'s ru_maxrss, which Linux carries over from the parent through fork and exec
    (a probe started by a parent that once held 1 GB would report 1 GB)."""
    with open("/proc/self/status", encoding="ascii") as status:
        fields = dict(line.split(":", 1) for line in status)
    return int(fields["VmHWM"].split()[0]), int(fields["VmRSS"].split()[0])


def report_and_exit(*times: float) -> None:
    """Print `times` (time.monotonic() readings and the process's CPU seconds), then the peak
    and the current RSS (KiB), on one line; exit at once, without tearing anything down."""
    print(*times, *memory_kib(), flush=True)
    os._exit(0)


def timeline_held(view) -> bool:
    """Whether a TimelineView holds a timeline (`timeline`; trees before that property: its
    layout data `_base`)."""
    if hasattr(type(view), "timeline"):
        return view.timeline is not None
    return getattr(view, "_base", None) is not None


class FrameWatch:
    """The times of the first frame of the first QMainWindow made in this process and, when
    wanted, of the first frame of its TimelineView holding a timeline.

    The hook is an event filter on those two widgets alone, installed as the main window is
    made (QMainWindow.__init__ is wrapped): an application-wide filter would run Python code
    for every event of every widget and slow a bigger window more (by ~25% for the bare one).
    A paint event of a widget is followed by the painting of the rest of the window and the
    flush in the same pass; a zero timer after it fires only then, and reads the clock.
    """

    def __init__(self, want_timeline: bool):
        from PySide6.QtCore import QEvent, QObject, QTimer
        from PySide6.QtWidgets import QMainWindow
        self.want_timeline = want_timeline
        self.window = self.view = None
        self.window_at = self.shown_at = None
        self.window_cpu = 0.0
        paint = QEvent.Type.Paint
        watch = self

        class Filter(QObject):
            def eventFilter(self, watched, event) -> bool:
                if event.type() == paint:
                    watch.painted(watched)
                return False

        self.filter = Filter()
        self.single_shot = QTimer.singleShot
        made = QMainWindow.__init__

        def init(window, *args, **kwargs):
            made(window, *args, **kwargs)
            if watch.window is None:
                watch.window = window
                window.installEventFilter(watch.filter)
                QTimer.singleShot(PROBE_TIMEOUT_MS, lambda: os._exit(3))   # fail, not hang

        QMainWindow.__init__ = init

    def painted(self, widget) -> None:
        if widget is self.window and self.window_at is None:
            self.window_at = 0.0                    # (the zero timer reads the clock)
            self.single_shot(0, self.window_frame)
            if self.want_timeline:
                self.watch_view()
        elif widget is self.view and self.shown_at is None and timeline_held(widget):
            self.shown_at = 0.0
            self.single_shot(0, self.timeline_frame)

    def watch_view(self) -> None:
        """Watch the window's TimelineView, found at a paint of the window (which comes
        before its children's) or, for a view made later, by looking every 10 ms; its
        module is looked up, never imported here."""
        if self.view is not None:
            return
        module = sys.modules.get("timeline_app.qt.timeline_view")
        view = module and self.window.findChild(module.TimelineView)
        if not view:
            self.single_shot(10, self.watch_view)
            return
        self.view = view
        view.installEventFilter(self.filter)
        if self.window_at and view.isVisible() and timeline_held(view):
            # Made late and shown with its timeline within the last 10 ms: read the clock.
            self.shown_at = 0.0
            self.single_shot(0, self.timeline_frame)

    def window_frame(self) -> None:
        self.window_at = time.monotonic()
        self.window_cpu = time.process_time()
        self.finish()

    def timeline_frame(self) -> None:
        self.shown_at = time.monotonic()
        self.finish()

    def finish(self) -> None:
        if not self.want_timeline:
            report_and_exit(self.window_at, self.window_at, self.window_cpu)
        elif self.window_at and self.shown_at:
            report_and_exit(self.window_at, self.shown_at, self.window_cpu)


def probe_app(path: str) -> int:
    """The real command line, `timeline-app FILE`: reports when the window is on screen and
    when its timeline is shown (two figures: a window may show before its file is loaded)."""
    # Imported before PySide6 (FrameWatch imports it), as the real command imports it:
    # PySide6's __feature__ import hook reads the source of every module imported after it.
    from timeline_app.cli import main
    FrameWatch(want_timeline=True)
    status = main([path])
    print(f"the app exited ({status}) before its timeline was shown", file=sys.stderr)
    return 2


def probe_bare() -> int:
    """The least a PySide6 program shows: a QMainWindow with a label, at the app's size."""
    FrameWatch(want_timeline=False)
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QLabel("Hello"))
    window.resize(*WINDOW_SIZE)
    window.show()
    return app.exec()


def probe_core(path: str) -> int:
    """Load the file with the Qt-free core only; no window, no PySide6. Reports the time it
    was loaded (twice, as the app's two figures) and the RSS with the result kept."""
    from timeline_app.core.loader import load_path
    result = load_path(path)        # kept alive: the report counts the loaded timeline
    if result.timeline is None or "PySide6" in sys.modules:
        return 1
    now = time.monotonic()
    report_and_exit(now, now, time.process_time())
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
from generate import generate_timeline, largest_timeline  # noqa: E402

GOAL_SIZE = 10_000
STARTUP_RUNS = 7              # per case, after one untimed warm-up run (--repeat overrides)
STARTUP_GOAL = 1.8            # × the bare window, on the bundled file
WINDOW_GOAL = 1.5             # a big file's window on screen, × the bundled (tiny) file's
SHOWN_GOAL = 1.2              # a big file's timeline shown, × the loader alone
MEMORY_GOAL_MB = 112          # what the window adds at 100k (the figure of 26 November)
KEYSTROKE_GOAL_MS = 16.0      # every keystroke at 10k, one frame at 60 Hz
FRAME_GOAL_MS = 16.0          # a timeline repaint at 10k and more
TIMELINE_SIZE = (1400, 330)   # the timeline's share of the 1400×900 window
REPAINTS = 20
RUNS_TEXT = "3 runs up to 10,000 events, 1 above, or --repeat"


@functools.cache
def scratch() -> str:
    """A folder for this run: the generated timelines and the probes' (empty) settings."""
    folder = tempfile.mkdtemp(prefix="timeline-bench-")
    atexit.register(shutil.rmtree, folder, True)
    return folder


_texts: dict[tuple[int, bool], str] = {}


def timeline_text(size: int, comments: bool = False) -> str:
    """The generated timeline of `size` events (made once per run, outside any timing)."""
    if (size, comments) not in _texts:
        _texts[size, comments] = generate_timeline(size, seed=1, comments=comments)
    return _texts[size, comments]


@functools.cache
def largest_size() -> int:
    """The most events (a multiple of 1,000) whose generated file fits the loader's size
    limit, core.loader.MAX_FILE_BYTES; its text is kept for timeline_text()."""
    from timeline_app.core.loader import MAX_FILE_BYTES
    size, text = largest_timeline(MAX_FILE_BYTES)
    _texts[size, False] = text
    return size


@functools.cache
def timeline_file(size: int) -> str:
    """A generated timeline of `size` events on disk, written once per run, never timed."""
    path = os.path.join(scratch(), f"events-{size}.yaml")
    with open(path, "w", encoding="utf-8") as out:
        out.write(timeline_text(size))
    return path


def bundled_file() -> str:
    from timeline_app.cli import bundled_timeline
    return bundled_timeline()


class Probe(NamedTuple):
    window: float       # from just before starting the process to the window's first frame
    shown: float        # ... to the first frame of its timeline view with the timeline
    window_cpu: float   # the CPU time of the process (all its threads) at its window's frame
    peak_mb: float      # the process's peak RSS
    rss_mb: float       # its RSS at the report (when the timeline is shown)


def run_probe(kind: str, path: str = "") -> Probe:
    """Run `python gui.py probe KIND [FILE]` in a fresh process and read its report (a core
    probe reports the time its file is loaded as both times)."""
    command = [sys.executable, os.path.abspath(__file__), "probe", kind] + ([path] if path else [])
    # Empty settings: every run starts as a first run; nothing is written (the probe exits).
    # Compiled bytecode, as an installed app has, cached here rather than in the source tree,
    # even where PYTHONDONTWRITEBYTECODE is set (compiling ours would add ~35 ms per start).
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=scratch(),
               PYTHONPYCACHEPREFIX=os.path.join(scratch(), "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.monotonic()
    done = subprocess.run(command, env=env, capture_output=True, text=True,
                          timeout=PROBE_TIMEOUT_MS / 1000 + 60)
    try:
        window_at, shown_at, window_cpu, peak_kib, rss_kib = done.stdout.split()
    except ValueError:
        raise SystemExit(f"probe `{kind} {path}` failed (exit {done.returncode}):\n"
                         f"{done.stderr[-3000:]}") from None
    return Probe(float(window_at) - started, float(shown_at) - started, float(window_cpu),
                 int(peak_kib) / 1024, int(rss_kib) / 1024)


def load_note() -> str:
    """Other work on the machine inflates every figure: say how busy it was."""
    return (f"Load average over the last minute, at the end of the section: "
            f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} cores (this benchmark is about 1).")


def rounds_for(args, size: int) -> int:
    """Runs of a measurement, as the loader section: 3 up to 10k events, 1 above (the noise
    of a slow figure is small next to it), --repeat when given."""
    return args.repeat or (3 if size <= GOAL_SIZE else 1)


def ms(seconds: float) -> str:
    """Milliseconds, with enough digits for a figure well under one."""
    return f"{seconds * 1000:.1f}" if seconds >= 0.001 else f"{seconds * 1000:.3f}"


def times(ratio: float) -> str:
    return f"{ratio:.2f}×"


def spread(values: list[float], show=ms) -> str:
    """The median of the runs' values and, in brackets, their range: "14.2 (13.1–17.0)"."""
    if len(values) == 1:
        return show(values[0])
    return f"{show(statistics.median(values))} ({show(min(values))}–{show(max(values))})"


def seconds(values: list[float]) -> str:
    return spread(values, lambda s: f"{s:.3f}")


def ratios(values: list[float], baselines: list[float]) -> list[float]:
    """Each run's value over the same run's baseline (runs are interleaved)."""
    return [value / baseline for value, baseline in zip(values, baselines)]


def print_goal(goal: str, passed: bool | None, figure: str) -> None:
    """The goal line of a section; passed is None when not measured."""
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


PROBE_TEXT = ("fresh processes (`python gui.py probe …`), offscreen platform, empty settings, "
              f"window {WINDOW_SIZE[0]}×{WINDOW_SIZE[1]}, compiled bytecode kept between runs; "
              "each time runs from just before the process is started (interpreter start-up "
              "and every import included) to a zero timer after the paint event of the widget "
              "named (the whole window is painted and flushed in that pass). The hook is an "
              "event filter on the main window (and its timeline view) alone, installed as "
              "the window is made, for the bare window and the app alike")


# -- section: startup --------------------------------------------------------------------------

def section_startup(args) -> None:
    print("## Startup: process start to the first painted frame of the main window\n")
    runs = args.repeat or STARTUP_RUNS
    cases = [("bare QMainWindow + QLabel", "bare", ""),
             ("timeline-app, bundled events.yaml", "app", bundled_file())]
    for _, kind, path in cases:
        run_probe(kind, path)           # warm-up: disk cache, .pyc files, font cache
    seconds_of: dict[str, list[float]] = {name: [] for name, _, _ in cases}
    cpu_of: dict[str, list[float]] = {name: [] for name, _, _ in cases}
    for _ in range(runs):               # interleaved, so that a slow spell hits every case
        for name, kind, path in cases:
            probe = run_probe(kind, path)
            seconds_of[name].append(probe.window)
            cpu_of[name].append(probe.window_cpu)
    bare, bare_cpu = seconds_of[cases[0][0]], cpu_of[cases[0][0]]
    print("| window | first frame (ms) | / bare window | CPU time to it (ms) | / bare window's |")
    print("|---|---:|---:|---:|---:|")
    for name, values in seconds_of.items():
        print(f"| {name} | {spread(values)} | {spread(ratios(values, bare), times)} "
              f"| {spread(cpu_of[name])} | {spread(ratios(cpu_of[name], bare_cpu), times)} |")
    ratio = statistics.median(ratios(seconds_of[cases[1][0]], bare))
    cpu_ratio = statistics.median(ratios(cpu_of[cases[1][0]], bare_cpu))
    print_goal(f"the bundled file's first frame ≤ {STARTUP_GOAL}× the bare window's (median "
               "of the runs' ratios)", ratio <= STARTUP_GOAL,
               f"{times(ratio)}; CPU time {times(cpu_ratio)}")
    print(f"\nEach cell: the median of {runs} runs and, in brackets, their range; a ratio is "
          "taken within each run (the cases alternate), then its median and range are given. "
          f"Runs: {PROBE_TEXT}; one untimed warm-up run of each first. {qt_versions()}. The "
          "app runs its real command line, `timeline-app FILE`. CPU time: the process's "
          "(time.process_time, all its threads) when the frame is painted; other programs "
          "busy on the machine disturb it much less than the clock.")
    print(load_note() + "\n")


# -- section: open -----------------------------------------------------------------------------

def open_runs(args, size: int) -> int:
    """Runs of the open section: 5 up to 10k events, 3 above (a 100k run takes ~10 s)."""
    return args.repeat or (5 if size <= GOAL_SIZE else 3)


def section_open(args) -> None:
    print("## Opening a file: window on screen, timeline shown, loader alone\n")
    files = [("bundled events.yaml", bundled_file(), 0)]
    files += [(f"{size:,} events", timeline_file(size), size) for size in args.sizes]
    run_probe("app", bundled_file())        # warm-up: disk cache, .pyc files, font cache
    run_probe("core", bundled_file())
    window: dict[str, list[float]] = {name: [] for name, _, _ in files}
    shown: dict[str, list[float]] = {name: [] for name, _, _ in files}
    loader: dict[str, list[float]] = {name: [] for name, _, _ in files}
    for run in range(max(open_runs(args, size) for _, _, size in files)):
        for name, path, size in files:      # interleaved; files over 10k fewer times
            if run >= open_runs(args, size):
                continue
            app = run_probe("app", path)
            window[name].append(app.window)
            shown[name].append(app.shown)
            loader[name].append(run_probe("core", path).shown)
    tiny = window[files[0][0]]
    print("| file | MB | window on screen (ms) | / tiny file's window | timeline shown (ms) "
          "| loader alone (ms) | shown / loader alone |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, path, _ in files:
        megabytes = os.path.getsize(path) / 1e6
        print(f"| {name} | {megabytes:.2f} | {spread(window[name])} "
              f"| {spread(ratios(window[name], tiny), times)} | {spread(shown[name])} "
              f"| {spread(loader[name])} | {spread(ratios(shown[name], loader[name]), times)} |",
              flush=True)
    big = [(name, size) for name, _, size in files if size >= GOAL_SIZE]
    for name, size in big:
        ratio = statistics.median(ratios(window[name], tiny))
        print_goal(f"{name}: the window on screen ≤ {WINDOW_GOAL}× the tiny file's (the "
                   "bundled one)", ratio <= WINDOW_GOAL, times(ratio))
    for name, size in big:
        ratio = statistics.median(ratios(shown[name], loader[name]))
        print_goal(f"{name}: the timeline shown ≤ {SHOWN_GOAL}× the loader alone",
                   ratio <= SHOWN_GOAL, times(ratio))
    if not big:
        print_goal("big files (10,000 events or more)", None, "")
    print("\nEach cell: the median of the runs (5 up to 10,000 events, 3 above, or --repeat) "
          "and, in brackets, their range; a ratio is taken within each run, "
          "then its median and range are given. \"Window on screen\": the main window's "
          "first frame; \"timeline shown\": the first frame of its timeline view holding the "
          "file's timeline (a window shown before its file is loaded has the first long "
          "before the second); \"loader alone\": a process that imports the Qt-free core "
          "and runs `load_path(FILE)`, timed the same way up to its return. The tiny file "
          f"is the bundled timeline (40 events). Runs: {PROBE_TEXT}; the app runs its real "
          f"command line, `timeline-app FILE`. {qt_versions()}.")
    print(load_note() + "\n")


# -- section: search ---------------------------------------------------------------------------

# A round types the first text a letter at a time, then pastes the second (untimed) and
# erases it with Backspace, back to no query. The texts' first letters all differ, so that no
# query of a window's rounds was ever asked in that window before (but the empty one, which
# the window starts with): every keystroke searches afresh, nothing comes from remembered
# results. One round per text pair; --repeat above their number is capped.
ROUND_TEXTS = (("talks in geneva", "ministers in oslo"),
               ("prisoner exchange", "observers in vienna"),
               ("delegations in doha", "sanctions followed"),
               ("envoys in rome", "leaders in warsaw"),
               ("cease", "bonn"))


def round_keystrokes(round_: int) -> tuple[list[tuple[str, str]], str, list[tuple[str, str]]]:
    """A round's typed keystrokes, the text then pasted, and the Backspaces that erase it:
    each keystroke (key, the search box's text after it), Backspace written as "\\b"."""
    typed, pasted = ROUND_TEXTS[round_]
    typing = [(typed[n - 1], typed[:n]) for n in range(1, len(typed) + 1)]
    erasing = [("\b", pasted[:n]) for n in range(len(pasted) - 1, -1, -1)]
    return typing, pasted, erasing


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
    loaded = getattr(viewer, "loaded", None)    # a window that loads on a worker thread
    while viewer.timeline is None and loaded is not None:
        wait_for_events()
    # The search index comes from the loading worker after the timeline shows: typing starts
    # once it is there, so that no keystroke's figure includes waiting for it.
    pane = viewer.event_list
    while hasattr(pane, "search_index_coming") and pane.search_index_coming():
        wait_for_events()
    settle()
    return viewer


class Keystrokes(NamedTuple):
    latencies: list[list[float]]    # seconds per keystroke, a list per round
    waited: int                     # keystrokes that waited for the typing pause


def type_rounds(search_box, shows, rounds: int) -> Keystrokes:
    """Type each round's keystrokes as key events into search_box; time each from the key
    press until the window shows its query (shows(text)) and has no event left."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    waited = 0

    def keystroke(key: str, text: str) -> float:
        nonlocal waited
        started = time.perf_counter()
        if key == "\b":
            QTest.keyClick(search_box, Qt.Key.Key_Backspace)
        else:
            QTest.keyClicks(search_box, key)
        if search_box.text() != text:
            raise SystemExit(f"typing {key!r} left {search_box.text()!r}, not {text!r}")
        if not shows(text):
            waited += 1
            while not shows(text):
                wait_for_events()
        settle()
        return time.perf_counter() - started

    latencies = []
    for round_ in range(rounds):
        typing, pasted, erasing = round_keystrokes(round_)
        times_ = [keystroke(key, text) for key, text in typing]
        search_box.setText(pasted)          # untimed, the cursor at its end
        while not shows(pasted):
            wait_for_events()
        settle()
        times_ += [keystroke(key, text) for key, text in erasing]
        latencies.append(times_)
    return Keystrokes(latencies, waited)


def pane_keystrokes(path: str, rounds: int) -> tuple[Keystrokes, list[str], object]:
    """Our event list pane, typed into in the full window; also the titles and the pane's
    size, for the baseline."""
    viewer = open_viewer(path)
    pane = viewer.event_list
    typed = type_rounds(pane.search_box, lambda text: pane.current_filter().query == text,
                        rounds)
    titles = [event.title for event in viewer.timeline.events]
    viewer.window.close()
    return typed, titles, pane.size()


def plain_proxy_keystrokes(titles: list[str], size, rounds: int) -> Keystrokes:
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
    typed = type_rounds(search, lambda text: True, rounds)
    window.close()
    return typed


def section_search(args) -> None:
    print("## Search: keystroke latency of the event list, fresh queries\n")
    qt_application()
    print("| events | rounds | ours median (ms) | ours worst (ms) | waited for the typing pause "
          "| plain proxy median (ms) | plain proxy worst (ms) | median ratio | worst ratio |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    worst_at_goal = None
    for size in args.sizes:
        rounds = min(rounds_for(args, size), len(ROUND_TEXTS))
        ours, titles, pane_size = pane_keystrokes(timeline_file(size), rounds)
        plain = plain_proxy_keystrokes(titles, pane_size, rounds)
        medians = [statistics.median(times_) for times_ in ours.latencies]
        worsts = [max(times_) for times_ in ours.latencies]
        plain_medians = [statistics.median(times_) for times_ in plain.latencies]
        plain_worsts = [max(times_) for times_ in plain.latencies]
        count = sum(len(times_) for times_ in ours.latencies)
        print(f"| {size:,} | {rounds} | {spread(medians)} | {spread(worsts)} "
              f"| {ours.waited} of {count} | {spread(plain_medians)} | {spread(plain_worsts)} "
              f"| {spread(ratios(medians, plain_medians), times)} "
              f"| {spread(ratios(worsts, plain_worsts), times)} |", flush=True)
        if size == GOAL_SIZE:
            worst_at_goal = worsts
    print_goal(f"every fresh keystroke at 10k ≤ {KEYSTROKE_GOAL_MS:.0f} ms (the rounds' worst "
               "keystrokes, median)",
               None if worst_at_goal is None
               else statistics.median(worst_at_goal) * 1000 <= KEYSTROKE_GOAL_MS,
               f"median {ms(statistics.median(worst_at_goal or [0]))} ms, slowest "
               f"{ms(max(worst_at_goal or [0]))} ms")
    pairs = "; ".join(f"type \"{typed}\", erase \"{erased}\"" for typed, erased in ROUND_TEXTS)
    print(f"\nRounds ({RUNS_TEXT}, at most {len(ROUND_TEXTS)}), in one window per size: {pairs}. "
          "Each round types its first text a letter at a time as key events "
          "(QTest.keyClicks on the search box), then puts its second text in the box "
          "(untimed, as a paste) and erases it with Backspace key events back to no query. "
          "The texts start with different letters, so every query is new to the window "
          "(but the empty one it started with): no keystroke is served from remembered "
          "results. Each cell: the median over the rounds of the round's median (or worst) "
          "keystroke and, in brackets, their range; a ratio is taken within each round. "
          "Latency: from the key press until the pane has applied that query (waiting for its "
          "typing-pause timer when it defers) and the event loop has no event left: the "
          f"relayout and repaint of the whole {WINDOW_SIZE[0]}×{WINDOW_SIZE[1]} window, "
          "timeline included, since Qt paints every dirty widget of a window in one pass "
          "before the list's new rows reach the screen. Ours searches title, summary, place, "
          "people, tags and quotes, accent-insensitively; the plain proxy only the titles, "
          "case-insensitively, typed the same way in a window the size of our pane.")
    print(load_note() + "\n")


# -- section: repaint --------------------------------------------------------------------------

class Repaints(NamedTuple):
    wall: list[float]       # per round, the median seconds of a repaint on the clock
    cpu: list[float]        # ... of this thread's CPU time


def repaint_seconds(widget, rounds: int, change=None) -> Repaints:
    """For each of `rounds` rounds, the median of REPAINTS synchronous widget.repaint()
    calls; change(k), untimed, before the k-th repaint."""
    wall, cpu = [], []
    for _ in range(rounds):
        times_, used = [], []
        for k in range(REPAINTS):
            if change is not None:
                change(k)
            started, cpu_started = time.perf_counter(), time.thread_time()
            widget.repaint()
            times_.append(time.perf_counter() - started)
            used.append(time.thread_time() - cpu_started)
        settle()
        wall.append(statistics.median(times_))
        cpu.append(statistics.median(used))
    return Repaints(wall, cpu)


def timeline_repaints(view, rounds: int) -> tuple[Repaints, Repaints]:
    """Repaint with the frame's layout cached, and while zooming in a pixel a side per frame,
    which rebuilds it every time."""
    start, end = view.view_range()
    pixel = view.day_at_x(1) - view.day_at_x(0)
    cached = repaint_seconds(view, rounds)
    zooming = repaint_seconds(view, rounds, lambda k: view.set_view_range(
        start + (k + 1) * pixel, end - (k + 1) * pixel))
    view.set_view_range(start, end)
    return cached, zooming


def repaint_sizes(args) -> list[int]:
    """--sizes, or by default the default sizes and the most events the size limit allows
    (then args.largest is that count, as after `--sizes …,max`)."""
    if args.sizes_given:
        return args.sizes
    args.largest = largest_size()
    return [*args.sizes, args.largest]


def section_repaint(args) -> None:
    from PySide6.QtWidgets import QWidget
    from timeline_app.core.loader import MAX_FILE_BYTES, load_path
    from timeline_app.qt.timeline_view import TimelineView
    print(f"## Repaint: the timeline, {TIMELINE_SIZE[0]}×{TIMELINE_SIZE[1]}\n")
    qt_application()
    rounds = args.repeat or 3
    plain_widget = QWidget()
    plain_widget.resize(*TIMELINE_SIZE)
    plain_widget.show()
    settle()
    plain = statistics.median(repaint_seconds(plain_widget, rounds).wall)
    plain_widget.close()
    print(f"Plain QWidget of the same size (fills its background): {ms(plain)} ms.\n")
    print("| events | view | repaint, layout cached (ms) | repaint while zooming (ms) "
          "| zooming, CPU time (ms) | cached / plain | zooming / plain |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    slowest: dict[int, float] = {}
    slowest_cpu: dict[int, float] = {}
    sizes = repaint_sizes(args)
    for size in sizes:
        timeline = load_path(timeline_file(size)).timeline
        if timeline is None:
            raise SystemExit(f"the {size:,}-event file did not load (over the size limit?)")
        view = TimelineView()
        view.resize(*TIMELINE_SIZE)
        view.set_timeline(timeline)
        view.set_selected(timeline.events[0].id)   # as the window does on opening a file
        view.show()
        settle()
        label = f"{size:,}" + (" (size limit)" if size == args.largest else "")
        for name, show_all in (("default", False), ("fitted to all", True)):
            if show_all:
                view.fit_all()
            cached, zooming = timeline_repaints(view, rounds)
            print(f"| {label} | {name} | {spread(cached.wall)} | {spread(zooming.wall)} "
                  f"| {spread(zooming.cpu)} "
                  f"| {spread([c / plain for c in cached.wall], lambda r: f'{r:.0f}×')} "
                  f"| {spread([z / plain for z in zooming.wall], lambda r: f'{r:.0f}×')} |",
                  flush=True)
            slowest[size] = max(slowest.get(size, 0.0), statistics.median(cached.wall),
                                statistics.median(zooming.wall))
            slowest_cpu[size] = max(slowest_cpu.get(size, 0.0), statistics.median(cached.cpu),
                                    statistics.median(zooming.cpu))
        view.close()
        del view, timeline
    for size in dict.fromkeys([GOAL_SIZE, 100_000, args.largest or 100_000]):
        figure = slowest.get(size)
        print_goal(f"every repaint at {size:,} events ≤ {FRAME_GOAL_MS:.0f} ms (both views, "
                   "both columns, medians)",
                   None if figure is None else figure * 1000 <= FRAME_GOAL_MS,
                   f"slowest {ms(figure or 0)} ms; CPU time {ms(slowest_cpu.get(size, 0))} ms")
    print(f"\nEach cell: the median over {rounds} rounds (--repeat) of a round's median of "
          f"{REPAINTS} synchronous `repaint()` calls of a shown top-level widget (paint into "
          "the offscreen backing store and flush), and, in brackets, the rounds' range. The "
          "view selects the first event, as the window does on opening. \"Layout cached\": "
          "neither the view nor the data changed (an expose, a focus change); \"while "
          "zooming\": before each repaint the view narrows by one more pixel at each end, so "
          "the frame's layout (marks, clusters, labels) is rebuilt every time, as in a zoom or "
          "a pan; its CPU time (time.thread_time) is shown too, as other programs busy on the "
          "machine disturb it much less than the clock. The size limit of a file is "
          f"{MAX_FILE_BYTES / 2**20:.0f} MiB (core.loader.MAX_FILE_BYTES); the most events a "
          "generated file can hold within it are measured by default (`--sizes …,max`).")
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
                        (f"timeline-app window, {size:,} events, timeline shown", app)):
        print(f"| {name} | {probe.peak_mb:.0f} | {probe.rss_mb:.0f} "
              f"| {app.peak_mb / probe.peak_mb:.2f}× | {app.rss_mb / probe.rss_mb:.2f}× |")
    viewer = app.rss_mb - bare.rss_mb - core.rss_mb
    print_goal("what the window adds to the loaded timeline (app RSS − bare window RSS − core "
               "RSS) ≤ the loaded timeline (core RSS)", viewer <= core.rss_mb,
               f"{viewer:.0f} MB vs {core.rss_mb:.0f} MB")
    if size == 100_000:
        print_goal(f"at 100,000 events, the window adds ≤ {MEMORY_GOAL_MB} MB (as on 26 "
                   "November)", viewer <= MEMORY_GOAL_MB, f"{viewer:.0f} MB")
    print("\nOne fresh process of each (`python gui.py probe …`, QT_QPA_PLATFORM=offscreen), "
          "reporting when the timeline is shown (the app, its real command line "
          "`timeline-app FILE`: the first frame of its timeline view holding the timeline), "
          "when the main window's first frame is painted (the bare window) or, for the core, "
          "right after loading with the result kept. Peak: Linux's high-water mark VmHWM, "
          "which includes the loader's transient peak (`ru_maxrss` would report the "
          "parent's: Linux keeps it across fork and exec); RSS at the end: VmRSS then. The "
          "first goal is ours: the models, search index and timeline layout should not cost "
          "more than the timeline itself; the second is the issue's: no more than on 26 "
          "November.")
    print(load_note() + "\n")
