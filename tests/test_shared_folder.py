"""Tests that need ../shared: outside CI they skip and say why; under CI=true they fail."""
import pytest

import conftest


def test_a_missing_shared_file_skips_with_the_reason_outside_ci(monkeypatch, tmp_path):
    monkeypatch.setattr(conftest, "SHARED", tmp_path / "shared")
    monkeypatch.setattr(conftest, "IN_CI", False)
    with pytest.raises(pytest.skip.Exception, match="shared folder .* not beside this checkout"):
        conftest.shared_file("tools", "verify_quotes.py")


def test_a_missing_shared_file_fails_under_ci(monkeypatch, tmp_path):
    monkeypatch.setattr(conftest, "SHARED", tmp_path / "shared")
    monkeypatch.setattr(conftest, "IN_CI", True)
    with pytest.raises(pytest.fail.Exception, match="CI must have it"):
        conftest.shared_file("tools", "verify_quotes.py")


def test_a_present_shared_file_is_returned(monkeypatch, tmp_path):
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "verify_quotes.py").write_text("")
    monkeypatch.setattr(conftest, "SHARED", tmp_path)
    assert conftest.shared_file("tools", "verify_quotes.py") == tmp_path / "tools" / \
        "verify_quotes.py"
