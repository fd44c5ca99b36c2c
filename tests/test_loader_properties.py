"""Property-based and fuzz tests of the loader: whatever the text, it never raises, every
problem is on a line of the file (as editors count lines: \\n, \\r\\n, \\r) at a column from 1,
and the quick readers agree with the careful ones (load_text(careful=True)).

Hypothesis renders random timeline trees with random line breaks, quoting styles and NEL/LS/PS
inside values (derandomized, no example database: the same examples on every run). The fuzz
test mutates pieces of the bundled timeline with a fixed seed.
"""
import random
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BUNDLED
from timeline_app.core.loader import CHECK_FAILED, load_text

PROPERTY_SETTINGS = settings(derandomize=True, database=None, deadline=None, max_examples=250,
                             suppress_health_check=[HealthCheck.too_slow])
FUZZ_CASES = 2000
FUZZ_SEED = 8


def line_count(text: str) -> int:
    return text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1


def check(text: str):
    """The three properties, for one text; its LoadResult."""
    quick = load_text(text, "t.yaml")
    careful = load_text(text, "t.yaml", careful=True)
    lines = line_count(text)
    for problem in quick.problems + careful.problems:
        assert 1 <= problem.line <= lines and problem.column >= 1, (problem, lines)
        assert CHECK_FAILED not in problem.message
    assert quick == careful
    assert quick.timeline is None or not quick.errors
    return quick


# -- random timeline trees -------------------------------------------------------------------

ALPHABET = "abcXYZ019 -:#'\"[]{},&*!|>%@?.\t\\\u00e9\u0436\u4e2d\U0001f600\x85\u2028\u2029"
# Text a timeline holds; and odd text (quotes, ':', '#', tabs, NEL/LS/PS...), which replaces a
# few of a tree's values.
texts = st.text(alphabet="abcXYZ019 -.\u00e9\u4e2d\U0001f600", min_size=1, max_size=12)
odd_texts = st.one_of(st.text(alphabet=ALPHABET, max_size=12),
                      st.text(alphabet="ab \x85\u2028\u2029", min_size=1, max_size=6))
ids = st.sampled_from(["e1", "e2", "e9"])
article_ids = st.sampled_from(["a1", "a2", "a9"])
dates = st.sampled_from(["2022", "2022-03", "2022-03-29", "2024-02-29", "2023-12", "2022-02-30"])
urls = st.sampled_from(["https://e.org/a", "http://x.org/a#b?c=d", "ftp://x"])


def mapping(required: dict, optional: dict) -> st.SearchStrategy:
    """A mapping with the required keys (now and then one left out), some optional ones, and
    now and then an unknown key."""
    complete = st.fixed_dictionaries(required, optional=optional)
    odd = st.fixed_dictionaries({}, optional={**required, **optional, "colour": texts})
    # (Hypothesis leans to small integers: one in ten is odd, mostly fewer.)
    return st.tuples(complete, st.integers(0, 9), odd).map(lambda t: t[2] if t[1] == 9 else t[0])


lists = st.lists(texts, max_size=3)
excerpt = mapping({"article": article_ids, "quote": texts}, {"note": texts})
event = mapping({"id": ids, "date": dates, "title": texts,
                 "sources": st.lists(article_ids, max_size=2)},
                {"end": dates, "place": texts, "people": lists, "track": st.just("t1"),
                 "tags": lists, "summary": texts, "excerpts": st.lists(excerpt, max_size=2),
                 "related": st.lists(ids, max_size=2)})
article = mapping({"id": article_ids, "title": texts, "publisher": texts, "url": urls},
                  {"author": texts, "date": dates})


def numbered(tree: dict) -> dict:
    """Each event and article with an id of its own (e1, e2...; a1, a2...) where it has one."""
    for key in ("events", "articles"):
        for number, item in enumerate(tree[key], 1):
            if "id" in item:
                item["id"] = f"{key[0]}{number}"
    return tree


timelines = st.fixed_dictionaries(
    {"title": texts, "articles": st.lists(article, min_size=2, max_size=3),
     "events": st.lists(event, min_size=1, max_size=4),
     "tracks": st.just([{"id": "t1", "name": "Track"}])},
    optional={"description": texts}).map(numbered)
# Values replaced by odd text: (which value, counting from the first, and its text).
odd_values = st.dictionaries(st.integers(0, 40), odd_texts, max_size=3)
_PLAIN = re.compile(r"[\w\u4e2d\U0001f600](?:[\w .\u4e2d\U0001f600-]*[\w.\u4e2d\U0001f600])?")


