"""The timeline as CommonMark: the HTML dossier's content, to paste into a briefing or a wiki.

Text from the file is escaped so that it shows as written (a `*` stays a star, a line
starting with `#` is no heading); quotes go through core/citations.py, as Copy Citation does.
"""
from __future__ import annotations

from timeline_app.core.citations import (NOT_A_WEB_ADDRESS, archived_copy, attribution,
                                         citation_markdown, date_text, markdown_escaped)
from timeline_app.core.dates import format_range
from timeline_app.core.export_selection import article_ids_of, cited_articles
from timeline_app.core.model import Article, Event, Timeline


def text(value: str) -> str:
    """File text as literal Markdown; `&` too (else '&amp;' would show as '&')."""
    return markdown_escaped(value).replace("&", "\\&")


def one_line(value: str) -> str:
    """Text for a heading or a list item: one line, and no closing '#' a heading would drop."""
    escaped = text(" ".join(value.split()))
    return escaped[:-1] + "\\#" if escaped.endswith("#") else escaped


def to_markdown(timeline: Timeline, events: list[Event], title_note: str = "") -> str:
    out = [f"# {one_line(timeline.title or 'Timeline')}", ""]
    if timeline.description.strip():
        out += [text(timeline.description.strip()), ""]
    count = f"{len(events):,} of {len(timeline.events):,} events" \
        if len(events) != len(timeline.events) else f"{len(events):,} events"
    span = [format_range(events[0].date, max(e.last for e in events))] if events else []
    out += ["*" + " \u00b7 ".join(text(part) for part in [count, *span, title_note] if part)
            + "*", ""]
    for event in events:
        out += _event(timeline, event)
    articles = cited_articles(timeline, events)
    if articles:
        out += ["## Sources", ""]
        out += [f"{n}. {_reference(article)}" for n, article in enumerate(articles, 1)]
        out.append("")
    return "\n".join(out)


def _event(timeline: Timeline, event: Event) -> list[str]:
    when = text(date_text(event.date, event.end))
    out = [f"## {one_line(event.title)}", "",
           f"**{when}**" + (f" \u00b7 {one_line(event.place)}" if event.place else ""), ""]
    track = timeline.track(event.track)
    facts = (("People", ", ".join(event.people)),
             ("Track", track.name if track else event.track), ("Tags", ", ".join(event.tags)))
    shown = [f"{label}: {one_line(value)}" for label, value in facts if value]
    if shown:
        out += ["  \n".join(shown), ""]      # two spaces: a line break within one paragraph
    if event.summary.strip():
        out += [text(event.summary.strip()), ""]
    for excerpt in event.excerpts:
        out += [citation_markdown(excerpt, timeline.article(excerpt.article_id)).rstrip(), ""]
    quoted = {excerpt.article_id for excerpt in event.excerpts}
    others = [article_id for article_id in article_ids_of(event) if article_id not in quoted]
    if others:
        out += ["Other sources:" if event.excerpts else "Sources:", ""]
        out += [f"- {_reference(timeline.article(a), a)}" for a in others]
        out.append("")
    return out


def _reference(article: Article | None, article_id: str = "") -> str:
    named = one_line(attribution(article, article_id))
    if article is None or not article.url:
        return named
    archived = archived_copy(article)
    archived = f", archived copy <{_autolink_target(archived)}>" if archived else ""
    if not article.link:
        return f"{named}, {one_line(article.url)} {text(NOT_A_WEB_ADDRESS)}{archived}"
    return f"{named}, <{_autolink_target(article.link)}>{archived}"


def _autolink_target(url: str) -> str:
    """A URL as a CommonMark autolink target: no spaces, '<' or '>' (a safe link has no
    spaces; the brackets are percent-encoded)."""
    return url.replace("<", "%3C").replace(">", "%3E")
