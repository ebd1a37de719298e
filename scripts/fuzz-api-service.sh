#!/usr/bin/env bash
# The fuzz stage of `make test` (and `make fuzz`): schemathesis against api-service's served
# OpenAPI document, with every check and the document's links (stateful phase), on the packaged
# jar running against a real PostgreSQL on loopback. Fails on any server error (5xx), any answer
# the document does not allow, or when schemathesis cannot finish within the time bound.
#
# Installs what it needs: schemathesis (PyPI, pinned in scripts/fuzz/requirements.txt) in its own
# virtualenv under the per-user cache, PostgreSQL from the zonky binaries the tests use, the jar
# (Maven) when it is missing or older than the sources. Stops exactly the processes it started.
#
#   scripts/fuzz-api-service.sh                     # 50 examples per operation and phase
#   FUZZ_MAX_EXAMPLES=200 FUZZ_SEED=7 scripts/fuzz-api-service.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/lib/versions.sh

MAX_EXAMPLES="${FUZZ_MAX_EXAMPLES:-50}"
# A fixed seed by default, so a failure in CI reproduces here; change it to explore.
SEED="${FUZZ_SEED:-20261202}"
# The hard bound on the schemathesis run; the whole stage took about 2 minutes here.
TIME_LIMIT="${FUZZ_TIME_LIMIT_SECONDS:-600}"
VENV="$MANAGEDAPI_CACHE/fuzz-venv"
REQUIREMENTS="$ROOT/scripts/fuzz/requirements.txt"
OUT="$ROOT/api-service/target/fuzz"
# Not under the per-user cache: as root PostgreSQL runs as nobody, who cannot enter /root.
PG_WORK="$ROOT/api-service/target/zonky-postgres"
source scripts/lib/zonky-postgres.sh

log() { printf 'fuzz: %s\n' "$*" >&2; }

SERVICE_PID=""
PG_DATA=""
cleanup() {
  if [[ -n "$SERVICE_PID" ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill -TERM "$SERVICE_PID" 2>/dev/null || true
    wait "$SERVICE_PID" 2>/dev/null || true
  fi
  stop_postgres_server "$PG_DATA"
}
trap cleanup EXIT

ensure_venv() {
  if [[ -x "$VENV/bin/st" ]] && cmp -s "$REQUIREMENTS" "$VENV/requirements.txt"; then
    return
  fi
  log "installing schemathesis into $VENV"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q -r "$REQUIREMENTS"
  cp "$REQUIREMENTS" "$VENV/requirements.txt"
}

api_jar() {
  find api-service/target -maxdepth 1 -name 'api-service-*.jar' ! -name 'original-*' 2>/dev/null | head -1
}

ensure_jar() {
  local jar
  jar="$(api_jar)"
  if [[ -z "$jar" ]] || [[ -n "$(find api-service/src/main api-service/pom.xml -newer "$jar" -type f | head -1)" ]]; then
    log "building the api-service jar"
    ./mvnw -B -q -pl api-service package -DskipTests -Dspotless.check.skip=true
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_service() {
  local port="$1" pg_port="$2"
  mkdir -p "$OUT/exports"
  DATABASE_URL="jdbc:postgresql://127.0.0.1:$pg_port/postgres" DATABASE_USER=postgres \
    API_PORT="$port" API_HOST=127.0.0.1 EXPORTS_DIR="$OUT/exports" LOG_FORMAT=json \
    RATE_LIMIT_ENABLED=false \
    "$JAVA_HOME/bin/java" -jar "$(api_jar)" >"$OUT/service.log" 2>&1 &
  SERVICE_PID=$!
  for _ in $(seq 1 300); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/health/readiness" 2>/dev/null; then
      return
    fi
    kill -0 "$SERVICE_PID" 2>/dev/null || { log "api-service exited; see $OUT/service.log"; exit 1; }
    sleep 0.1
  done
  log "api-service was not ready within 30 s; see $OUT/service.log"
  exit 1
}

ensure_venv
ensure_jar
ensure_postgres_binaries
rm -rf "$OUT" && mkdir -p "$OUT"
pg_port="$(free_port)"
PG_DATA="$OUT/postgres"
start_postgres_server "$PG_DATA" "$pg_port"
port="$(free_port)"
start_service "$port" "$pg_port"

log "schemathesis: all checks, phases examples,coverage,fuzzing,stateful, $MAX_EXAMPLES examples, seed $SEED"
started=$(date +%s)
status=0
# From $OUT: schemathesis keeps its cache (.schemathesis/) in the working directory.
(cd "$OUT" && timeout --kill-after=10 "$TIME_LIMIT" "$VENV/bin/st" --config-file "$ROOT/scripts/fuzz/schemathesis.toml" run "http://127.0.0.1:$port/openapi/api-service.yml" \
  --checks all \
  --phases examples,coverage,fuzzing,stateful \
  --max-examples "$MAX_EXAMPLES" \
  --seed "$SEED" \
  --workers 1 \
  --request-timeout 10 \
  --suppress-health-check too_slow \
  --report junit,ndjson --report-dir "$OUT") 2>&1 | tee "$OUT/schemathesis.txt" \
  || status=$?
log "schemathesis finished in $(( $(date +%s) - started )) s with exit code $status; reports in $OUT"
if grep -q '"level":"ERROR"' "$OUT/service.log"; then
  log "api-service logged errors during the run:"
  grep '"level":"ERROR"' "$OUT/service.log" | head -5 >&2
  status=1
fi
if [[ $status == 0 ]]; then
  # The plain closing line CI reads: every generated case passed.
  cases=$(sed -n 's/^ *\([0-9][0-9]*\) generated, [0-9]* passed.*/\1/p' "$OUT/schemathesis.txt" | tail -1)
  echo "fuzz: ${cases:-0} passed, 0 failed"
fi
exit "$status"
