#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the test suite and print its SQLAlchemy URL.
#
#   export WIJKDATA_TEST_POSTGRES_URL=$(bash scripts/start_test_postgres.sh)
#   export WIJKDATA_REQUIRE_POSTGRES=1     # in CI: fail, do not skip, when the server is missing
#   python -m pytest
#
# Idempotent: a server already answering on the port is reused; a data folder left by an earlier
# run is started again. Needs the Debian `postgresql` package (installed elsewhere). Run as root
# (the server then runs as the `postgres` user) or as any other non-root user.
# Environment: WIJKDATA_TEST_PG_PORT (5433), WIJKDATA_TEST_PG_DIR (/tmp/wijkdata-test-pg).
# Stop it with: pg_ctl -D "$WIJKDATA_TEST_PG_DIR/data" stop (as the same user).
set -euo pipefail

port=${WIJKDATA_TEST_PG_PORT:-5433}
dir=${WIJKDATA_TEST_PG_DIR:-/tmp/wijkdata-test-pg}
url="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] && [ -x "$bin/initdb" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }

if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
  echo "$url"
  exit 0
fi

as_server_user() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi
}

mkdir -p "$dir"
[ "$(id -u)" = 0 ] && chown postgres "$dir"
if [ ! -f "$dir/data/PG_VERSION" ]; then
  as_server_user "'$bin/initdb' -D '$dir/data' -A trust -U postgres --no-sync" >"$dir/initdb.log" 2>&1 \
    || { echo "initdb failed, see $dir/initdb.log" >&2; exit 1; }
fi
as_server_user "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -t 30 \
  -o \"-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off\" start" >/dev/null 2>&1 \
  || { echo "PostgreSQL did not start, see $dir/server.log" >&2; tail -n 5 "$dir/server.log" >&2 || true; exit 1; }
echo "$url"
