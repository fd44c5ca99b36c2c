"""`timeline-app --check`, `--version` and `--help` as a person runs them in a terminal."""
import subprocess
import sys

import pytest

from conftest import BUNDLED, MINIMAL, REPO


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
    out = run("--check", BUNDLED)
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
