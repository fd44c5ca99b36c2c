"""Which URLs may be opened: only http and https with a host, never javascript:, file: and co."""
from __future__ import annotations

from urllib.parse import urlsplit


def is_safe_link(url: str) -> bool:
    if not url or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return False
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(host)
