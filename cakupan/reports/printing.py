"""HTML to PDF with WeasyPrint, in this process or in a pool of processes of their own (the report batch).

WeasyPrint lays out and draws in Python on one core: a batch of 552 reports keeps one core busy for
minutes while the other waits. The batch reads each report's figures and draws its charts in the job's
process (the database and the chart store are there) and hands the finished HTML to a pool of processes
that only turn HTML into PDF. This module imports nothing of Django, so that a spawned process starts
without the project's settings or database; WeasyPrint is imported once as each process starts, never
first by a thread (issue 20 §7).
"""

from __future__ import annotations

import io
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from typing import Any

from cakupan.core.gc_pause import collection_paused
from cakupan.reports import svgtext

# Processes a batch of PDF reports uses (and never more than the machine's cores).
PROCESSES = 2
# How often (seconds) a process of the pool checks that the process it works for is still there.
PARENT_CHECK = 1.0


@cache
def font_config() -> Any:
    """One WeasyPrint font configuration per process (loading the fonts is the slow part of the first
    PDF). Raises OSError when Pango is missing."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


# WeasyPrint makes a box, a style and a layout object for every element and line: with cyclic collection
# paused while it works, NTT's report took 640 ms instead of 702 (medians of 15, 2026-12-06).
@collection_paused()
def write_pdf(html: str, base_url: str) -> bytes:
    """The PDF of an HTML document (A4 and fonts from its stylesheet), images and fonts embedded."""
    from weasyprint import HTML

    svgtext.install()  # once per process; a check after that
    out = io.BytesIO()
    HTML(string=html, base_url=base_url).write_pdf(out, font_config=font_config(), pdf_variant=None)
    return out.getvalue()


def _start() -> None:
    import weasyprint  # noqa: F401 (imported at start, before any work: see the module's text)

    svgtext.install()
    font_config()
    threading.Thread(target=_end_with, args=(os.getppid(),), daemon=True, name="pdf-pool-parent").start()


def _end_with(parent: int) -> None:
    """A process of the pool ends when the job's process is gone (killed, so it could not end its pool):
    it is then adopted by another, and nobody would ever give it work again."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK)
    os._exit(1)


def processes() -> int:
    return max(1, min(PROCESSES, os.cpu_count() or 1))


def pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` processes that write PDFs (`write_pdf`). Started fresh ("spawn"), not forked:
    the job's process holds database connections and vl-convert's JavaScript engine threads, which a
    forked copy must not share."""
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=multiprocessing.get_context("spawn"), initializer=_start
    )
