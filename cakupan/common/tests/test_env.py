from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from cakupan.common.env import envbool, envchoice, envint, envsecret


def test_typed_variables_read_and_fail_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_BOOL", "yes")
    monkeypatch.setenv("X_INT", "12")
    assert envbool("X_BOOL", False) is True and envint("X_INT", 1) == 12
    monkeypatch.setenv("X_BOOL", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_BOOL"):
        envbool("X_BOOL", False)
    monkeypatch.setenv("X_INT", "twelve")
    with pytest.raises(ImproperlyConfigured, match="X_INT"):
        envint("X_INT", 1)
    monkeypatch.setenv("X_INT", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        envint("X_INT", 1, minimum=1)
    monkeypatch.setenv("X_CHOICE", "mysql")
    with pytest.raises(ImproperlyConfigured, match="X_CHOICE"):
        envchoice("X_CHOICE", "a", {"a", "b"})


def test_secrets_come_from_the_variable_or_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.delenv("X_SECRET", raising=False)
    assert envsecret("X_SECRET") is None
    path = tmp_path / "secret"
    path.write_text("s3cret\n")
    monkeypatch.setenv("X_SECRET_FILE", str(path))
    assert envsecret("X_SECRET") == "s3cret"
    monkeypatch.setenv("X_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="X_SECRET_FILE"):
        envsecret("X_SECRET")
