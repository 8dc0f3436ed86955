"""The one place that connects to an engine: DuckDB (default; memory limit, spilling to a temporary
directory) or PySpark (local mode by default, or a cluster's master URL)."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from typing import Any, Literal

import ibis
import ibis.expr.types as ir
from ibis.backends import BaseBackend

EngineName = Literal["duckdb", "spark"]
ENGINES: tuple[EngineName, ...] = ("duckdb", "spark")


@dataclass(frozen=True)
class EngineConfig:
    name: EngineName = "duckdb"
    memory_limit: str = "4GB"  # DuckDB: the most it holds in memory before spilling
    temp_directory: str | None = None  # where DuckDB spills and Spark keeps its scratch files
    threads: int | None = None
    spark_master: str = "local[2]"
    spark_conf: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_env(cls, name: EngineName = "duckdb", temp_directory: str | None = None) -> EngineConfig:
        """Settings from CAKUPAN_ENGINE_MEMORY, CAKUPAN_ENGINE_THREADS and CAKUPAN_SPARK_MASTER."""
        threads = os.environ.get("CAKUPAN_ENGINE_THREADS")
        return cls(
            name=name,
            memory_limit=os.environ.get("CAKUPAN_ENGINE_MEMORY", "4GB"),
            temp_directory=temp_directory,
            threads=int(threads) if threads else None,
            spark_master=os.environ.get("CAKUPAN_SPARK_MASTER", "local[2]"),
        )

    def spilling_in(self, scratch: str) -> EngineConfig:
        """This configuration, spilling into the run's scratch folder unless a place is set."""
        if self.temp_directory is not None:
            return self
        return dataclasses.replace(self, temp_directory=os.path.join(scratch, "spill"))


@ibis.udf.scalar.builtin(name="strlen")
def _duckdb_strlen(value: str) -> int:  # type: ignore[empty-body]
    """DuckDB's length in bytes."""


@ibis.udf.scalar.builtin(name="octet_length")
def _spark_octet_length(value: str) -> int:  # type: ignore[empty-body]
    """Spark's length in bytes."""


def byte_length(value: ir.StringValue, engine: EngineName) -> ir.IntegerValue:
    """The length of text in bytes: what the checks of a hash and of NIK-sized text need, and (unlike the
    length in characters) read from the string's header without walking its bytes."""
    return _duckdb_strlen(value) if engine == "duckdb" else _spark_octet_length(value)


_SPARK: dict[str, Any] = {}


def connect(config: EngineConfig) -> BaseBackend:
    if config.name == "duckdb":
        options: dict[str, Any] = {"memory_limit": config.memory_limit, "preserve_insertion_order": False}
        if config.temp_directory:
            options["temp_directory"] = config.temp_directory
        if config.threads:
            options["threads"] = config.threads
        return ibis.duckdb.connect(**options)
    if config.name == "spark":
        return ibis.pyspark.connect(spark_session(config))
    raise ValueError(f"unknown engine {config.name!r}; use one of {', '.join(ENGINES)}")


def joins_as_written(con: BaseBackend, config: EngineConfig) -> None:
    """DuckDB: build each join's hash table on its right side, as the expression is written, instead of
    on the side DuckDB estimates smaller. Its estimate of a filtered union of Parquet files can be far
    below the rows that come out of it: the funded cohort's follow-up (`cohorts.retained`) built its
    table on 1.7 million active people of three months and probed it with 140,000 members (2.1 s of
    its 2.4 s at 1 million people a month, 0.4 s when built on the members). Spark plans its own."""
    if config.name == "duckdb":
        con.raw_sql("SET disabled_optimizers = 'build_side_probe_side'")


def spark_session(config: EngineConfig) -> Any:
    """One session per master URL for the life of the process (a session takes seconds to start)."""
    from pyspark.sql import SparkSession

    session = _SPARK.get(config.spark_master)
    if session is not None:
        return session
    builder = (
        SparkSession.builder.master(config.spark_master)
        .appName("cakupan")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.ansi.enabled", "false")
    )
    if config.spark_master.startswith("local"):
        builder = (
            builder.config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "4")
        )
    if config.temp_directory:
        builder = builder.config("spark.local.dir", config.temp_directory).config(
            "spark.sql.warehouse.dir", os.path.join(config.temp_directory, "warehouse")
        )
    for key, value in config.spark_conf:
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    _SPARK[config.spark_master] = session
    return session


def disconnect(con: BaseBackend, config: EngineConfig) -> None:
    """Close a DuckDB connection; a Spark session stays for the next run of this process."""
    if config.name == "duckdb":
        con.disconnect()
