#!/usr/bin/env bash
# Starts a throw-away MariaDB server for the database tests, seeded with
# EspoCRM's tables (testdata/db/*.sql), and prints the environment the tests
# read:
#
#   eval "$(scripts/db/start-mariadb.sh)"
#   go test ./espodb/...
#   scripts/db/stop.sh "$ESPO_OIDC_TEST_MYSQL_DIR"
#
# The server runs from a temporary folder (or $1), listens on a unix socket
# in that folder and on a free loopback port, and is never the system
# service. Needs Debian's mariadb-server package (mariadbd, mariadb-install-db).
#
# Databases: espo (EspoCRM 10.0 tables + fixtures.sql), espo73 (7.3 tables +
# fixtures-7.3.sql) and espo_hostile (unexpected values, fixtures-hostile.sql). Accounts: espo (all privileges on both, as an
# EspoCRM install has) and espo_ro (SELECT only, as docs/database.md
# recommends).
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
seed="$here/testdata/db"

mariadbd=$(command -v mariadbd || echo /usr/sbin/mariadbd)
if [ ! -x "$mariadbd" ] || ! command -v mariadb-install-db >/dev/null; then
  echo "start-mariadb.sh: mariadbd not found; install Debian's mariadb-server package" >&2
  exit 1
fi

dir="${1:-$(mktemp -d "${TMPDIR:-/tmp}/espo-oidc-mariadb.XXXXXX")}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
sock="$dir/mysqld.sock"
user=$(id -un)

mariadb-install-db --no-defaults --datadir="$dir/data" --user="$user" \
  --auth-root-authentication-method=socket --skip-test-db >"$dir/install.log" 2>&1 || {
  echo "start-mariadb.sh: mariadb-install-db failed, see $dir/install.log" >&2
  exit 1
}

# A free loopback port: nothing answers on it now.
port=""
for _ in $(seq 1 50); do
  p=$((20000 + RANDOM % 40000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
done
[ -n "$port" ] || { echo "start-mariadb.sh: no free loopback port" >&2; exit 1; }

# TLS with a throw-away CA, so the tests can check that database.sslCA is
# honoured (verified against 127.0.0.1) and that a wrong CA is refused.
tls=()
if command -v openssl >/dev/null 2>&1; then
  (
    cd "$dir"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=espo-oidc test CA" -keyout ca.key -out ca.pem
    openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout server.key -out server.csr
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >san.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile san.ext -out server.pem
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=some other CA" -keyout other.key -out other-ca.pem
  ) >"$dir/tls.log" 2>&1 && tls=(--ssl-ca="$dir/ca.pem" --ssl-cert="$dir/server.pem" --ssl-key="$dir/server.key")
fi

"$mariadbd" --no-defaults --datadir="$dir/data" --user="$user" --socket="$sock" \
  --port="$port" --bind-address=127.0.0.1 --skip-name-resolve "${tls[@]}" \
  --pid-file="$dir/mysqld.pid" --log-error="$dir/error.log" >/dev/null 2>&1 &
for _ in $(seq 1 150); do
  if mariadb --no-defaults -S "$sock" -uroot -e 'SELECT 1' >/dev/null 2>&1; then break; fi
  sleep 0.2
done
mariadb --no-defaults -S "$sock" -uroot -e 'SELECT 1' >/dev/null 2>&1 || {
  echo "start-mariadb.sh: server did not start, see $dir/error.log" >&2
  exit 1
}

rw_pw='Db-Pass-Canary-3Kv8'
ro_pw='Ro-Pass-Canary-5Hq2'
sqlc() { mariadb --no-defaults -S "$sock" -uroot "$@"; }
sqlc <<SQL
CREATE DATABASE espo CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE espo73 CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE espo_hostile CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER 'espo'@'%' IDENTIFIED BY '$rw_pw';
GRANT ALL PRIVILEGES ON espo.* TO 'espo'@'%';
GRANT ALL PRIVILEGES ON espo73.* TO 'espo'@'%';
CREATE USER 'espo_ro'@'%' IDENTIFIED BY '$ro_pw';
GRANT SELECT ON espo.* TO 'espo_ro'@'%';
GRANT SELECT ON espo73.* TO 'espo_ro'@'%';
GRANT SELECT ON espo_hostile.* TO 'espo_ro'@'%';
SQL
sqlc espo <"$seed/mysql-schema.sql"
{ echo "SET SESSION sql_mode = CONCAT(@@sql_mode, ',ANSI_QUOTES');"; cat "$seed/fixtures.sql"; } | sqlc espo
sqlc espo73 <"$seed/mysql-schema-7.3.sql"
{ echo "SET SESSION sql_mode = CONCAT(@@sql_mode, ',ANSI_QUOTES');"; cat "$seed/fixtures-7.3.sql"; } | sqlc espo73
sqlc espo_hostile <"$seed/mysql-schema.sql"
{ echo "SET SESSION sql_mode = 'ANSI_QUOTES,ALLOW_INVALID_DATES';"; cat "$seed/fixtures-hostile.sql"; } | sqlc espo_hostile

cat <<ENV
export ESPO_OIDC_TEST_MYSQL_DIR='$dir'
export ESPO_OIDC_TEST_MYSQL_SOCKET='$sock'
export ESPO_OIDC_TEST_MYSQL_DSN='mysql://espo_ro:$ro_pw@127.0.0.1:$port/espo'
export ESPO_OIDC_TEST_MYSQL_RW_DSN='mysql://espo:$rw_pw@127.0.0.1:$port/espo'
ENV
if [ ${#tls[@]} -gt 0 ]; then
  echo "export ESPO_OIDC_TEST_MYSQL_CA='$dir/ca.pem'"
  echo "export ESPO_OIDC_TEST_MYSQL_OTHER_CA='$dir/other-ca.pem'"
fi
