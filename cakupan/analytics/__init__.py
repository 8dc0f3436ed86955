"""Participant-level analytics: pure Python (pyarrow, ibis on DuckDB or PySpark). Never imports Django.

`ingest` reads and checks participant files and lists (Parquet, CSV) and pseudonymises raw NIKs in a
streaming pass; `rollup` and `matching` are the computations, written once as ibis expressions;
`engine` connects to DuckDB (default) or PySpark.
"""
