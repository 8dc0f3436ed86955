"""The zip an XLSX workbook is: its index checked against the limits before anything is unpacked, and each
part unpacked as a stream that stops where it grows beyond the size the index declared."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator

from django.utils.translation import gettext as _

from cakupan.imports.file_limits import FileRefused, Limits

MAX_DIRECTORY = 1024 * 1024  # a workbook's index lists a few dozen parts in a few kilobytes
CHUNK = 64 * 1024  # bytes unpacked at a time


def damaged() -> FileRefused:
    return FileRefused(_("The XLSX file is damaged or not an Excel workbook."))


class Archive:
    """The parts of a workbook, by name (case does not matter in a workbook's part names)."""

    def __init__(self, content: bytes, limits: Limits) -> None:
        directory = _directory_size(content)
        if directory is None:
            raise damaged()
        if directory > MAX_DIRECTORY:
            raise FileRefused(
                _(
                    "The XLSX file lists far more parts than a workbook has (%(kb)d KB of index); it is "
                    "refused."
                )
                % {"kb": directory // 1024}
            )
        try:
            infos = zipfile.ZipFile(io.BytesIO(content)).infolist()
        except Exception:  # zipfile raises several types (BadZipFile, NotImplementedError, ValueError…)
            raise damaged() from None
        total = sum(info.file_size for info in infos)
        if total > limits.uncompressed_bytes or total > limits.compression_ratio * max(len(content), 1):
            raise FileRefused(
                _("The XLSX file unpacks to %(size)d MB, far more than its data can need; it is refused.")
                % {"size": total // (1024 * 1024)}
            )
        self._content = content
        self._parts = {info.filename.lower(): info for info in infos if not info.is_dir()}

    def has(self, name: str) -> bool:
        return name.lower() in self._parts

    def chunks(self, name: str) -> Iterator[bytes]:
        """The part unpacked, a piece at a time: never more than the index declared for it."""
        info = self._parts.get(name.lower())
        if info is None:
            raise damaged()
        offset = info.header_offset
        content = self._content
        if content[offset : offset + 4] != b"PK\x03\x04" or info.flag_bits & 0x1:  # no header, or encrypted
            raise damaged()
        name_length, extra_length = struct.unpack_from("<HH", content, offset + 26)
        start = offset + 30 + name_length + extra_length
        data = memoryview(content)[start : start + info.compress_size]
        if len(data) != info.compress_size:
            raise damaged()
        if info.compress_type == zipfile.ZIP_STORED:
            pieces: Iterator[bytes] = (bytes(data[i : i + CHUNK]) for i in range(0, len(data), CHUNK))
        elif info.compress_type == zipfile.ZIP_DEFLATED:
            pieces = _inflated(data)
        else:
            raise damaged()
        produced = 0
        crc = 0
        for piece in pieces:
            produced += len(piece)
            if produced > info.file_size:
                raise FileRefused(
                    _(
                        "The XLSX file is damaged: its part %(part)s is larger than its declared "
                        "uncompressed size; it is refused."
                    )
                    % {"part": info.filename[:80]}
                )
            crc = zlib.crc32(piece, crc)
            yield piece
        if produced != info.file_size or crc != info.CRC:
            raise damaged()


def _inflated(data: memoryview) -> Iterator[bytes]:
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        for start in range(0, len(data), CHUNK):
            pending: bytes | memoryview = data[start : start + CHUNK]
            while pending and not inflater.eof:
                piece = inflater.decompress(pending, CHUNK)
                pending = inflater.unconsumed_tail
                if piece:
                    yield piece
            if inflater.eof:
                break
        while not inflater.eof and (piece := inflater.decompress(b"", CHUNK)):
            yield piece
        rest = inflater.flush()
    except zlib.error:
        raise damaged() from None
    if rest:
        yield rest


def _directory_size(content: bytes) -> int | None:
    """The size of the zip's index as its end record declares it, read before the index is parsed (zipfile
    takes a minute and gigabytes to list a million parts); None when there is no end record."""
    end = content.rfind(b"PK\x05\x06", max(0, len(content) - 65_557))
    if end < 0 or end + 22 > len(content):
        return None
    (size,) = struct.unpack_from("<I", content, end + 12)
    if size == 0xFFFFFFFF:  # ZIP64: the size is in the ZIP64 end record
        end64 = content.rfind(b"PK\x06\x06", 0, end)
        if end64 < 0 or end64 + 56 > len(content):
            return None
        (size,) = struct.unpack_from("<Q", content, end64 + 40)
    return int(size)
