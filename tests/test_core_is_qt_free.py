"""The core (data, dates, loading, checking) and `--check` never import Qt."""
import re
import subprocess
import sys
from pathlib import Path

from conftest import BUNDLED, REPO


def test_importing_the_core_and_loading_a_file_imports_no_pyside6():
    code = ("import sys; from timeline_app.core import loader, model, dates, yaml_nodes; "
            f"loader.load_path({str(BUNDLED)!r}); "
            "import timeline_app.cli; "
            "print('PySide6' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_check_command_imports_no_pyside6():
    code = ("import sys; from timeline_app.cli import main; status = main(['--check', "
            f"{str(BUNDLED)!r}]); print('PySide6' in sys.modules, status)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert out.stdout.strip().splitlines()[-1] == "False 0"


def test_no_core_module_mentions_pyside6():
    core = Path(REPO, "timeline_app", "core")
    imports_qt = re.compile(r"^\s*(from|import)\s+(PySide6|shiboken6)", re.MULTILINE)
    offenders = [p.name for p in core.glob("*.py") if imports_qt.search(p.read_text())]
    assert offenders == []
