#!/usr/bin/env python3
"""Set up a development environment, then run the app or the tests. Idempotent and fast.

    python3 dev.py run [APP ARGS...]     set up, then open the app (the bundled timeline)
    python3 dev.py test [PYTEST ARGS...] set up, then run the whole test suite (headless)
    python3 dev.py bench [ARGS...]       set up, then run the benchmarks
    python3 dev.py bundle [ARGS...]      set up, then build the standalone program with
                                         PyInstaller in dist/timeline-app/ (ARGS go to
                                         PyInstaller, e.g. --distpath DIR)

Set-up: a virtual environment in .venv with this project installed (editable) and its test
dependencies (and PyInstaller, the `bundle` extra) at the versions CI tested (constraints.txt),
re-installed only when pyproject.toml or constraints.txt changes; then a check that the system
libraries Qt needs are present: installed with apt-get when we are root, otherwise the exact
command to run is printed. Needs only Python 3.11+ on Linux.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")   # Windows: Scripts
STAMP = VENV / ".timeline-app-installed"
CONSTRAINTS = ROOT / "constraints.txt"   # the versions CI tested

# Shared libraries Qt's libraries and platform plugins load, and the Debian package of each.
DEBIAN_PACKAGES = {
    "libEGL.so.1": "libegl1", "libGL.so.1": "libgl1", "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0", "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6", "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0", "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0", "libgthread-2.0.so.0": "libglib2.0-0",
    "libX11.so.6": "libx11-6", "libX11-xcb.so.1": "libx11-xcb1", "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0", "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0", "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0", "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0", "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0", "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1", "libSM.so.6": "libsm6", "libICE.so.6": "libice6",
    "libxcb-xinput.so.0": "libxcb-xinput0",
}
FONT_PACKAGE = "fonts-dejavu-core"   # Qt ships no fonts; without one, text draws as boxes
# Tools the tests use where they are present (desktop-file-validate checks the desktop entry):
# installed with the Qt libraries when we may (a few hundred KB), else the tests do without.
TEST_TOOLS = {"desktop-file-validate": "desktop-file-utils"}


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def run(command: list, **kwargs) -> int:
    return subprocess.call([str(part) for part in command], **kwargs)


def is_root_with_apt() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get") is not None


def apt_install(packages: list[str]) -> bool:
    """Install Debian packages when we may; otherwise print the exact command and say no."""
    command = ["apt-get", "install", "-y", "--no-install-recommends", *packages]
    if not is_root_with_apt():
        prefix = "sudo " if shutil.which("apt-get") else ""
        say("missing system packages. Install them with:\n    "
            f"{prefix}{' '.join(command)}\n  (on a non-Debian system, install the equivalent "
            "packages), then run this command again.")
        return False
    say(f"installing system packages: {' '.join(packages)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    quiet = {"stdout": subprocess.DEVNULL}
    if run(command, env=env, **quiet) == 0:
        return True
    run(["apt-get", "update", "-q"], env=env, **quiet)   # a stale or empty package list
    return run(command, env=env, **quiet) == 0


def ensure_python() -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"[dev] Python 3.11 or newer is needed; this is {sys.version.split()[0]}")


def ensure_venv() -> None:
    if PYTHON.exists():
        return
    say(f"creating a virtual environment in {VENV}")
    if run([sys.executable, "-m", "venv", VENV]) != 0:
        shutil.rmtree(VENV, ignore_errors=True)
        version = f"python{sys.version_info.major}.{sys.version_info.minor}"
        if not apt_install([f"{version}-venv"]) or run([sys.executable, "-m", "venv", VENV]):
            sys.exit("[dev] could not create the virtual environment (see above)")


def ensure_installed() -> None:
    """pip install -e .[test] -c constraints.txt, only when either file changed since the last
    install."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() +
                            CONSTRAINTS.read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    say("installing timeline_app and its dependencies into .venv (first time only)")
    pip = [PYTHON, "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    if run([*pip, "-c", CONSTRAINTS, "-e", f"{ROOT}[test,bundle]"]) != 0:
        sys.exit("[dev] pip install failed (see above)")
    STAMP.write_text(wanted)


def missing_qt_libraries(platform_plugin: str) -> list[str]:
    """Shared libraries that Qt's GUI library or the platform plugin cannot find."""
    probe = ("import PySide6, pathlib; q = pathlib.Path(PySide6.__file__).parent / 'Qt'; "
             "print(q / 'lib' / 'libQt6Gui.so.6'); "
             f"print(q / 'plugins' / 'platforms' / 'libq{platform_plugin}.so')")
    found = subprocess.run([PYTHON, "-c", probe], capture_output=True, text=True)
    if found.returncode != 0 or not shutil.which("ldd"):
        return []
    missing = set()
    for library in found.stdout.split():
        listing = subprocess.run(["ldd", library], capture_output=True, text=True).stdout
        missing.update(line.split()[0] for line in listing.splitlines() if "not found" in line)
    return sorted(missing)


def has_fonts() -> bool:
    return any(Path(folder).is_dir() and any(Path(folder).rglob("*.[ot]tf"))
               for folder in ("/usr/share/fonts", "/usr/local/share/fonts"))


def ensure_system_libraries(platform_plugin: str) -> None:
    if not sys.platform.startswith("linux"):
        return
    missing = missing_qt_libraries(platform_plugin)
    packages = sorted({DEBIAN_PACKAGES.get(name, "") for name in missing} - {""})
    unknown = [name for name in missing if name not in DEBIAN_PACKAGES]
    if not has_fonts():
        packages.append(FONT_PACKAGE)
    if unknown:
        say(f"Qt cannot find these libraries: {', '.join(unknown)}; install the packages "
            "that provide them")
    if packages and not apt_install(packages):
        sys.exit(1)


def ensure_test_tools() -> None:
    packages = [package for tool, package in TEST_TOOLS.items() if not shutil.which(tool)]
    if packages and is_root_with_apt():
        apt_install(packages)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test", "bench", "bundle"):
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    ensure_python()
    ensure_venv()
    ensure_installed()
    ensure_system_libraries("xcb" if command == "run" else "offscreen")
    if command == "test":
        ensure_test_tools()
    os.chdir(ROOT)
    if command == "run":
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            say("no display found (DISPLAY is not set). Under a headless machine use\n"
                "    xvfb-run -a python3 dev.py run\n  or render a picture with\n"
                "    python3 dev.py run --screenshot out.png")
            if "--screenshot" not in rest and "--check" not in rest:
                return 1
        return run([PYTHON, "-m", "timeline_app", *rest])
    if command == "bundle":
        return bundle(rest)
    if command == "bench":
        return run([PYTHON, ROOT / "benchmarks" / "run.py", *rest],
                   env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    # CI also runs the tests marked slow (the standalone build: about 30 s); RUN_SLOW=1 runs
    # them anywhere.
    slow = os.environ.get("RUN_SLOW") or ("1" if os.environ.get("CI") == "true" else "")
    return run([PYTHON, "-m", "pytest", *rest],
               env=dict(os.environ, QT_QPA_PLATFORM="offscreen", RUN_SLOW=slow))


def bundle(pyinstaller_args: list[str]) -> int:
    """The standalone program, built by PyInstaller for the system this runs on."""
    started = time.monotonic()
    status = run([PYTHON, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                  *pyinstaller_args, ROOT / "packaging" / "timeline-app.spec"])
    if status == 0:
        say(f"built in {time.monotonic() - started:.0f} s: run dist/timeline-app/timeline-app "
            "(the whole dist/timeline-app folder is the program)")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
