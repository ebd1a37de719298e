#!/usr/bin/env bash
# Benchmarks api-service against the guides' own stack (FastAPI on uvicorn) in one run, side by
# side, on loopback: requests/s and p50/p99 latency for three endpoints, time from start to ready,
# and RSS under load. Both services use the same PostgreSQL (one database each). The physical
# anchor: the database's own limit, the same INSERT and SELECT by id run by pgbench with the same
# number of connections, so the table shows api-service as a fraction of what PostgreSQL can do.
#
# Installs what it needs itself: wrk and pgbench (Debian), a venv with FastAPI/uvicorn/asyncpg
# (PyPI), the api-service jar (Maven), PostgreSQL binaries (the zonky artifact the tests already
# use).
# Stops exactly the processes it started. Every load run is bounded (wrk -d).
#
#   bench/api-service/run.sh                 # 10 s per measurement, 64 connections
#   BENCH_DURATION=30s bench/api-service/run.sh
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DURATION="${BENCH_DURATION:-10s}"
WARMUP="${BENCH_WARMUP:-10s}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
THREADS="${BENCH_THREADS:-2}"
JAVA_PORT="${BENCH_JAVA_PORT:-18181}"
PY_PORT="${BENCH_PY_PORT:-18182}"
PG_PORT="${BENCH_PG_PORT:-18183}"
CORES="$(nproc)"
POM="$ROOT/api-service/pom.xml"
# Exactly the image's JVM flags and environment, read from the Jib configuration in the pom, with
# MaxRAM standing in for the 256 MiB container limit docs/api-service.md recommends (the benchmark
# runs on the host). The class cache goes to this run's own file instead of /tmp/api-service.jsa.
# BENCH_JVM_FLAGS replaces the flags for experiments.
image_jvm_flags() {
  echo "-XX:MaxRAM=256m"
  sed -n 's:.*<jvmFlag>\(.*\)</jvmFlag>.*:\1:p' "$POM" | grep -v -e '^-XX:+AutoCreateSharedArchive$' -e '^-XX:SharedArchiveFile='
}
image_environment() { # NAME=value per line, from <environment>; the bench sets EXPORTS_DIR itself
  sed -n '/<environment>/,/<\/environment>/ s:.*<\([A-Z_][A-Z0-9_]*\)>\(.*\)</\1>.*:\1=\2:p' "$POM" | grep -v '^EXPORTS_DIR='
}
read -r -a JVM_FLAGS <<<"${BENCH_JVM_FLAGS:-$(image_jvm_flags | tr '\n' ' ')}"
mapfile -t IMAGE_ENV < <(image_environment)

# JAVA_HOME if set, else the newest JDK under /usr/lib/jvm, else java on PATH.
pick_java() {
  if [[ -n "${JAVA_HOME:-}" ]]; then echo "$JAVA_HOME/bin/java"; return; fi
  local newest
  newest=$(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -V -t- -k2 | tail -1 || true)
  echo "${newest:-java}"
}
JAVA="$(pick_java)"
JAVA_MAJOR="$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')"
(( JAVA_MAJOR >= 21 )) || { echo "bench: api-service needs Java 21+, found $JAVA_MAJOR ($JAVA)" >&2; exit 1; }

WORK="$HERE/.pg"
PG_WORK="$WORK"
source "$ROOT/scripts/lib/zonky-postgres.sh"
RESULTS="$ROOT/bench/results"
mkdir -p "$RESULTS"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
STARTED_PIDS=()
PG_DATA=""

log() { printf '%s\n' "bench: $*" >&2; }

cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]:-}"; do
    [[ -n "$pid" ]] || continue
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  stop_postgres_server "$PG_DATA"
  rm -f "$WORK/api-service-$STAMP.jsa"
}
trap cleanup EXIT

ensure_wrk() {
  if ! command -v wrk >/dev/null; then
    log "installing wrk"
    apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null
  fi
}

