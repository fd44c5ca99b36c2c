"""`timeline-app FILE --export OUT.ext` as a person runs it on a server: no display needed."""
import csv
import json
import os
import subprocess
import sys

from conftest import BUNDLED, MINIMAL, REPO


def run(*args, display=False):
    env = {key: value for key, value in os.environ.items()
           if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    if display:
        env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.run([sys.executable, "-m", "timeline_app", *map(str, args)],
                          capture_output=True, text=True, cwd=REPO, timeout=120, env=env)


def test_csv_and_json_of_a_filtered_timeline_without_a_display(tmp_path):
    out = run(BUNDLED, "--export", tmp_path / "kept.csv", "--tag", "prisoner-exchange",
              "--from", "2025", "--search", "exchange")
    assert out.returncode == 0, out.stderr
    with open(tmp_path / "kept.csv", newline="", encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(file))
    assert rows and all("prisoner-exchange" in row["tags"].split("; ") for row in rows)
    assert all(row["date"] >= "2025" for row in rows)
    assert out.stdout == f"{tmp_path / 'kept.csv'}: {len(rows)} of 30 events written\n"
    out = run(BUNDLED, "--export", tmp_path / "t.JSON", "--track", "prisoners")
    assert out.returncode == 0, out.stderr
    slides = json.loads((tmp_path / "t.JSON").read_text(encoding="utf-8"))["events"]
    assert slides and {slide["group"] for slide in slides} == {"Prisoner exchanges"}


def test_html_without_a_display_has_the_drawn_overview(tmp_path, bundled):
    out = run(BUNDLED, "--export", tmp_path / "page.html", "--to", "2022-03")
    assert out.returncode == 0, out.stderr
    page = (tmp_path / "page.html").read_text(encoding="utf-8")
    assert page.count("<svg") == 1 and "Traceback" not in out.stderr
    assert "Only events matching: to March 2022" in page
    for event in bundled.events:
        assert (f'id="event-{event.id}"' in page) == (event.date.first_day.isoformat()
                                                       < "2022-04"), event.id


def test_an_unknown_suffix_a_broken_file_or_an_unknown_tag_write_nothing(write, tmp_path):
    target = tmp_path / "out.docx"
    out = run(BUNDLED, "--export", target)
    assert out.returncode == 2 and not target.exists()
    assert "must end in .html, .md, .csv, .json, .pdf, .png or .svg" in out.stderr
    broken = write(MINIMAL.replace("2022-03-29", "2022-02-30"))
    out = run(broken, "--export", tmp_path / "out.md")
    assert out.returncode == 1 and not (tmp_path / "out.md").exists()
    assert "'2022-02-30' is not a date: February 2022 has 28 days" in out.stderr
    assert "nothing written" in out.stderr and "Traceback" not in out.stderr
    out = run(BUNDLED, "--export", tmp_path / "out.md", "--tag", "no-such-tag")
    assert out.returncode == 2 and "no tag 'no-such-tag'" in out.stderr
    assert not (tmp_path / "out.md").exists()
    out = run(BUNDLED, "--search", "talks")
    assert out.returncode == 2 and "go with --export" in out.stderr


def test_an_export_replaces_the_old_file_whole(tmp_path):
    target = tmp_path / "briefing.md"
    target.write_text("old text that is longer than anything else" * 1000, encoding="utf-8")
    out = run(BUNDLED, "--export", target, "--search", "grain")
    assert out.returncode == 0, out.stderr
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Russia–Ukraine negotiations") and "old text" not in text
    assert sorted(os.listdir(tmp_path)) == ["briefing.md"]       # no temporary file left


def test_pdf_and_png_are_drawn_without_a_display(tmp_path):
    out = run(BUNDLED, "--export", tmp_path / "t.png", "--track", "prisoners")
    assert out.returncode == 0, out.stderr
    png = (tmp_path / "t.png").read_bytes()
    assert png.startswith(b"\x89PNG") and int.from_bytes(png[16:20], "big") == 3200  # 2x
    out = run(BUNDLED, "--export", tmp_path / "t.pdf", "--search", "istanbul")
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "t.pdf").read_bytes().startswith(b"%PDF")
    assert sorted(os.listdir(tmp_path)) == ["t.pdf", "t.png"]
