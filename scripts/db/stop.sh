#!/usr/bin/env bash
# Stops a server started by start-mariadb.sh or start-postgres.sh and removes
# its folder: scripts/db/stop.sh "$ESPO_OIDC_TEST_MYSQL_DIR" "$ESPO_OIDC_TEST_PG_DIR"
set -uo pipefail
for dir in "$@"; do
  [ -n "$dir" ] && [ -d "$dir" ] || continue
  if [ -f "$dir/mysqld.pid" ]; then
    pid=$(cat "$dir/mysqld.pid")
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  if [ -f "$dir/data/postmaster.pid" ]; then
    pid=$(head -1 "$dir/data/postmaster.pid")
    kill -INT "$pid" 2>/dev/null # fast shutdown
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  case "$dir" in
    */espo-oidc-mariadb.*|*/espo-oidc-postgres.*) rm -rf "$dir" ;;
  esac
done
