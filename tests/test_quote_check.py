"""Quotes checked against an article's saved text: what passes, what fails and where."""
import dataclasses
import os
import time

import pytest

from timeline_app.core.loader import load_path, load_text

SAVED = ("Talks in Istanbul ended on Tuesday.\n"
         "The delegations agreed to exchange 1,000 prisoners for 1,000,\n"
         "a \u201cfirst step\u201d, said the mediator \u2014 and the sides\u2019 envoys "
         "will meet again.\n")
OTHER = "A different article entirely: the grain deal was extended for 120 days.\n"


def timeline(quotes, saved_text="saved/a.md", extra_article=""):
    """A timeline whose article 'a' has a saved text; one event quoting each (article, quote)."""
    excerpts = "".join(f"      - article: {article}\n        quote: {quote}\n"
                       for article, quote in quotes)
    return ("title: T\narticles:\n"
            "  - id: a\n    title: A\n    publisher: P\n    url: https://example.org/a\n"
            f"    saved_text: {saved_text}\n"
            "  - id: b\n    title: B\n    publisher: P\n    url: https://example.org/b\n"
            "    saved_text: saved/b.md\n"
            f"{extra_article}"
            "events:\n  - id: e\n    date: 2022-03-29\n    title: E\n    excerpts:\n"
            f"{excerpts}"
            "  - id: f\n    date: 2022-03-30\n    title: F\n    excerpts:\n"
            "      - article: b\n        quote: the grain deal was extended\n"
            "      - article: a\n        quote: Talks in Istanbul\n")


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "saved").mkdir()
    (tmp_path / "saved" / "a.md").write_text(SAVED, encoding="utf-8")
    (tmp_path / "saved" / "b.md").write_text(OTHER, encoding="utf-8")
    return tmp_path


def load(folder, text):
    path = folder / "t.yaml"
    path.write_text(text, encoding="utf-8")
    quick, careful = load_path(path), load_text(text, str(path), careful=True)
    assert quick == careful      # the quick and careful readers agree here too
    return quick


def line_of(text, fragment):
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


@pytest.mark.parametrize("quote", [
    '"agreed to exchange 1,000 prisoners"',                     # verbatim
    '"exchange 1,000 prisoners for 1,000, a"',                   # across a line break
    "'a \"first step\", said the mediator - and the sides'' envoys'",   # straight for curly
    '"\u201cfirst step\u201d, said the mediator \u2013 and"',    # curly kept, another dash
])
def test_quotes_found_in_the_saved_text_pass_and_are_marked_checked(folder, quote):
    result = load(folder, timeline([("a", quote)]))
    assert result.problems == ()
    excerpts = [x for event in result.timeline.events for x in event.excerpts]
    assert [x.checked for x in excerpts] == [True, True, True]


@pytest.mark.parametrize("quote", [
    '"agreed to exchange 2,000 prisoners"',         # one word changed
    '"agreed to exchange prisoners for 1,000"',     # a word dropped
    '"the grain deal was extended"',                # a quote of article b
])
def test_a_quote_not_in_the_saved_text_is_an_error_at_its_line(folder, quote):
    text = timeline([("a", '"Talks in Istanbul ended"'), ("a", quote)])
    result = load(folder, text)
    assert result.timeline is None
    [error] = result.errors
    assert error.line == line_of(text, quote)
    assert error.yaml_path == "events[0].excerpts[1].quote"
    assert "not found in the saved text of 'a' (saved/a.md); the closest passage reads:" \
        in error.message


def test_the_closest_passage_shows_what_differs(folder):
    result = load(folder, timeline([("a", '"agreed to exchange 2,000 prisoners"')]))
    message = result.errors[0].message
    assert "agreed to exchange 1,000 prisoners" in message.split("reads:")[1]


def test_a_missing_saved_text_is_an_error_at_its_line_naming_the_file(folder):
    text = timeline([("a", '"Talks"')], saved_text="saved/gone.md")
    result = load(folder, text)
    [error] = result.errors
    assert (error.line, error.yaml_path) == (line_of(text, "gone.md"), "articles[0].saved_text")
    assert "saved/gone.md" in error.message and "does not exist" in error.message


@pytest.mark.parametrize("where", ["/etc/hostname", "../outside.md"])
def test_a_saved_text_outside_the_timelines_folder_is_refused(folder, where):
    (folder.parent / "outside.md").write_text(SAVED, encoding="utf-8")
    result = load(folder, timeline([("a", '"Talks"')], saved_text=where))
    [error] = result.errors
    assert error.yaml_path == "articles[0].saved_text"


def test_a_fifo_is_refused_without_blocking(folder):
    os.mkfifo(folder / "saved" / "pipe.md")
    result = load(folder, timeline([("a", '"Talks"')], saved_text="saved/pipe.md"))
    [error] = result.errors
    assert "named pipe" in error.message and "saved/pipe.md" in error.message


@pytest.mark.parametrize("encode", [
    lambda text: text.replace("\n", "\r\n").encode("utf-8"),
    lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
], ids=["CRLF", "BOM"])
def test_saved_texts_in_crlf_or_with_a_bom_are_read(folder, encode):
    (folder / "saved" / "a.md").write_bytes(encode(SAVED))
    quote = '"Talks in Istanbul ended on Tuesday. The delegations"'
    result = load(folder, timeline([("a", quote)]))
    assert result.problems == ()


