"""How much a file may hold before it is refused, and the refusal itself: shared by the CSV and XLSX readers,
so that no file (an upload by any officer, the API, the command line) can exhaust the process reading it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

MIB = 1024 * 1024


class FileRefused(Exception):
    """The file as a whole cannot be read; the message says why, and `row` where (0: nowhere in
    particular)."""

    def __init__(self, message: str, *, row: int = 0) -> None:
        super().__init__(message)
        self.row = row


@dataclass(frozen=True)
class Limits:
    """The most a file may hold. Settings give them (`Limits.from_settings`); tests pass their own."""

    rows: int
    columns: int
    cells: int
    uncompressed_bytes: int  # XLSX: every part unpacked, together
    compression_ratio: int  # XLSX: unpacked size over the file's size
    header_rows: int  # the header is looked for in the rows numbered 1 to this

    @classmethod
    def from_settings(cls) -> Limits:
        from django.conf import settings

        return cls(
            rows=settings.CAKUPAN_IMPORT_MAX_ROWS,
            columns=settings.CAKUPAN_IMPORT_MAX_COLUMNS,
            cells=settings.CAKUPAN_IMPORT_MAX_CELLS,
            uncompressed_bytes=settings.CAKUPAN_IMPORT_MAX_UNPACKED_BYTES,
            compression_ratio=settings.CAKUPAN_IMPORT_MAX_COMPRESSION_RATIO,
            header_rows=settings.CAKUPAN_IMPORT_HEADER_ROWS,
        )


@dataclass
class Tally:
    """Rows and cells read so far: a reader counts them as it goes and stops at the limit, whatever the file
    declared about itself. Cells are those touched, empty ones included (a row padded to its last cell)."""

    limits: Limits
    rows: int = 0
    cells: int = 0

    def add_row(self, number: int) -> None:
        self.rows += 1
        if self.rows > self.limits.rows:
            raise FileRefused(
                _("The file has more than %(limit)d rows; split it into smaller files.")
                % {"limit": self.limits.rows},
                row=number,
            )

    def add_cells(self, count: int, number: int) -> None:
        self.cells += count
        if self.cells > self.limits.cells:
            raise FileRefused(
                _("The file has more than %(limit)d cells; split it into smaller files.")
                % {"limit": self.limits.cells},
                row=number,
            )

    def check_width(self, width: int, number: int, column: str) -> None:
        """A row reaching column `column` (its letter), the `width`-th column."""
        if width > self.limits.columns:
            raise FileRefused(
                _(
                    "Row %(row)d reaches column %(column)s (column %(number)d); at most %(limit)d columns "
                    "are read. Delete what lies right of the data and save the file again."
                )
                % {"row": number, "column": column, "number": width, "limit": self.limits.columns},
                row=number,
            )
