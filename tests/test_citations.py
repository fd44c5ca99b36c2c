"""Copying an event or a quote: the words always travel with who said them and where."""
import shlex
import subprocess
import sys

import dataclasses

import pytest

from timeline_app.core.citations import (NOT_A_WEB_ADDRESS, citation_markdown, citation_text,
                                         event_as_text, event_link, excerpts_by_article,
                                         markdown_escaped)
from timeline_app.core.loader import load_text
from timeline_app.core.model import Excerpt

ODD = """\
title: Odd
tracks:
  - id: talks
    name: Talks
articles:
  - id: good
    title: "A *good* [article]"
    publisher: The Paper
    author: Ann Writer
    date: 2022-04
    url: "https://example.org/good_(1)?a=1&b=2"
  - id: script
    title: A scripted article
    publisher: Mischief
    url: "javascript:alert(1)"
events:
  - id: day
    date: 2022-03-29
    title: Talks in <Istanbul>
    place: Dolmabahçe
    people: [Ann, Bob]
    track: talks
    tags: [a, b]
    summary: First paragraph.
    excerpts:
      - article: good
        quote: "First *quoted* line\\n# not a heading"
        note: Ann, at a briefing.
      - article: script
        quote: From a script.
      - article: good
        quote: Second quote from the good one.
    sources: [good, script]
  - id: month
    date: 2022-04
    title: Some time in April
    sources: [good]
"""


@pytest.fixture(scope="module")
def odd():
    return load_text(ODD).timeline


def test_citation_carries_quote_speaker_and_full_source(odd):
    event = odd.event("day")
    text = citation_text(event.excerpts[0], odd.article("good"))
    assert text == ("“First *quoted* line\n# not a heading”\n"
                    "Ann, at a briefing.\n"
                    "— Ann Writer, The Paper, April 2022, “A *good* [article]”\n"
                    "https://example.org/good_(1)?a=1&b=2\n")
    with_event = citation_text(event.excerpts[0], odd.article("good"), event)
    assert with_event.endswith("(Quoted for: 29 March 2022, Talks in <Istanbul>)\n")


def test_citation_of_an_unsafe_or_unknown_source_never_pretends_to_be_a_link(odd):
    event = odd.event("day")
    text = citation_text(event.excerpts[1], odd.article("script"))
    assert f"javascript:alert(1) {NOT_A_WEB_ADDRESS}" in text
    assert citation_text(Excerpt("gone", "From nowhere."), None) == "“From nowhere.”\n— gone\n"
    markdown = citation_markdown(event.excerpts[1], odd.article("script"))
    assert "](javascript" not in markdown and NOT_A_WEB_ADDRESS in markdown


def test_citation_markdown_quotes_and_links_with_markup_in_the_text_escaped(odd):
    event = odd.event("day")
    markdown = citation_markdown(event.excerpts[0], odd.article("good"), event)
    assert markdown == ("> First \\*quoted\\* line\n"
                        "> \\# not a heading\n"
                        "\n"
                        "*Ann, at a briefing.*\n"
                        "\n"
                        "— Ann Writer, The Paper, April 2022, "
                        "[A \\*good\\* \\[article\\]](https://example.org/good_%281%29?a=1&b=2)\n"
                        "\n"
                        "(Quoted for: 29 March 2022, Talks in \\<Istanbul\\>)\n")


@pytest.mark.parametrize("text, shown", [
    ("- not a list", "\\- not a list"), ("2022. A year", "2022\\. A year"),
    ("a_b*c`d", "a\\_b\\*c\\`d"), ("[x](javascript:y)", "\\[x\\](javascript:y)"),
    ("plain 1.5 text", "plain 1.5 text"),
    # An entity would be shown as the character it names: "&amp;" as "&".
    ("Q&amp;A &#38; Tom & Jerry", "Q\\&amp;A \\&#38; Tom & Jerry"),
])
def test_markdown_escaping_keeps_text_literal(text, shown):
    assert markdown_escaped(text) == shown


def test_event_as_text_reads_like_the_detail_pane(odd):
    event = odd.event("day")
    event = dataclasses.replace(event, excerpts=event.excerpts + (Excerpt("gone", "Lost."),))
    text = event_as_text(event, odd)
    assert text.startswith("Talks in <Istanbul>\n29 March 2022\nPlace: Dolmabahçe\n"
                           "People: Ann, Bob\nTrack: Talks\nTags: a, b\n\nFirst paragraph.\n")
    excerpts = text[text.index("Excerpts"):text.index("Sources")]
    # The two quotes from the good article sit together, under one attribution.
    assert excerpts.count("— Ann Writer, The Paper, April 2022") == 1
    assert excerpts.index("Second quote") < excerpts.index("— Ann Writer")
    assert excerpts.index("— Ann Writer") < excerpts.index("From a script")
    assert "— gone" in excerpts
    sources = text[text.index("Sources"):]
    assert "- Ann Writer, The Paper, April 2022, “A *good* [article]” " \
           "https://example.org/good_(1)?a=1&b=2" in sources
    assert f"javascript:alert(1) {NOT_A_WEB_ADDRESS}" in sources


def test_event_as_text_gives_the_date_at_its_precision(odd):
    text = event_as_text(odd.event("month"), odd)
    assert text.startswith("Some time in April\nApril 2022 (day not known)\n\nSources\n")


def test_excerpts_are_grouped_by_article_in_order_of_first_quote(odd):
    groups = excerpts_by_article(odd.event("day").excerpts)
    assert [(article, len(quotes)) for article, quotes in groups] == \
        [("good", 2), ("script", 1)]


def test_event_link_is_a_command_line_that_survives_the_shell(tmp_path):
    path = tmp_path / "my timeline; rm -rf ~ $(x).yaml"
    line = event_link(path, "istanbul-talks-2025")
    assert shlex.split(line) == ["timeline-app", str(path), "--select", "istanbul-talks-2025"]
    echoed = subprocess.run(["sh", "-c", line.replace("timeline-app", "printf '%s\\n'", 1)],
                            capture_output=True, text=True, check=True).stdout
    assert echoed.splitlines() == [str(path), "--select", "istanbul-talks-2025"]


def test_event_link_makes_a_relative_path_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert shlex.split(event_link("events.yaml", "x"))[1] == str(tmp_path / "events.yaml")


def test_the_app_reads_the_link_it_gives(tmp_path):
    """The command line parses back to the file and the event with the app's own parser."""
    from timeline_app.cli import build_parser
    args = build_parser().parse_args(shlex.split(event_link(tmp_path / "a b.yaml", "ev-1"))[1:])
    assert (args.files, args.select) == ([str(tmp_path / "a b.yaml")], "ev-1")


def test_core_citations_import_no_qt():
    code = ("import sys, timeline_app.core.citations; "
            "sys.exit('PySide6' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


@pytest.mark.parametrize("archive, shown", [
    ("https://web.archive.org/web/2022/https://example.org/good", True),
    ("javascript:alert(1)", False),        # never offered: not a web address
])
def test_citation_names_the_archived_copy_only_when_it_is_safe(odd, archive, shown):
    article = dataclasses.replace(odd.article("good"), archive_url=archive)
    excerpt = odd.event("day").excerpts[0]
    text, markdown = citation_text(excerpt, article), citation_markdown(excerpt, article)
    assert (f"(archived copy: {archive})" in text) is shown
    assert (f"([archived copy]({archive}))" in markdown) is shown
    assert "javascript" not in text + markdown
