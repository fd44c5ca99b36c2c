"""The app icon and the desktop entry: `timeline-app --install-desktop-entry` as a user runs it.

The entry is checked twice: the keys a desktop needs, in Python (always), and by
`desktop-file-validate` (Debian's desktop-file-utils; `python3 dev.py test` installs it when it
runs as root with apt, as it does under CI). Where the tool is missing the Python check stands
alone: test_entry_validates says which ran.
"""
import configparser
import os
import shutil
import stat
import subprocess
import sys

from PySide6.QtGui import QColor

from conftest import REPO
from timeline_app.core import desktop_entry

ICON = (REPO / "resources" / "icon.svg").read_text(encoding="utf-8")


def timeline_app(*args, data_home, path=None):
    env = dict(os.environ, XDG_DATA_HOME=str(data_home))
    if path is not None:
        env["PATH"] = path
    return subprocess.run([sys.executable, "-m", "timeline_app", *args], capture_output=True,
                          text=True, env=env, cwd=REPO, timeout=60)


def read_entry(path):
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_install_writes_the_entry_and_icon_that_run_this_installation(tmp_path):
    out = timeline_app("--install-desktop-entry", data_home=tmp_path)
    assert out.returncode == 0, out.stderr
    entry_file = tmp_path / "applications" / "timeline-app.desktop"
    icon_file = tmp_path / "icons" / "hicolor" / "scalable" / "apps" / "timeline-app.svg"
    assert out.stdout.splitlines() == [f"Installed the desktop entry {entry_file}",
                                       f"Installed the icon {icon_file}"]
    assert icon_file.read_text(encoding="utf-8") == ICON
    entry = read_entry(entry_file)
    assert (entry["Type"], entry["Name"], entry["Icon"]) == ("Application", "Timeline",
                                                              "timeline-app")
    assert "MimeType" not in entry          # YAML files only when the user asks
    command, _, field = entry["Exec"].rpartition(" ")
    assert field == "%f" and os.path.isabs(command.split()[0])
    # The Exec line starts this very installation (a venv's script or this Python -m).
    started = subprocess.run([*command.split(), "--version"], capture_output=True, text=True,
                             timeout=60)
    assert started.stdout.startswith("timeline-app ")


def test_entry_validates(tmp_path):
    """Python checks the keys always; desktop-file-validate too wherever it is installed."""
    assert timeline_app("--install-desktop-entry", "--associate-yaml",
                        data_home=tmp_path).returncode == 0
    entry_file = tmp_path / "applications" / "timeline-app.desktop"
    lines = entry_file.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    entry = read_entry(entry_file)
    for key in ("Type", "Name", "Exec", "Icon", "Categories", "MimeType"):
        assert entry[key], key
    assert entry["Categories"].endswith(";") and entry["MimeType"].endswith(";")
    assert len(lines) == len(set(line.partition("=")[0] for line in lines))   # no key twice
    if shutil.which("desktop-file-validate"):
        for path in (entry_file, REPO / "resources" / "timeline-app.desktop"):
            checked = subprocess.run(["desktop-file-validate", str(path)], capture_output=True,
                                     text=True)
            assert (checked.returncode, checked.stdout) == (0, ""), checked.stdout


def test_associate_yaml_makes_it_the_default_with_xdg_mime(tmp_path):
    tools = tmp_path / "bin"
    tools.mkdir()
    fake = tools / "xdg-mime"
    fake.write_text(f"#!/bin/sh\necho \"$@\" > {tmp_path / 'asked'}\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    out = timeline_app("--install-desktop-entry", "--associate-yaml", data_home=tmp_path,
                       path=str(tools))
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "asked").read_text() == \
        "default timeline-app.desktop application/yaml text/yaml application/x-yaml\n"
    assert read_entry(tmp_path / "applications" / "timeline-app.desktop")["MimeType"] == \
        "application/yaml;text/yaml;application/x-yaml;"
    assert out.stdout.splitlines()[-1].startswith("Timeline now opens YAML files")


def test_associate_yaml_without_xdg_mime_says_how(tmp_path):
    out = timeline_app("--install-desktop-entry", "--associate-yaml", data_home=tmp_path,
                       path=str(tmp_path))
    assert out.returncode == 0
    assert "run: xdg-mime default timeline-app.desktop application/yaml text/yaml " \
           "application/x-yaml" in out.stdout


def test_uninstall_removes_both_and_says_so(tmp_path):
    timeline_app("--install-desktop-entry", data_home=tmp_path)
    out = timeline_app("--uninstall-desktop-entry", data_home=tmp_path)
    assert out.returncode == 0
    assert not (tmp_path / "applications" / "timeline-app.desktop").exists()
    assert not (tmp_path / "icons" / "hicolor" / "scalable" / "apps" / "timeline-app.svg").exists()
    assert out.stdout.startswith("Removed the desktop entry ")
    again = timeline_app("--uninstall-desktop-entry", data_home=tmp_path)
    assert again.stdout.startswith("No desktop entry to remove at ")


def test_associate_yaml_alone_is_a_usage_error(tmp_path):
    out = timeline_app("--associate-yaml", data_home=tmp_path)
    assert out.returncode == 2 and "--install-desktop-entry" in out.stderr
    assert not (tmp_path / "applications").exists()


def test_exec_quotes_paths_with_spaces_and_reserved_characters():
    assert desktop_entry.exec_line(["/opt/My Apps/timeline-app"]) == \
        '"/opt/My Apps/timeline-app" %f'
    assert desktop_entry.exec_line(["/a$b/python", "-m", "timeline_app"]) == \
        '"/a\\\\$b/python" -m timeline_app %f'
    assert desktop_entry.exec_line(["/100%/x"]) == "/100%%/x %f"


def test_data_home_defaults_to_local_share():
    home = os.path.expanduser("~")
    assert str(desktop_entry.data_home({})) == f"{home}/.local/share"
    assert str(desktop_entry.data_home({"XDG_DATA_HOME": "relative"})) == f"{home}/.local/share"
    assert str(desktop_entry.data_home({"XDG_DATA_HOME": "/x/y"})) == "/x/y"


def test_window_icon_is_drawn_at_each_size_from_the_svg(qtbot):
    from timeline_app.qt.resources import app_icon
    icon = app_icon()
    sizes = {size.width() for size in icon.availableSizes()}
    assert {16, 32, 48, 256} <= sizes
    # An orange dot at (14, 42) of 64 units: solid at 16 px and at 256 px, not a blur.
    for size in (16, 256):
        image = icon.pixmap(size, size).toImage()
        assert image.width() == size
        pixel = image.pixelColor(int(14 * size / 64), int(42 * size / 64))
        assert pixel == QColor("#E69F00"), (size, pixel.name())


def test_icon_svg_is_the_resource():
    assert desktop_entry.icon_svg() == ICON


def test_a_failed_install_says_why_in_one_line_and_leaves_no_temporary_file(tmp_path):
    """The entry's name is taken by a folder: the write fails as a whole (written beside,
    then renamed), said in a person's words, nothing half-written left behind."""
    in_the_way = tmp_path / "applications" / "timeline-app.desktop"
    in_the_way.mkdir(parents=True)
    out = timeline_app("--install-desktop-entry", data_home=tmp_path)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr and len(out.stderr.splitlines()) == 1
    assert out.stderr.startswith("timeline-app: ") and "timeline-app.desktop" in out.stderr
    assert not out.stderr.startswith("timeline-app: : ")
    assert sorted(p.name for p in (tmp_path / "applications").iterdir()) == ["timeline-app.desktop"]
