"""The steps issue 19 found slow in the browser, timed as a reader meets them: whole HTTP requests to
`cakupan serve` on the full simulated demo data (`cakupan demo --no-serve`, SQLite, no charts drawn
ahead), each page from request to last byte. Writes its section of docs/benchmarks.md (`--markdown`).

- the province PDF: the plain link (the whole PDF in one request, as before) beside what the page does
  now (ask for it: the progress shows at once; the file is offered when the background job is done);
- the national fair ranking: the first request of a fresh process (cold, as any request was after an
  import before the ranking was cached and drawn ahead) beside a later one (what the pre-draw leaves);
- sorting the national ranking (the HTMX part), first and again; the province page.

    python -m benchmarks.slow_steps [--region 53] [--markdown FILE]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from benchmarks.pack import _cakupan, _env
from benchmarks.sections import write_section
from tests.support import free_port, serving

SECTION = "## Slow steps in the browser (issue 19 §5)"


class Reader:
    """One browser's worth of HTTP: cookies, the CSRF token of the pages, timed requests."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.token = ""

    def get(self, path: str, *, htmx: bool = False) -> tuple[float, str]:
        url = self.base + path  # the loopback server this benchmark started
        return self._send(urllib.request.Request(url, headers=self._headers(htmx)))  # noqa: S310

    def post(self, path: str, *, htmx: bool = False) -> tuple[float, str]:
        headers = {**self._headers(htmx), "X-CSRFToken": self.token, "Referer": self.base + "/"}
        request = urllib.request.Request(self.base + path, data=b"", headers=headers, method="POST")  # noqa: S310
        return self._send(request)

    def _headers(self, htmx: bool) -> dict[str, str]:
        return {"HX-Request": "true"} if htmx else {}

    def _send(self, request: urllib.request.Request) -> tuple[float, str]:
        started = time.perf_counter()
        with self.opener.open(request, timeout=300) as response:
            body = response.read()
        seconds = time.perf_counter() - started
        text = body.decode("utf-8", errors="replace") if body[:5] != b"%PDF-" else ""
        found = re.search(r'"X-CSRFToken": "([^"]+)"', text)
        if found:
            self.token = found.group(1)
        return seconds, text


def _latest_month(env: dict[str, str]) -> str:
    latest = "from cakupan.indicators.library import latest_period; print(latest_period())"
    return _cakupan(env, "manage", "shell", "-c", latest).stdout.strip().splitlines()[-1]


def _measure(base: str, region: str, month: str) -> list[tuple[str, str, float]]:
    reader = Reader(base)
    rows: list[tuple[str, str, float]] = []
    rows.append(
        ("national fair ranking", "first request of the process (cold)", reader.get("/peringkat/00/")[0])
    )
    rows.append(
        (
            "national fair ranking",
            "again (cached, as the pre-draw leaves it)",
            reader.get("/peringkat/00/")[0],
        )
    )
    sort = "/?urut=workers&arah=desc&bagian=anak"
    rows.append(("sorting the national ranking (HTMX part)", "first", reader.get(sort, htmx=True)[0]))
    rows.append(("sorting the national ranking (HTMX part)", "again", reader.get(sort, htmx=True)[0]))
    rows.append(
        (f"province page {region}", "whole page", reader.get(f"/wilayah/{region}/?periode={month}")[0])
    )
    pdf = f"/laporan/{region}/{month}.pdf"
    rows.append((f"province PDF {region}", "plain link: the whole PDF in one request", reader.get(pdf)[0]))
    # No job has made this PDF before, so the background job makes it anew (not served from a job).
    started = time.perf_counter()
    seconds, fragment = reader.post(pdf + "/buat/", htmx=True)
    rows.append((f"province PDF {region}", "asked on the page: progress shown", seconds))
    job = re.search(r"/laporan/dibuat/(\d+)/", fragment)
    if job is None:
        raise SystemExit(f"no report job in the answer:\n{fragment[:500]}")
    while 'data-status="done"' not in fragment:
        if 'data-status="failed"' in fragment:
            raise SystemExit("the report job failed")
        time.sleep(0.25)  # the page polls every second; a finer poll measures the job, not the poll
        fragment = reader.get(f"/laporan/dibuat/{job.group(1)}/?bagian=status", htmx=True)[1]
    rows.append((f"province PDF {region}", "asked on the page: file offered", time.perf_counter() - started))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--region", default="53")
    parser.add_argument("--markdown", type=Path, help="write the section into this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = _env(Path(tmp) / "data")
        env["CAKUPAN_SERVE_WORKER"] = "true"  # the background report needs the server's worker
        _cakupan(env, "demo", "--no-serve")
        month = _latest_month(env)
        with serving(env, free_port()) as base:
            load = os.getloadavg()[0]
            rows = _measure(base, args.region, month)
    lines = [
        SECTION,
        "",
        f"`python -m benchmarks.slow_steps --region {args.region}`, {time.strftime('%Y-%m-%d %H:%M %Z')}: "
        f"whole HTTP requests to `cakupan serve` (SQLite, the full simulated demo data, {month}, no charts "
        f"drawn ahead), from request to last byte, one reader; load average {load:.1f} on "
        f"{os.cpu_count()} cores when it began. Not asserted in any test.",
        "",
        "| step | how | time |",
        "|---|---|---:|",
    ]
    lines += [f"| {step} | {how} | {seconds:.2f} s |" for step, how, seconds in rows]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.markdown:
        write_section(args.markdown, "slow-steps", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
