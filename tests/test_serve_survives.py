"""The server keeps running when a client hangs up in the middle of a response (a browser leaving a page
while a part of it loads)."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from tests.support import free_port, own_database, serving

pytestmark = pytest.mark.slow


def test_a_client_that_hangs_up_does_not_stop_the_server(tmp_path: Path) -> None:
    with own_database(tmp_path / "var", "initialised") as env:
        port = free_port()
        with serving(env, port):
            for _ in range(30):
                with socket.create_connection(("127.0.0.1", port)) as sock:
                    sock.sendall(b"GET /api/openapi.json HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                time.sleep(0.02)
            time.sleep(0.5)
            # A bound on a hang, not on time: a busy machine can still be rendering the schema 30 times.
            with socket.create_connection(("127.0.0.1", port), timeout=300) as sock:
                sock.sendall(
                    b"GET /api/v1/regions/53 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                )
                answer = sock.recv(200)
            assert answer.startswith(b"HTTP/1.1 200")
