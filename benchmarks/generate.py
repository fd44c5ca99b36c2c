"""Generate a realistic, valid timeline of N events for benchmarking the loader.

As a module:  generate_timeline(n, seed=1, comments=False) -> str   (the YAML text)
              largest_timeline(limit) -> (n, text): the most events (a multiple of 1,000)
              whose file fits in `limit` bytes
As a script:  python benchmarks/generate.py N OUT.yaml [--seed S] [--comments] [--check]

The output is deterministic for a given (n, seed) and loads with no errors and no warnings:
every id is unique and well formed, every date is a real calendar day, `end` is never before
`date`, every referenced track/article/event exists, and every track and article is used.
Events are written in date order. Size: about 385 bytes of YAML per event, articles included
(10,000 events ~ 3.8 MB).

comments=True writes the file as people keep theirs: a comment line before each year of
articles and of events, a note in a comment after some values, and a third of the article
addresses with a `#fragment` (a '#' right after other text, which a loader must tell from a
comment). The same seed gives the same events and articles as without comments, bar their
line numbers and the fragments; the file is about 1% longer.
"""
from __future__ import annotations

import calendar
import datetime
import os
import random
import sys
import textwrap

FIRST_YEAR, LAST_YEAR = 2005, 2024

TRACKS = (("talks", "Direct talks and drafts"), ("mediation", "Third-party mediation"),
          ("prisoners", "Prisoner exchanges"), ("truces", "Ceasefires and truces"),
          ("sanctions", "Sanctions and trade"))

ERAS = (("Early contacts", "2005-01", "2008-08-15"), ("Frozen period", "2008-08-16", "2013-11"),
        ("Crisis years", "2013-11-21", "2019-05"), ("Renewed diplomacy", "2019-05-20", "2024"))

TAGS = ("ceasefire", "direct-talks", "mediation", "prisoner-exchange", "sanctions", "grain",
        "energy", "nuclear-safety", "humanitarian-corridors", "draft-treaty", "summit",
        "security-guarantees", "neutrality", "territory", "communique", "un", "osce", "eu",
        "nato", "turkiye", "vatican", "gulf-states", "black-sea", "refugees", "reparations",
        "war-crimes", "observers", "elections", "referendum", "demilitarisation")

PLACES = ("Geneva, Switzerland", "Istanbul, Türkiye", "Minsk, Belarus", "Vienna, Austria",
          "Riyadh, Saudi Arabia", "Jeddah, Saudi Arabia", "Doha, Qatar", "Abu Dhabi, UAE",
          "Antalya, Türkiye", "Brussels, Belgium", "New York, United States", "Helsinki, Finland",
          "Oslo, Norway", "Rome, Italy", "Paris, France", "Berlin, Germany", "Warsaw, Poland",
          "Bürgenstock, Switzerland", "Ankara, Türkiye", "Normandy, France")

PEOPLE = ("Anna Kovalenko", "Mark Ellison", "Sergei Volkov", "Olena Marchenko", "Jean Dubois",
          "Fatma Yildiz", "Hans Becker", "Maria Rossi", "Ivan Petrenko", "Lucia Fernández",
          "Omar Haddad", "Karin Lindqvist", "Pavel Orlov", "Nadia Hassan", "Tomasz Nowak",
          "Elena Sokolova", "David Levin", "Mehmet Aydın", "Claire Martin", "Yuri Bondar")

PUBLISHERS = ("Reuters", "Associated Press", "BBC News", "Le Monde", "Der Spiegel", "Kyiv Post",
              "Anadolu Agency", "Al Jazeera", "The Guardian", "DW", "Euronews", "Interfax",
              "Daily Sabah", "Politico Europe", "NHK World")

AUTHORS = ("Sarah Cole", "Peter Hahn", "Iryna Shevchuk", "Ahmed Karim", "Laura Bianchi",
           "Dmitri Fedorov", "Emma Lewis", "Jakub Wójcik", "Sophie Laurent", "Ali Demir")

ACTORS = ("Negotiators", "Ministers", "Mediators", "Delegations", "Envoys",
          "Officers", "Observers", "Leaders", "Officials", "Parliaments")
ACTIONS = ("meet in", "hold talks in", "sign a protocol in", "agree on a truce in",
           "resume contacts in", "exchange drafts in", "suspend talks in", "gather in")
