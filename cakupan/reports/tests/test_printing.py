"""The pool of processes that write a batch's PDFs (`printing`). This module imports nothing of Django at
its top: a process started from it imports only what the pool imports."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from typing import Any

from cakupan.reports import printing


def _a_job_with_a_pool(pids: Any) -> None:
    with printing.pool(2) as pool:
        for started in [pool.submit(time.sleep, 1) for _ in range(2)]:  # two at once: two processes
            started.result()
        pids.put(sorted(pool._processes))  # the pool's processes, as started
        time.sleep(600)  # until killed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a child of this process that has ended but not been waited for is gone too
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"
    except FileNotFoundError:
        return False


def test_the_pools_processes_end_when_the_job_that_started_them_is_killed() -> None:
    context = multiprocessing.get_context("spawn")
    pids = context.Queue()
    job = context.Process(target=_a_job_with_a_pool, args=(pids,))
    job.start()
    workers = pids.get(timeout=300)
    assert len(workers) == 2 and all(_alive(pid) for pid in workers)
    os.kill(job.pid, signal.SIGKILL)  # no chance to end its pool
    job.join()
    for _ in range(600):  # until they have noticed (each looks every PARENT_CHECK seconds)
        if not any(_alive(pid) for pid in workers):
            break
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)


def test_a_pool_writes_a_pdf_of_the_html_it_is_given() -> None:
    with printing.pool(1) as pool:
        pdf = pool.submit(printing.write_pdf, "<p>Cakupan</p>", "/").result()
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")


def test_a_batch_uses_at_most_as_many_processes_as_the_machine_has_cores(monkeypatch: Any) -> None:
    monkeypatch.setattr(printing.os, "cpu_count", lambda: 1)
    assert printing.processes() == 1
    monkeypatch.setattr(printing.os, "cpu_count", lambda: 8)
    assert printing.processes() == printing.PROCESSES == 2


def test_a_pdf_is_written_with_collection_paused_and_leaves_it_on(monkeypatch: Any) -> None:
    import gc

    import weasyprint

    seen = []
    write = weasyprint.HTML.write_pdf

    def watched(self: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return write(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", watched)
    assert gc.isenabled()
    assert printing.write_pdf("<p>Cakupan</p>", "/").startswith(b"%PDF-")
    assert seen == [False] and gc.isenabled()
