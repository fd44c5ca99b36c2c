"""The timeline as TimelineJS 3 JSON, for a newsroom to publish with Knight Lab's TimelineJS.

Field names as Knight Lab documents them ("TimelineJS JSON data format",
timeline.knightlab.com/docs/json-format.html, read in NUKnightLab/TimelineJS3
website/templates/docs/json-format.html):
- top level: `events` (slides, required), `title` (a slide without dates), `eras`;
- slide: `start_date`, `end_date`, `text` {`headline`, `text`}, `media`, `group` ("events with
  the same value for group [go] in the same row"), `display_date`, `unique_id` (used by
  hash_bookmark and goToId);
- date: `year` (a number), `month` (1-12), `day`, `display_date`; we give only the parts the
  file knows, so TimelineJS shows the event at its own precision;
- era: `start_date`, `end_date` (both required), `text` (headline only);
- media: `url` (required), `caption`, `credit` ("HTML markup is OK"), `link`.
Text and headline are HTML ("HTML markup is OK"), so every text from the file is escaped.

The first excerpt is the slide's media: "Blockquote: instead of a URL, you can use
<blockquote> tags around whatever text you want to quote" (docs/media-types.html). TimelineJS
picks the media type by testing `url` against patterns in order (src/js/media/MediaType.js), some
of which match anywhere in the text ('iframe', 'spotify', 'youtu.be', 'google…/maps/',
'documentcloud.org/', and an image pattern: 'png' then '?' to the end); in the quote the first
letter of such a word and every '?' are written as character references, which read the same
but cannot match, so the quote is always shown as a quote.
"""
from __future__ import annotations

import re
from html import escape

from timeline_app.core.citations import NOT_A_WEB_ADDRESS, attribution, date_text
from timeline_app.core.dates import PartialDate
from timeline_app.core.export_selection import article_ids_of
from timeline_app.core.model import Article, Event, Excerpt, Timeline

_MEDIA_TRIGGERS = re.compile(r"iframe|spotify|youtu\.be|google|documentcloud\.org/|\?",
                             re.IGNORECASE)


def to_timelinejs(timeline: Timeline, events: list[Event]) -> dict:
    title_text = f"<p>{_html(timeline.description.strip())}</p>" \
        if timeline.description.strip() else ""
    document = {"title": {"text": {"headline": escape(timeline.title or "Timeline"),
                                   "text": title_text}},
                "events": [_slide(timeline, event) for event in events]}
    eras = [{"start_date": date_object(era.start), "end_date": date_object(era.end),
             "text": {"headline": escape(era.name)}} for era in timeline.eras]
    if eras:
        document["eras"] = eras
    return document


def date_object(date: PartialDate) -> dict:
    """A TimelineJS date with only the parts the file gives (its precision)."""
    found = {"year": date.year}
    if date.month:
        found["month"] = date.month
    if date.day:
        found["day"] = date.day
    return found


def _slide(timeline: Timeline, event: Event) -> dict:
    slide = {"unique_id": event.id, "start_date": date_object(event.date),
             "display_date": escape(date_text(event.date, event.end)),
             "text": {"headline": escape(event.title), "text": _text(timeline, event)}}
    if event.end is not None and event.end != event.date:
        slide["end_date"] = date_object(event.end)
    track = timeline.track(event.track)
    if track is not None or event.track:
        slide["group"] = escape(track.name if track else event.track)
    if event.excerpts:
        slide["media"] = _media(event.excerpts[0], timeline.article(event.excerpts[0].article_id))
    return slide


def _html(value: str) -> str:
    """Escaped text with its line breaks kept."""
    return escape(value).replace("\n", "<br>")


def _text(timeline: Timeline, event: Event) -> str:
    out = []
    if event.summary.strip():
        out.append(f"<p>{_html(event.summary.strip())}</p>")
    facts = [("Place", event.place), ("People", ", ".join(event.people)),
             ("Tags", ", ".join(event.tags))]
    shown = [f"<strong>{label}:</strong> {escape(value)}" for label, value in facts if value]
    if shown:
        out.append(f"<p>{'<br>'.join(shown)}</p>")
    for excerpt in event.excerpts[1:]:     # the first is the slide's media
        article = timeline.article(excerpt.article_id)
        out.append(f"<blockquote>{_html(excerpt.quote.strip())}</blockquote>"
                   f"<p>{_credit(excerpt, article)}</p>")
    references = [f"<li>{_reference(timeline.article(a), a)}</li>" for a in article_ids_of(event)]
    if references:
        out.append(f"<p>Sources:</p><ul>{''.join(references)}</ul>")
    return "".join(out)


def _credit(excerpt: Excerpt, article: Article | None) -> str:
    note = f"{escape(excerpt.note.strip())} " if excerpt.note.strip() else ""
    return f"{note}\u2014 {escape(attribution(article, excerpt.article_id))}"


def _reference(article: Article | None, article_id: str) -> str:
    named = escape(attribution(article, article_id))
    if article is None or not article.url:
        return named
    if article.link:
        return f'<a href="{escape(article.link)}">{named}</a>'
    return f"{named}, {escape(article.url)} {NOT_A_WEB_ADDRESS}"


def _media(excerpt: Excerpt, article: Article | None) -> dict:
    quote = _MEDIA_TRIGGERS.sub(lambda m: f"&#{ord(m[0][0])};{m[0][1:]}",
                                _html(excerpt.quote.strip()))
    media = {"url": f"<blockquote>{quote}</blockquote>", "credit": _credit(excerpt, article)}
    if article is not None and article.link:
        media["caption"] = f'<a href="{escape(article.link)}">{escape(article.title or article.url)}</a>'
        media["link"] = article.link
    elif article is not None and article.url:
        media["caption"] = f"{escape(article.url)} {NOT_A_WEB_ADDRESS}"
    return media