# Debian's pgbench (postgresql-client) is a client only; it talks to the zonky server over TCP.
ensure_pgbench() {
  PGBENCH="$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -1 || true)"
  if [[ -z "$PGBENCH" ]]; then
    log "installing pgbench"
    apt-get update -qq >/dev/null && apt-get install -y -qq postgresql-client >/dev/null
    PGBENCH="$(ls /usr/lib/postgresql/*/bin/pgbench | sort -V | tail -1)"
  fi
}

# The database's own throughput for one statement file: prepared statements (as JDBC sends them),
# the same connections and threads as wrk, on api-service's database after its load ran. Sets TPS.
measure_postgres() {
  local script="$1" out
  out=$("$PGBENCH" -h 127.0.0.1 -p "$PG_PORT" -U postgres -n -M prepared -c "$CONNECTIONS" -j "$THREADS" \
    -T "$(( ${DURATION%s} ))" -D id="$2" -f "$script" bench_java 2>&1)
  printf '%s\n' "$out" >>"$RESULTS/pgbench-$STAMP.txt"
  TPS=$(awk '/^tps = / {printf "%.0f", $3}' <<<"$out")
}

ensure_venv() {
  if [[ ! -x "$HERE/.venv/bin/uvicorn" ]] || ! cmp -s "$HERE/requirements.txt" "$HERE/.venv/requirements.txt"; then
    log "creating the FastAPI venv"
    python3 -m venv "$HERE/.venv"
    "$HERE/.venv/bin/pip" install -q --upgrade pip >/dev/null
    "$HERE/.venv/bin/pip" install -q -r "$HERE/requirements.txt"
    cp "$HERE/requirements.txt" "$HERE/.venv/requirements.txt"
  fi
}

api_jar() {
  find "$ROOT/api-service/target" -maxdepth 1 -name 'api-service-*.jar' ! -name 'original-*' 2>/dev/null | head -1
}

ensure_jar() {
  if [[ -z "$(api_jar)" ]]; then
    log "building the api-service jar"
    (cd "$ROOT" && ./mvnw -B -q -pl api-service package -DskipTests -Dspotless.check.skip=true)
  fi
}

start_postgres() {
  PG_DATA="$WORK/data-$STAMP"
  start_postgres_server "$PG_DATA" "$PG_PORT"
  "$HERE/.venv/bin/python" - "$PG_PORT" <<'PY'
import asyncio, sys
import asyncpg
async def main(port):
    c = await asyncpg.connect(host="127.0.0.1", port=port, user="postgres", database="postgres")
    for name in ("bench_java", "bench_fastapi"):
        await c.execute(f"CREATE DATABASE {name}")
    await c.close()
asyncio.run(main(int(sys.argv[1])))
PY
}

now_ms() { date +%s%3N; }

# Polls readiness every 10 ms; prints the milliseconds from $2 (start time) to the first 200.
await_ready() {
  local port="$1" started="$2" pid="$3"
  for _ in $(seq 1 6000); do
    if curl -fs -o /dev/null "http://127.0.0.1:$port/health/readiness"; then
      echo $(( $(now_ms) - started ))
      return
    fi
    kill -0 "$pid" 2>/dev/null || { log "process $pid died while starting"; exit 1; }
    sleep 0.01
  done
  log "port $port never became ready"; exit 1
}

# exec: the caller backgrounds this function, and $! must be the JVM itself, not a subshell.
java_env() {
  exec env "${IMAGE_ENV[@]}" DATABASE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/bench_java" DATABASE_USER=postgres \
    DATABASE_PASSWORD= API_PORT="$JAVA_PORT" API_HOST=127.0.0.1 \
    EXPORTS_DIR="$WORK/exports" RATE_LIMIT_ENABLED=false "$@"
}

# The image's class cache: -XX:+AutoCreateSharedArchive writes it when a JVM exits and uses it on
# the next start, as a restarted container does with the file in its /tmp emptyDir. A training
# run (its start is the cold figure) writes it; the measured run starts from it.
cache_flags() {
  echo "-XX:+AutoCreateSharedArchive"
  echo "-XX:SharedArchiveFile=$1"
}

