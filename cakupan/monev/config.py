"""Settings of the Monev register, read when used: document types and size limit.

`CAKUPAN_MONEV_DOCUMENT_MAX_MB` (whole number ≥ 1, default 20) and `CAKUPAN_MONEV_DOCUMENT_TYPES` (comma
separated among pdf, jpeg, png, docx; default all four). Django settings of the same names (without the
CAKUPAN_ prefix: `MONEV_DOCUMENT_MAX_MB`, `MONEV_DOCUMENT_TYPES`) win when set, e.g. in tests.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from cakupan.common.env import envint, envlist

# Every type the register knows: extension → (content type, magic bytes at the start of the file).
KNOWN_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
}
EXTENSIONS = {".pdf": "pdf", ".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".docx": "docx"}


def document_max_bytes() -> int:
    mb = getattr(settings, "MONEV_DOCUMENT_MAX_MB", None)
    if mb is None:
        mb = envint("CAKUPAN_MONEV_DOCUMENT_MAX_MB", 20, minimum=1)
    return int(mb) * 1024 * 1024


def document_types() -> list[str]:
    configured = getattr(settings, "MONEV_DOCUMENT_TYPES", None)
    if configured is None:
        configured = envlist("CAKUPAN_MONEV_DOCUMENT_TYPES", "pdf,jpeg,png,docx")
    types = [t.strip().lower() for t in configured if t.strip()]
    unknown = set(types) - set(KNOWN_TYPES)
    if unknown:
        raise ValueError(f"unknown document types {sorted(unknown)}; known: {sorted(KNOWN_TYPES)}")
    return types


def documents_dir() -> Path:
    path = Path(settings.DATA_DIR) / "documents"
    path.mkdir(parents=True, exist_ok=True)
    return path
