# The demo's operator process: the operator jar run on this machine with the identity and the
# settings of the chart's Deployment, because on the local cluster kwok only simulates that
# Deployment's pods. Sourced by scripts/demo.sh, which defines DEMO_STATE, KUBECTL, log and die.
# shellcheck shell=bash

OPERATOR_DIR="$DEMO_STATE/operator"
OPERATOR_JAR="$OPERATOR_DIR/managedapi-operator.jar"
OPERATOR_PID_FILE="$DEMO_STATE/operator.pid"
OPERATOR_LOG="$DEMO_STATE/operator.log"
OPERATOR_KUBECONFIG="$DEMO_STATE/operator.kubeconfig"
OPERATOR_STOP_TIMEOUT="${MANAGEDAPI_DEMO_STOP_TIMEOUT:-10}"

# The recorded PID, only while its command line still runs our copy of the jar: a reused PID is
# never signalled.
operator_pid() {
  local pid
  [[ -f "$OPERATOR_PID_FILE" ]] || return 1
  pid=$(<"$OPERATOR_PID_FILE")
  [[ -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$OPERATOR_JAR"
  echo "$pid"
}

# SIGTERM, as the kubelet would send; SIGKILL when it has not exited in time.
stop_operator() {
  local pid waited=0
  if ! pid=$(operator_pid); then
    rm -f "$OPERATOR_PID_FILE"
    return 0
  fi
  log "Stopping the operator (PID $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && ((waited < OPERATOR_STOP_TIMEOUT * 2)); do
    sleep 0.5
    waited=$((waited + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "The operator did not exit within ${OPERATOR_STOP_TIMEOUT}s of SIGTERM; sending SIGKILL to PID $pid"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$OPERATOR_PID_FILE"
}

# Our own copy of the jar and its lib/, so a rebuild in operator/target never changes the classes
# under a running process.
install_operator_jar() {
  rm -rf "$OPERATOR_DIR"
  mkdir -p "$OPERATOR_DIR"
  cp operator/target/managedapi-operator.jar "$OPERATOR_JAR"
  cp -r operator/target/lib "$OPERATOR_DIR/lib"
}

# A kubeconfig holding a token of the chart's ServiceAccount: the operator gets exactly the RBAC
# the chart grants, as its pods would.
write_operator_kubeconfig() { # namespace serviceaccount
  local namespace=$1 account=$2 admin_kubeconfig=$KUBECONFIG token server ca
  token=$("$KUBECTL" create token "$account" -n "$namespace" --duration=24h)
  server=$("$KUBECTL" config view --raw --minify -o jsonpath='{.clusters[0].cluster.server}')
  ca="$DEMO_STATE/cluster-ca.crt"
  "$KUBECTL" config view --raw --minify -o jsonpath='{.clusters[0].cluster.certificate-authority-data}' | base64 -d >"$ca"
  rm -f "$OPERATOR_KUBECONFIG"
  (
    export KUBECONFIG="$OPERATOR_KUBECONFIG"
    "$KUBECTL" config set-cluster local --server="$server" --certificate-authority="$ca" --embed-certs=true >/dev/null
    "$KUBECTL" config set-credentials "$account" --token="$token" >/dev/null
    "$KUBECTL" config set-context "$account" --cluster=local --user="$account" --namespace="$namespace" >/dev/null
    "$KUBECTL" config use-context "$account" >/dev/null
  )
  chmod 600 "$OPERATOR_KUBECONFIG"
  KUBECONFIG=$admin_kubeconfig
}

# The operator container's literal env values from the Deployment, as NAME=value lines.
deployment_env() { # namespace deployment
  "$KUBECTL" get deployment "$2" -n "$1" \
    -o jsonpath='{range .spec.template.spec.containers[0].env[?(@.value)]}{.name}={.value}{"\n"}{end}'
}

start_operator() { # namespace deployment port
  local namespace=$1 deployment=$2 port=$3 account pid
  account=$("$KUBECTL" get deployment "$deployment" -n "$namespace" -o jsonpath='{.spec.template.spec.serviceAccountName}')
  write_operator_kubeconfig "$namespace" "$account"
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port on 127.0.0.1 is taken; choose another with MANAGEDAPI_DEMO_PORT=<port>"
  fi
  local -a env=()
  mapfile -t env < <(deployment_env "$namespace" "$deployment")
  # What the kubelet fills in from the downward API; the HTTP server on loopback only.
  env+=("OPERATOR_NAMESPACE=$namespace" "POD_NAME=local-$HOSTNAME" "HTTP_HOST=127.0.0.1" "HTTP_PORT=$port"
    "KUBECONFIG=$OPERATOR_KUBECONFIG")
  : >"$OPERATOR_LOG"
  # Its own session, so a Ctrl-C in this terminal later does not reach it; `down` stops it by PID.
  env -i PATH="$PATH" HOME="$HOME" "${env[@]}" \
    setsid "$JAVA_HOME/bin/java" -jar "$OPERATOR_JAR" >>"$OPERATOR_LOG" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$OPERATOR_PID_FILE"
  local deadline=$((SECONDS + 60))
  until curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$OPERATOR_LOG" >&2
      die "the operator exited during startup; its log is above and in $OPERATOR_LOG"
    fi
    ((SECONDS < deadline)) || die "the operator was not ready within 60s (log: $OPERATOR_LOG)"
    sleep 0.5
  done
  printf '%s\n' "${env[@]}" | grep -v '^KUBECONFIG=' >"$DEMO_STATE/operator.env"
}
