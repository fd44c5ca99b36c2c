"""The bundled negotiations timeline: loads cleanly, is sourced, quotes verbatim."""
import subprocess
import sys

import pytest

from conftest import EVENTS_YAML as BUNDLED, REPO, shared_file
from timeline_app.cli import bundled_timeline
from timeline_app.core.loader import load_path


@pytest.fixture(scope="module")
def timeline():
    return load_path(BUNDLED).timeline


def test_it_loads_without_a_problem():
    assert load_path(BUNDLED).problems == ()


def test_the_packaged_copy_is_the_repository_file():
    with open(bundled_timeline(), "rb") as packaged, open(BUNDLED, "rb") as repo:
        assert packaged.read() == repo.read()


def test_it_covers_2022_to_may_2025_with_at_least_20_events(timeline):
    assert len(timeline.events) >= 20
    assert timeline.events[0].date.iso() == "2022-02-28"
    assert timeline.events[-1].last.iso() == "2025-05-25"


def test_key_events_are_there_with_their_dates(timeline):
    dates = {e.date.iso() for e in timeline.events}
    for day in ("2022-03-29", "2022-04-15", "2022-05-17", "2022-07-22", "2025-05-11",
                "2025-05-16", "2025-05-23"):
        assert day in dates


def test_every_event_is_backed_by_an_excerpt_or_a_source(timeline):
    assert all(e.excerpts or e.sources for e in timeline.events)


def test_every_article_is_cited_and_has_a_safe_link(timeline):
    for article in timeline.articles:
        assert timeline.citations_of(article.id), article.id
        assert article.link == article.url


def test_the_file_lists_its_events_in_date_order(timeline):
    """The loader sorts events by date whatever the file's order, so this compares the order
    they are written in (their lines) with their dates: editors read the file top to bottom."""
    written = sorted(timeline.events, key=lambda e: e.line)
    keys = [e.date.sort_key() for e in written]
    assert keys == sorted(keys), [e.id for e in written]


def test_every_quote_is_verbatim_from_a_stored_source():
    checker = shared_file("tools", "verify_quotes.py")
    out = subprocess.run([sys.executable, str(checker), str(BUNDLED)],
                         capture_output=True, text=True, cwd=REPO)
    assert out.returncode == 0, out.stdout
    last = out.stdout.strip().splitlines()[-1]
    assert last.endswith(" 0 failed") and not last.startswith("quotes: 0 ")
