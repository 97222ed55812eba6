#!/usr/bin/env bash
# Start a throw-away PostgreSQL server in a temporary directory, run a command with
# TEST_DATABASE_URL pointing at it, then stop the server and remove the directory.
# Usage: scripts/pg-temp.sh COMMAND [ARGS...]
set -euo pipefail

find_pg_bin() {
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
    return
  fi
  local dir
  for dir in /usr/lib/postgresql/*/bin /usr/local/pgsql/bin; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return; fi
  done
  return 1
}

if ! PG_BIN=$(find_pg_bin); then
  echo "pg-temp: no PostgreSQL server found (initdb/pg_ctl not on PATH nor in /usr/lib/postgresql/*/bin)." >&2
  echo "pg-temp: install it, e.g. 'apt-get install postgresql', and run again. The PostgreSQL lane FAILS." >&2
  exit 3
fi

DIR=$(mktemp -d /tmp/thidua-pg.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# PostgreSQL refuses to run as root: run it as an unprivileged user when we are root.
AS=()
if [ "$(id -u)" = 0 ]; then
  PG_USER=${PG_TEMP_USER:-nobody}
  chown "$PG_USER" "$DIR"
  AS=(runuser -u "$PG_USER" --)
fi

cleanup() {
  "${AS[@]}" "$PG_BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT

"${AS[@]}" "$PG_BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
  || { cat "$DIR/initdb.log" >&2; exit 1; }
"${AS[@]}" "$PG_BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
  -o "-h 127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null || { cat "$DIR/server.log" >&2; exit 1; }

export TEST_DATABASE_URL="postgresql+asyncpg://postgres@127.0.0.1:$PORT/postgres"
echo "pg-temp: PostgreSQL $("$PG_BIN/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$PORT" >&2
"$@"