def test_without_a_file_the_saved_text_is_not_checked_and_a_warning_says_so():
    result = load_text(timeline([("a", '"not in any text"')]))
    assert result.errors == ()
    assert {w.yaml_path for w in result.warnings} == {"articles[0].saved_text",
                                                       "articles[1].saved_text"}
    assert not any(x.checked for event in result.timeline.events for x in event.excerpts)


def test_excerpts_of_articles_without_a_saved_text_are_not_marked_checked(folder):
    extra = "  - id: c\n    title: C\n    publisher: P\n    url: https://example.org/c\n"
    result = load(folder, timeline([("c", '"anything at all"')], extra_article=extra))
    assert result.problems == ()
    checked = {x.article_id: x.checked for event in result.timeline.events
               for x in event.excerpts}
    assert checked == {"c": False, "b": True, "a": True}


def test_archive_url_is_read_and_an_unsafe_one_warned_about(folder):
    extra = ("  - id: c\n    title: C\n    publisher: P\n    url: https://example.org/c\n"
             "    archive_url: https://web.archive.org/web/2022/https://example.org/c\n"
             "  - id: d\n    title: D\n    publisher: P\n    url: https://example.org/d\n"
             "    archive_url: javascript:alert(1)\n")
    text = timeline([("c", '"x"'), ("d", '"y"')], extra_article=extra)
    result = load(folder, text)
    [warning] = result.warnings
    assert (warning.yaml_path, warning.line) == ("articles[3].archive_url",
                                                 line_of(text, "javascript"))
    c, d = result.timeline.article("c"), result.timeline.article("d")
    assert c.archive_link == "https://web.archive.org/web/2022/https://example.org/c"
    assert d.archive_url == "javascript:alert(1)" and d.archive_link is None


def generated(folder, articles=100, excerpts=1000, wrong=0):
    """A timeline of `excerpts` quotes spread over `articles` saved texts of ~20 KB each;
    the first `wrong` quotes are not in their text."""
    words = [f"w{n}" for n in range(4000)]
    (folder / "saved").mkdir(exist_ok=True)
    lines = ["title: T", "articles:"]
    for a in range(articles):
        body = " ".join(words[(a * 7 + i * 13) % 4000] for i in range(3000))
        (folder / "saved" / f"{a}.md").write_text(f"# Article {a}\n\n{body}\n", encoding="utf-8")
        lines += [f"  - id: a{a}", "    title: A", "    publisher: P",
                  f"    url: https://example.org/{a}", f"    saved_text: saved/{a}.md"]
    lines.append("events:")
    for e in range(excerpts):
        a = e % articles
        start = (e * 31) % 2900
        quote = " ".join(words[(a * 7 + i * 13) % 4000] for i in range(start, start + 12))
        if e < wrong:
            quote = quote.replace(" ", " zz ", 1)
        lines += [f"  - id: e{e}", "    date: 2022-03-29", "    title: E", "    excerpts:",
                  f"      - article: a{a}", f"        quote: {quote}"]
    return "\n".join(lines) + "\n"


def test_a_thousand_quotes_against_a_hundred_saved_texts(folder):
    text = generated(folder)
    path = folder / "big.yaml"
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    result = load_path(path)
    print(f"1,000 quotes, 100 saved texts: {time.perf_counter() - started:.3f} s")
    assert result.problems == ()
    assert all(x.checked for event in result.timeline.events for x in event.excerpts)


def test_many_wrong_quotes_are_all_reported_at_their_lines(folder):
    text = generated(folder, articles=10, excerpts=200, wrong=50)
    path = folder / "big.yaml"
    path.write_text(text, encoding="utf-8")
    result = load_path(path)
    assert len(result.errors) == 50
    assert all("the closest passage reads:" in e.message for e in result.errors)


def test_excerpt_checked_defaults_to_false():
    from timeline_app.core.model import Excerpt
    assert Excerpt(article_id="a", quote="q").checked is False
    assert "checked" in {f.name for f in dataclasses.fields(Excerpt)}


def test_the_schema_and_the_format_reference_describe_both_keys():
    import json

    from conftest import REPO
    from timeline_app.core.loader import ARTICLE_KEYS
    schema = json.loads((REPO / "resources" / "timeline.schema.json").read_text("utf-8"))
    assert set(schema["definitions"]["article"]["properties"]) == set(ARTICLE_KEYS)
    reference = (REPO / "resources" / "format.md").read_text("utf-8")
    assert "| `saved_text` | article |" in reference and "| `archive_url` | article |" in reference


def test_check_on_the_command_line_reports_a_changed_quote(folder):
    import subprocess
    import sys

    from conftest import REPO
    text = timeline([("a", '"agreed to exchange 2,000 prisoners"')])
    path = folder / "t.yaml"
    path.write_text(text, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "timeline_app", "--check", str(path)],
                         capture_output=True, text=True, cwd=REPO, timeout=60)
    assert out.returncode == 1
    line = line_of(text, "2,000")
    assert f"{path}:{line}:16: error: the quote is not found in the saved text of 'a'" \
        in out.stdout
