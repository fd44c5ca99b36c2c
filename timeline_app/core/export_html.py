"""The timeline as one self-contained web page: a dossier to read on a phone, send or print.

Everything is in the file: the style sheet, the drawn overview (an SVG given by the caller) and
the text. Nothing is fetched: no fonts (the system's own), no scripts, no images from elsewhere,
and a Content-Security-Policy that forbids any of it, so the page opens offline and tells no
server that it was read. Every text of the file is escaped: a title `<script>` shows as written.
Only http/https links with a host become links; any other address is shown as text.
"""
from __future__ import annotations

import re
from html import escape

from timeline_app.core.citations import NOT_A_WEB_ADDRESS, archived_copy, attribution, date_text
from timeline_app.core.dates import format_range
from timeline_app.core.export_selection import article_ids_of, cited_articles
from timeline_app.core.model import Article, Event, Excerpt, Timeline

# Inline styles only (the overview's SVG uses attributes); links are navigation, not requests.
_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_XML_PROLOGUE = re.compile(r"\A\s*(?:<\?xml[^>]*\?>\s*)?(?:<!DOCTYPE[^>]*>\s*)?", re.IGNORECASE)

STYLE = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 46rem; padding: 1.5rem 1rem 3rem; background: #fff;
  color: #1b1b1b; font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto,
  "Helvetica Neue", Arial, "Noto Sans", sans-serif; overflow-wrap: anywhere; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 0 0 .5rem; }
