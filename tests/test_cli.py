"""`timeline-app --check`, `--version` and `--help` as a person runs them in a terminal."""
import subprocess
import sys

import pytest

from conftest import BUNDLED, EVENTS_YAML, MINIMAL, REPO


def run(*args):
    return subprocess.run([sys.executable, "-m", "timeline_app", *map(str, args)],
                          capture_output=True, text=True, cwd=REPO, timeout=60)


def test_check_of_a_good_file_exits_0_with_a_summary(write):
    path = write(MINIMAL)
    out = run("--check", path)
    assert out.returncode == 0
    assert out.stdout == f"{path}: 1 events, 1 articles, 0 errors, 0 warnings\n"
    assert "Traceback" not in out.stderr


def test_check_prints_every_problem_and_exits_1(write):
    path = write(MINIMAL.replace("2022-03-29", "2022-02-30").replace("title: First", "titel: F"))
    out = run("--check", path)
    assert out.returncode == 1
    assert out.stdout.splitlines() == [
        f"{path}:8:5: error: 'title' is missing; add 'title: ...' (events[0])",
        f"{path}:9:11: error: '2022-02-30' is not a date: February 2022 has 28 days "
        "(events[0].date)",
        f"{path}:10:5: warning: unknown key 'titel' is ignored; did you mean 'title'? "
        "(events[0].titel)",
        f"{path}: not loaded, 2 errors, 1 warnings",
    ]


def test_check_of_a_missing_file_exits_2_and_still_checks_the_others(write, tmp_path):
    good = write(MINIMAL)
    out = run("--check", tmp_path / "missing.yaml", good)
    assert out.returncode == 2
    assert "missing.yaml: cannot be read: No such file or directory" in out.stderr
    assert f"{good}: 1 events" in out.stdout


def test_check_of_a_folder_exits_2(tmp_path):
    out = run("--check", tmp_path)
    assert out.returncode == 2 and "is a folder" in out.stderr and "Traceback" not in out.stderr


@pytest.mark.parametrize("content", [b"\x00\x01\x02", b"\xff\xfe\xfd", b"", b"[", b"- a\n",
                                     b"title: !!python/object:os.system x\nevents: []\n"])
def test_check_never_shows_a_traceback(write, content):
    out = run("--check", write(content))
    assert out.returncode == 1
    assert "Traceback" not in out.stdout + out.stderr
    assert ":1:" in out.stdout


def test_check_of_the_bundled_timeline_is_clean():
    out = run("--check", EVENTS_YAML)
    assert out.returncode == 0
    assert out.stdout.strip().endswith("0 errors, 0 warnings")


def test_version_and_help():
    from timeline_app import __version__
    assert run("--version").stdout.strip() == f"timeline-app {__version__}"
    help_text = run("--help").stdout
    assert "--check" in help_text and "--select" in help_text and "--screenshot" in help_text


def test_bad_size_is_a_usage_error_not_a_traceback():
    out = run("--screenshot", "x.png", "--size", "huge")
    assert out.returncode == 2 and "WIDTHxHEIGHT" in out.stderr


def many_problems(events: int) -> str:
    """A timeline whose every event has four errors and one warning."""
    lines = ["title: Many problems", "events:"]
    for i in range(events):
        lines += [f"  - id: E_{i}", "    date: 2022-13-01", f"    title: Event {i}",
                  "    track: nope", f"    sources: [x{i}]", "    colour: red"]
    return "\n".join(lines) + "\n"


def test_check_prints_the_first_1000_problems_then_how_many_more(write):
    path = write(many_problems(300))
    out = run("--check", path)
    assert out.returncode == 1
    lines = out.stdout.splitlines()
    assert len(lines) == 1002
    assert lines[0].startswith(f"{path}:3:9: error: 'E_0' is not a valid id")
    assert lines[999].startswith(f"{path}:1202:5: warning: unknown key 'colour'")   # 200th event
    assert lines[1000] == f"{path}: ... and 500 more problems not shown"
    assert lines[1001] == f"{path}: not loaded, 1,200 errors, 300 warnings"