train_java() {
  local jar="$1" cache="$2" started pid
  started=$(now_ms)
  java_env "$JAVA" "${JVM_FLAGS[@]}" $(cache_flags "$cache") -jar "$jar" \
    >"$RESULTS/api-service-training-$STAMP.log" 2>&1 &
  pid=$!; STARTED_PIDS+=("$pid")
  JAVA_COLD_MS=$(await_ready "$JAVA_PORT" "$started" "$pid")
  wrk -t1 -c8 -d3s -s "$HERE/post.lua" "http://127.0.0.1:$JAVA_PORT/api/inputs" >/dev/null
  kill -TERM "$pid"; wait "$pid" || true
}

start_java() {
  local jar="$1" cache="$2" started
  started=$(now_ms)
  java_env "$JAVA" "${JVM_FLAGS[@]}" $(cache_flags "$cache") -jar "$jar" \
    >"$RESULTS/api-service-$STAMP.log" 2>&1 &
  JAVA_PID=$!; STARTED_PIDS+=("$JAVA_PID")
  JAVA_READY_MS=$(await_ready "$JAVA_PORT" "$started" "$JAVA_PID")
}

start_fastapi() {
  local started
  started=$(now_ms)
  DATABASE_URL="postgresql://postgres@127.0.0.1:$PG_PORT/bench_fastapi" \
    exec "$HERE/.venv/bin/uvicorn" app:app --app-dir "$HERE/fastapi_app" --host 127.0.0.1 \
    --port "$PY_PORT" --workers "$CORES" --loop uvloop --http httptools \
    >"$RESULTS/fastapi-$STAMP.log" 2>&1 &
  PY_PID=$!; STARTED_PIDS+=("$PY_PID")
  PY_READY_MS=$(await_ready "$PY_PORT" "$started" "$PY_PID")
}

# Resident memory of a process and its children, in MiB.
rss_mib() {
  local total=0 pid
  for pid in "$1" $(pgrep -P "$1" || true); do
    total=$(( total + $(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0) ))
  done
  echo $(( total / 1024 ))
}

seed_id() {
  curl -fs -X POST -H 'Content-Type: application/json' \
    -d '{"source":"seed","payload":{"temperature":21.5,"tags":["a","b"],"ok":true}}' \
    "http://127.0.0.1:$1/api/inputs" | sed -E 's/.*"id":"([^"]+)".*/\1/'
}

to_ms() { # wrk latency like 812.00us / 1.23ms / 1.02s -> milliseconds
  awk -v v="$1" 'BEGIN { n=v+0; if (v ~ /us$/) n/=1000; else if (v ~ /ms$/) n=n; else if (v ~ /s$/) n*=1000; printf "%.2f", n }'
}

# Runs wrk against one URL; sets RPS, P50, P99, ERRORS; samples RSS of $3 into PEAK_RSS.
measure() {
  local url="$1" script="$2" pid="$3" out sampler
  local args=(-t"$THREADS" -c"$CONNECTIONS" --latency)
  [[ -n "$script" ]] && args+=(-s "$script")
  wrk "${args[@]}" -d"$WARMUP" "$url" >/dev/null
  PEAK_RSS=0
  ( while true; do rss_mib "$pid"; sleep 0.5; done ) >"$WORK/rss-samples" &
  sampler=$!
  out=$(wrk "${args[@]}" -d"$DURATION" "$url")
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
  PEAK_RSS=$(sort -n "$WORK/rss-samples" | tail -1)
  RPS=$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out")
  P50=$(to_ms "$(awk '$1=="50%" {print $2}' <<<"$out")")
  P99=$(to_ms "$(awk '$1=="99%" {print $2}' <<<"$out")")
  ERRORS=$(awk '/Non-2xx/ {print $NF}' <<<"$out"); ERRORS=${ERRORS:-0}
  printf '%s\n' "$out" >>"$RESULTS/wrk-$STAMP.txt"
}

