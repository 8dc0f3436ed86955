"""The Indonesian catalogue is complete, compiled, and covers every string the code marks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parents[2]
PO = PACKAGE / "locale" / "id" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def test_every_message_has_an_indonesian_translation() -> None:
    catalogue = polib.pofile(str(PO))
    missing = [e.msgid for e in catalogue if not e.translated() or "fuzzy" in e.flags]
    assert missing == []


def test_the_compiled_catalogue_matches_the_source() -> None:
    source = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in polib.pofile(str(PO))
    }
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in polib.mofile(str(MO))
    }
    assert compiled == source, "run `make messages` to recompile django.mo"


def test_every_marked_string_is_in_the_catalogue(tmp_path: Path) -> None:
    if shutil.which("xgettext") is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("GNU gettext (xgettext) is required under CI")
        pytest.skip("GNU gettext is not installed (apt-get install -y gettext)")
    copy = tmp_path / "cakupan"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "tests"))
    done = subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "id", "--no-obsolete", "--no-location"],
        cwd=copy,
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cakupan.settings"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    extracted = {
        (e.msgctxt, e.msgid) for e in polib.pofile(str(copy / "locale" / "id" / "LC_MESSAGES" / "django.po"))
    }
    committed = {(e.msgctxt, e.msgid) for e in polib.pofile(str(PO))}
    assert extracted - committed == set(), "new strings: run `make messages` and translate them"
