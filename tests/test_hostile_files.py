"""Hostile or mistaken files are refused quickly, with a located message, never a crash."""
import os
import time

from timeline_app.core.loader import MAX_FILE_BYTES, load_path, load_text


def test_billion_laughs_is_refused_without_expanding():
    lines = ["title: T", "events: []", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    started = time.perf_counter()
    result = load_text("\n".join(lines) + "\n", "bomb.yaml")
    assert time.perf_counter() - started < 1.0
    assert result.timeline is None
    assert any("anchors and aliases are not allowed" in p.message for p in result.errors)


def test_merge_key_chain_is_refused_without_expanding():
    lines = ["title: T", "events: []", "k0: &k0 {a: 1, b: 2}"]
    lines += [f"k{i}: &k{i} {{<<: [*k{i - 1}, *k{i - 1}], x{i}: 1}}" for i in range(1, 40)]
    started = time.perf_counter()
    result = load_text("\n".join(lines) + "\n", "merge.yaml")
    assert time.perf_counter() - started < 1.0
    assert any("merge key '<<'" in p.message and p.line == 4 for p in result.errors)


def test_deeply_nested_flow_is_refused_without_recursion_error():
    started = time.perf_counter()
    result = load_text("title: T\nevents: []\nx: " + "[" * 50_000, "deep.yaml")
    assert time.perf_counter() - started < 2.0
    [problem] = result.problems
    assert problem.line == 3 and "nested" in problem.message and "deep" in problem.message


def test_file_over_the_size_cap_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as stream:
        stream.truncate(MAX_FILE_BYTES + 1)   # sparse: costs no disk and no time
    started = time.perf_counter()
    result = load_path(path)
    assert time.perf_counter() - started < 1.0
    [problem] = result.problems
    assert (problem.line, problem.column) == (1, 1)
    assert "limited to 64 MiB" in problem.message and problem.file == str(path)


def test_binary_file_is_refused(write):
    path = write(bytes(range(256)) * 4, "picture.png")
    [problem] = load_path(path).problems
    assert "binary file" in problem.message and (problem.line, problem.column) == (1, 1)


def test_random_bytes_never_crash_the_loader():
    import random
    rng = random.Random(7)
    alphabet = "title: events:\n- id date [ ] { } : , ' \" & * ! | > # % @ ` \t \u00e9 2022-03-29 "
    for _ in range(400):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 120)))
        result = load_text(text, "fuzz.yaml")
        assert all(p.line >= 1 and p.column >= 1 for p in result.problems)
        assert result.timeline is None or not result.errors


def test_html_in_text_fields_is_kept_as_literal_text():
    text = ("title: <b>Bold</b> & <script>alert(1)</script>\nevents:\n  - id: e1\n"
            "    date: 2022\n    title: <img src=x onerror=alert(1)>\n    excerpts: []\n")
    timeline = load_text(text, "t.yaml").timeline
    assert timeline.title == "<b>Bold</b> & <script>alert(1)</script>"
    assert timeline.event("e1").title == "<img src=x onerror=alert(1)>"


def test_unreadable_file_raises_a_located_error_only_for_open_failures(tmp_path):
    path = tmp_path / "secret.yaml"
    path.write_text("title: T\n")
    os.chmod(path, 0)
    try:
        if os.access(path, os.R_OK):   # root reads anything: nothing to check then
            return
        from timeline_app.core.loader import UnreadableFile
        try:
            load_path(path)
        except UnreadableFile as err:
            assert "cannot be read" in str(err)
        else:
            raise AssertionError("an unreadable file must raise UnreadableFile")
    finally:
        os.chmod(path, 0o600)
