"""The words of the data contract that every importer accepts: segments, statuses, programs and their
spellings. Aggregate files (row by row) and participant files (inside the engine) read them from here."""

from __future__ import annotations

SEGMENTS = ("PU", "BPU", "JAKON", "PMI")
STATUSES = ("active", "inactive")
PROGRAMS = ("JKK", "JKM", "JHT", "JP", "JKP")

# Accepted spellings (lower case, spaces collapsed) → stored value.
SEGMENT_SPELLINGS = {"pu": "PU", "ppu": "PU", "bpu": "BPU", "pbpu": "BPU", "jakon": "JAKON", "pmi": "PMI"}
STATUS_SPELLINGS = {
    "active": "active",
    "aktif": "active",
    "inactive": "inactive",
    "nonaktif": "inactive",
    "non-aktif": "inactive",
    "non aktif": "inactive",
    "tidak aktif": "inactive",
}

# Who pays a participant's contributions (participant files, v2): the person, the employer, or a budget.
FUNDERS = ("SELF", "EMPLOYER", "APBD_PROVINSI", "APBD_KABKOTA", "APBDES", "CSR", "OTHER")
# The funders whose funded workers are followed after the funded months (everything but the person and
# the employer).
BUDGET_FUNDERS = ("APBD_PROVINSI", "APBD_KABKOTA", "APBDES", "CSR", "OTHER")
FUNDER_SPELLINGS = {
    "self": "SELF",
    "mandiri": "SELF",
    "sendiri": "SELF",
    "employer": "EMPLOYER",
    "pemberi kerja": "EMPLOYER",
    "pemberi_kerja": "EMPLOYER",
    "perusahaan": "EMPLOYER",
    "apbd_provinsi": "APBD_PROVINSI",
    "apbd provinsi": "APBD_PROVINSI",
    "apbd_kabkota": "APBD_KABKOTA",
    "apbd kabkota": "APBD_KABKOTA",
    "apbd_kabupaten": "APBD_KABKOTA",
    "apbd_kota": "APBD_KABKOTA",
    "apbdes": "APBDES",
    "csr": "CSR",
    "other": "OTHER",
    "lainnya": "OTHER",
}


def spelling(text: str) -> str:
    """A choice as written, in the form the spellings are listed: lower case, spaces collapsed."""
    return " ".join(text.lower().split())
