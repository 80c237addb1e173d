#!/usr/bin/env bash
# Make a PostgreSQL server available to the test suite.
#
# - JSONTWO_TEST_DB_URL already set: use that server as it is.
# - Otherwise, on a Debian-like machine with PostgreSQL installed: start the
#   local cluster when it is not running and give the current user a
#   superuser role (tests create and drop databases).
# Prints the URL to use; the suite reads it from JSONTWO_TEST_DB_URL or,
# failing that, from .pg-test-url written here.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -n "${JSONTWO_TEST_DB_URL:-}" ]]; then
  echo "PostgreSQL for tests: $JSONTWO_TEST_DB_URL (from JSONTWO_TEST_DB_URL)"
  exit 0
fi

if ! command -v pg_lsclusters >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [[ $(id -u) == 0 ]]; then
    echo "PostgreSQL is not installed: installing it with apt-get..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "PostgreSQL is not installed. Install it, or set JSONTWO_TEST_DB_URL to a server." >&2
    exit 1
  fi
fi

read -r version cluster port status _ < <(pg_lsclusters --no-header | head -n 1)
if [[ "$status" != online* ]]; then
  echo "Starting PostgreSQL $version/$cluster..."
  pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start
fi

me=$(id -un)
run_as_postgres() {
  if [[ $(id -u) == 0 ]]; then su postgres -c "$*"; else sudo -u postgres sh -c "$*"; fi
}
if ! run_as_postgres "psql -p $port -tAc \"SELECT 1 FROM pg_roles WHERE rolname='$me'\"" | grep -q 1; then
  echo "Creating PostgreSQL role $me..."
  run_as_postgres "createuser -p $port --superuser $me"
fi

url="postgresql:///postgres?host=/var/run/postgresql&port=$port"
echo "$url" > .pg-test-url
echo "PostgreSQL for tests: $url"