SHORT_ACTIONS = ("meet", "talk", "sign", "agree", "resume", "swap", "pause")

OPENINGS = ("The delegations met for hours and agreed to meet again.",
            "Officials called the round difficult but useful.",
            "Mediators presented a revised draft.",
            "The meeting ended without a joint statement.",
            "Both sides confirmed a prisoner exchange.",
            "A short holiday truce was announced.",
            "New sanctions followed the failed talks.",
            "Observers said the ceasefire largely held.")
DETAILS = ("The main dispute was the order of steps.",
           "Reports put the number released at several hundred.",
           "The draft was never signed.",
           "Each side blamed the other.",
           "A working group will prepare the next round.",
           "Humanitarian corridors were discussed.")

QUOTES = ("The parties agreed to continue the talks and to meet again within two weeks.",
          "We are ready to discuss a ceasefire, but not at the price of our territory.",
          "The exchange took place under international guarantees and without incident.",
          "No document was signed, and the question of borders remained open.",
          "Both delegations asked the mediators to prepare a new draft before the summer.",
          "The observers had no access to the area on the day of the incident.",
          "This is the first time since the spring that the two sides have met in person.",
          "The sanctions will stay in place until the agreement is fully implemented.")

WRAP = 88  # line width of folded block scalars, like a hand-edited file


FRAGMENTS = ("#main", "#section-2", "#comments", "#update", "#p3")
VALUE_NOTES = ("# date from the agency's first report", "# place as the hosts gave it",
               "# checked against the print edition")


