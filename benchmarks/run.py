"""Benchmarks of timeline_app, its Qt-free core and its window; prints Markdown.

    python benchmarks/run.py                       # every section, default sizes
    python benchmarks/run.py --sizes 1000,10000    # other sizes (events)
    python benchmarks/run.py --sizes 100000,max    # max: the most events the size limit allows
    python benchmarks/run.py --repeat 5            # 5 runs of every measurement
    python benchmarks/run.py --only loader         # only the named sections (comma-separated)

Sections: loader (here), startup, open, search, repaint, memory (gui.py, the window's).

A section is a function taking the parsed arguments and printing its own Markdown; add one
to SECTIONS to have it run. Generation of the input files is never timed.
"""
from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # the project root, for timeline_app
sys.path.insert(0, HERE)                   # for gui (and generate)

import yaml  # noqa: E402
from yaml.events import StreamEndEvent  # noqa: E402

from gui import (RUNS_TEXT, largest_size, print_goal, ratios, seconds,  # noqa: E402
                 section_memory, section_open, section_repaint, section_search,
                 section_startup, spread, timeline_text, times)
from timeline_app.core.loader import load_text  # noqa: E402

try:
    from yaml._yaml import CParser, get_version_string as libyaml_version
except ImportError:  # PyYAML without libyaml: the comparison would be meaningless
    CParser = None

DEFAULT_SIZES = (1_000, 10_000, 100_000)
GOAL_SIZE = 10_000
GOAL_RATIO = 1.7            # the goal for the plain file (was 2.0)
COMMENTS_GOAL_RATIO = 2.0   # the file with comments and URL #fragments
SAFE_LOADER_SIZE = 10_000   # CSafeLoader is timed up to this size only


# -- helpers ---------------------------------------------------------------------------------

def timed(function, text: str, collector: bool) -> tuple[float, float]:
    """Seconds of one function(text), on the clock and of this thread's CPU time, with
    Python's cyclic garbage collector enabled or not (as the caller leaves it: load_text
    pauses it itself either way); gc.collect() before."""
    gc.collect()
    if not collector:
        gc.disable()
    try:
        start, cpu = time.perf_counter(), time.thread_time()
        function(text)
        return time.perf_counter() - start, time.thread_time() - cpu
    finally:
        gc.enable()


def default_repeat(size: int) -> int:
    return 3 if size <= 10_000 else 1


def environment() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info
                       if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return "\n".join([
        f"- Python {platform.python_version()} ({platform.python_implementation()})",
        f"- PyYAML {yaml.__version__}, libyaml {libyaml_version() if CParser else 'absent'}",
        f"- Machine: {platform.platform()}, {cpu}, {os.cpu_count()} cores",
    ])


# -- section: loader -------------------------------------------------------------------------

def bare_parse(text: str) -> None:
    """libyaml's event stream and nothing else: the floor for any loader built on it."""
    get_event = CParser(text).get_event
    while get_event().__class__ is not StreamEndEvent:
        pass


def our_load(text: str) -> None:
    load_text(text)


def safe_load(text: str) -> None:
    yaml.load(text, Loader=yaml.CSafeLoader)


LOADER_FILES = (("plain", False), ("comments", True))
COLLECTOR = (("on", True), ("off", False))


Runs = dict[tuple[str, str, str], list[float]]


def loader_runs(size: int, repeat: int) -> tuple[Runs, Runs]:
    """Seconds of every run, on the clock and of CPU time, keyed (file, gc, loader). A run
    times, in turn, each loader on each file with the collector on and off (so that a slow
    spell hits all of them); CSafeLoader reads only the plain file, up to SAFE_LOADER_SIZE
    events (its figure is a reference, not a goal, and takes 35 s at 100k with the collector
    on)."""
    texts = {name: timeline_text(size, comments) for name, comments in LOADER_FILES}
    for name, text in texts.items():
        result = load_text(text)  # also warms up imports and caches
        if result.timeline is None or result.problems:
            raise SystemExit(f"generated {size}-event {name} timeline has "
                             f"{len(result.problems)} problems, first: {result.problems[:1]}")
    runs: Runs = {}
    cpu: Runs = {}
    for _ in range(repeat):
        for name, text in texts.items():
            for state, collector in COLLECTOR:
                loaders = [("bare", bare_parse), ("ours", our_load)]
                if name == "plain" and size <= SAFE_LOADER_SIZE:
                    loaders.append(("safe", safe_load))
                for loader, function in loaders:
                    wall, used = timed(function, text, collector)
                    runs.setdefault((name, state, loader), []).append(wall)
                    cpu.setdefault((name, state, loader), []).append(used)
    return runs, cpu


