"""Set Indonesian translations and recompile: python scripts/translate.py 'msgid' 'msgstr' [...]
With no arguments, lists the entries that are untranslated or fuzzy."""

from __future__ import annotations

import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parents[1] / "cakupan" / "locale" / "id" / "LC_MESSAGES" / "django.po"


def main(args: list[str]) -> int:
    catalogue = polib.pofile(str(PO))
    pairs = dict(zip(args[::2], args[1::2], strict=True))
    for entry in catalogue:
        if entry.msgid in pairs:
            if entry.msgid_plural:
                entry.msgstr_plural = {0: pairs[entry.msgid], 1: pairs[entry.msgid]}
            else:
                entry.msgstr = pairs[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = None
    catalogue.save()
    catalogue.save_as_mofile(str(PO.with_suffix(".mo")))
    for entry in catalogue:
        if not entry.translated() or "fuzzy" in entry.flags:
            print(f"untranslated: {entry.msgid!r} (now {entry.msgstr!r})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
