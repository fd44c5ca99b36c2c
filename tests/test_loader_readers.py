"""The quick readers and the careful ones give the same result on every file we have.

load_text() reads each event and article with a quick reader first and hands anything unusual
to a careful one; load_text(careful=True) uses the careful readers alone. Both must give the
very same LoadResult, field by field (dataclass equality: every field, line numbers included),
on the whole corpus: the tests' YAML strings, the bundled timeline and variants of it, the
YAML test suite, and generated timelines. A slip in one reader (a dropped .strip(), two
fields swapped) makes the two differ on some file here.
"""
import ast
import dataclasses
import sys
from pathlib import Path

import pytest
import yaml

from conftest import BUNDLED, MINIMAL, REPO, SHARED
from timeline_app.core import model
from timeline_app.core.loader import load_text

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate_timeline  # noqa: E402


def strings_of_the_tests() -> list[str]:
    """Every string constant of the test modules that looks like YAML (a line break and a
    ': '), and every text that test_loader_problems builds for its parametrized cases."""
    found = []
    for module in sorted(TESTS.glob("test_*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        found += [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
                  and isinstance(node.value, str) and "\n" in node.value and ": " in node.value]
    import test_loader_problems as cases
    found += cases.UNUSUAL_BUT_VALID
    for function in vars(cases).values():
        for mark in getattr(function, "pytestmark", ()):
            if mark.name != "parametrize":
                continue
            for values in mark.args[1]:
                first = values[0] if isinstance(values, tuple) else values
                if isinstance(first, list):      # an event's lines
                    found.append(cases.event(*first))
                elif isinstance(first, str) and "\n" in first:
                    found.append(first)
    return found


def padded(text: str) -> str:
    """The timeline with every value but ids written with spaces around it, which the
    readers must strip: a reader that forgets to strip one field differs from the other here.
    (Ids stay as they are: the quick readers hand a padded id to the careful ones.)"""
    def pad(node, key=None):
        if isinstance(node, dict):
            return {name: pad(value, name) for name, value in node.items()}
        if isinstance(node, list):
            return [pad(item) for item in node]
        return node if key == "id" else f"  {node}  "
    return yaml.dump(pad(yaml.load(text, Loader=yaml.BaseLoader)), allow_unicode=True,
                     sort_keys=False, width=100)


def suite_texts() -> list[str]:
    folder = SHARED / "yaml-test-suite"
    if not folder.is_dir():
        return []
    return [case.read_bytes().decode("utf-8") for case in sorted(folder.glob("**/in.yaml"))
            if "/name/" not in str(case) and "/tags/" not in str(case)]


def corpus() -> list[tuple[str, str]]:
    """(name, text) of every file both readings are compared on."""
    bundled = BUNDLED.read_text(encoding="utf-8")
    generated = [generate_timeline(n, seed=seed) for n, seed in ((1, 1), (40, 2), (300, 3))]
    files = [("minimal", MINIMAL), ("bundled", bundled), ("bundled padded", padded(bundled)),
             ("bundled CRLF", bundled.replace("\n", "\r\n")),
             ("bundled CR", bundled.replace("\n", "\r"))]
    files += [(f"generated {i}", text) for i, text in enumerate(generated)]
    files += [(f"generated {i} padded", padded(text)) for i, text in enumerate(generated)]
    files += [(f"test string {i}", text) for i, text in enumerate(strings_of_the_tests())]
    files += [(f"yaml-test-suite {i}", text) for i, text in enumerate(suite_texts())]
    return files


CORPUS = corpus()


def test_the_quick_and_the_careful_readers_agree_on_the_whole_corpus():
    differ = []
    for name, text in CORPUS:
        quick, careful = load_text(text, "t.yaml"), load_text(text, "t.yaml", careful=True)
        if quick != careful:
            differ.append(name)
    assert not differ, f"the two readings differ on {len(differ)} files: {differ[:10]}"


def test_the_corpus_exercises_the_quick_readers():
    """The comparison above means something only if many files load, and padded ones too."""
    loaded = [name for name, text in CORPUS if load_text(text, "t.yaml").timeline is not None]
    assert len(loaded) >= 20
    assert {"bundled", "bundled padded", "generated 2 padded", "bundled CR"} <= set(loaded)
    def fields(text):
        events = load_text(text, "t.yaml").timeline.events
        return [(e.id, e.title, e.place, e.summary, e.people, e.tags, e.sources,
                 [(x.article_id, x.quote, x.note) for x in e.excerpts]) for e in events]
    padded_events = fields(CORPUS[2][1])
    assert padded_events == fields(CORPUS[1][1])      # stripped, whatever the reader
    assert any(place and summary and people and tags and excerpts
               for _, _, place, summary, people, tags, _, excerpts in padded_events)
    assert len(CORPUS) > (350 if suite_texts() else 50)


def test_equality_covers_every_field_of_the_timeline():
    """Dataclass equality compares every field but those marked compare=False: only the
    Timeline's lookups, which are made from its other fields."""
    for cls in (model.Timeline, model.Event, model.Article, model.Excerpt, model.Track,
                model.Era):
        skipped = [f.name for f in dataclasses.fields(cls) if not f.compare]
        assert all(name.startswith("_") for name in skipped), (cls, skipped)


@pytest.mark.parametrize("text", [
    # a duplicate id on an event that has another error: both are reported
    MINIMAL + "  - id: e1\n    date: 2022-02-30\n    title: Again\n    sources: [a1]\n",
    # a duplicate article id on an article that has another error
    MINIMAL.replace("events:", "  - id: a1\n    title: ''\n    publisher: P\n"
                               "    url: https://example.org/b\nevents:"),
])
def test_a_duplicate_id_is_reported_also_when_the_item_has_other_errors(text):
    messages = [p.message for p in load_text(text, "t.yaml").problems]
    assert any("duplicate" in m for m in messages), messages
    assert len(messages) >= 2
