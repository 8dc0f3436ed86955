#!/usr/bin/env bash
# Make the PostgreSQL server and Chromium that the full suite needs available, where this machine allows.
# Writes `export` lines to the file named by $1 for the caller to source. Under CI=true anything missing is an
# error, never a skip. (Not printed for an eval of "$(...)": the PostgreSQL server started here would inherit
# that pipe and the caller would wait for it forever.)
set -euo pipefail
env_file="${1:?usage: test-services.sh ENV_FILE}"

ci=false
case "${CI:-}" in 1|true|TRUE|yes) ci=true ;; esac
say() { echo "test-services: $*" >&2; }
fail_or_warn() { if $ci; then say "ERROR: $*"; exit 1; else say "warning: $*"; fi; }
exec 1>&2

apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing $* with apt-get"
    if ! apt-get install -y -qq "$@" >/dev/null 2>&1; then
      apt-get update -qq >/dev/null 2>&1 || true
      apt-get install -y -qq "$@" >/dev/null 2>&1 || return 1
    fi
    return 0
  fi
  return 1
}

# Chromium for the browser tests.
if ! command -v chromium >/dev/null; then
  apt_install chromium || fail_or_warn "chromium is not installed (apt-get install -y chromium); browser tests will be skipped"
fi

# GNU gettext: the test that every marked string is in the Indonesian catalogue runs xgettext.
if ! command -v xgettext >/dev/null; then
  apt_install gettext || fail_or_warn "gettext is not installed; the catalogue coverage test will be skipped"
fi

# PostgreSQL for the second run of the suite.
pg_url="${CAKUPAN_TEST_POSTGRES_URL:-}"
if [ -z "$pg_url" ]; then
  if ! command -v pg_ctlcluster >/dev/null; then
    apt_install postgresql || true
  fi
  if command -v pg_ctlcluster >/dev/null; then
    version=$(pg_lsclusters -h 2>/dev/null | awk 'NR==1 {print $1}')
    cluster=$(pg_lsclusters -h 2>/dev/null | awk 'NR==1 {print $2}')
    if [ -n "$version" ]; then
      if ! pg_lsclusters -h | awk 'NR==1 {print $4}' | grep -q online; then
        # The server keeps whatever descriptors it inherits open: give it none of the caller's pipes.
        start_log=$(mktemp)
        if ! pg_ctlcluster "$version" "$cluster" start </dev/null >"$start_log" 2>&1; then
          cat "$start_log"
          fail_or_warn "could not start PostgreSQL $version/$cluster"
        fi
        rm -f "$start_log"
      fi
      port=$(pg_lsclusters -h | awk 'NR==1 {print $3}')
      if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- psql -q -p "$port" -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || fail_or_warn "could not create the cakupan test role"
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cakupan_test') THEN
    CREATE ROLE cakupan_test LOGIN CREATEDB PASSWORD 'cakupan_test';
  END IF;
END $$;
-- Dropping a test database whose killed client or autovacuum worker is still attached needs this.
GRANT pg_signal_backend TO cakupan_test;
SQL
        pg_url="postgresql://cakupan_test:cakupan_test@127.0.0.1:${port}/cakupan_test"
      else
        fail_or_warn "not root: set CAKUPAN_TEST_POSTGRES_URL to a role with CREATEDB"
      fi
    else
      fail_or_warn "no PostgreSQL cluster found (pg_createcluster 15 main)"
    fi
  else
    fail_or_warn "PostgreSQL is not installed; the PostgreSQL run will be skipped"
  fi
fi
echo "export CAKUPAN_TEST_POSTGRES_URL='${pg_url}'" >"$env_file"
