"""Evidence files of case steps: checked (type by content, not only by name; size), stored under
DATA_DIR/evidence outside the web root with a random name, and read back only through a view that
checks access."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.translation import gettext as _

from cakupan.compliance.config import evidence_types


class EvidenceRefused(ValueError):
    pass


class Upload(Protocol):
    name: str | None
    size: int | None

    def read(self, size: int = ...) -> bytes: ...


@dataclass(frozen=True)
class CheckedFile:
    file_name: str
    extension: str
    content_type: str
    content: bytes
    sha256: str


def evidence_dir() -> Path:
    path = Path(settings.DATA_DIR) / "evidence"
    path.mkdir(parents=True, exist_ok=True)
    return path


def evidence_check(upload: Upload, *, max_bytes: int) -> CheckedFile:
    name = Path(upload.name or "").name[:200] or "evidence"
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = evidence_types()
    if extension not in allowed:
        raise EvidenceRefused(
            _("%(file)s: only %(types)s files are accepted as evidence")
            % {"file": name, "types": ", ".join(sorted({e.upper() for e in allowed}))}
        )
    if (upload.size or 0) > max_bytes:
        raise EvidenceRefused(
            _("%(file)s is larger than %(limit)d MB") % {"file": name, "limit": max_bytes // (1024 * 1024)}
        )
    content = upload.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise EvidenceRefused(
            _("%(file)s is larger than %(limit)d MB") % {"file": name, "limit": max_bytes // (1024 * 1024)}
        )
    content_type, magics = allowed[extension]
    if not content.startswith(magics):
        raise EvidenceRefused(
            _("%(file)s is not a real %(type)s file (its content does not match its name)")
            % {"file": name, "type": extension.upper()}
        )
    return CheckedFile(name, extension, content_type, content, hashlib.sha256(content).hexdigest())


def evidence_write(checked: CheckedFile) -> str:
    """Write the file under a random name; returns that name."""
    stored = f"{secrets.token_hex(16)}.{checked.extension}"
    (evidence_dir() / stored).write_bytes(checked.content)
    return stored


def evidence_remove(stored_name: str) -> None:
    (evidence_dir() / Path(stored_name).name).unlink(missing_ok=True)


def evidence_path(stored_name: str) -> Path:
    return evidence_dir() / Path(stored_name).name
