"""Reading participant files and lists (Parquet, CSV): header checks, pseudonymisation of raw NIKs in a
streaming pass, and locating the rows of bad values. Raw NIKs stay in this process's memory: the file the
engines read holds keyed hashes only, so nothing an engine spills can hold a NIK."""

from __future__ import annotations

import codecs
import io
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Protocol

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from cakupan.analytics import nik as niks
from cakupan.analytics.nik import HASH_LENGTH
from cakupan.analytics.problems import HIDDEN, N_, Problem, Translate, shown, untranslated
from cakupan.core.engine_files import RAW_NIK_NAMES, FileSpec
from cakupan.core.headers import normal_header
from cakupan.core.nik import ENGINE_PATTERN, contains_nik, mask_niks

BATCH_ROWS = 256 * 1024
MAX_PROBLEMS = 1000  # rows listed in one report; the count of the rest is reported too


@dataclass
class Prepared:
    """A file ready for an engine: `path` (Parquet, keyed hashes only) and where each column is in it."""

    file_name: str
    path: str
    columns: dict[str, str]  # canonical name → column name in `path`
    labels: dict[str, str] = field(default_factory=dict)  # canonical name → the name in the user's file
    rows: int = 0
    first_row: int = 2  # the row number of the first record in problem reports (CSV: after the header)
    pseudonymised: bool = False
    problems: list[Problem] = field(default_factory=list)
    # Free-text columns of a Parquet file read in place that were not scanned for NIKs here (`scan_text`
    # False): the engine counts NIK-like values in them in its own scan instead.
    unscanned_text: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def file_kind(name: str) -> str | None:
    lowered = name.lower()
    if lowered.endswith((".parquet", ".pq")):
        return "parquet"
    if lowered.endswith((".csv", ".txt")):
        return "csv"
    return None


def _csv_header(source: Path | bytes) -> tuple[list[str], str]:
    if isinstance(source, bytes):
        first = source.split(b"\n", 1)[0]
    else:
        with source.open("rb") as handle:
            first = handle.readline()
    text = first.decode("utf-8-sig", errors="replace").rstrip("\r\n")
    delimiter = ";" if text.count(";") > text.count(",") else ","
    return [h.strip().strip('"') for h in text.split(delimiter)], delimiter


