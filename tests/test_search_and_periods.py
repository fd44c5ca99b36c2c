"""Searching and filtering events, and the dense periods of a timeline (Qt-free core)."""
import pytest

from conftest import BUNDLED
from timeline_app.core.loader import load_path
from timeline_app.core.periods import dense_periods
from timeline_app.core.search import EventFilter, SearchIndex, fold, search_terms


@pytest.fixture(scope="module")
def timeline():
    return load_path(BUNDLED).timeline


def ids(timeline, positions):
    return [timeline.events[i].id for i in positions]


def test_search_ignores_case_and_accents(timeline):
    index = SearchIndex(timeline)
    assert fold("Dolmabahçe ERDOĞAN") == "dolmabahce erdogan"
    found = ids(timeline, index.matching(EventFilter("dolmabahce")))
    assert found == ["istanbul-round-2022", "grain-deal-signed", "istanbul-talks-2025"]


def test_every_word_must_match_somewhere(timeline):
    index = SearchIndex(timeline)
    assert search_terms("  Istanbul   1 000 ") == ["istanbul", "1", "000"]
    both = ids(timeline, index.matching(EventFilter("umerov skibitsky")))
    assert both == ["istanbul-talks-2025", "exchange-1000-2025"]


def test_search_reaches_quotes_people_and_tags(timeline):
    index = SearchIndex(timeline)
    assert "istanbul-talks-2025" in ids(timeline, index.matching(EventFilter("modalities")))
    assert ids(timeline, index.matching(EventFilter("Rudenko"))) == ["talks-suspended-2022"]
    assert len(index.matching(EventFilter("grain"))) >= 2


def test_track_and_tag_filters_combine_with_the_query(timeline):
    index = SearchIndex(timeline)
    prisoners = index.matching(EventFilter(tracks=frozenset({"prisoners"})))
    assert {timeline.events[i].track for i in prisoners} == {"prisoners"}
    tagged = index.matching(EventFilter("2025", tags=frozenset({"prisoner-exchange"})))
    assert all("prisoner-exchange" in timeline.events[i].tags for i in tagged)
    assert index.matching(EventFilter()) == list(range(len(timeline.events)))
    assert not EventFilter().is_active and EventFilter(tags=frozenset({"x"})).is_active


def test_dense_periods_split_at_long_empty_stretches(timeline):
    periods = dense_periods(timeline)
    assert periods[0].label() == "February\u2013May 2022"
    assert periods[-1].label() == "February\u2013May 2025"
    assert sum(p.count for p in periods) == len(timeline.events)
    assert all(a.last_day < b.first_day for a, b in zip(periods, periods[1:]))
