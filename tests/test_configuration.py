"""Every environment variable the code reads is documented in .env.example."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READ = re.compile(
    r"""(?:env(?:str|bool|int|choice|list|secret)|environ\.get|getenv|environ\.setdefault)\(\s*"([A-Z][A-Z0-9_]+)\""""
)


def test_every_variable_read_is_in_env_example() -> None:
    read: set[str] = set()
    for folder in ("cakupan", "tests", "benchmarks"):
        for path in (ROOT / folder).rglob("*.py"):
            if "tests" in path.parts and path.name == "test_env.py":
                continue  # the helpers' own tests use made-up names
            read.update(READ.findall(path.read_text(encoding="utf-8")))
    documented = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    assert read - {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"} <= documented
