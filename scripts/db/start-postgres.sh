#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for the database tests, seeded with
# EspoCRM's tables (testdata/db/*.sql), and prints the environment the tests
# read:
#
#   eval "$(scripts/db/start-postgres.sh)"
#   go test ./espodb/...
#   scripts/db/stop.sh "$ESPO_OIDC_TEST_PG_DIR"
#
# The server runs from a temporary folder (or $1), listens on a unix socket
# in that folder and on a free loopback port, and is never the system
# service. Needs Debian's postgresql package (initdb, pg_ctl under
# /usr/lib/postgresql/<version>/bin). PostgreSQL refuses to run as root, so
# as root the server runs as the user "nobody".
#
# Databases: espo (EspoCRM 10.0 tables + fixtures.sql) and espo82 (8.2 tables
# + fixtures-8.2.sql). Roles: espo (owns both, as an EspoCRM install has) and
# espo_ro (SELECT only, as docs/database.md recommends).
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
seed="$here/testdata/db"

bin="${PG_BIN:-}"
if [ -z "$bin" ]; then
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do bin=$d; break; done
fi
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "start-postgres.sh: initdb not found; install Debian's postgresql package (or set PG_BIN)" >&2
  exit 1
fi

dir="${1:-$(mktemp -d "${TMPDIR:-/tmp}/espo-oidc-postgres.XXXXXX")}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
chmod 755 "$dir"
as=()
if [ "$(id -u)" = 0 ]; then
  as=(runuser -u nobody --)
fi
mkdir -p "$dir/data" "$dir/run"
su_pw='Su-Pass-Canary-8Tn4'
printf '%s\n' "$su_pw" >"$dir/pwfile"
chmod 600 "$dir/pwfile"
if [ "$(id -u)" = 0 ]; then
  chown nobody "$dir/data" "$dir/run" "$dir/pwfile"
fi

# A free loopback port: nothing answers on it now.
port=""
for _ in $(seq 1 50); do
  p=$((20000 + RANDOM % 40000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
done
[ -n "$port" ] || { echo "start-postgres.sh: no free loopback port" >&2; exit 1; }

(cd / && "${as[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=scram-sha-256 \
  --pwfile="$dir/pwfile" -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1) || {
  echo "start-postgres.sh: initdb failed, see $dir/initdb.log" >&2
  exit 1
}
rm -f "$dir/pwfile"
(cd / && "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/run/server.log" -w -t 60 \
  -o "-k $dir/run -p $port -h 127.0.0.1" start >/dev/null) || {
  echo "start-postgres.sh: server did not start, see $dir/run/server.log" >&2
  exit 1
}

rw_pw='Db-Pass-Canary-3Kv8'
ro_pw='Ro-Pass-Canary-5Hq2'
psqlc() { PGPASSWORD="$su_pw" "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir/run" -p "$port" -U postgres "$@"; }
psqlc -d postgres >/dev/null <<SQL
CREATE ROLE espo LOGIN PASSWORD '$rw_pw';
CREATE ROLE espo_ro LOGIN PASSWORD '$ro_pw';
CREATE DATABASE espo OWNER espo ENCODING 'UTF8';
CREATE DATABASE espo82 OWNER espo ENCODING 'UTF8';
SQL
for db in espo espo82; do
  if [ $db = espo ]; then schema=postgres-schema.sql; fixtures=fixtures.sql; else schema=postgres-schema-8.2.sql; fixtures=fixtures-8.2.sql; fi
  PGPASSWORD="$rw_pw" "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir/run" -p "$port" -U espo -d $db \
    -f "$seed/$schema" -f "$seed/$fixtures" >/dev/null
  psqlc -d $db >/dev/null <<SQL
GRANT CONNECT ON DATABASE $db TO espo_ro;
GRANT USAGE ON SCHEMA public TO espo_ro;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO espo_ro;
SQL
done

cat <<ENV
export ESPO_OIDC_TEST_PG_DIR='$dir'
export ESPO_OIDC_TEST_PG_SOCKET_DIR='$dir/run'
export ESPO_OIDC_TEST_PG_DSN='postgres://espo_ro:$ro_pw@127.0.0.1:$port/espo'
export ESPO_OIDC_TEST_PG_RW_DSN='postgres://espo:$rw_pw@127.0.0.1:$port/espo'
ENV