def run_with(args, env=None, **kwargs):
    import os
    return subprocess.run([sys.executable, "-m", "timeline_app", *args], cwd=REPO, timeout=60,
                          env={**os.environ, **(env or {})}, **kwargs)


@pytest.mark.parametrize("encoding", ["utf-8", "ascii"])
def test_a_file_name_the_terminal_cannot_show_is_printed_escaped(tmp_path, encoding):
    import os
    folder = os.fsencode(tmp_path)
    for name in (b"\xff.yaml", "caf\u00e9.yaml".encode()):
        with open(os.path.join(folder, name), "wb") as stream:
            stream.write("title: Caf\u00e9\nevents:\n  - id: \u00e9\n".encode())
    out = run_with(["--check", os.fsdecode(os.path.join(folder, b"\xff.yaml")),
                    str(tmp_path / "caf\u00e9.yaml"), str(tmp_path / "gone\u00e9.yaml")],
                   env={"PYTHONIOENCODING": encoding}, capture_output=True)
    stdout, stderr = out.stdout.decode(encoding), out.stderr.decode(encoding)
    assert out.returncode == 2 and "Traceback" not in stdout + stderr
    assert f"{tmp_path}/\\xff.yaml:3:9: error: '" in stdout
    cafe = "caf\u00e9" if encoding == "utf-8" else "caf\\xe9"
    assert f"{tmp_path}/{cafe}.yaml: not loaded, 3 errors, 1 warnings" in stdout
    assert "gone" in stderr and "cannot be read" in stderr


def test_check_under_the_c_locale_never_shows_a_traceback(write):
    path = write("title: Caf\u00e9\nevents:\n  - id: \u00e9\n", "caf\u00e9.yaml")
    out = run_with(["--check", str(path)], env={"LANG": "C", "LC_ALL": "C"},
                   capture_output=True)
    assert out.returncode == 1 and b"Traceback" not in out.stdout + out.stderr
    assert b"not loaded, 3 errors" in out.stdout


@pytest.mark.parametrize("args", [["--check", "FILE"], ["--version"], ["--help"]])
def test_a_full_stdout_is_one_line_on_stderr_and_exit_2(write, args):
    args = [str(write(many_problems(20))) if a == "FILE" else a for a in args]
    with open("/dev/full", "w") as full:
        out = run_with(args, stdout=full, stderr=subprocess.PIPE, text=True)
    assert out.returncode == 2
    assert out.stderr == "timeline-app: cannot write the output: No space left on device\n"


def test_a_closed_pipe_on_stdout_is_one_line_on_stderr_and_exit_2(write):
    import os
    read_end, write_end = os.pipe()
    os.close(read_end)           # as `| head -c1` does once it has read its byte
    try:
        out = run_with(["--check", str(write(many_problems(20)))], stdout=write_end,
                       stderr=subprocess.PIPE, text=True)
    finally:
        os.close(write_end)
    assert out.returncode == 2
    assert out.stderr == "timeline-app: cannot write the output: Broken pipe\n"


def test_a_closed_stdout_is_one_line_on_stderr_and_exit_2(write):
    out = subprocess.run(f"'{sys.executable}' -m timeline_app --check '{write(MINIMAL)}' >&-",
                         shell=True, cwd=REPO, capture_output=True, text=True, timeout=60)
    assert out.returncode == 2
    assert out.stderr == "timeline-app: cannot write the output: standard output is closed\n"


def test_control_characters_from_the_file_are_printed_escaped(write):
    path = write('title: T\nevents:\n  - id: "\\e[31mred\\nline"\n    date: 2022\n'
                 '    title: T\n    sources: []\n')
    out = run("--check", path)
    assert out.returncode == 1 and "\x1b" not in out.stdout
    assert "'\\x1b[31mred\\x0aline' is not a valid id" in out.stdout


def test_a_name_with_a_surrogate_that_stands_for_no_byte_is_shown_escaped():
    from timeline_app.cli import shown
    assert shown("a\ud800b\udcff\x1b.yaml") == "a\\ud800b\\udcff\\x1b.yaml"
    assert shown("caf\u00e9.yaml") == "caf\u00e9.yaml"
