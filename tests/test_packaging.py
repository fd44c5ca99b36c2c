"""The wheel carries the bundled timeline and resources, found without the repository."""
import subprocess
import sys
import zipfile

from conftest import EVENTS_YAML as BUNDLED, REPO


def test_wheel_contains_the_bundled_timeline_and_runs_outside_the_repository(tmp_path):
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                            "-q", "-w", str(tmp_path), str(REPO)],
                           capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    [wheel] = tmp_path.glob("timeline_app-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert archive.read("timeline_app/resources/events.yaml") == BUNDLED.read_bytes()
        assert "timeline_app/resources/timeline.schema.json" in names
        archive.extractall(tmp_path / "site")
    code = ("from timeline_app.cli import bundled_timeline, main; "
            "print(bundled_timeline()); raise SystemExit(main(['--check', bundled_timeline()]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd="/", env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(str(tmp_path / "site"))
    assert out.stdout.rstrip().endswith("0 errors, 0 warnings")