h2 { font-size: 1.25rem; line-height: 1.3; margin: 0 0 .25rem; }
a { color: #0b57a4; }
.description, .summary, blockquote p { white-space: pre-line; }
.meta, .when, .facts, .attribution, .cited-by { color: #4a4a4a; font-size: .9rem; }
.overview { margin: 1.5rem 0; overflow-x: auto; }
/* On a phone the drawing keeps a readable size and scrolls sideways. */
.overview svg { display: block; width: 100%; min-width: 40rem; height: auto; }
h2 a { color: inherit; text-decoration: none; }
h2 a:hover { text-decoration: underline; }
.event { border-top: 1px solid #d0d0d0; padding: 1.25rem 0 .5rem; }
.when { margin: 0 0 .5rem; font-weight: 600; }
.facts { margin: 0 0 .75rem; }
.facts dt { display: inline; font-weight: 600; }
.facts dd { display: inline; margin: 0 .75rem 0 .25rem; }
blockquote { margin: 1rem 0; padding: .25rem 0 .25rem 1rem; border-left: 4px solid #8a8a8a; }
blockquote p { margin: 0 0 .25rem; font-style: italic; }
.attribution { margin: .25rem 0 0; font-style: normal; }
.note { display: block; }
.not-a-link { color: #4a4a4a; }
.sources { border-top: 2px solid #1b1b1b; margin-top: 2rem; padding-top: 1rem; }
.sources li { margin-bottom: .5rem; }
@media print {
  @page { margin: 18mm 16mm; }
  body { max-width: none; padding: 0; font-size: 10.5pt; color: #000; }
  a { color: #000; }
  blockquote, .sources li, .when, .facts { break-inside: avoid; }
  h1, h2 { break-after: avoid; }
  .read::after { content: " <" attr(href) ">"; font-size: .85em; }  /* paper has no links */
  .overview { break-inside: avoid; overflow: visible; }
  .overview svg { min-width: 0; }
}
"""


def to_html(timeline: Timeline, events: list[Event], overview_svg: str = "",
            title_note: str = "") -> str:
    """The page: title, description, overview, every event in date order, then the sources.
    `overview_svg`: the drawn timeline (our own renderer's output) or "" to leave it out;
    `title_note`: a line saying what was kept ('Search: talks'), shown under the title."""
    title = timeline.title or "Timeline"
    parts = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">',
             '<meta name="color-scheme" content="light">',
             f"<title>{escape(title)}</title>", f"<style>{STYLE}</style>", "</head>", "<body>",
             "<header>", f"<h1>{escape(title)}</h1>"]
    if timeline.description.strip():
        parts.append(f'<p class="description">{escape(timeline.description.strip())}</p>')
    parts.append(f'<p class="meta">{escape(_summary_line(timeline, events, title_note))}</p>')
    parts.append("</header>")
    svg = _XML_PROLOGUE.sub("", overview_svg or "").strip()
    if svg:
        parts += ['<figure class="overview" aria-label="The timeline drawn">', svg, "</figure>"]
    parts.append("<main>")
    parts += [_event_html(timeline, event) for event in events]
    parts.append("</main>")
    parts.append(_sources_html(timeline, events))
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def _summary_line(timeline: Timeline, events: list[Event], title_note: str) -> str:
    count = f"{len(events):,} of {len(timeline.events):,} events" \
        if len(events) != len(timeline.events) else f"{len(events):,} events"
    pieces = [count]
    if events:
        pieces.append(format_range(events[0].date, max(event.last for event in events)))
    if title_note:
        pieces.append(title_note)
    return " \u00b7 ".join(pieces)


def _event_html(timeline: Timeline, event: Event) -> str:
    anchor = escape(f"event-{event.id}")
    out = [f'<article class="event" id="{anchor}">',
           f'<h2><a href="#{anchor}">{escape(event.title)}</a></h2>']
    when = f'<time datetime="{event.date.iso()}">{escape(date_text(event.date, event.end))}</time>'
    if event.place:
        when += f" \u00b7 {escape(event.place)}"
    out.append(f'<p class="when">{when}</p>')
    track = timeline.track(event.track)
    facts = (("People", ", ".join(event.people)),
             ("Track", track.name if track else event.track), ("Tags", ", ".join(event.tags)))
    shown = [f"<dt>{label}:</dt><dd>{escape(value)}</dd>" for label, value in facts if value]
    if shown:
        out.append(f'<dl class="facts">{"".join(shown)}</dl>')
    if event.summary.strip():
        out.append(f'<p class="summary">{escape(event.summary.strip())}</p>')
    out += [_quote_html(excerpt, timeline.article(excerpt.article_id))
            for excerpt in event.excerpts]
    quoted = {excerpt.article_id for excerpt in event.excerpts}
    others = [article_id for article_id in article_ids_of(event) if article_id not in quoted]
    if others:
        items = [f"<li>{_source_reference(timeline.article(a), a)}</li>" for a in others]
        label = "Other sources" if event.excerpts else "Sources"
        out.append(f'<p class="facts">{label}:</p><ul>{"".join(items)}</ul>')
    out.append("</article>")
    return "\n".join(out)


def _quote_html(excerpt: Excerpt, article: Article | None) -> str:
    cite = f' cite="{escape(article.link)}"' if article is not None and article.link else ""
    note = f'<span class="note">{escape(excerpt.note.strip())}</span>' \
        if excerpt.note.strip() else ""
    source = _source_reference(article, excerpt.article_id)
    return (f"<blockquote{cite}><p>{escape(excerpt.quote.strip())}</p>"
            f'<footer class="attribution">{note}\u2014 {source}</footer></blockquote>')


def _source_reference(article: Article | None, article_id: str) -> str:
    """'Author, Publisher, Date, “Title”', then the link to the article."""
    named = escape(attribution(article, article_id))
    return named if article is None else f"{named} {_article_link(article)}"


def _article_link(article: Article) -> str:
    if article.link:
        return (f'<a class="article-link read" href="{escape(article.link)}" '
                'rel="noreferrer">(read the article)</a>')
    if article.url:
        return f'<span class="not-a-link">{escape(article.url)} {NOT_A_WEB_ADDRESS}</span>'
    return ""


def _sources_html(timeline: Timeline, events: list[Event]) -> str:
    articles = cited_articles(timeline, events)
    if not articles:
        return ""
    citing: dict[str, list[Event]] = {article.id: [] for article in articles}
    for event in events:
        for article_id in article_ids_of(event):
            if article_id in citing:
                citing[article_id].append(event)
    out = ['<section class="sources" id="sources">', "<h2>Sources</h2>", "<ol>"]
    for article in articles:
        url = escape(article.link) if article.link else ""
        address = f'<a class="article-link" href="{url}" rel="noreferrer">{url}</a>' if url \
            else (f'<span class="not-a-link">{escape(article.url)} {NOT_A_WEB_ADDRESS}</span>'
                  if article.url else "")
        archived = archived_copy(article)
        if archived:
            address += (f' · <a class="article-link" href="{escape(archived)}" '
                        f'rel="noreferrer">archived copy</a>')
        events_citing = ", ".join(f'<a href="#event-{escape(event.id)}">{escape(event.title)}</a>'
                                  for event in citing[article.id])
        out.append(f'<li id="source-{escape(article.id)}">{escape(attribution(article))}<br>'
                   f'{address}<br><span class="cited-by">Cited for: {events_citing}</span></li>')
    out += ["</ol>", "</section>"]
    return "\n".join(out)
