# Starting, watching and stopping the processes of the local control plane, by PID only. Source it after
# scripts/lib/cluster-config.sh; do not run it. Expects die() and log() from the caller.
# shellcheck shell=bash

# Whether something listens on a TCP port, on any address: a listener on 0.0.0.0 would also make our bind
# to 127.0.0.1 fail.
port_in_use() {
  [[ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]]
}

# Names the process listening on a port, when ss may show it.
port_owner() {
  ss -Hltnp "sport = :$1" 2>/dev/null | sed -n 's/.*users:((\("[^"]*"\),pid=\([0-9]*\).*/\1 (pid \2)/p' | head -1
}

ensure_ports_free() {
  local port owner busy=()
  for port in $(cluster_ports); do
    port_in_use "$port" || continue
    owner=$(port_owner "$port")
    busy+=("$port${owner:+ (held by $owner)}")
  done
  ((${#busy[@]} == 0)) || die "port(s) already in use on this machine: ${busy[*]}.
  Stop whatever holds them, or choose other ports with MANAGEDAPI_ETCD_PORT, MANAGEDAPI_ETCD_PEER_PORT,
  MANAGEDAPI_APISERVER_PORT, MANAGEDAPI_CONTROLLER_MANAGER_PORT, MANAGEDAPI_SCHEDULER_PORT, MANAGEDAPI_KWOK_PORT."
}

pid_of() {
  local file
  file=$(component_pid_file "$1")
  [[ -s "$file" ]] && cat "$file"
}

# A PID is ours only while its command line still mentions our cluster directory: every component gets
# a path below it as an argument. This guards against PID reuse after a crash or a reboot.
pid_is_ours() {
  local pid=$1
  [[ -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$CLUSTER_DIR/"
}

component_running() {
  local pid
  pid=$(pid_of "$1") && pid_is_ours "$pid"
}

# Starts a component detached from the caller's terminal (its own session, so Ctrl-C in the shell that ran
# `up` later does not reach it) and records its PID. The wrapper writes its own PID and then execs the
# binary, so the recorded PID is the component's even if setsid had to fork. The working directory is the
# cluster directory, or $COMPONENT_WORKDIR.
#   $1 component name, then the command and its arguments
start_component() {
  local name=$1
  shift
  local pid_file log_file workdir=${COMPONENT_WORKDIR:-$CLUSTER_DIR}
  pid_file=$(component_pid_file "$name")
  log_file=$(component_log "$name")
  mkdir -p "$CLUSTER_PID_DIR" "$CLUSTER_LOG_DIR"
  rm -f "$pid_file"
  # fd 9 is closed: it holds the up/down lock, which a long-lived child would otherwise keep forever.
  # shellcheck disable=SC2016 # $$ and $@ belong to the inner shell.
  setsid bash -c 'cd "$1" && echo $$ >"$0" && shift && exec "$@"' "$pid_file" "$workdir" "$@" \
    </dev/null >"$log_file" 2>&1 9<&- &
  local waited=0
  until [[ -s "$pid_file" ]]; do
    ((waited++ < 50)) || die "$name did not start; see $log_file"
    sleep 0.02
  done
  log "Started $name (pid $(cat "$pid_file")), log: $log_file"
}

# Fails with the end of a component's log when its process is gone.
check_alive() {
  local name=$1
  component_running "$name" && return 0
  local log_file
  log_file=$(component_log "$name")
  printf '%s\n' "--- last lines of $log_file ---" >&2
  tail -n 15 "$log_file" >&2 || true
  die "$name exited during startup; full log: $log_file"
}

# Polls a check until it succeeds, for at most $START_TIMEOUT seconds from when `up` began, failing early if
# the component that should answer has died.
#   $1 component (whose log the error points at), $2 what we wait for, then the check command
wait_for() {
  local name=$1 what=$2
  shift 2
  while ! "$@" >/dev/null 2>&1; do
    check_alive "$name"
    if ((SECONDS >= UP_DEADLINE)); then
      die "timed out after ${START_TIMEOUT} s waiting for $what ($name); see $(component_log "$name")"
    fi
    sleep 0.2
  done
}

# Stops one component: SIGTERM, then SIGKILL after $STOP_TIMEOUT seconds. Only a PID recorded by `up` and
# still running our command line is signalled.
stop_component() {
  local name=$1 pid
  pid=$(pid_of "$name") || return 0
  if ! pid_is_ours "$pid"; then
    rm -f "$(component_pid_file "$name")"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + STOP_TIMEOUT))
  while pid_is_ours "$pid" && ((SECONDS < deadline)); do sleep 0.1; done
  if pid_is_ours "$pid"; then
    log "$name (pid $pid) did not stop within ${STOP_TIMEOUT} s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    deadline=$((SECONDS + 5))
    while pid_is_ours "$pid" && ((SECONDS < deadline)); do sleep 0.1; done
    pid_is_ours "$pid" && die "$name (pid $pid) survived SIGKILL"
  fi
  rm -f "$(component_pid_file "$name")"
  log "Stopped $name (pid $pid)"
}

# Stops every recorded component, last started first.
stop_all_components() {
  local i
  for ((i = ${#CLUSTER_COMPONENTS[@]} - 1; i >= 0; i--)); do
    stop_component "${CLUSTER_COMPONENTS[i]}"
  done
}
