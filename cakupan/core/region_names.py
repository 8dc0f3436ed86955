"""Region names as officials and statistics producers write them, reduced to one key (Django-free).

"KAB. KUPANG", "Kabupaten Kupang" and "Kupang" are one kabupaten; "Kota Kupang" is another region and its
`Kota` is never dropped. `Adm.`/`Administrasi` are dropped, `Kep.` is `Kepulauan`, and spaces, hyphens and
punctuation do not count (Fak Fak = Fakfak, Toli-Toli = Tolitoli, Bau-Bau = Baubau)."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from cakupan.core.bps import regency_changes

KABUPATEN, KOTA = "kabupaten", "kota"
RegencyKey = tuple[str, str]  # (kabupaten or kota, the name's letters and digits)

_WORD = re.compile(r"[a-z0-9]+")
_KIND_WORDS = {"kab": KABUPATEN, "kabupaten": KABUPATEN, "kota": KOTA}
_DROPPED = {"adm", "administrasi"}
# Words that only say what a place is, before its name.
_PLACE_WORDS = {"provinsi", "prov", "kecamatan", "kec", "distrik", "desa", "kelurahan", "kel", "kampung"}

# Renamed regencies a file may still call by the old name, beyond the shipped crosswalk's: old → new.
HAND_ALIASES = {"Kabupaten Toba Samosir": "Kabupaten Toba", "Kabupaten Mamuju Utara": "Kabupaten Pasangkayu"}

# Province names as BPS and offices write them, beyond the master's own.
PROVINCE_ALIASES = {
    "dkijakarta": "31",
    "jakarta": "31",
    "daerahkhususjakarta": "31",
    "diyogyakarta": "34",
    "yogyakarta": "34",
    "bangkabelitung": "19",
    "ntb": "52",
    "ntt": "53",
}


def _words(name: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return ["kepulauan" if w == "kep" else w for w in _WORD.findall(folded)]


def regency_key(name: str) -> RegencyKey:
    """("kota", "kupang") for "Kota Kupang"; ("kabupaten", "kupang") for "KAB. KUPANG" and "Kupang"."""
    words = _words(name)
    kind = KABUPATEN
    while words and (words[0] in _KIND_WORDS or words[0] in _DROPPED):
        kind = _KIND_WORDS.get(words.pop(0), kind)
    return kind, "".join(words)


def place_key(name: str) -> str:
    """A province's, district's or village's name as one key: "Prov. DKI Jakarta" → "dkijakarta"."""
    words = _words(name)
    while words and (words[0] in _PLACE_WORDS or words[0] in _DROPPED):
        words.pop(0)
    return "".join(words)


def says_what(name: str) -> bool:
    """Whether the name begins by saying what the region is (Kab., Kota, Provinsi)."""
    words = _words(name)
    return bool(words) and (words[0] in _KIND_WORDS or words[0] in ("provinsi", "prov"))


def _regency_aliases() -> dict[RegencyKey, RegencyKey]:
    renamed = {c.old_name: c.new_name for c in regency_changes() if c.change == "renamed"}
    return {regency_key(old): regency_key(new) for old, new in {**renamed, **HAND_ALIASES}.items()}


class RegencyNames:
    """Today's regencies and cities by name within their province."""

    def __init__(self, regencies: Iterable[tuple[str, str, str, str]]) -> None:
        """From (code, name, kind, province code) rows; `kind` is kabupaten or kota, read from the name
        when empty."""
        self._codes: dict[tuple[str, RegencyKey], list[str]] = defaultdict(list)
        self.names: dict[str, str] = {}
        self._aliases = _regency_aliases()
        for code, name, kind, province in regencies:
            read_kind, key = regency_key(name)
            self._codes[(province, (kind if kind in (KABUPATEN, KOTA) else read_kind, key))].append(code)
            self.names[code] = name

    def find(self, name: str, provinces: Iterable[str]) -> list[str]:
        """Every regency of these provinces the name may mean (the old name of a renamed regency too)."""
        key = regency_key(name)
        wanted = list(provinces)
        found = sorted(c for p in wanted for c in self._codes.get((p, key), ()))
        if not found and key in self._aliases:
            found = sorted(c for p in wanted for c in self._codes.get((p, self._aliases[key]), ()))
        return found

    def same(self, code: str, name: str) -> bool:
        """Whether the name is the regency's (or its old name's)."""
        own = self.names.get(code)
        if own is None:
            return False
        key, target = regency_key(name), regency_key(own)
        return key == target or self._aliases.get(key) == target

    def other_kind(self, name: str, provinces: Iterable[str]) -> list[str]:
        """The regencies of the other kind with this name: a bare "Kupang" where only Kota Kupang fits."""
        kind, key = regency_key(name)
        other = KOTA if kind == KABUPATEN else KABUPATEN
        return sorted(c for p in provinces for c in self._codes.get((p, (other, key)), ()))