def prepare(
    *,
    path: str | os.PathLike[str],
    spec: FileSpec,
    work_dir: str | os.PathLike[str],
    key: bytes | None = None,
    file_name: str | None = None,
    translate: Translate = untranslated,
    content: bytes | None = None,
    scan_text: bool = True,
) -> Prepared:
    """Check the header, and write the file the engines read when it has to change (a CSV, or a raw NIK
    column to pseudonymise with `key`, or `content` given in memory instead of a file at `path`). A
    Parquet file with keyed hashes is read where it is; its free-text columns are scanned for NIKs here
    (one thread, row by row, naming each row) unless `scan_text` is False, when the caller counts them in
    its engine and comes back with `scan_text` True only to name the rows."""
    _ = translate
    source: Path | pa.BufferReader = Path(path) if content is None else pa.BufferReader(content)
    name = file_name or Path(path).name
    kind = file_kind(name)
    result = Prepared(file_name=name, path=str(source), columns={})
    if kind is None:
        result.problems.append(
            Problem(name, 0, "", "", _(N_("Unsupported file type: use Parquet (.parquet) or CSV (.csv).")))
        )
        return result
    try:
        if _is_empty(source, content):
            result.problems.append(Problem(name, 0, "", "", _(N_("The file is empty."))))
            return result
        if kind == "parquet":
            schema = pq.ParquetFile(source).schema_arrow
            header = schema.names
            delimiter = ","
            nested = [f.name for f in schema if pa.types.is_nested(f.type)]
            if nested:  # no engine or check reads a list, struct or map as one value
                for column in nested:
                    result.problems.append(Problem(name, 1, shown(column), shown(column), _(NESTED)))
                return result
        else:
            header, delimiter = _csv_header(source if isinstance(source, Path) else content or b"")
    except (OSError, pa.ArrowException):
        result.problems.append(
            Problem(name, 0, "", "", _(N_("The file cannot be read as %(kind)s.")) % {"kind": kind})
        )
        return result
    if not any(h.strip() for h in header):
        result.problems.append(
            Problem(name, 1, "", "", _(N_("The first row is empty: the file needs a header row.")))
        )
        return result
    lookup = spec.lookup()
    expected = ", ".join(c.name for c in spec.columns)
    raw_nik: str | None = None
    for raw in header:
        normal = normal_header(raw)
        target = lookup.get(normal)
        if normal in RAW_NIK_NAMES:
            if key is None:
                result.problems.append(
                    Problem(
                        name,
                        1,
                        raw,
                        shown(raw),
                        _(
                            N_(
                                "a raw NIK column is refused: supply nik_hash (a keyed hash), or ask for "
                                "pseudonymisation with a key"
                            )
                        ),
                    )
                )
            elif raw_nik is not None:
                result.problems.append(
                    Problem(name, 1, shown(raw), shown(raw), _(N_("the column appears twice")))
                )
            raw_nik = raw
        elif target is None:
            result.problems.append(
                Problem(
                    name,
                    1,
                    shown(raw),
                    shown(raw),
                    _(N_("unknown column for %(dataset)s; expected: %(expected)s"))
                    % {"dataset": spec.name, "expected": expected},
                )
            )
        elif target in result.columns:
            result.problems.append(
                Problem(name, 1, shown(raw), shown(raw), _(N_("the column appears twice")))
            )
        else:
            result.columns[target] = raw
    if raw_nik is not None and "nik_hash" in result.columns:
        result.problems.append(
            Problem(name, 1, raw_nik, shown(raw_nik), _(N_("give either a NIK column or nik_hash, not both")))
        )
    for column in spec.columns:
        present = column.name in result.columns or (column.name == "nik_hash" and raw_nik is not None)
        if column.required and not present:
            result.problems.append(
                Problem(
                    name,
                    1,
                    column.name,
                    "",
                    _(N_("required column is missing; expected: %(expected)s")) % {"expected": expected},
                )
            )
    if result.problems:
        return result
    result.labels = dict(result.columns) | ({"nik_hash": raw_nik} if raw_nik else {})
    if kind == "parquet" and raw_nik is None and isinstance(source, Path):
        result.first_row = 1
        result.rows = pq.ParquetFile(source).metadata.num_rows
        unchecked = [c for c in UNCHECKED_TEXT if c in result.columns]
        if not scan_text:
            result.unscanned_text = unchecked
            unchecked = []
        if unchecked:  # read where it is, and kept as it is: a NIK there would be stored
            offset = 0
            for batch in _parquet_batches(source, [result.columns[c] for c in unchecked]):
                for canonical in unchecked:
                    _without_niks(
                        result, batch.column(result.columns[canonical]), canonical, offset, translate
                    )
                offset += batch.num_rows
        return result
    original = source if isinstance(source, Path) else content or b""
    batches = (
        _parquet_batches(source, [*result.columns.values(), *([raw_nik] if raw_nik else [])])
        if kind == "parquet"
        else _csv_batches(original, header, delimiter)
    )
    result.first_row = 1 if kind == "parquet" else 2
    out = Path(work_dir) / f"{spec.name}.parquet"
    fault: Callable[[], list[Problem]] | None = None
    if kind == "csv":
        fault = partial(_csv_faults, result.file_name, original, header, delimiter, translate)
    _rewrite(result, batches, out, raw_nik=raw_nik, key=key, translate=translate, fault=fault)
    return result


NESTED = N_(
    "the column holds nested values (a list, struct or map); only plain columns of text, numbers or dates "
    "are read"
)

# Columns no later check reads (free text): a NIK written there is refused as the file is read.
UNCHECKED_TEXT = ("employer_id", "kbli")


