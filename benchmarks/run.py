"""Benchmarks for timeline_app's Qt-free core; prints Markdown.

    python benchmarks/run.py                       # every section, default sizes
    python benchmarks/run.py --sizes 1000,10000    # other sizes (events)
    python benchmarks/run.py --repeat 5            # best of 5 for every size
    python benchmarks/run.py --only loader         # only the named sections (comma-separated)

A section is a function taking the parsed arguments and printing its own Markdown; add one
to SECTIONS to have it run. Generation of the input files is never timed.
"""
from __future__ import annotations

import argparse
import gc
import os
import platform
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # the project root, for timeline_app
sys.path.insert(0, HERE)                   # for generate

import yaml  # noqa: E402
from yaml.events import StreamEndEvent  # noqa: E402

from generate import generate_timeline  # noqa: E402
from gui import section_memory, section_repaint, section_search, section_startup  # noqa: E402
from timeline_app.core.loader import load_text  # noqa: E402

try:
    from yaml._yaml import CParser, get_version_string as libyaml_version
except ImportError:  # PyYAML without libyaml: the comparison would be meaningless
    CParser = None

DEFAULT_SIZES = (1_000, 10_000, 100_000)
GOAL_SIZE = 10_000
GOAL_RATIO = 2.0


# -- helpers ---------------------------------------------------------------------------------

def best_time(function, text: str, repeat: int) -> float:
    """The fastest of `repeat` runs of function(text), in seconds; gc.collect() before each."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        function(text)
        best = min(best, time.perf_counter() - start)
    return best


def default_repeat(size: int) -> int:
    return 3 if size <= 10_000 else 1


_texts: dict[int, str] = {}


def timeline_text(size: int) -> str:
    """The generated timeline of `size` events (made once per run, outside any timing)."""
    if size not in _texts:
        _texts[size] = generate_timeline(size, seed=1)
    return _texts[size]


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


def section_loader(args) -> None:
    print("## Loader: parse + build + validate\n")
    if CParser is None:
        print("PyYAML has no libyaml here (yaml._yaml missing); skipped.\n")
        return
    print("| events | file MB | bare libyaml event parse (s) | our load_text (s) "
          "| yaml.load CSafeLoader (s) | ours / bare | ours / CSafeLoader |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    goal_ratio = None
    for size in args.sizes:
        text = timeline_text(size)
        result = load_text(text)  # also warms up imports and caches
        if result.timeline is None or result.problems:
            raise SystemExit(f"generated {size}-event timeline has {len(result.problems)} "
                             f"problems, first: {result.problems[:1]}")
        repeat = args.repeat or default_repeat(size)
        bare = best_time(bare_parse, text, repeat)
        ours = best_time(our_load, text, repeat)
        safe = best_time(safe_load, text, repeat)
        megabytes = len(text.encode("utf-8")) / 1e6
        print(f"| {size:,} | {megabytes:.2f} | {bare:.3f} | {ours:.3f} | {safe:.3f} "
              f"| {ours / bare:.2f}× | {ours / safe:.2f}× |", flush=True)
        if size == GOAL_SIZE:
            goal_ratio = ours / bare
    print(f"\nGoal: load+validate at 10k ≤ {GOAL_RATIO:.1f}× the bare event parse — ", end="")
    if goal_ratio is None:
        print("not measured (10,000 not in --sizes)")
    else:
        print(f"{'PASS' if goal_ratio <= GOAL_RATIO else 'MISS'} ({goal_ratio:.2f}×)")
    print("\nTimes are the best of the repeats (time.perf_counter, gc.collect() before each).")
    print()


SECTIONS = {
    "loader": section_loader,
    "startup": section_startup,     # the Qt viewer's sections live in gui.py
    "search": section_search,
    "repaint": section_repaint,
    "memory": section_memory,
}


# -- main ------------------------------------------------------------------------------------

def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="comma-separated event counts (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=None,
                        help="runs per measurement, best kept (default: 3 up to 10k events, "
                             "1 above)")
    parser.add_argument("--only", default="",
                        help=f"comma-separated sections to run, of: {', '.join(SECTIONS)}")
    args = parser.parse_args(argv)
    try:
        args.sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error("--sizes takes comma-separated integers, e.g. 1000,10000")
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
        SECTIONS[name](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