class Writer:
    """Writes a tree as YAML: values plain, quoted or as blocks, lists in either style."""

    def __init__(self, chooser: random.Random, newline: str, odd: dict):
        self.chooser, self.newline, self.odd = chooser, newline, odd
        self.values = 0

    def scalar(self, text: str, indent: int) -> str:
        text = self.odd.get(self.values, text)
        self.values += 1
        style = self.chooser.choice(["plain", "plain", "single", "double", "block"])
        if style == "plain" and not _PLAIN.fullmatch(text) and self.chooser.random() < 0.9:
            style = "double"      # (else written plain all the same, which may break the file)
        if style == "single":
            return "'" + text.replace("'", "''") + "'"
        if style == "double":
            return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if style == "block":
            return "|-" + self.newline + " " * (indent + 2) + text
        return text

    def lines(self, node: dict, indent: int = 0) -> list[str]:
        """The lines of a mapping's keys (at `indent`)."""
        lines = []
        pad = " " * indent
        for key, value in node.items():
            if isinstance(value, str):
                lines.append(f"{pad}{key}: {self.scalar(value, indent)}")
            elif value and all(isinstance(item, dict) for item in value):
                lines.append(f"{pad}{key}:")
                for item in value:
                    inner = self.lines(item, indent + 4) or [pad + "    {}"]
                    lines.append(pad + "  - " + inner[0][indent + 4:])
                    lines += inner[1:]
            elif self.chooser.random() < 0.5:
                flow = ", ".join(self.scalar(item, indent) for item in value)
                lines.append(f"{pad}{key}: [{flow}]")
            else:
                lines.append(f"{pad}{key}:")
                lines += [f"{pad}  - {self.scalar(item, indent + 2)}" for item in value]
        return lines


@PROPERTY_SETTINGS
@given(tree=timelines, newline=st.sampled_from(["\n", "\r\n", "\r"]),
       seed=st.integers(0, 2**32), odd=odd_values, final_break=st.booleans())
def test_random_timelines_load_without_exceptions_in_range_and_both_ways_alike(
        tree, newline, seed, odd, final_break):
    def written(newline):
        text = newline.join(Writer(random.Random(seed), newline, odd).lines(tree))
        return text + (newline if final_break else "")
    result = check(written(newline))
    # The same file with \n line breaks: the same timeline and problems, at the same places.
    assert result == load_text(written("\n"), "t.yaml")


@PROPERTY_SETTINGS
@given(text=st.text(alphabet=ALPHABET + "\n\r\x00\ud800", max_size=60))
def test_any_text_at_all_loads_without_exceptions_and_in_range(text):
    check(text)


# -- mutated pieces of the bundled timeline ---------------------------------------------------

def bundled_pieces():
    """The bundled file's head (title to eras), its articles and its events, each a block of
    lines, so that a few events and the articles they cite make a small valid timeline."""
    text = BUNDLED.read_text(encoding="utf-8")
    head, rest = text.split("\narticles:\n")
    articles, events = rest.split("\nevents:\n")
    events = re.sub(r"\n    related: \[[^\]]*\]", "", events)   # may name events left out
    blocks = (lambda section: ["  - id:" + b for b in section.split("\n  - id:")[1:]])
    article_blocks = {re.match(r"  - id: (\S+)", b)[1]: b for b in blocks("\n" + articles)}
    return head, [(event, {article_id for article_id in article_blocks
                           if re.search(rf"\b{re.escape(article_id)}\b", event)})
                  for event in blocks("\n" + events)], article_blocks


HEAD, EVENTS, ARTICLES = bundled_pieces()
INSERTED = ":-#[]{},'\"|>&*!%@`? \t\r\n\x85\u2028\u2029\ufeff\u00e9\U0001f600a0"


def small_timeline(rng: random.Random) -> str:
    start = rng.randrange(len(EVENTS))
    chosen = EVENTS[start:start + rng.randint(1, 4)]
    cited = set().union(*(article_ids for _, article_ids in chosen))
    articles = [block for article_id, block in ARTICLES.items() if article_id in cited]
    return HEAD + "\narticles:\n" + "\n".join(articles) + "\nevents:\n" + \
        "\n".join(event for event, _ in chosen) + "\n"


def mutate(text: str, rng: random.Random) -> str:
    kind = rng.randrange(7)
    at = rng.randrange(len(text) + 1)
    if kind == 0:        # a character inserted
        return text[:at] + rng.choice(INSERTED) + text[at:]
    if kind == 1:        # a few characters deleted
        return text[:at] + text[at + rng.randint(1, 5):]
    lines = text.split("\n")
    one, two = rng.randrange(len(lines)), rng.randrange(len(lines))
    if kind == 2:        # two lines swapped
        lines[one], lines[two] = lines[two], lines[one]
    elif kind == 3:      # a line indented more or less
        change = rng.choice([-4, -2, -1, 1, 2, 4])
        lines[one] = " " * change + lines[one] if change > 0 else lines[one][-change:]
    elif kind == 4:      # a line written twice
        lines.insert(one, lines[one])
    elif kind == 5:      # the file's line breaks changed
        return text.replace("\n", rng.choice(["\r\n", "\r"]))
    else:                # a NEL, LS or PS inside a line
        cut = rng.randint(0, len(lines[one]))
        lines[one] = lines[one][:cut] + rng.choice("\x85\u2028\u2029") + lines[one][cut:]
    return "\n".join(lines)


def test_the_pieces_of_the_bundled_timeline_load_as_they_are():
    rng = random.Random(FUZZ_SEED)
    for _ in range(20):
        result = load_text(small_timeline(rng), "t.yaml")
        assert result.timeline is not None, result.problems[:3]


def test_mutated_timelines_load_without_exceptions_in_range_and_both_ways_alike():
    rng = random.Random(FUZZ_SEED)
    loaded = 0
    for _ in range(FUZZ_CASES):
        text = small_timeline(rng)
        for _ in range(rng.randint(1, 3)):
            text = mutate(text, rng)
        loaded += check(text).timeline is not None
    assert 0 < loaded < FUZZ_CASES       # mutations that break the file, and some that do not