def _is_empty(source: Path | pa.BufferReader, content: bytes | None) -> bool:
    if isinstance(source, Path):
        return source.stat().st_size == 0
    return not (content or b"").strip()


def _parquet_batches(source: Path | pa.BufferReader, columns: list[str]) -> Iterator[pa.RecordBatch]:
    yield from pq.ParquetFile(source).iter_batches(batch_size=BATCH_ROWS, columns=columns)


CSV_BLOCK = 16 << 20


def _csv_batches(source: Path | bytes, header: list[str], delimiter: str) -> Iterator[pa.RecordBatch]:
    try:
        reader = pacsv.open_csv(
            pa.BufferReader(source) if isinstance(source, bytes) else str(source),
            read_options=pacsv.ReadOptions(column_names=header, skip_rows=1, block_size=CSV_BLOCK),
            parse_options=pacsv.ParseOptions(delimiter=delimiter),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid:
        if _header_only(source):  # Arrow cannot skip a header that no line break ends: no rows
            return
        raise
    yield from reader


def _header_only(source: Path | bytes) -> bool:
    if isinstance(source, Path):
        with source.open("rb") as handle:
            source = handle.read(CSV_BLOCK + 1)
    _first, _break, rest = source.partition(b"\n")
    return len(source) <= CSV_BLOCK and not rest.strip()


def _rewrite(
    result: Prepared,
    batches: Iterator[pa.RecordBatch],
    out: Path,
    *,
    raw_nik: str | None,
    key: bytes | None,
    translate: Translate,
    fault: Callable[[], list[Problem]] | None = None,
) -> None:
    """Copy the canonical columns as text into `out`, replacing a raw NIK by its keyed hash. A NIK written
    anywhere else never reaches `out` either: an unhashed value in nik_hash is left out (and reported as a
    malformed hash), 16 digits in another column are replaced by HIDDEN (and refused by its checks)."""
    _ = translate
    names = list(result.columns)
    schema = pa.schema([(n, pa.string()) for n in (["nik_hash"] if raw_nik else []) + names])
    writer: pq.ParquetWriter | None = None
    offset = 0
    try:
        writer = pq.ParquetWriter(out, schema, compression="zstd")
        for batch in batches:
            arrays: list[pa.Array] = []
            if raw_nik is not None:
                assert key is not None
                hashes: list[str | None] = []
                for index, cell in enumerate(batch.column(raw_nik).to_pylist()):
                    number = niks.normal_nik(cell)
                    if number is None:
                        hashes.append(None)
                        if len(result.problems) < MAX_PROBLEMS:
                            result.problems.append(
                                Problem(
                                    result.file_name,
                                    result.first_row + offset + index,
                                    raw_nik,
                                    "",  # never shown, even when wrong
                                    _(N_("not a NIK (16 digits); the value is not shown")),
                                )
                            )
                    else:
                        hashes.append(niks.nik_hash(key, number))
                arrays.append(pa.array(hashes, pa.string()))
            for canonical in names:
                column = pc.cast(batch.column(result.columns[canonical]), pa.string())
                if canonical == "nik_hash":
                    column = _only_hash_shaped(column)
                else:
                    column = _without_niks(result, column, canonical, offset, translate)
                arrays.append(column)
            writer.write_batch(pa.record_batch(arrays, schema=schema))
            offset += batch.num_rows
    except pa.ArrowInvalid:
        # Arrow's own message quotes the offending row, which may hold a NIK: it is not passed on. The rows
        # at fault are looked for again, without their text.
        found = fault() if fault is not None else []
        result.problems.extend(
            found
            or [
                Problem(
                    result.file_name,
                    0,
                    "",
                    "",
                    _(
                        N_(
                            "The file cannot be read as CSV UTF-8 with a header row and the same number "
                            "of cells in every row."
                        )
                    ),
                )
            ]
        )
    finally:
        if writer is not None:
            writer.close()
    result.rows = offset
    result.path = str(out)
    result.columns = {n: n for n in schema.names}
    result.pseudonymised = raw_nik is not None


LOOKS_LIKE_NIK = N_("looks like a NIK (16 digits): NIKs belong in the nik column only")


def _without_niks(
    result: Prepared, column: pa.Array, canonical: str, offset: int, translate: Translate
) -> pa.Array:
    """The column with every NIK in it (the one detector's: 16 digits, or grouped digits of NIK shape)
    replaced by HIDDEN. The engine's pattern picks the candidate rows in one pass; only those are read
    in Python to confirm and mask. The checks of the column then refuse the value as they see it; a
    column no check reads reports the rows here."""
    column = pc.cast(column, pa.string())
    candidates = pc.indices_nonzero(pc.fill_null(pc.match_substring_regex(column, ENGINE_PATTERN), False))
    if len(candidates) == 0:
        return column
    found = [
        (index, value)
        for index, value in zip(candidates.to_pylist(), column.take(candidates).to_pylist(), strict=True)
        if contains_nik(value)
    ]
    if not found:
        return column
    if canonical in UNCHECKED_TEXT:
        label = result.labels.get(canonical) or result.columns.get(canonical, canonical)
        for index, _value in found:
            if len(result.problems) >= MAX_PROBLEMS:
                break
            row = result.first_row + offset + index
            result.problems.append(Problem(result.file_name, row, label, HIDDEN, translate(LOOKS_LIKE_NIK)))
    hit = [False] * len(column)
    for index, _value in found:
        hit[index] = True
    masked = pa.array([mask_niks(value) for _index, value in found], pa.string())
    return pc.replace_with_mask(column, pa.array(hit, pa.bool_()), masked)


def _only_hash_shaped(column: pa.Array) -> pa.Array:
    """nik_hash without the values that cannot be a hash (a raw NIK put there, say): those rows are
    reported as malformed hashes all the same, and the NIK is not written."""
    shaped = pc.fill_null(pc.equal(pc.utf8_length(column), HASH_LENGTH), False)
    return pc.if_else(shaped, column, pa.scalar(None, pa.string()))


def _csv_faults(
    file_name: str, source: Path | bytes, header: list[str], delimiter: str, translate: Translate
) -> list[Problem]:
    """Where a CSV that Arrow cannot read goes wrong: the first row that is not UTF-8, else every row
    whose number of cells differs from the header's. Empty when neither explains it."""
    _ = translate
    row = _first_non_utf8_row(source)
    if row is not None:
        return [
            Problem(
                file_name,
                row,
                "",
                "",
                _(N_("row %(row)d is not UTF-8 text; save the file as CSV UTF-8")) % {"row": row},
            )
        ]
    found: list[Problem] = []

    def record(invalid: pacsv.InvalidRow) -> str:
        if len(found) < MAX_PROBLEMS:
            found.append(
                Problem(
                    file_name,
                    int(invalid.number or 0),
                    "",
                    "",
                    _(N_("the row has %(cells)d cells; the header has %(columns)d"))
                    % {"cells": invalid.actual_columns, "columns": invalid.expected_columns},
                )
            )
        return "skip"

    try:
        reader = pacsv.open_csv(
            pa.BufferReader(source) if isinstance(source, bytes) else str(source),
            read_options=pacsv.ReadOptions(
                column_names=header, skip_rows=1, block_size=CSV_BLOCK, use_threads=False
            ),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, invalid_row_handler=record),
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(header, pa.binary())),
        )
        for _batch in reader:
            pass
    except pa.ArrowInvalid:
        pass  # what was found so far is reported; the rest of the file is the general message's
    return found


