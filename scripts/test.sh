#!/usr/bin/env bash
# The whole suite: lint and types, then every test on SQLite and again on PostgreSQL.
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
data_dir=$(mktemp -d)
trap 'rm -rf "$data_dir"' EXIT
export CAKUPAN_DATA_DIR="$data_dir"

# Two workers; a file's tests share one unless it is marked `spread` (conftest.py, README "How the suite
# runs"). The PostgreSQL pass leaves out the tests no database can change (conftest.py DATABASE_FREE: the
# Django-free packages cakupan/core and cakupan/analytics), which the SQLite pass ran.
echo "== tests on SQLite"
env -u CAKUPAN_DATABASE_URL $bin/pytest -p no:cacheprovider -n 2 --dist loadgroup --durations=30 "$@"

if [ -n "${CAKUPAN_TEST_POSTGRES_URL:-}" ]; then
  echo "== tests on PostgreSQL"
  CAKUPAN_DATABASE_URL="$CAKUPAN_TEST_POSTGRES_URL" $bin/pytest -p no:cacheprovider -n 2 --dist loadgroup \
    --durations=30 --database-tests-only "$@"
elif $ci; then
  echo "PostgreSQL is required under CI" >&2
  exit 1
else
  echo "== PostgreSQL not available here: the PostgreSQL run was skipped (CI runs it)"
fi
