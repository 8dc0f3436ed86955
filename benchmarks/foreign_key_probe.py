"""A probe for ADR 0010: what PostgreSQL's checks of two keys cost when a COPY writes many rows, in the
shape of the figures tables (a text key to the regions, a number to the batch, the unique key and two more
indexes), three ways: the keys declared DEFERRABLE INITIALLY DEFERRED as Django declares them (checked a
row at a time at commit), no keys and a statement-level trigger that checks the new rows as a set, and no
keys at all. The trigger also shows it refuses a row that names no region.

    CAKUPAN_TEST_POSTGRES_URL=postgresql://… python -m benchmarks.foreign_key_probe --rows 716800

It makes and drops a database of its own on that server (`benchmarks.soak._database`).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import psycopg

from benchmarks.soak import _database

PARENTS = """
CREATE TABLE region (code varchar(13) PRIMARY KEY);
CREATE TABLE batch (id bigint PRIMARY KEY);
"""
CHILD = """
CREATE TABLE child_{name} (
  id bigserial PRIMARY KEY,
  region_id varchar(13) NOT NULL {region_key},
  period varchar(7) NOT NULL,
  segment varchar(5) NOT NULL,
  status varchar(8) NOT NULL,
  participants bigint NOT NULL,
  batch_id bigint NOT NULL {batch_key},
  UNIQUE (region_id, period, segment, status));
CREATE INDEX ON child_{name} (period);
CREATE INDEX ON child_{name} (batch_id);
"""
DEFERRED = "REFERENCES {parent} DEFERRABLE INITIALLY DEFERRED"
# The parents the new rows name are locked first (no concurrent transaction deletes them before commit),
# then every new row is checked against them in one anti-join.
STATEMENT_CHECK = """
CREATE FUNCTION child_statement_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM region r WHERE r.code IN (SELECT DISTINCT region_id FROM new_rows) FOR KEY SHARE;
  PERFORM 1 FROM batch b WHERE b.id IN (SELECT DISTINCT batch_id FROM new_rows) FOR KEY SHARE;
  IF EXISTS (SELECT 1 FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM region r WHERE r.code = n.region_id))
     OR EXISTS (SELECT 1 FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM batch b WHERE b.id = n.batch_id))
  THEN
    RAISE foreign_key_violation USING MESSAGE = 'a row names no region or no batch';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER child_statement_keys AFTER INSERT ON child_statement REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION child_statement_keys();
"""
COLUMNS = "region_id, period, segment, status, participants, batch_id"
WAYS = {
    "deferred": "the keys declared, deferred (as Django declares them)",
    "statement": "no keys; a statement-level trigger checks the new rows as a set",
    "none": "no keys",
}


def _regions(rows: int) -> list[str]:
    villages = (rows + 7) // 8
    return [
        f"{11 + i // 11200:02d}.{i // 560 % 20 + 1:02d}.{i // 28 % 20 + 1:02d}.{1001 + i % 28}"
        for i in range(villages)
    ]


def _csv(regions: list[str], rows: int) -> bytes:
    lines = [
        f"{code},2024-12,{segment},{status},{(i * 8 + j) % 97},1"
        for i, code in enumerate(regions)
        for j, (segment, status) in enumerate(
            (s, st) for s in ("PU", "BPU", "JAKON", "PMI") for st in ("active", "inactive")
        )
    ]
    return ("\n".join(lines[:rows]) + "\n").encode()


def _prepare(url: str, regions: list[str]) -> None:
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(PARENTS)
        with con.cursor().copy("COPY region (code) FROM STDIN") as copy:
            copy.write("\n".join(regions) + "\n")
        con.execute("INSERT INTO batch VALUES (1)")
        keyed = {"region_key": DEFERRED.format(parent="region"), "batch_key": DEFERRED.format(parent="batch")}
        con.execute(CHILD.format(name="deferred", **keyed))
        con.execute(CHILD.format(name="statement", region_key="", batch_key=""))
        con.execute(CHILD.format(name="none", region_key="", batch_key=""))
        con.execute(STATEMENT_CHECK)
        con.execute("ANALYZE")


def _write(url: str, way: str, data: bytes) -> tuple[float, float]:
    """Seconds of the COPY and of the commit."""
    with psycopg.connect(url) as con:
        con.execute(f"TRUNCATE child_{way}")
        con.commit()
        started = time.perf_counter()
        with con.cursor().copy(f"COPY child_{way} ({COLUMNS}) FROM STDIN (FORMAT csv)") as copy:
            copy.write(data)
        copied = time.perf_counter()
        con.commit()
        return copied - started, time.perf_counter() - copied


def _refuses_an_unknown_region(url: str) -> bool:
    with psycopg.connect(url) as con:
        try:
            con.execute(
                f"INSERT INTO child_statement ({COLUMNS}) VALUES ('99.99', '2024-12', 'PU', 'active', 1, 1)"  # noqa: S608
            )
        except psycopg.errors.ForeignKeyViolation:
            return True
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=716_800)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    with _database(os.environ["CAKUPAN_TEST_POSTGRES_URL"]) as url:
        regions = _regions(args.rows)
        data = _csv(regions, args.rows)
        _prepare(url, regions)
        print(f"{args.rows:,} rows with two keys into a {len(regions):,}-row parent, COPY then commit:")
        print("| the keys | COPY | commit | in all |\n|---|---:|---:|---:|")
        for _ in range(args.repeat):
            for way, label in WAYS.items():
                copy, commit = _write(url, way, data)
                print(f"| {label} | {copy:.2f} s | {commit:.2f} s | {copy + commit:.2f} s |", flush=True)
        print("the statement-level check refuses a row naming no region:", _refuses_an_unknown_region(url))
    return 0


if __name__ == "__main__":
    sys.exit(main())
