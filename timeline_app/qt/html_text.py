"""HTML pages built from file text: every field escaped, matches marked, links we can trust.

The detail pane's pages (an event, an article, the title page) render through these helpers,
so a quote, an outside link or a highlight looks (and is made safe) the same way in each.
"""
from __future__ import annotations

import html
from collections.abc import Sequence
from urllib.parse import quote, unquote

from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QFont, QFontInfo, QPalette
from PySide6.QtWidgets import QTextBrowser, QWidget

from timeline_app.core.dates import format_date, format_range
from timeline_app.core.links import is_safe_link
from timeline_app.core.model import Article, Event, Excerpt
from timeline_app.core.search import fold
from timeline_app.qt.resources import show_focus

HIGHLIGHT_CLASS = "hl"
NOT_OPENED = "(not opened: not an http/https address)"
ARCHIVED_COPY = "Archived copy ↗"
CHECKED_MARK = "✓ matches the saved text"


# ---- highlighting -------------------------------------------------------------------------

def folded_with_origins(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each folded character, the index of the character it came from.

    Folding one character can give none ('\u0301'), one or several ('ß' -> 'ss'), so positions
    found in the folded text are mapped back through this list, never used directly.
    """
    pieces, origins = [], []
    for index, char in enumerate(text):
        folded = fold(char)
        pieces.append(folded)
        origins.extend([index] * len(folded))
    return "".join(pieces), origins


def match_spans(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """Where any term occurs in text, accent- and case-insensitively, as merged (start, end)."""
    wanted = [t for t in (fold(term) for term in terms) if t]
    if not wanted or not text:
        return []
    folded, origins = folded_with_origins(text)
    spans = []
    for term in wanted:
        at = folded.find(term)
        while at != -1:
            spans.append((origins[at], _end_of_char(text, origins[at + len(term) - 1])))
            at = folded.find(term, at + 1)
    return _merged(spans)


def _end_of_char(text: str, index: int) -> int:
    # Take along combining marks that fold away, so 'e' + U+0301 is marked whole.
    end = index + 1
    while end < len(text) and not fold(text[end]):
        end += 1
    return end


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def marked(text: str, terms: Sequence[str] = ()) -> str:
    """Escaped HTML of text, with every match of the terms wrapped in a highlight span."""
    out, done = [], 0
    for start, end in match_spans(text, terms):
        out.append(html.escape(text[done:start]))
        out.append(f'<span class="{HIGHLIGHT_CLASS}">{html.escape(text[start:end])}</span>')
        done = end
    out.append(html.escape(text[done:]))
    return "".join(out)


def paragraphs(text: str, terms: Sequence[str] = (), css_class: str = "",
               anchor_name: str = "") -> str:
    """One <p> per blank-line-separated paragraph; single line breaks are kept. An anchor
    name marks the first character (so a position in the page can be traced to the text)."""
    attribute = f' class="{css_class}"' if css_class else ""
    blocks = [block.strip() for block in text.split("\n\n") if block.strip()]
    anchor = f'<a name="{html.escape(anchor_name)}"></a>' if anchor_name else ""
    return "".join(f"<p{attribute}>{anchor if index == 0 else ''}"
                   f"{marked(block, terms).replace(chr(10), '<br>')}</p>"
                   for index, block in enumerate(blocks))


# ---- links --------------------------------------------------------------------------------

def internal_href(kind: str, value: str) -> str:
    """An href such as `event:some-id` or `tag:free%20text` that parse_link reads back exactly."""
    return f"{kind}:{quote(value, safe='')}"


def parse_link(url: QUrl) -> tuple[str, str]:
    """What a clicked link asks for: ("event", id), ("tag", name), ("article", id), ("web", url)
    or ("", "")."""
    encoded = url.toString(QUrl.ComponentFormattingOption.FullyEncoded)
    kind = url.scheme().lower()
    if kind in ("event", "tag", "article"):
        return kind, unquote(encoded.partition(":")[2])
    if kind in ("http", "https") and is_safe_link(encoded):
        return "web", encoded
    return "", ""


def link(href: str, label_html: str, css_class: str = "") -> str:
    attribute = f' class="{css_class}"' if css_class else ""
    return f'<a href="{html.escape(href)}"{attribute}>{label_html}</a>'


def event_link(event: Event) -> str:
    """The event's date and title, linking to it."""
    label = f"{format_range(event.date, event.end)} — {event.title}"
    return link(internal_href("event", event.id), html.escape(label))


def outside_link(article: Article, label: str) -> str:
    """A link to the article when its URL is safe to open, else the URL shown as plain text."""
    if article.link is not None:
        return link(article.link, html.escape(label))
    return _not_opened(article.url)


def archive_link(article: Article) -> str:
    """'Archived copy ↗' linking the article's archived copy (the address shown when it is
    not safe to open); "" without one."""
    if not article.archive_url:
        return ""
    if article.archive_link is not None:
        return link(article.archive_link, html.escape(ARCHIVED_COPY))
    return _not_opened(article.archive_url)


def _not_opened(url: str) -> str:
    return (f'<span class="url">{html.escape(url)}</span> '
            f'<span class="muted">{html.escape(NOT_OPENED)}</span>')


# ---- shared blocks ------------------------------------------------------------------------

def byline(article: Article, with_author: bool = True) -> str:
    """'Olha Bereziuk, Babel, May 2025' (plain text: escape it), leaving out what is unknown."""
    parts = [article.author if with_author else "", article.publisher,
             format_date(article.date) if article.date else ""]
    return ", ".join(part for part in parts if part)


def quote_group(excerpts: Sequence[Excerpt], anchor_names: Sequence[str],
                terms: Sequence[str] = (), footer_html: str = "") -> str:
    """Several quotes (from one article) under one coloured rule, each with its note, then
    what the caller adds once (the attribution). Each quote starts at its anchor name, so a
    position in the page tells which quote it is in."""
    rows = []
    for index, (excerpt, name) in enumerate(zip(excerpts, anchor_names, strict=True)):
        note = paragraphs(excerpt.note, terms, "note") if excerpt.note else ""
        if excerpt.checked:     # said only of quotes the loader found in a saved text
            note += f'<p class="checked">{html.escape(CHECKED_MARK)}</p>'
        cell = "quote" if index == 0 else "quote-next"
        rows.append(f'<tr><td class="{cell}">'
                    f'{paragraphs(excerpt.quote, terms, "quote", name)}{note}</td></tr>')
    if footer_html:
        rows.append(f'<tr><td class="quote-next">{footer_html}</td></tr>')
    return ('<table class="quote" width="100%" cellspacing="0" cellpadding="0">'
            f'{"".join(rows)}</table>')


def facts_table(rows: Sequence[tuple[str, str]]) -> str:
    """Label/value rows (values are HTML already), leaving out rows without a value."""
    cells = "".join(f'<tr><td class="label">{html.escape(label)}</td>'
                    f'<td class="fact">{value}</td></tr>' for label, value in rows if value)
    return f'<table class="facts" cellspacing="0" cellpadding="0">{cells}</table>' \
        if cells else ""


def empty_page(message: str) -> str:
    # A table, because Qt drops the top margin of a document's first paragraph.
    return ('<table class="empty" width="100%"><tr><td align="center">'
            f'<p class="empty">{html.escape(message)}</p></td></tr></table>')


# ---- look ---------------------------------------------------------------------------------

def mix(color: QColor, other: QColor, amount: float) -> QColor:
    """color moved `amount` of the way towards other (0: color, 1: other)."""
    return QColor.fromRgbF(*(a + (b - a) * amount for a, b in
                             zip(color.getRgbF()[:3], other.getRgbF()[:3])))


def page_style(palette: QPalette, font: QFont, title_scale: float = 1.6) -> str:
    """The document style sheet: colours from the palette, sizes relative to the widget font."""
    role = QPalette.ColorRole
    text, base = palette.color(role.Text), palette.color(role.Base)
    accent = palette.color(role.Highlight)
    muted = mix(text, base, 0.4).name()
    size = font.pointSizeF() if font.pointSizeF() > 0 else QFontInfo(font).pointSizeF()
    em = QFontInfo(font).pixelSize()
    return f"""
body {{ color: {text.name()}; }}
p {{ line-height: 135%; margin-top: 0px; margin-bottom: {em // 2}px; }}
p.title {{ font-size: {size * title_scale:.1f}pt; font-weight: 600; margin-top: 0px;
      margin-bottom: {em // 3}px; }}
p.section {{ font-size: {size * 1.15:.1f}pt; font-weight: 600; margin-top: {em * 3 // 2}px;
      margin-bottom: {em // 2}px; }}
a {{ color: {palette.color(role.Link).name()}; }}
.muted, .note {{ color: {muted}; }}
.{HIGHLIGHT_CLASS} {{ background-color: {mix(accent, base, 0.6).name()}; color: {text.name()}; }}
table.quote {{ margin-top: {em // 4}px; margin-bottom: {em}px; }}
td.quote {{ border-left: {max(3, em // 5)}px solid {accent.name()};
            padding-left: {em}px; padding-top: 2px; padding-bottom: 2px; }}
p.quote {{ font-family: serif; font-size: {size * 1.08:.1f}pt; line-height: 140%;
           margin-bottom: {em // 3}px; }}
p.attribution {{ font-size: {size * 0.95:.1f}pt; margin-bottom: 0px; }}
p.citing {{ margin-top: {em // 2}px; margin-bottom: {em // 3}px; }}
p.date {{ margin-bottom: {em * 3 // 4}px; }}
table.facts {{ margin-bottom: {em}px; }}
p.note {{ margin-top: {em // 3}px; margin-bottom: 0px; }}
p.checked {{ color: {muted}; font-size: {size * 0.9:.1f}pt; margin-top: {em // 4}px;
      margin-bottom: 0px; }}
td.label {{ color: {muted}; padding-right: {em}px; }}
td.fact {{ padding-bottom: {em // 4}px; }}
table.empty {{ margin-top: {em * 4}px; }}
p.empty {{ color: {muted}; }}
li {{ margin-bottom: {em // 3}px; line-height: 135%; }}
td.quote-next {{ border-left: {max(3, em // 5)}px solid {accent.name()};
            padding-left: {em}px; padding-top: {em * 2 // 3}px; padding-bottom: 2px; }}
p.attribution-group {{ font-size: {size * 0.95:.1f}pt; margin-bottom: 0px; }}
table.hidden-note {{ margin-bottom: {em}px; }}
td.hidden-note {{ background-color: {mix(accent, base, 0.8).name()}; color: {text.name()};
      padding: {em // 2}px; }}
td.swatch {{ padding-right: {em // 2}px; }}
td.count {{ color: {muted}; padding-left: {em * 2}px; }}
td.track {{ padding-bottom: {em // 4}px; }}
p.start {{ margin-top: {em // 2}px; font-weight: 600; }}
"""


def new_browser(accessible_name: str, parent: QWidget | None = None) -> QTextBrowser:
    """A read-only browser that never follows a link itself: the owner handles anchorClicked."""
    browser = QTextBrowser(parent)
    browser.setOpenLinks(False)
    browser.setOpenExternalLinks(False)
    browser.setReadOnly(True)
    browser.setAccessibleName(accessible_name)
    browser.document().setDocumentMargin(QFontInfo(browser.font()).pixelSize() * 1.25)
    show_focus(browser)
    return browser
