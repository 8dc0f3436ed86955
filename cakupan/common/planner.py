"""PostgreSQL's planner statistics of the tables a large import has just written.

Autovacuum analyses a table about a minute after a large write; until then PostgreSQL plans from what it
knew before. Right after the demo's 182,574 participation figures, a regency page read its figures
version through the month index (all 182,574 rows of the 36 months, for the 288 of its region) in 44 ms;
after ANALYZE, through the region index in 0.1 ms. The readers who open the pages right after the monthly
import are the ones who would wait. So an import of many rows refreshes the statistics of the columns
the pages select by, once it has committed: about 0.1 s for the demo's file (ANALYZE of two columns of
two tables; of every column of the rollup table alone, 0.27 s). SQLite keeps no statistics unless asked,
and the queries written for it do not rely on them: nothing is done there.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

from django.db import connection
from django.db.models import Model

logger = logging.getLogger(__name__)

# An import of fewer rows leaves the statistics to autovacuum: a correction changes no plan.
ANALYZE_FROM_ROWS = 5_000


def planner_statistics_refresh(*, columns: Mapping[type[Model], Sequence[str]], rows: int) -> bool:
    """ANALYZE these columns of these models' tables on PostgreSQL when `rows` rows were written; whether
    it did. Call it after the write has committed (the statistics are read from committed rows)."""
    if connection.vendor != "postgresql" or rows < ANALYZE_FROM_ROWS or not columns:
        return False
    quote = connection.ops.quote_name
    tables = ", ".join(
        f"{quote(model._meta.db_table)} ({', '.join(quote(c) for c in names)})"
        for model, names in columns.items()
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")  # names from the models, quoted
    logger.info("planner statistics refreshed: %s (%d rows written)", tables, rows)
    return True
