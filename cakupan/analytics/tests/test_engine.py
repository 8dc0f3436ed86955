from __future__ import annotations

from pathlib import Path

import pytest

from cakupan.analytics.engine import EngineConfig, connect, disconnect, spark_session


def test_duckdb_gets_its_memory_limit_threads_and_spill_directory(tmp_path: Path) -> None:
    config = EngineConfig(memory_limit="300MB", threads=1, temp_directory=str(tmp_path / "spill"))
    con = connect(config)
    try:
        limit, threads, spill = con.raw_sql(
            "SELECT current_setting('memory_limit'), current_setting('threads'), "
            "current_setting('temp_directory')"
        ).fetchone()
    finally:
        disconnect(con, config)
    assert limit.endswith("MiB") and float(limit.split()[0]) < 300
    assert (int(threads), spill) == (1, str(tmp_path / "spill"))


def test_the_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAKUPAN_ENGINE_MEMORY", "3GB")
    monkeypatch.setenv("CAKUPAN_ENGINE_THREADS", "2")
    monkeypatch.setenv("CAKUPAN_SPARK_MASTER", "spark://cluster:7077")
    config = EngineConfig.from_env("spark", temp_directory="/tmp/x")
    assert (config.name, config.memory_limit, config.threads) == ("spark", "3GB", 2)
    assert (config.spark_master, config.temp_directory) == ("spark://cluster:7077", "/tmp/x")


def test_spark_runs_in_local_mode_by_default(tmp_path: Path) -> None:
    session = spark_session(EngineConfig(name="spark", temp_directory=str(tmp_path)))
    assert session.sparkContext.master.startswith("local")


def test_an_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown engine"):
        connect(EngineConfig(name="polars"))