def section_loader(args) -> None:
    print("## Loader: parse + build + validate\n")
    if CParser is None:
        print("PyYAML has no libyaml here (yaml._yaml missing); skipped.\n")
        return
    print("| events | file | file MB | gc | bare libyaml event parse (s) | our load_text (s) "
          "| yaml.load CSafeLoader (s) | ours / bare | ours / bare, CPU | ours / CSafeLoader |")
    print("|---:|---|---:|---|---:|---:|---:|---:|---:|---:|")
    at_goal = {}
    for size in args.sizes:
        repeat = args.repeat or default_repeat(size)
        runs, cpu = loader_runs(size, repeat)
        for name, comments in LOADER_FILES:
            megabytes = len(timeline_text(size, comments).encode("utf-8")) / 1e6
            for state, _ in COLLECTOR:
                bare, ours = runs[name, state, "bare"], runs[name, state, "ours"]
                safe = runs.get((name, state, "safe"))
                cpu_ratios = ratios(cpu[name, state, "ours"], cpu[name, state, "bare"])
                print(f"| {size:,} | {name} | {megabytes:.2f} | {state} | {seconds(bare)} "
                      f"| {seconds(ours)} | {seconds(safe) if safe else '—'} "
                      f"| {spread(ratios(ours, bare), times)} | {spread(cpu_ratios, times)} "
                      f"| {spread(ratios(ours, safe), times) if safe else '—'} |", flush=True)
                if size == GOAL_SIZE:
                    at_goal[name, state] = statistics.median(ratios(ours, bare))
                    at_goal[name, state, "cpu"] = statistics.median(cpu_ratios)
    for (name, goal) in (("plain", GOAL_RATIO), ("comments", COMMENTS_GOAL_RATIO)):
        on, off = at_goal.get((name, "on"), 0.0), at_goal.get((name, "off"), 0.0)
        print_goal(f"load+validate of the {name} file at 10k ≤ {goal:.1f}× the bare event "
                   "parse (median of the runs, gc on)", on <= goal if at_goal else None,
                   f"{on:.2f}×, CPU time {at_goal.get((name, 'on', 'cpu'), 0.0):.2f}×; gc off "
                   f"{off:.2f}×")
    print(f"\nEach cell: the median of the runs and, in brackets, their range ({RUNS_TEXT}); a "
          "ratio is taken within each run, then its median and range are given. The plain "
          "file has no '#' after other text; the comments file is the same timeline with a "
          "comment line per year, comments after some dates and URL #fragments in a third of "
          "the articles, as hand-kept files have (`generate_timeline(n, comments=True)`). "
          "gc: Python's cyclic garbage collector as the caller leaves it, enabled (\"on\", as "
          "in the app; load_text pauses it itself while it reads, CSafeLoader does not) or "
          "disabled for every loader alike (\"off\"). CSafeLoader reads the plain file up to "
          f"{SAFE_LOADER_SIZE:,} events (at 100,000 it takes 35 s or more). Times: "
          "time.perf_counter, gc.collect() before each; \"CPU\": the same ratio of this "
          "thread's CPU time (time.thread_time), which other programs busy on the machine "
          "disturb much less.")
    print()


SECTIONS = {
    "loader": section_loader,
    "startup": section_startup,     # the Qt viewer's sections live in gui.py
    "open": section_open,
    "search": section_search,
    "repaint": section_repaint,
    "memory": section_memory,
}


# -- main ------------------------------------------------------------------------------------

def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=None,
                        help="comma-separated event counts; `max`: the most events the file "
                             "size limit allows (default: "
                             f"{','.join(map(str, DEFAULT_SIZES))}; the repaint section adds max)")
    parser.add_argument("--repeat", type=int, default=None,
                        help="runs per measurement (default: 3 up to 10k events, 1 above; "
                             "7 for start-up, 5 and 3 to open a file)")
    parser.add_argument("--only", default="",
                        help=f"comma-separated sections to run, of: {', '.join(SECTIONS)}")
    args = parser.parse_args(argv)
    args.sizes_given = args.sizes is not None
    words = (args.sizes or ",".join(map(str, DEFAULT_SIZES))).split(",")
    words = [word.strip().replace("_", "") for word in words if word.strip()]
    args.largest = largest_size() if "max" in words else None   # (makes the file: ~20 s)
    try:
        args.sizes = [args.largest if word == "max" else int(word) for word in words]
    except ValueError:
        parser.error("--sizes takes comma-separated integers or max, e.g. 1000,10000,max")
    if not args.sizes or min(args.sizes) < 1:
        parser.error("--sizes needs at least one positive size")
    if args.repeat is not None and args.repeat < 1:
        parser.error("--repeat must be at least 1")
    args.only = [s.strip() for s in args.only.split(",") if s.strip()] or list(SECTIONS)
    unknown = [s for s in args.only if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown section(s) {', '.join(unknown)}; known: {', '.join(SECTIONS)}")
    return args


def main(argv=None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    print("# timeline_app benchmarks\n")
    print(environment())
    print()
    for name in args.only:
        started = time.monotonic()
        SECTIONS[name](args)
        print(f"_The {name} section took {time.monotonic() - started:.0f} s._\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
