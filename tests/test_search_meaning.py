"""Search finds what people mean: dates and periods, other spellings of names, one typo
(the Qt-free core; the list's side is in test_event_list.py)."""
import pytest

from timeline_app.core.dates import PartialDate
from timeline_app.core.loader import load_text
from timeline_app.core.search import (EventFilter, Period, SearchIndex, parse_query,
                                      spelling_key)

SMALL = """\
title: Dates of every precision
tracks:
  - id: a
    name: Talks
events:
  - id: day-2022
    date: 2022-03-29
    title: Istanbul round
    track: a
  - id: month-2022
    date: 2022-03
    title: Drafts exchanged
    track: a
  - id: year-2023
    date: 2023
    title: No direct talks, says Podoliak
  - id: may-2025
    date: 2025-05
    title: Talks resume, Zelenskyy says
    track: a
  - id: span-2024-2025
    date: 2024-12-20
    end: 2025-01-05
    title: A truce over the new year
  - id: day-16-may-2025
    date: 2025-05-16
    title: Direct talks in Istanbul with Podolyak and Skibitsky
    track: a
  - id: exchange
    date: 2025-05-23
    title: Exchange of 1000 for 1000
"""


@pytest.fixture(scope="module")
def index():
    return SearchIndex(load_text(SMALL).timeline)


def found(index, query, **chips):
    return [index.events[i].id for i in index.matching(EventFilter(query, **chips))]


@pytest.mark.parametrize("query, expected", [
    ("2025", ["span-2024-2025", "may-2025", "day-16-may-2025", "exchange"]),
    ("May 2025", ["may-2025", "day-16-may-2025", "exchange"]),
    ("may 2025", ["may-2025", "day-16-may-2025", "exchange"]),
    ("2025 May", ["may-2025", "day-16-may-2025", "exchange"]),
    ("March 2022", ["month-2022", "day-2022"]),
    ("Mar 2022", ["month-2022", "day-2022"]),
    ("2022-03", ["month-2022", "day-2022"]),
    ("2022-03-29", ["month-2022", "day-2022"]),
    ("29 March 2022", ["month-2022", "day-2022"]),
    ("30 March 2022", ["month-2022"]),     # a month-precise date spans its month
    ("16 May", ["year-2023", "may-2025", "day-16-may-2025"]),    # 2023: the whole year
    ("May 16", ["year-2023", "may-2025", "day-16-may-2025"]),
    ("16 May 2025", ["may-2025", "day-16-may-2025"]),
    ("1 January", ["year-2023", "span-2024-2025"]),    # a range reaching over new year
    ("2023", ["year-2023"]),
    ("2024", ["span-2024-2025"]),
])
def test_a_date_in_the_query_finds_the_events_whose_span_overlaps_it(index, query, expected):
    assert found(index, query) == expected


def test_a_period_and_words_together_must_both_match(index):
    assert found(index, "istanbul may 2025") == ["day-16-may-2025"]
    assert found(index, "Istanbul 2022") == ["day-2022"]
    assert found(index, "2025", tracks=frozenset({"a"})) == ["may-2025", "day-16-may-2025"]


def test_a_number_outside_the_timeline_s_years_is_a_word(index):
    assert found(index, "1000") == ["exchange"]
    assert parse_query("1000", index.years).period is None
    assert parse_query("2023", index.years).period == Period(PartialDate(2023))


def test_the_query_says_how_it_was_understood():
    years = range(2020, 2030)
    assert parse_query("talks May 2025", years).period.phrase() == "in May 2025"
    assert parse_query("talks May 2025", years).words == ("talks",)
    assert parse_query("29 march 2022", years).period.phrase() == "on 29 March 2022"
    assert parse_query("16 May", years).period.phrase() == "on 16 May (any year)"
    assert parse_query("2022-03", years).period.label() == "March 2022"
    assert parse_query("2025", years).period.label() == "2025"


@pytest.mark.parametrize("text", ["30 February", "2022-13", "May", "march on", "31 April",
                                  "Istanbul 1 000"])
def test_what_is_not_a_date_stays_words(text):
    query = parse_query(text, range(2020, 2030))
    assert query.period is None and len(query.words) == len(text.split())


def test_transliterations_share_a_spelling_key():
    assert {spelling_key(w) for w in ("zelensky", "zelenskyy", "zelenskiy", "zelenskij")} == \
        {"zelensky"}
    assert spelling_key("podolyak") == spelling_key("podoliak")
    assert spelling_key("skibitskyi") == spelling_key("skibitsky")
    assert spelling_key("istanbul") == "istanbul"


@pytest.mark.parametrize("query, expected, suggestion", [
    ("Zelenskiy", ["may-2025"], "zelenskyy"),
    ("Skibitskyi", ["day-16-may-2025"], "skibitsky"),
    ("Istambul", ["day-2022", "day-16-may-2025"], "istanbul"),     # one typo
    ("Isatnbul", ["day-2022", "day-16-may-2025"], "istanbul"),     # two letters swapped
    ("Zelenskiy May 2025", ["may-2025"], "zelenskyy May 2025"),
])
def test_other_spellings_and_one_typo_find_similar_events_and_suggest_the_text_s_word(
        index, query, expected, suggestion):
    result = index.search(EventFilter(query))
    assert result.exact == []
    assert [index.events[i].id for i in result.similar] == expected
    assert result.suggestion == suggestion


def test_similar_events_come_after_exact_ones_and_no_suggestion_then(index):
    for query, exact, similar in (("Podolyak", ["day-16-may-2025"], ["year-2023"]),
                                  ("Podoliak", ["year-2023"], ["day-16-may-2025"])):
        result = index.search(EventFilter(query))
        assert [index.events[i].id for i in result.exact] == exact
        assert [index.events[i].id for i in result.similar] == similar
        assert index.matching(EventFilter(query)) == result.exact + result.similar
        assert result.suggestion == ""
    # 'drafts' is one typo from 'draft'-less words only: nothing similar is invented
    assert index.search(EventFilter("drafts")).similar == []


def test_short_words_and_two_typos_are_not_stretched(index):
    assert index.search(EventFilter("tlks")).similar == []          # four letters: no typo
    assert index.search(EventFilter("Istmbl")).similar == []        # two typos
    assert found(index, "Zelenskyyy") == ["may-2025"]               # doubled letters
    assert found(index, "Zelensky") == ["may-2025"]                 # part of 'Zelenskyy'


def test_a_remembered_result_is_never_handed_out(index):
    first = index.matching(EventFilter("May 2025"))
    first.clear()
    assert len(index.matching(EventFilter("May 2025"))) == 3


def test_an_article_is_searched_by_title_publisher_author_and_web_site():
    from timeline_app.core.model import Article
    from timeline_app.core.search import article_text
    text = article_text(Article("a", "Tïtle", "Kyiv Indépendent", "https://www.Example.org/x",
                                "Ann"))
    assert text.split("\n") == ["title", "kyiv independent", "ann", "example.org"]
    assert article_text(Article("b", "T", "P", "http://[not-a-host")).endswith("\n")
    assert "javascript" not in article_text(Article("c", "T", "P", "javascript:alert(1)"))
