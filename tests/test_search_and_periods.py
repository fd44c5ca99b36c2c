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


def found_by_a_fresh_index(timeline, event_filter):
    return SearchIndex(timeline).matching(event_filter)


@pytest.mark.parametrize("query", ["istanbul prisoner", "grain deal", "talks in geneva",
                                   "Dolmabahçe 2022", "umerov skibitsky"])
def test_typing_and_erasing_a_letter_at_a_time_finds_what_a_fresh_search_finds(timeline, query):
    typed = [query[:n] for n in range(1, len(query) + 1)]
    index = SearchIndex(timeline)
    for text in typed + typed[::-1] + ["", *typed[::-2]]:
        assert index.matching(EventFilter(text)) == found_by_a_fresh_index(
            timeline, EventFilter(text)), text
    pasted = SearchIndex(timeline)      # then erased: each shorter query is new to the index
    for text in typed[::-1]:
        for event_filter in (EventFilter(text),
                             EventFilter(text, tracks=frozenset({"prisoners", "mediation"})),
                             EventFilter(text, tags=frozenset({"istanbul"}))):
            assert pasted.matching(event_filter) == found_by_a_fresh_index(
                timeline, event_filter), event_filter


def test_words_in_another_order_or_a_new_word_between_find_the_same(timeline):
    index = SearchIndex(timeline)
    for text in ("grain", "grain black", "black grain", "black sea grain", "sea", "grain sea"):
        expected = [i for i, event in enumerate(timeline.events)
                    if all(term in index.haystacks[i] for term in search_terms(text))]
        assert index.matching(EventFilter(text)) == expected, text


def test_results_can_be_changed_by_the_caller_without_harm(timeline):
    index = SearchIndex(timeline)
    found = index.matching(EventFilter("grain"))
    count = len(found)
    found.clear()
    assert len(index.matching(EventFilter("grain"))) == count
    everything = index.matching(EventFilter())
    everything.pop()
    assert index.matching(EventFilter()) == list(range(len(timeline.events)))


def test_folding_drops_accents_of_any_script_and_keeps_letters():
    assert fold("Café ÉCOLE Straße") == "cafe ecole strasse"
    assert fold("Київ Ὀδυσσεύς") == "киів οδυσσευσ"
    assert fold("e\u0301") == "e" and fold("\u0301") == ""
    assert fold("plain ascii, KEPT AS IS but lower") == "plain ascii, kept as is but lower"


def test_filters_that_differ_only_in_spaces_case_or_word_order_keep_the_same_events():
    assert EventFilter("talks  in").keeps_same_events(EventFilter("In talks "))
    assert not EventFilter("talks in").keeps_same_events(EventFilter("talks i"))
    assert not EventFilter("talks", tracks=frozenset({"a"})).keeps_same_events(
        EventFilter("talks"))
    assert not EventFilter("talks", tags=frozenset({"a"})).keeps_same_events(EventFilter("talks"))
