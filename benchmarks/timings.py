"""What the load generators record (benchmarks/locustfile.py, soak_locustfile.py): every response's status,
and the server's own time from its `Server-Timing` header, written as JSON when locust quits."""

from __future__ import annotations

import json
import os
from typing import Any

from locust import events


def record_to(variable: str) -> None:
    """Record this run's responses into the file named by the environment variable `variable`."""
    timings: dict[str, list[float]] = {}
    errors: list[str] = []
    statuses: dict[str, int] = {}

    @events.request.add_listener
    def _record(request_type: str, name: str, response: Any, exception: Any, **kwargs: Any) -> None:
        status = getattr(response, "status_code", 0)
        statuses[str(status)] = statuses.get(str(status), 0) + 1
        if exception is not None or response is None or status != 200:
            errors.append(f"{name}: {status or exception}")
            return
        header = response.headers.get("Server-Timing", "")
        if header.startswith("app;dur="):
            timings.setdefault(name, []).append(float(header.split("=", 1)[1]))

    @events.quitting.add_listener
    def _write(environment: Any, **kwargs: Any) -> None:
        path = os.environ.get(variable)
        if path:
            with open(path, "w", encoding="utf-8") as handle:
                json.dump({"timings": timings, "errors": errors, "statuses": statuses}, handle)
