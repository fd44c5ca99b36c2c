"""An event or a quote as text to paste elsewhere: plain, Markdown, and a link back to the app.

A journalist copies a quote into a draft: the words, who said them (the excerpt's note), and
where they were published (author, publisher, date, title, URL), so the quote never travels
without its source. Only http/https links with a host are written as links; any other address
is given as text, marked as not opened.
"""
from __future__ import annotations

import os
import re
import shlex
from collections.abc import Iterable

from timeline_app.core.dates import PartialDate, format_date, format_range
from timeline_app.core.model import Article, Event, Excerpt, Timeline

APP_COMMAND = "timeline-app"
NOT_A_WEB_ADDRESS = "(not an http/https address)"
_PRECISION_HINTS = {"month": "(day not known)", "year": "(month and day not known)"}
# Characters that Markdown may read as markup anywhere in a line.
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>|~!]|&(?=#?[0-9A-Za-z]+;))")
# Markup that only counts at the start of a line: headings, quotes, lists, rules.
_MARKDOWN_LINE_START = re.compile(r"^(\s*)(\d+(?=[.)])|)([#>+=.)-])")


# ---- shared pieces ------------------------------------------------------------------------

def precision_hint(start: PartialDate, end: PartialDate | None = None) -> str:
    """'(day not known)' or '(month and day not known)' for a date given to the month or year."""
    precisions = {start.precision, (end or start).precision}
    coarsest = "year" if "year" in precisions else "month" if "month" in precisions else "day"
    return _PRECISION_HINTS.get(coarsest, "")


def date_text(start: PartialDate, end: PartialDate | None = None) -> str:
    """'23–25 May 2025', or 'April 2022 (day not known)' when the file gives less than a day."""
    hint = precision_hint(start, end)
    shown = format_range(start, end)
    return f"{shown} {hint}" if hint else shown


def excerpts_by_article(excerpts: Iterable[Excerpt]) -> list[tuple[str, list[Excerpt]]]:
    """The excerpts grouped by the article they quote, articles in order of first quote and
    quotes in file order within each, so one article gets one attribution line."""
    groups: dict[str, list[Excerpt]] = {}
    for excerpt in excerpts:
        groups.setdefault(excerpt.article_id, []).append(excerpt)
    return list(groups.items())


def attribution(article: Article | None, article_id: str = "") -> str:
    """'Olha Bereziuk, Babel, May 2025, “Title”' (plain text), or the id of an unknown article."""
    if article is None:
        return article_id
    parts = [article.author, article.publisher,
             format_date(article.date) if article.date else "",
             f"\u201c{article.title}\u201d" if article.title else ""]
    return ", ".join(part for part in parts if part)


def _address(article: Article | None) -> str:
    if article is None or not article.url:
        return ""
    address = article.url if article.link else f"{article.url} {NOT_A_WEB_ADDRESS}"
    archived = archived_copy(article)
    return f"{address} (archived copy: {archived})" if archived else address


def archived_copy(article: Article | None) -> str:
    """The article's archived copy, when it has one that is safe to open; else ""."""
    return (article.archive_link or "") if article is not None else ""


def _lines(text: str) -> list[str]:
    """The text's lines with trailing spaces removed and outer blank lines dropped."""
    return [line.rstrip() for line in text.strip().splitlines()]


# ---- plain text ---------------------------------------------------------------------------

def citation_text(excerpt: Excerpt, article: Article | None, event: Event | None = None) -> str:
    """The quote, then who said it (the note), then where it was published, as plain text."""
    lines = [f"\u201c{excerpt.quote.strip()}\u201d"]
    if excerpt.note.strip():
        lines.append(excerpt.note.strip())
    lines.append(f"\u2014 {attribution(article, excerpt.article_id)}")
    if _address(article):
        lines.append(_address(article))
    if event is not None:
        lines.append(f"(Quoted for: {date_text(event.date, event.end)}, {event.title})")
    return "\n".join(lines) + "\n"


def event_as_text(event: Event, timeline: Timeline) -> str:
    """The event as a reader sees it in the detail pane, as plain text to paste elsewhere."""
    track = timeline.track(event.track)
    facts = (("Place", event.place), ("People", ", ".join(event.people)),
             ("Track", track.name if track else event.track), ("Tags", ", ".join(event.tags)))
    out = [event.title.strip(), date_text(event.date, event.end)]
    out += [f"{label}: {value}" for label, value in facts if value]
    if event.summary.strip():
        out += ["", event.summary.strip()]
    if event.excerpts:
        out += ["", "Excerpts"]
        for article_id, excerpts in excerpts_by_article(event.excerpts):
            article = timeline.article(article_id)
            for excerpt in excerpts:
                out += ["", f"\u201c{excerpt.quote.strip()}\u201d"]
                if excerpt.note.strip():
                    out.append(excerpt.note.strip())
            out += ["", f"\u2014 {attribution(article, article_id)}"]
            out += [_address(article)] if _address(article) else []
    if event.sources:
        out += ["", "Sources"]
        for article_id in event.sources:
            article = timeline.article(article_id)
            address = _address(article)
            out.append(f"- {attribution(article, article_id)}" + (f" {address}" if address else ""))
    return "\n".join(out) + "\n"


# ---- Markdown -----------------------------------------------------------------------------

def markdown_escaped(text: str) -> str:
    """Text that Markdown shows literally: inline markup and line-start markers escaped."""
    escaped = _MARKDOWN_INLINE.sub(r"\\\1", text)
    return "\n".join(_MARKDOWN_LINE_START.sub(r"\1\2\\\3", line) for line in escaped.split("\n"))


def _markdown_link(article: Article) -> str:
    title = markdown_escaped(article.title or article.url)
    archived = archived_copy(article)
    archived = f" ([archived copy]({_markdown_target(archived)}))" if archived else ""
    if not article.link:
        return f"{title} {markdown_escaped(_address(article))}".strip()
    return f"[{title}]({_markdown_target(article.link)}){archived}"


def _markdown_target(link: str) -> str:
    """Angle brackets and parentheses would end the link target early: percent-encoded."""
    return link.replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


def citation_markdown(excerpt: Excerpt, article: Article | None,
                      event: Event | None = None) -> str:
    """The citation as Markdown: a block quote, the note in italics, then the source line."""
    quote = [f"> {markdown_escaped(line)}".rstrip() for line in _lines(excerpt.quote)]
    lines = quote + [""]
    if excerpt.note.strip():
        lines += [f"*{markdown_escaped(' '.join(excerpt.note.split()))}*", ""]
    if article is None:
        source = markdown_escaped(excerpt.article_id)
    else:
        parts = [article.author, article.publisher,
                 format_date(article.date) if article.date else ""]
        named = ", ".join(markdown_escaped(part) for part in parts if part)
        source = ", ".join(part for part in (named, _markdown_link(article)) if part)
    lines.append(f"\u2014 {source}")
    if event is not None:
        lines += ["", f"(Quoted for: {markdown_escaped(date_text(event.date, event.end))}, "
                      f"{markdown_escaped(event.title)})"]
    return "\n".join(lines) + "\n"


# ---- a link back to the app ---------------------------------------------------------------

def event_link(path: str | os.PathLike[str], event_id: str) -> str:
    """A command line that opens the app on the event: `timeline-app FILE --select ID`, each
    part shell-quoted, the file made absolute so the line works from any folder."""
    return " ".join((APP_COMMAND, shlex.quote(os.path.abspath(os.fspath(path))),
                     "--select", shlex.quote(event_id)))
