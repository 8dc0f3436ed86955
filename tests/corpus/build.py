"""The broken files of the corpus that are binary, huge or easier to make than to keep: built at test time
so the repository stays small. Each builder returns the file's bytes."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Sequence

import pyarrow as pa
import pyarrow.parquet as pq

from tests.personas import xlsx_bytes

MIB = 1024 * 1024


def csv_text(header: Sequence[str], *rows: Sequence[object], encoding: str = "utf-8") -> bytes:
    lines = [",".join(header), *(",".join(str(c) for c in row) for row in rows)]
    return ("\n".join(lines) + "\n").encode(encoding)


def workbook(sheets: Sequence[tuple[str, Sequence[Sequence[object]]]]) -> bytes:
    """An XLSX with these sheets in this order (title, rows)."""
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def parquet(header: Sequence[str], *rows: Sequence[object]) -> bytes:
    """A Parquet file of text columns."""
    buffer = io.BytesIO()
    columns = {name: [row[i] for row in rows] for i, name in enumerate(header)}
    pq.write_table(pa.table({k: pa.array(v, pa.string()) for k, v in columns.items()}), buffer)
    return buffer.getvalue()


# --- a zip bomb posing as XLSX ---------------------------------------------------------------------------
#
# A real workbook whose first sheet is replaced by a deflate stream that unpacks to gigabytes. The stream is
# one compressed mebibyte of spaces, flushed so that it stands alone, repeated: building it costs a few
# milliseconds and a few megabytes however much it unpacks to, and nothing is ever unpacked here.

SHEET = "xl/worksheets/sheet1.xml"


def zip_bomb(header: Sequence[str], *, mebibytes: int = 3 * 1024, honest: bool = True) -> bytes:
    """A workbook of `header` whose first sheet unpacks to `mebibytes` MiB (3 GiB by default). With
    `honest`, the zip's index says so; without, it claims the sheet is small (the reader must not
    believe it)."""
    parts = _parts(xlsx_bytes(header, [["x"] * len(header)]))
    prefix = b'<?xml version="1.0"?><worksheet><sheetData>'
    suffix = b"</sheetData></worksheet>"
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    head = compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(b" " * MIB) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.compress(suffix) + compressor.flush(zlib.Z_FINISH)
    repeats = mebibytes
    size = len(prefix) + repeats * MIB + len(suffix)
    crc = _crc_combine(zlib.crc32(prefix), _crc_repeated(zlib.crc32(b" " * MIB), MIB, repeats), repeats * MIB)
    crc = _crc_combine(crc, zlib.crc32(suffix), len(suffix))
    sheet = _Member(SHEET, b"".join([head, block * repeats, tail]), crc, size if honest else 64 * 1024)
    members = [_deflated(name, data) for name, data in parts.items() if name != SHEET]
    return _write_zip([*members, sheet])


def _parts(xlsx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


class _Member:
    def __init__(self, name: str, data: bytes, crc: int, size: int) -> None:
        self.name, self.data, self.crc, self.size = name.encode(), data, crc, size


def _deflated(name: str, content: bytes) -> _Member:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    data = compressor.compress(content) + compressor.flush()
    return _Member(name, data, zlib.crc32(content), len(content))


def _write_zip(members: list[_Member]) -> bytes:
    out = io.BytesIO()
    directory = io.BytesIO()
    for member in members:
        offset = out.tell()
        fields = (20, 0, zipfile.ZIP_DEFLATED, 0, 0x21, member.crc, len(member.data), member.size)
        out.write(struct.pack("<IHHHHHIII", 0x04034B50, *fields))
        out.write(struct.pack("<HH", len(member.name), 0) + member.name + member.data)
        directory.write(struct.pack("<IH", 0x02014B50, 20) + struct.pack("<HHHHHIII", *fields))
        directory.write(struct.pack("<HHHHHII", len(member.name), 0, 0, 0, 0, 0, offset) + member.name)
    start = out.tell()
    out.write(directory.getvalue())
    count = len(members)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory.getvalue()), start, 0))
    return out.getvalue()


# CRC-32 of data too large to read, from the CRCs of its pieces (zlib's crc32_combine, which Python lacks).


def _gf2_times(matrix: list[int], vector: int) -> int:
    total = 0
    index = 0
    while vector:
        if vector & 1:
            total ^= matrix[index]
        vector >>= 1
        index += 1
    return total


def _gf2_square(matrix: list[int]) -> list[int]:
    return [_gf2_times(matrix, matrix[n]) for n in range(32)]


def _crc_combine(crc1: int, crc2: int, length2: int) -> int:
    """The CRC-32 of A + B from crc(A), crc(B) and len(B)."""
    if length2 == 0:
        return crc1
    odd = [0xEDB88320] + [1 << n for n in range(31)]
    even = _gf2_square(odd)
    odd = _gf2_square(even)
    while True:
        even = _gf2_square(odd)
        if length2 & 1:
            crc1 = _gf2_times(even, crc1)
        length2 >>= 1
        if not length2:
            break
        odd = _gf2_square(even)
        if length2 & 1:
            crc1 = _gf2_times(odd, crc1)
        length2 >>= 1
        if not length2:
            break
    return crc1 ^ crc2


def _crc_repeated(crc: int, length: int, times: int) -> int:
    """The CRC-32 of a piece (of CRC `crc` and `length` bytes) repeated `times` times, by doubling."""
    result, result_length = 0, 0
    power, power_length = crc, length
    while times:
        if times & 1:
            result = _crc_combine(result, power, power_length) if result_length else power
            result_length += power_length
        power = _crc_combine(power, power, power_length)
        power_length *= 2
        times >>= 1
    return result


def many_parts(count: int) -> bytes:
    """A zip listing `count` empty parts: harmless to unpack, but slow and large to list."""
    local, directory = bytearray(), bytearray()
    for index in range(count):
        name = b"xl/media/image%06d.png" % index
        offset = len(local)
        local += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, 0x21, 0, 0, 0, len(name), 0) + name
        directory += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 0, 0, 0x21, 0, 0, 0, len(name), 0, 0, 0, 0, 0, offset
        )
        directory += name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, len(directory), len(local), 0)
    return bytes(local + directory + end)
