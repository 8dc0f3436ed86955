from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_the_analytics_package_works_where_django_cannot_be_imported(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import sys

        class NoDjango:
            def find_spec(self, name, path=None, target=None):
                if name == "django" or name.startswith("django."):
                    raise ImportError("django is not importable here")
                return None

        sys.meta_path.insert(0, NoDjango())
        import pyarrow as pa, pyarrow.parquet as pq
        from cakupan.analytics import checks, engine, ingest, matching, nik, problems, rollup, schema
        path = sys.argv[1] + "/p.parquet"
        pq.write_table(pa.table({
            "nik_hash": ["a" * 64], "region_code": ["53.71.01.1001"], "period": ["2024-06"],
            "segment": ["PU"], "status": ["active"],
        }), path)
        result = rollup.rollup_run(path=path, work_dir=sys.argv[1])
        assert result.ok and len(result.figures) == 4, result
        assert not any(m == "django" or m.startswith("django.") for m in sys.modules)
        print("ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