def _first_non_utf8_row(source: Path | bytes) -> int | None:
    """The line number of the first byte that is not UTF-8, read in pieces (the file can be large)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = 1
    with source.open("rb") if isinstance(source, Path) else io.BytesIO(source) as handle:
        while piece := handle.read(1 << 20):
            pending = len(decoder.getstate()[0])
            try:
                decoder.decode(piece)
            except UnicodeDecodeError as exc:
                return lines + piece.count(b"\n", 0, max(0, exc.start - pending))
            lines += piece.count(b"\n")
    return None


def locate(
    prepared: Prepared,
    bad_values: Mapping[str, Mapping[str | None, str]],
    *,
    check_hash: bool,
    limit: int = MAX_PROBLEMS,
    translate: Translate = untranslated,
) -> tuple[list[Problem], int]:
    """The rows holding the bad values found in the distinct values of each column, and (when
    `check_hash`) the rows whose nik_hash is missing or not a hash. Returns (problems listed, found)."""
    columns = {c: prepared.columns[c] for c in bad_values if bad_values[c]}
    if check_hash:
        columns["nik_hash"] = prepared.columns["nik_hash"]
    if not columns:
        return [], 0
    listed: list[Problem] = []
    found = 0
    offset = 0
    parquet = pq.ParquetFile(prepared.path)
    for batch in parquet.iter_batches(batch_size=BATCH_ROWS, columns=list(dict.fromkeys(columns.values()))):
        for canonical, physical in columns.items():
            label = prepared.labels.get(canonical, physical)
            column = pc.cast(batch.column(physical), pa.string())
            if canonical == "nik_hash":
                reason = translate(BAD_HASH)
                bad = _bad_hash_mask(column, skip_missing=prepared.pseudonymised)
            else:
                wanted = bad_values[canonical]
                present = [v for v in wanted if v is not None]
                bad = pc.is_in(column, value_set=pa.array(present, pa.string())) if present else None
                if None in wanted:
                    missing = pc.is_null(column)
                    bad = missing if bad is None else pc.or_(pc.fill_null(bad, False), missing)
                reason = None
            if bad is None:
                continue
            indices = pc.indices_nonzero(pc.fill_null(bad, False)).to_pylist()
            found += len(indices)
            for index in indices:
                if len(listed) >= limit:
                    break
                value = column[index].as_py()
                if canonical == "nik_hash":
                    listed.append(
                        Problem(
                            prepared.file_name,
                            prepared.first_row + offset + index,
                            label,
                            "",
                            reason or "",
                        )
                    )
                else:
                    listed.append(
                        Problem(
                            prepared.file_name,
                            prepared.first_row + offset + index,
                            label,
                            shown(value),
                            bad_values[canonical][value],
                        )
                    )
        offset += batch.num_rows
    listed.sort(key=lambda p: (p.row, p.column))
    return listed, found


BAD_HASH = N_("not a keyed NIK hash (64 hexadecimal characters); the value is not shown")


class Reported(Protocol):
    """A result that lists problems: `problems` (the first MAX_PROBLEMS) and `problems_found` (all)."""

    problems: list[Problem]
    problems_found: int


def report_located(
    result: Reported,
    prepared: Prepared,
    bad_values: Mapping[str, Mapping[str | None, str]],
    bad_hashes: int,
    translate: Translate,
) -> None:
    """The rows of every bad value (and malformed hash) into `result.problems`, the first MAX_PROBLEMS of
    them listed and all of them counted."""
    if any(bad_values.values()) or bad_hashes > 0:
        listed, found = locate(
            prepared,
            bad_values,
            check_hash=bad_hashes > 0,
            limit=max(0, MAX_PROBLEMS - len(result.problems)),
            translate=translate,
        )
        result.problems.extend(listed)
        result.problems.sort(key=lambda p: (p.row, p.column))
        result.problems_found = len(prepared.problems) + found
    if result.problems:
        result.problems_found = max(result.problems_found, len(result.problems))


def _bad_hash_mask(column: pa.Array, *, skip_missing: bool) -> pa.Array:
    well_formed = pc.match_substring_regex(column, "^[0-9a-f]{64}$")
    bad = pc.invert(pc.fill_null(well_formed, False))
    if skip_missing:  # already reported as "not a NIK" by the pseudonymising pass
        bad = pc.and_(bad, pc.is_valid(column))
    return bad
