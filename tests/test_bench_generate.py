"""The benchmarks' inputs and probes: generated files load cleanly, with comments too; the
largest file fits the size limit; the start-up probe reports both of its figures; the search
benchmark types only queries its window has not answered before."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from timeline_app.cli import bundled_timeline
from timeline_app.core.loader import load_text

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate_timeline, largest_timeline  # noqa: E402


def test_a_file_with_comments_and_fragments_loads_as_the_plain_one():
    plain = load_text(generate_timeline(300, seed=3)).timeline
    text = generate_timeline(300, seed=3, comments=True)
    commented = load_text(text)
    assert commented.problems == () and commented.timeline is not None
    assert "\n  # ---- " in text and "\n    date: " in text and "  # " in text
    assert any("#" in article.url for article in commented.timeline.articles)
    assert ([(e.id, e.date, e.title) for e in commented.timeline.events]
            == [(e.id, e.date, e.title) for e in plain.events])
    assert ([a.url.split("#")[0] for a in commented.timeline.articles]
            == [a.url for a in plain.articles])


def test_the_largest_timeline_is_the_most_thousands_of_events_that_fit():
    limit = 1_500_000
    size, text = largest_timeline(limit)
    assert len(text.encode("utf-8")) <= limit
    assert len(generate_timeline(size + 1_000).encode("utf-8")) > limit
    assert text == generate_timeline(size) and size % 1_000 == 0


def test_the_app_probe_reports_the_window_on_screen_then_the_timeline_shown(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path))
    done = subprocess.run([sys.executable, str(REPO / "benchmarks" / "gui.py"), "probe", "app",
                           bundled_timeline()], env=env, capture_output=True, text=True,
                          timeout=120)
    window_at, shown_at, window_cpu, peak_kib, rss_kib = done.stdout.split()
    assert 0 < float(window_at) <= float(shown_at) and float(window_cpu) > 0
    assert int(peak_kib) >= int(rss_kib) > 0


def test_the_search_benchmark_never_types_a_query_the_window_has_answered():
    import gui
    seen = [""]                     # the window opens with no query
    for round_ in range(len(gui.ROUND_TEXTS)):
        typing, pasted, erasing = gui.round_keystrokes(round_)
        queries = [text for _, text in typing] + [pasted] + [text for _, text in erasing]
        assert [text for _, text in erasing][-1] == ""
        fresh = queries[:-1]        # all but the last Backspace, back to no query
        assert not set(fresh) & set(seen) and len(set(fresh)) == len(fresh)
        seen += queries
