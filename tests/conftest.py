import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
BUNDLED = REPO / "events.yaml"


@pytest.fixture
def write(tmp_path):
    """Write a timeline file in tmp_path and return its path."""
    def _write(text: str | bytes, name: str = "timeline.yaml") -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path
    return _write


MINIMAL = """\
title: Test timeline
articles:
  - id: a1
    title: An article
    publisher: A paper
    url: https://example.org/a1
events:
  - id: e1
    date: 2022-03-29
    title: First event
    sources: [a1]
"""
