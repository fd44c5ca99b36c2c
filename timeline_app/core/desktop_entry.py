"""The freedesktop desktop entry and icon, installed for the current user (no Qt).

`timeline-app --install-desktop-entry` writes resources/timeline-app.desktop to
$XDG_DATA_HOME/applications with an Exec line that runs this installation, and the icon to
$XDG_DATA_HOME/icons/hicolor/scalable/apps. The entry claims YAML files only when asked
(`--associate-yaml`): not every YAML file is a timeline.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from importlib.resources import files
from pathlib import Path

from timeline_app.core.disk import write_atomically

APP_ID = "timeline-app"                       # the entry's file name and the icon's name
DESKTOP_FILE = f"{APP_ID}.desktop"
YAML_TYPES = ("application/yaml", "text/yaml", "application/x-yaml")
# Characters that make an Exec argument need quotes, and those escaped inside the quotes
# (the Desktop Entry Specification, "The Exec key").
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")
_ESCAPED_IN_QUOTES = '"`$\\'


def resource_text(name: str) -> str:
    return files("timeline_app").joinpath("resources", name).read_text(encoding="utf-8")


def icon_svg() -> str:
    """The app's icon as SVG text (for the window, the desktop entry and exports)."""
    return resource_text("icon.svg")


def data_home(environ: Mapping[str, str] = os.environ) -> Path:
    """$XDG_DATA_HOME, or ~/.local/share when it is unset, empty or relative (the spec)."""
    value = environ.get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


def launch_command() -> list[str]:
    """The command that starts this installation: the frozen program itself, the
    timeline-app script beside this Python (a virtual environment's bin), or
    `python -m timeline_app`."""
    if getattr(sys, "frozen", False):
        return [os.path.abspath(sys.executable)]
    script = Path(sys.executable).parent / APP_ID
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script.absolute())]
    return [os.path.abspath(sys.executable), "-m", "timeline_app"]


def exec_line(command: list[str]) -> str:
    """The Exec value: each argument quoted as the spec asks, then the file to open (%f)."""
    return " ".join(_exec_argument(part) for part in command) + " %f"


def _exec_argument(argument: str) -> str:
    argument = argument.replace("%", "%%")
    if not _RESERVED & set(argument):
        return _string_escaped(argument)
    quoted = "".join("\\" + c if c in _ESCAPED_IN_QUOTES else c for c in argument)
    return _string_escaped(f'"{quoted}"')


def _string_escaped(value: str) -> str:
    """A desktop entry's string value: backslashes doubled, line breaks as \\n."""
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def entry_text(command: list[str], associate_yaml: bool = False) -> str:
    """resources/timeline-app.desktop with the Exec line for `command`, and MimeType for YAML
    files only when asked."""
    lines = []
    for line in resource_text(DESKTOP_FILE).splitlines():
        key = line.partition("=")[0].strip()
        if key == "Exec":
            line = f"Exec={exec_line(command)}"
        elif key == "MimeType":
            continue
        lines.append(line)
    if associate_yaml:
        lines.append("MimeType=" + "".join(f"{kind};" for kind in YAML_TYPES))
    return "\n".join(lines) + "\n"


def entry_path(home: Path) -> Path:
    return home / "applications" / DESKTOP_FILE


def icon_path(home: Path) -> Path:
    return home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"


Runner = Callable[[list[str]], int]


def _run_quietly(command: list[str]) -> int:
    return subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          check=False).returncode


def install(home: Path, associate_yaml: bool = False, command: list[str] | None = None,
            run: Runner = _run_quietly) -> list[str]:
    """Write the entry and the icon; refresh the desktop database (when the tool is there)
    and, when asked, make the app the default for YAML files. Returns what to tell the user."""
    entry, icon = entry_path(home), icon_path(home)
    _write(icon, icon_svg())
    _write(entry, entry_text(command or launch_command(), associate_yaml))
    said = [f"Installed the desktop entry {entry}", f"Installed the icon {icon}"]
    _refresh(home, run)
    if associate_yaml:
        xdg_mime = ["xdg-mime", "default", DESKTOP_FILE, *YAML_TYPES]
        if shutil.which("xdg-mime") and run(xdg_mime) == 0:
            said.append("Timeline now opens YAML files (" + ", ".join(YAML_TYPES) + ")")
        else:
            said.append("The entry can open YAML files; to make it the default, run: "
                        + " ".join(xdg_mime) + " (xdg-mime is in xdg-utils), or choose "
                        "Timeline in your file manager's Open With")
    return said


def uninstall(home: Path, run: Runner = _run_quietly) -> list[str]:
    """Remove the entry and the icon (what is not there is said, not an error)."""
    said = []
    for path, what in ((entry_path(home), "desktop entry"), (icon_path(home), "icon")):
        if path.exists() or path.is_symlink():
            path.unlink()
            said.append(f"Removed the {what} {path}")
        else:
            said.append(f"No {what} to remove at {path}")
    _refresh(home, run)
    return said


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, text.encode("utf-8"))


def _refresh(home: Path, run: Runner) -> None:
    """Tell the desktop about the change where its tools are installed (else it notices on
    its own, at the latest at the next login)."""
    if shutil.which("update-desktop-database"):
        run(["update-desktop-database", str(home / "applications")])
    if shutil.which("gtk-update-icon-cache") and (home / "icons/hicolor/index.theme").exists():
        run(["gtk-update-icon-cache", "-q", "-t", str(home / "icons" / "hicolor")])
