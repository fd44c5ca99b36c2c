"""The fact-check of December 2026 (../shared/research/factcheck-2026-12.md) applied to the
bundled timeline: each correction, each replaced source address and each added event, read
the way the app reads the file (core.loader.load_path)."""
import re

import pytest

from conftest import EVENTS_YAML as BUNDLED
from timeline_app.core.loader import load_path


@pytest.fixture(scope="module")
def timeline():
    result = load_path(BUNDLED)
    assert result.problems == ()
    return result.timeline


def flat(text):
    return re.sub(r"\s+", " ", text)


def event(timeline, event_id):
    found = timeline.event(event_id)
    assert found is not None, event_id
    return found


def urls(timeline, ev):
    return {timeline.article(a).url for a in ev.sources}


# ---- the corrections table ------------------------------------------------------------------

def test_the_175_exchange_gives_22_badly_wounded_and_the_23_promised(timeline):
    ev = event(timeline, "exchange-175-2025")
    text = flat(ev.summary)
    assert ev.date.iso() == "2025-03-19" and ev.track == "prisoners"
    assert "22 badly wounded" in text and "both sides confirmed" in text
    assert "23 severely wounded" in text and "On 18 March the Kremlin" in text
    assert not re.search(r"22 according to .*23 according to", text)
    found = urls(timeline, ev)
    assert "https://www.asiaone.com/world/russia-and-ukraine-conduct-large-prisoner-exchange-after-putin-trump-call" in found
    assert "https://www.pravda.com.ua/eng/news/2025/03/18/7503481/" in found
    assert not any("3313968" in u for u in found)   # the page carries neither number
    # The fact-check: Zelensky said the swap was planned before the call, with its source.
    assert "arranged in advance, before the call" in text
    assert "https://benborges.xyz/2025/03/18/zelensky-confirms-prisoner-exchange-says.html" in found


def test_the_azovstal_swap_no_longer_invents_a_contradiction(timeline):
    ev = event(timeline, "exchange-azovstal-2022")
    text = flat(ev.summary)
    assert "differ" not in text
    assert "215 in all" in text and "200 of them were exchanged for Medvedchuk" in text
    assert "ten foreigners" in text and "Saudi Arabia" in text
    assert any("ukranews.com/en/news/883451" in u for u in urls(timeline, ev))


def test_the_only_tangible_outcome_is_attributed(timeline):
    text = flat(event(timeline, "exchange-1000-2025").summary)
    assert "one tangible outcome" not in text
    assert "Euromaidan Press described it as the only tangible result" in text


def test_the_april_draft_says_what_russia_sought(timeline):
    text = flat(event(timeline, "draft-treaty-april-15").summary)
    assert "the draft gave" not in text
    assert "Russia used the draft to seek" in text


def test_the_istanbul_note_says_neither_draft_was_signed(timeline):
    notes = [flat(x.note) for x in event(timeline, "istanbul-round-2022").excerpts]
    assert any("neither the treaty draft of 17 March nor that of 15 April" in n for n in notes)
    assert not any("that followed the communiqué" in n for n in notes)


def test_the_black_sea_deal_gives_the_kremlins_condition(timeline):
    ev = event(timeline, "riyadh-technical-talks")
    text = flat(ev.summary)
    assert "Rosselkhozbank" in text and "SWIFT" in text
    found = urls(timeline, ev)
    assert not any("1058621" in u for u in found)
    assert any("themoscowtimes.com/2025/03/25" in u for u in found)


def test_merz_and_tusk_were_in_kyiv_and_the_warning_is_backed(timeline):
    ev = event(timeline, "kyiv-ceasefire-call")
    assert {"Friedrich Merz", "Donald Tusk", "Keir Starmer", "Emmanuel Macron"} <= set(ev.people)
    assert ev.date.iso() == "2025-05-10" and ev.track == "truces"
    assert any("president.gov.ua/en/news/z-12-travnya" in u for u in urls(timeline, ev))


def test_the_third_round_cites_dw_rightly_and_telesur(timeline):
    ev = event(timeline, "belarus-third-round")
    dw = timeline.article("dw-third-round")
    assert dw.title == "Ukraine and Russia start third round of peace talks"
    assert dw.url == "https://www.dw.com/en/ukraine-and-russia-start-third-round-of-peace-talks/a-61039008"
    assert "https://www.telesurenglish.net/news/Ukraine-Russia-Finish-Third-Round-of-Talks-20220307-0013.html" \
        in urls(timeline, ev)


def test_kyivs_rejection_of_putins_conditions_is_sourced(timeline):
    ev = event(timeline, "putin-conditions-2024")
    assert "denounced" in flat(ev.summary)
    assert "nyt-elusive-peace" in ev.sources


def test_the_victory_day_truce_gives_kyivs_reaction(timeline):
    ev = event(timeline, "victory-day-truce")
    text = flat(ev.summary)
    assert "Sybiha" in text and "8 May" in text and "30 days" in text
    assert any("patrika.com" in u for u in urls(timeline, ev))


def test_the_russian_delegates_were_in_istanbul_not_ankara(timeline):
    ev = event(timeline, "ankara-talks-postponed")
    assert "in Istanbul, not in Ankara" in flat(ev.summary)
    assert any("trtworld.com/article/c83be952e238" in u for u in urls(timeline, ev))


