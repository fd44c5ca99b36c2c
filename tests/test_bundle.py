"""`python3 dev.py bundle`: the standalone program runs where no Python environment is set up.

Marked slow (the build takes about 20-30 s): run when RUN_SLOW=1, which `python3 dev.py test`
sets under CI (CI=true).
"""
import os
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

from conftest import BUNDLED, REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def program(tmp_path_factory):
    """Built by the README's command into a folder of the test's own."""
    out = tmp_path_factory.mktemp("bundle")
    built = subprocess.run(
        [sys.executable, REPO / "dev.py", "bundle", "--distpath", out / "dist",
         "--workpath", out / "build"], capture_output=True, text=True, timeout=900)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    return out / "dist" / "timeline-app" / "timeline-app"


def clean_run(program, *args, home):
    """As from a desktop: no virtual environment on PATH, no PYTHONPATH, another folder."""
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
           "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config")}
    return subprocess.run([program, *map(str, args)], capture_output=True, text=True, env=env,
                          cwd=home, timeout=120)


def test_the_built_program_checks_a_file(program, tmp_path):
    out = clean_run(program, "--check", BUNDLED, home=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.endswith("events.yaml: 30 events, 50 articles, 0 errors, 0 warnings\n")


def test_the_built_program_draws_its_window_with_its_own_resources(program, tmp_path):
    """With no FILE it opens the timeline inside the build (importlib.resources finds it, the
    style sheet and the icon there)."""
    shot = tmp_path / "shot.png"
    out = clean_run(program, "--screenshot", shot, "--size", "1024x640", home=tmp_path)
    assert out.returncode == 0, out.stderr
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1024, 640)
    colours = {image.pixel(x, y) for x in range(0, 1024, 16) for y in range(0, 640, 16)}
    assert len(colours) > 20            # a drawn window, not an empty one
    resources = program.parent / "_internal" / "timeline_app" / "resources"
    for name in ("events.yaml", "timeline.schema.json", "icon.svg", "format.md", "style.qss",
                 "new_timeline.yaml", "timeline-app.desktop"):
        assert (resources / name).read_bytes() == (REPO / "resources" / name).read_bytes()


def test_the_built_program_installs_a_desktop_entry_that_starts_it(program, tmp_path):
    out = clean_run(program, "--install-desktop-entry", home=tmp_path)
    assert out.returncode == 0, out.stderr
    entry = (tmp_path / "data" / "applications" / "timeline-app.desktop").read_text()
    assert f"Exec={program} %f\n" in entry