main() {
  LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
  ensure_wrk
  ensure_pgbench
  ensure_venv
  ensure_jar
  ensure_postgres_binaries
  start_postgres
  local jar cache="$WORK/api-service-$STAMP.jsa"
  jar="$(api_jar)"
  log "jar: $jar; java $JAVA_MAJOR ($JAVA); $CORES cores; $CONNECTIONS connections; $DURATION per run after $WARMUP warm-up"

  train_java "$jar" "$cache"
  start_java "$jar" "$cache"
  start_fastapi
  local java_id py_id
  java_id=$(seed_id "$JAVA_PORT"); py_id=$(seed_id "$PY_PORT")

  local table="" endpoint path script java_rss=0 py_rss=0
  for endpoint in "GET /health/readiness" "GET /api/inputs/{id}" "POST /api/inputs"; do
    case "$endpoint" in
      "GET /health/readiness") path="/health/readiness"; script="" ;;
      "GET /api/inputs/{id}") path="/api/inputs/ID"; script="" ;;
      "POST /api/inputs") path="/api/inputs"; script="$HERE/post.lua" ;;
    esac
    measure "http://127.0.0.1:$JAVA_PORT${path/ID/$java_id}" "$script" "$JAVA_PID"
    local j_rps=$RPS j_p50=$P50 j_p99=$P99 j_err=$ERRORS
    (( PEAK_RSS > java_rss )) && java_rss=$PEAK_RSS
    measure "http://127.0.0.1:$PY_PORT${path/ID/$py_id}" "$script" "$PY_PID"
    local p_rps=$RPS p_p50=$P50 p_p99=$P99 p_err=$ERRORS
    (( PEAK_RSS > py_rss )) && py_rss=$PEAK_RSS
    local pg_tps=0
    case "$endpoint" in
      "GET /api/inputs/{id}") measure_postgres "$HERE/pgbench/select.sql" "$java_id"; pg_tps=$TPS ;;
      "POST /api/inputs") measure_postgres "$HERE/pgbench/insert.sql" "$java_id"; pg_tps=$TPS ;;
    esac
    table+=$(awk -v e="$endpoint" -v jr="$j_rps" -v j5="$j_p50" -v j9="$j_p99" -v je="$j_err" \
      -v pr="$p_rps" -v p5="$p_p50" -v p9="$p_p99" -v pe="$p_err" -v pg="$pg_tps" 'BEGIN {
        anchor = pg > 0 ? sprintf("%d | %.0f%%", pg, 100 * jr / pg) : "- | -"
        printf "| %s | %d | %.2f | %.2f | %d | %d | %.2f | %.2f | %d | %.2fx | %.2fx | %s |\n",
          e, jr, j5, j9, je, pr, p5, p9, pe, jr/pr, p9/j9, anchor }')$'\n'
  done

  local load
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  {
    echo "## api-service vs FastAPI ($STAMP, $CORES cores, wrk -t$THREADS -c$CONNECTIONS -d$DURATION)"
    echo
    echo "JVM flags: ${JVM_FLAGS[*]} plus the class cache flags; environment: ${IMAGE_ENV[*]}."
    echo "Load average at the start: $LOAD_AT_START; at the end: $load (the benchmark itself loads"
    echo "the $CORES cores; a start above ~1.5 means other work shared them)."
    echo
    echo "| endpoint | api-service req/s | p50 ms | p99 ms | non-2xx | FastAPI req/s | p50 ms | p99 ms | non-2xx | throughput ratio | p99 ratio (FastAPI/api-service) | PostgreSQL alone (pgbench) tx/s | api-service / PostgreSQL |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    printf '%s' "$table"
    echo
    echo "| | api-service | FastAPI ($CORES workers) |"
    echo "|---|---|---|"
    echo "| start to ready, ms | $JAVA_READY_MS (class cache), $JAVA_COLD_MS (cold) | $PY_READY_MS |"
    echo "| peak RSS under load, MiB | $java_rss | $py_rss (all processes) |"
  } | tee "$RESULTS/api-service-vs-fastapi-$STAMP.md"
}

main "$@"