def generate_timeline(n: int, seed: int = 1, comments: bool = False) -> str:
    """The YAML text of a valid timeline with n events (n >= 1); with comments=True, comment
    lines, comments after values and URL #fragments too (see the module's docstring)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    rng = random.Random(seed)
    tracks = TRACKS[:min(len(TRACKS), n)]  # every track must be used by some event
    events = _events(rng, n, tracks)
    articles = _articles(rng, events)
    # Its own random numbers, so that the timeline is the same with comments as without.
    notes = random.Random(seed + 1) if comments else None

    out = ["# Generated by benchmarks/generate.py: synthetic data, not real events.",
           f"title: Synthetic negotiations timeline ({n} events, seed {seed})",
           "description: >-"]
    out += _fold(f"A generated timeline of {n} events over twenty years, used to measure how "
                 "fast the app loads and checks a large file. Names, places and articles are "
                 "invented.", 2)
    out.append("")
    out.append("tracks:")
    for track_id, name in tracks:
        out.append(f"  - id: {track_id}\n    name: {name}")
    out.append("")
    out.append("eras:")
    for name, start, end in ERAS:
        out.append(f"  - name: {name}\n    start: {start}\n    end: {end}")
    out.append("")
    out.append("articles:")
    year = None
    for article in articles:
        if notes and events[article["anchor"]]["date"][0] != year:
            year = events[article["anchor"]]["date"][0]
            out.append(f"  # ---- articles of {year} ----")
        out.append(f"  - id: {article['id']}")
        out.append(f"    title: \"{article['title']}\"")
        out.append(f"    publisher: {article['publisher']}")
        if article["author"]:
            out.append(f"    author: {article['author']}")
        if article["date"]:
            out.append(f"    date: {article['date']}")
        fragment = notes.choice(FRAGMENTS) if notes and notes.random() < 0.33 else ""
        out.append(f"    url: {article['url']}{fragment}")
    out.append("")
    out.append("events:")
    year = None
    for event in events:
        if notes and event["date"][0] != year:
            year = event["date"][0]
            out.append(f"  # ---- {year} ----")
        out.append(f"  - id: {event['id']}")
        note = f"  {notes.choice(VALUE_NOTES)}" if notes and notes.random() < 0.1 else ""
        out.append(f"    date: {_iso(event['date'])}{note}")
        if event["end"]:
            out.append(f"    end: {_iso(event['end'])}")
        out.append(f"    title: {event['title']}")
        if event["place"]:
            out.append(f"    place: {event['place']}")
        if event["people"]:
            out.append(f"    people: [{', '.join(event['people'])}]")
        if event["track"]:
            out.append(f"    track: {event['track']}")
        out.append(f"    tags: [{', '.join(event['tags'])}]")
        summary = event["summary"]
        if len(summary) + 13 > WRAP:
            out.append("    summary: >-")
            out += _fold(summary, 6)
        else:
            out.append(f"    summary: {summary}")
        if event["excerpts"]:
            out.append("    excerpts:")
            for article_id, quote, note in event["excerpts"]:
                out.append(f"      - article: {article_id}")
                out.append("        quote: >-")
                out += _fold(quote, 10, width=60)  # narrow: quotes span several lines
                if note:
                    out.append(f"        note: {note}")
        if event["sources"]:
            out.append(f"    sources: [{', '.join(event['sources'])}]")
        if event["related"]:
            out.append(f"    related: [{', '.join(event['related'])}]")
    out.append("")
    return "\n".join(out)


# -- events ----------------------------------------------------------------------------------

def _events(rng: random.Random, n: int, tracks) -> list[dict]:
    first = datetime.date(FIRST_YEAR, 1, 1).toordinal()
    last = datetime.date(LAST_YEAR, 12, 31).toordinal()
    dates = []
    for _ in range(n):
        day = datetime.date.fromordinal(rng.randint(first, last))
        roll = rng.random()
        if roll < 0.85:
            dates.append((day.year, day.month, day.day))
        elif roll < 0.97:
            dates.append((day.year, day.month, None))
        else:
            dates.append((day.year, None, None))
    # The loader's order: a month before the days in it, a year before its months.
    dates.sort(key=lambda d: (d[0], d[1] or 0, d[2] or 0))

    events = []
    for index, date in enumerate(dates):
        place = rng.choice(PLACES) if rng.random() < 0.7 else ""
        city = (place or rng.choice(PLACES)).split(",")[0]
        slug = _slug(city)
        if index < len(tracks):
            track = tracks[index][0]
        else:
            track = rng.choice(tracks)[0] if rng.random() < 0.9 else ""
        sentences = [rng.choice(OPENINGS)]
        sentences += rng.sample(DETAILS, rng.choice((0, 0, 0, 0, 1, 1, 2)))
        events.append({
            "id": f"e{index + 1}-{slug}-{rng.choice(SHORT_ACTIONS)}",
            "date": date,
            "end": _end(rng, date) if rng.random() < 0.2 else None,
            "title": f"{rng.choice(ACTORS)} {rng.choice(ACTIONS)} {city}",
            "place": place,
            "people": rng.sample(PEOPLE, rng.choice((0, 0, 1, 1, 2, 3))),
            "track": track,
            "tags": rng.sample(TAGS, rng.choice((1, 1, 2, 2, 3))),
            "summary": " ".join(sentences),
            "excerpts": [],
            "sources": [],
            "related": [],
        })
    for index, event in enumerate(events):
        if rng.random() < 0.15 and n > 1:
            picks = {min(n - 1, max(0, index + rng.randint(-20, 20))) for _ in range(2)}
            event["related"] = [events[j]["id"] for j in sorted(picks) if j != index]
    return events


def _end(rng: random.Random, date) -> tuple:
    year, month, day = date
    if day:
        end = datetime.date(year, month, day) + datetime.timedelta(days=rng.randint(1, 30))
        return (end.year, end.month, end.day)
    if month:
        months = year * 12 + month - 1 + rng.randint(1, 6)
        return (months // 12, months % 12 + 1, None)
    return (year + rng.randint(1, 3), None, None)


# -- articles --------------------------------------------------------------------------------

def _articles(rng: random.Random, events: list[dict]) -> list[dict]:
    """About one article per five events, each cited by at least one event."""
    n = len(events)
    count = max(3, n // 5)
    # Article k is first cited by event `anchor`; anchors are spread evenly over the events,
    # so articles stay in date order and no article is left uncited.
    anchors = [k * n // count for k in range(count)]
    articles = []
    for k, anchor in enumerate(anchors):
        event = events[anchor]
        publisher = rng.choice(PUBLISHERS)
        year, month, day = event["date"]
        roll = rng.random()
        date = _iso((year, month, day)) if roll < 0.6 else \
            _iso((year, month or 1, None)) if roll < 0.8 else ""
        slug = event["id"].split("-", 1)[1]
        articles.append({
            "id": f"{_slug(publisher)[:8]}-{k + 1}",
            "title": f"{event['title']}, report {k + 1}",
            "publisher": publisher,
            "author": rng.choice(AUTHORS) if rng.random() < 0.5 else "",
            "date": date,
            "url": f"https://example.org/{year}/{slug}-{k + 1}",
            "anchor": anchor,
        })
    # Sources: the anchor articles, then one or two articles of nearby events.
    by_event: dict[int, list[str]] = {}
    for article in articles:
        by_event.setdefault(article["anchor"], []).append(article["id"])
    for index, event in enumerate(events):
        cited = list(by_event.get(index, ()))
        k = min(count - 1, index * count // n)
        wanted = rng.choice((1, 1, 1, 2))
        while len(cited) < wanted:
            candidate = articles[min(count - 1, max(0, k + rng.randint(-2, 2)))]["id"]
            if candidate not in cited:
                cited.append(candidate)
            elif count <= len(cited):
                break
        # Some citations become excerpts with a quote instead of plain sources.
        excerpts = []
        for article_id in list(cited):
            if rng.random() < 0.15:
                excerpts.append((article_id, _quote(rng),
                                 "Quoted from the print edition." if rng.random() < 0.3 else ""))
                if len(cited) > 1 and rng.random() < 0.5:
                    cited.remove(article_id)
        event["excerpts"] = excerpts
        event["sources"] = cited
    return articles


def _quote(rng: random.Random) -> str:
    return " ".join(rng.sample(QUOTES, rng.choice((1, 1, 1, 2))))


# -- text helpers ----------------------------------------------------------------------------

def _fold(text: str, indent: int, width: int = WRAP) -> list[str]:
    return textwrap.wrap(text, width=width, initial_indent=" " * indent,
                         subsequent_indent=" " * indent)


def _iso(date: tuple) -> str:
    year, month, day = date
    if day:
        assert 1 <= day <= calendar.monthrange(year, month)[1]
        return f"{year:04d}-{month:02d}-{day:02d}"
    if month:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}"


def _slug(text: str) -> str:
    table = str.maketrans({"ü": "u", "ı": "i", "é": "e", "ó": "o", "ş": "s", "ç": "c", "ö": "o"})
    return "-".join(text.lower().translate(table).replace(",", " ").split())


def largest_timeline(limit: int, seed: int = 1) -> tuple[int, str]:
    """The most events, a multiple of 1,000, whose generated file (UTF-8) is at most `limit`
    bytes, and its text. Bytes per event grow a little with n (longer ids): the size is
    estimated from a first file near the limit, then checked (two or three files made)."""
    def size(text: str) -> int:
        return len(text.encode("utf-8"))

    n = max(1_000, limit // size(generate_timeline(1_000, seed)) // 1_000 * 1_000)
    text = generate_timeline(n, seed)
    n = max(1_000, int(limit / (size(text) / n)) // 1_000 * 1_000)
    text = generate_timeline(n, seed)
    while size(text) > limit and n > 1_000:
        n -= 1_000
        text = generate_timeline(n, seed)
    return n, text


def main(argv: list[str]) -> int:
    import argparse
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of events")
    parser.add_argument("out", help="output YAML file")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--comments", action="store_true",
                        help="comment lines, comments after values and URL #fragments too")
    parser.add_argument("--check", action="store_true",
                        help="load the result with timeline_app and fail on any problem")
    args = parser.parse_args(argv)
    text = generate_timeline(args.n, args.seed, args.comments)
    data = text.encode("utf-8")
    with open(args.out, "wb") as stream:
        stream.write(data)
    print(f"{args.out}: {args.n} events, {len(data):,} bytes ({len(data) / 1e6:.2f} MB, "
          f"{len(data) / args.n:.0f} bytes/event)")
    if args.check:
        sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        from timeline_app.core.loader import load_text
        result = load_text(text, args.out)
        for problem in result.problems[:20]:
            print(problem)
        if result.problems or result.timeline is None:
            print(f"FAILED: {len(result.problems)} problems")
            return 1
        print(f"loads cleanly: {len(result.timeline.events)} events, "
              f"{len(result.timeline.articles)} articles, 0 problems")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
