"""docs/operations.md, followed on this machine: production settings, PostgreSQL, `cakupan init`, gunicorn
workers and `cakupan worker` as separate processes, behind what a reverse proxy would send.

What this machine cannot show (systemd units, a TLS certificate) is listed in docs/operations.md.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from tests.personas import PARTICIPATION_HEADER, csv_bytes, participation_rows
from tests.support import CAKUPAN, free_port, on_ci, own_database, run

pytestmark = pytest.mark.slow

NIK = "5371012345670001"
GUNICORN = [str(Path(sys.executable).with_name("gunicorn")), "-c", "python:cakupan.ops.gunicorn_conf"]


def _postgres_only() -> None:
    if not os.environ.get("CAKUPAN_DATABASE_URL", "").startswith("postgres"):
        if on_ci() and not os.environ.get("CAKUPAN_TEST_POSTGRES_URL"):
            pytest.fail("the production walk-through needs PostgreSQL under CI")
        pytest.skip("production runs on PostgreSQL: this walk-through runs in the PostgreSQL pass")


@contextmanager
def _process(command: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            yield process
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def _wait_ready(base: str, server: subprocess.Popen[bytes], log: Path) -> requests.Response:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text()
        try:
            response = requests.get(f"{base}/siap/", timeout=5)
            if response.status_code == 200:
                return response
        except requests.ConnectionError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"not ready in 60 s:\n{log.read_text()}")


def test_a_production_instance_serves_behind_a_proxy_with_its_worker(tmp_path: Path) -> None:
    _postgres_only()
    with own_database(tmp_path / "var") as env:
        port = free_port()
        env.update(
            CAKUPAN_ENV="production",
            CAKUPAN_SECRET_KEY="walkthrough-" + "k" * 40,
            CAKUPAN_ALLOWED_HOSTS="cakupan.example.go.id",
            CAKUPAN_CSRF_TRUSTED_ORIGINS="https://cakupan.example.go.id",
            CAKUPAN_BEHIND_PROXY="true",
            CAKUPAN_BIND=f"127.0.0.1:{port}",
            CAKUPAN_WORKERS="2",
            CAKUPAN_CHART_PREDRAW_LANGUAGES="",
            CAKUPAN_JOB_POLL_SECONDS="1",
        )
        env.pop("CAKUPAN_DEBUG", None)
        env.pop("CAKUPAN_LOG_FORMAT", None)

        # Installation: migrations, region master and the static files in one step.
        init = run(env, "init")
        assert init.returncode == 0, init.stderr
        assert (tmp_path / "var" / "static" / "cakupan" / "cakupan.css.gz").exists()
        created = run(env, "user", "add", "admin", "--role", "NATIONAL_ADMIN", "--lang", "en")
        assert created.returncode == 0, created.stderr
        password = created.stdout.split()[-1]

        # The proxy terminates TLS and forwards the host and scheme.
        proxy = {"Host": "cakupan.example.go.id", "X-Forwarded-Proto": "https"}
        base = f"http://127.0.0.1:{port}"
        server_log, worker_log = tmp_path / "gunicorn.log", tmp_path / "worker.log"
        with (
            _process([*GUNICORN, "cakupan.wsgi"], env, server_log) as server,
            _process([*CAKUPAN, "worker"], env, worker_log) as worker,
        ):
            ready = _wait_ready(base, server, server_log)
            assert ready.json()["checks"]["database"] == {"ok": True, "detail": "postgresql"}

            page = requests.get(f"{base}/wilayah/53/?cari={NIK}", headers=proxy, timeout=30)
            assert page.status_code == 200
            assert "Strict-Transport-Security" in page.headers
            assert "default-src 'self'" in page.headers["Content-Security-Policy"]
            # Plain http straight to the server would be sent to https.
            insecure = requests.get(
                f"{base}/", headers={"Host": "cakupan.example.go.id"}, allow_redirects=False, timeout=30
            )
            assert insecure.status_code == 301
            assert insecure.headers["Location"].startswith("https://cakupan.example.go.id/")
            # A host the site does not answer to is refused.
            assert requests.get(f"{base}/", timeout=30).status_code == 400

            # Static files come compressed from the collected copies.
            css = next(part for part in page.text.split('"') if part.startswith("/static/") and "css" in part)
            static = requests.get(f"{base}{css}", headers={**proxy, "Accept-Encoding": "gzip"}, timeout=30)
            assert static.status_code == 200
            assert static.headers.get("Content-Encoding") == "gzip"

            # Logging in over the proxy: cookies are marked Secure and the form's origin is checked.
            # (The cookies are handed back by hand: this client, rightly, keeps Secure cookies off http.)
            login_page = requests.get(f"{base}/akun/masuk/", headers=proxy, timeout=30)
            assert "Secure" in login_page.headers["Set-Cookie"]
            csrf = str(login_page.cookies["csrftoken"])
            logged_in = requests.post(
                f"{base}/akun/masuk/",
                data={"username": "admin", "password": password, "csrfmiddlewaretoken": csrf},
                cookies={"csrftoken": csrf},
                headers={**proxy, "Origin": "https://cakupan.example.go.id"},
                allow_redirects=False,
                timeout=30,
            )
            assert logged_in.status_code == 302, logged_in.text[:500]
            session = str(logged_in.cookies["sessionid"])
            assert "Secure" in logged_in.headers["Set-Cookie"]
            signed_in = {"sessionid": session}
            jobs_page = requests.get(
                f"{base}/tugas/", cookies=signed_in, headers=proxy, allow_redirects=False, timeout=30
            )
            assert jobs_page.status_code == 200

            # An import from the command line queues chart drawing; the separate worker runs it.
            upload = tmp_path / "juni.csv"
            upload.write_bytes(
                csv_bytes(PARTICIPATION_HEADER, participation_rows("53.71", "2024-06", {"PU": 10}))
            )
            imported = run(env, "import", "participation", str(upload))
            assert imported.returncode == 0, imported.stderr
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                jobs = requests.get(f"{base}/siap/", timeout=5).json()["checks"]["jobs"]
                if jobs["detail"] == "idle":
                    break
                time.sleep(0.5)
            assert jobs["detail"] == "idle", worker_log.read_text()
            figures = requests.get(f"{base}/api/v1/indicators/53.71/2024-06", headers=proxy, timeout=30)
            assert figures.status_code == 200

        # Both stop cleanly on SIGTERM, as systemd stops them.
        assert server.returncode == 0, server_log.read_text()
        assert worker.returncode == 0, worker_log.read_text()

    # The server's log is JSON, one request a line, without query strings or a NIK.
    lines = [json.loads(line) for line in server_log.read_text().splitlines() if line.startswith("{")]
    requests_logged = [line for line in lines if line["logger"] == "cakupan.request"]
    assert any(line["message"] == "GET /wilayah/53/ 200" for line in requests_logged)
    assert all("duration_ms" in line and "request_id" in line for line in requests_logged)
    assert NIK not in server_log.read_text()
