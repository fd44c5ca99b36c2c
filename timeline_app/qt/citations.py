"""Citations on the clipboard: plain text for any program, Markdown for those that take it."""
from __future__ import annotations

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication

from timeline_app.core.citations import citation_markdown, citation_text
from timeline_app.core.model import Article, Event, Excerpt

MARKDOWN_MIME = "text/markdown"


def citation_mime(excerpt: Excerpt, article: Article | None,
                  event: Event | None = None) -> QMimeData:
    """The citation as text/plain and as text/markdown (UTF-8), in one clipboard entry."""
    mime = QMimeData()
    mime.setText(citation_text(excerpt, article, event))
    mime.setData(MARKDOWN_MIME, citation_markdown(excerpt, article, event).encode("utf-8"))
    return mime


def copy_citation(excerpt: Excerpt, article: Article | None, event: Event | None = None) -> None:
    QGuiApplication.clipboard().setMimeData(citation_mime(excerpt, article, event))


def copy_text(text: str) -> None:
    QGuiApplication.clipboard().setText(text)
