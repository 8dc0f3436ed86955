#!/usr/bin/env bash
# The whole suite: lint and types, then the tests on SQLite and on PostgreSQL, the two passes at once.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin

ci=false
case "${CI:-}" in 1|true|TRUE|yes) ci=true ;; esac

echo "== ruff"
$bin/ruff check .
$bin/ruff format --check .
echo "== mypy"
$bin/mypy cakupan tests benchmarks
echo "== import layers (.importlinter)"
$bin/lint-imports

services_env=$(mktemp)
bash scripts/test-services.sh "$services_env"
# shellcheck disable=SC1090
. "$services_env"
rm -f "$services_env"

export CAKUPAN_ENV=test
export CAKUPAN_SECRET_KEY="test-only-secret-key-not-for-production"
export CAKUPAN_TEST_ARTIFACTS="${CAKUPAN_TEST_ARTIFACTS:-$PWD/test-artifacts}"
mkdir -p "$CAKUPAN_TEST_ARTIFACTS"
data_dir=$(mktemp -d)
mkdir -p "$data_dir/sqlite" "$data_dir/postgresql"
postgresql_pid=
trap '[ -n "$postgresql_pid" ] && kill -- "-$postgresql_pid" 2>/dev/null; rm -rf "$data_dir"' EXIT

# Each pass: two xdist workers, a file's tests on one of them (conftest.py: the units, and the order they
# start in; README "How the suite runs"). The PostgreSQL pass leaves out the tests no database can change
# (conftest.py DATABASE_FREE: the Django-free packages cakupan/core and cakupan/analytics), which the SQLite
# pass runs. With both passes, a test marked one_pass runs in its database's pass only (conftest.py): the
# browser tests and the route fuzz on PostgreSQL, schemathesis on SQLite.
pass_args=(-p no:cacheprovider -n 2 --dist loadscope --no-loadscope-reorder --durations=30)

if [ -n "${CAKUPAN_TEST_POSTGRES_URL:-}" ]; then
  # The two passes run at once: each leaves about a quarter of its CPU idle (waiting on servers
  # and browsers), which the other fills. PostgreSQL's output is kept in a file and printed after SQLite's.
  postgresql_log="$CAKUPAN_TEST_ARTIFACTS/tests-on-postgresql.log"
  set -m  # the pass gets a process group of its own, so that the trap can stop it with its workers
  CAKUPAN_DATA_DIR="$data_dir/postgresql" CAKUPAN_DATABASE_URL="$CAKUPAN_TEST_POSTGRES_URL" \
    $bin/pytest "${pass_args[@]}" --both-passes --database-tests-only "$@" > "$postgresql_log" 2>&1 &
  postgresql_pid=$!
  set +m
  echo "== tests on SQLite (the PostgreSQL pass runs beside it; its output follows)"
  sqlite_status=0
  CAKUPAN_DATA_DIR="$data_dir/sqlite" env -u CAKUPAN_DATABASE_URL \
    $bin/pytest "${pass_args[@]}" --both-passes "$@" || sqlite_status=$?
  postgresql_status=0
  wait "$postgresql_pid" || postgresql_status=$?
  postgresql_pid=
  echo "== tests on PostgreSQL"
  cat "$postgresql_log"
  [ "$sqlite_status" -eq 0 ] && [ "$postgresql_status" -eq 0 ] || exit 1
elif $ci; then
  echo "PostgreSQL is required under CI" >&2
  exit 1
else
  echo "== tests on SQLite"
  CAKUPAN_DATA_DIR="$data_dir/sqlite" env -u CAKUPAN_DATABASE_URL $bin/pytest "${pass_args[@]}" "$@"
  echo "== PostgreSQL not available here: the PostgreSQL run was skipped (CI runs it)"
fi