def test_the_first_round_has_a_main_source_beside_the_live_blog(timeline):
    ev = event(timeline, "gomel-first-round")
    assert ev.sources[0] != "europediplomatic-gomel"
    assert "https://www.pravda.com.ua/eng/news/2022/02/28/7326889/" in urls(timeline, ev)


def test_podolyak_is_among_the_people_of_the_second_round(timeline):
    assert "Mykhailo Podolyak" in event(timeline, "belarus-second-round").people


# ---- article entries ------------------------------------------------------------------------

NOT_STORED = ("baonghean.vn", "hurriyetdailynews.com/russia-ukraine-exchanged-200",
              "en.m.wikisource.org", "news.online.ua", "lbc.co.uk", "theins.ru/en/news/279529",
              "en.interfax.com.ua/news/general/1058621", "pravda.com.ua/eng/news/2025/05/11",
              "hindustantimes.com/world-news/trump-says-russia-putin",
              "ukraina-vernula-iz-rossiiskogo-plena-390")


def test_no_article_keeps_an_address_that_was_not_found_stored(timeline):
    for article in timeline.articles:
        assert not any(bad in article.url for bad in NOT_STORED), article.url


def test_headlines_known_are_not_bracketed(timeline):
    assert timeline.article("hurriyet-kyiv-ceasefire-call").title == \
        "Putin offers Ukraine to resume direct peace talks in Istanbul"
    assert timeline.article("rbc-putin-proposal").title == \
        "Putin proposed date and place for direct negotiations with Ukraine"
    assert "second day" in timeline.article("menafn-exchange-1000").title


def test_the_replacements_named_by_the_fact_check_are_used(timeline):
    every = {a.url for a in timeline.articles}
    assert "https://newsukraine.rbc.ua/news/security-at-znpp-access-to-ports-and-return-1718546340.html" in every
    assert "https://www.jordantimes.com/news/world/putin-says-russia-ready-work-kyiv-memorandum-possible-peace-deal" in every


# ---- the missing events ---------------------------------------------------------------------

NEW_EVENTS = [
    # id, date, end, track, a source address it must cite
    ("bucha-talks-mood", "2022-04-08", None, "talks",
     "https://www.businessinsider.com/ukrainian-peace-negotiator-says-mood-peace-talks-changed-bucha-russia-2022-4"),
    ("guterres-putin-azovstal", "2022-04-26", None, "mediation",
     "https://www.ksby.com/news/national/russia-ukraine-conflict/un-secretary-general-guterres-putin-agree-in-principle-on-ukraine-civilian-evacuation-plan"),
    ("exchange-144-2022", "2022-06-29", None, "prisoners",
     "https://en.hromadske.ua/posts/144-ukrainian-prisoners-of-war-returned-from-russian-captivity-most-of-them-are-azovstal-defenders"),
    ("china-position-paper", "2023-02-24", None, "mediation",
     "https://www.globaltimes.cn/page/202302/1286153.shtml"),
    ("jeddah-nsa-2023", "2023-08-05", "2023-08-06", "mediation",
     "https://www.arabnews.com/node/2349941/world"),
    ("trump-putin-call-february", "2025-02-12", None, "mediation",
     "https://www.hindustantimes.com/world-news/us-news/trump-speaks-to-putin-says-negotiations-to-end-ukraine-war-start-immediately-101739380764318.html"),
    ("white-house-clash", "2025-02-28", None, "mediation",
     "http://en.people.cn/n3/2025/0301/c90000-20283191.html"),
    ("paris-talks-2025", "2025-04-17", None, "mediation",
     "https://www.thedailybeast.com/white-house-peace-talks-include-recognizing-russian-control-of-crimea/"),
    ("exchange-246-2025", "2025-04-19", None, "prisoners",
     "https://menafn.com/1109448927/UAE-Announces-Successful-Prisoner-Exchange-Mediation-Between-Russia-Ukraine"),
    ("minerals-deal-signed", "2025-04-30", None, "mediation",
     "https://www.newsx.com/world/us-and-ukraine-sign-historic-long-awaited-rare-minerals-deal-key-details/"),
]


@pytest.mark.parametrize("event_id,date,end,track,url", NEW_EVENTS, ids=[e[0] for e in NEW_EVENTS])
def test_a_missing_event_is_there_with_its_date_track_and_source(timeline, event_id, date, end,
                                                                 track, url):
    ev = event(timeline, event_id)
    assert ev.date.iso() == date
    assert (ev.end.iso() if ev.end else None) == end
    assert ev.track == track
    assert url in urls(timeline, ev)
    assert ev.related, event_id
    for other in ev.related:   # linked both ways
        assert event_id in event(timeline, other).related, (event_id, other)


def test_the_figures_of_the_new_exchanges(timeline):
    assert "95 of them defenders of the Azovstal" in flat(event(timeline, "exchange-144-2022").summary)
    text = flat(event(timeline, "exchange-246-2025").summary)
    assert "246" in text and "31 wounded Ukrainians" in text and "15 wounded" in text and "538" in text
