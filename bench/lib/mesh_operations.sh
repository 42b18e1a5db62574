# shellcheck shell=bash
# The backend a lifecycle benchmark drives, and its operations API (sourced by
# bench/upgrade). As bench/onboard runs it: packages/backend from its sources,
# as `backstage-cli package start` runs it but without its file watcher (which
# would restart it mid-measurement whenever someone edits the tree), in a process
# group of its own, signed in as the guest user as the portal's sign-in does (the
# local policy lets the guest start every operation). Operations go through
# POST /operations and GET /operations/{id}, as the portal and the scaffolder
# actions use them.
#
# Expects `root` (the repository), `work` (the bench's work dir), `port` and `say`;
# scripts/lib/toolchain.sh sourced and ensure_node run.
: "${root:?bench/lib/mesh_operations.sh needs root, the repository}"
: "${work:?bench/lib/mesh_operations.sh needs work, the work dir}"
: "${port:?bench/lib/mesh_operations.sh needs port, the port of the backend}"

backend_pid=""
token=""
# The last operation's final answer (GET /operations/{id}), for its steps' times.
last_operation=""
# The operation being waited for, so that a cleanup after an interruption waits for
# its end first (the engine runs one operation per mesh at a time).
running_operation=""

# mesh_backend_start CONFIG LOG: starts the backend with app-config.yaml and CONFIG,
# waits until it is ready and takes the guest's token.
mesh_backend_start() {
  local config="$1" log="$2" loader
  loader="$(cd "$root" && node -p 'require.resolve("@backstage/cli-node/config/nodeTransform.cjs", { paths: [require("path").dirname(require.resolve("@backstage/cli/package.json"))] })')"
  (cd "$root/packages/backend" && NODE_ENV=development ESBK_TSCONFIG_PATH="$root/tsconfig.json" \
    exec setsid node --enable-source-maps --require "$loader" src/index \
    --config "$root/app-config.yaml" --config "$config" >"$log" 2>&1) &
  backend_pid=$!
  until curl -fsS -o /dev/null "http://127.0.0.1:$port/.backstage/health/v1/readiness" 2>/dev/null; do
    kill -0 "$backend_pid" 2>/dev/null || { say "the backend exited:"; tail -30 "$log" >&2; return 1; }
    sleep 0.5
  done
  token="$(curl -fsS "http://127.0.0.1:$port/api/auth/guest/refresh" -H 'X-Requested-With: XMLHttpRequest' |
    jq -r .backstageIdentity.token)"
}

mesh_backend_stop() {
  [[ -n "$backend_pid" ]] || return 0
  kill -TERM -- "-$backend_pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$backend_pid" 2>/dev/null || break; sleep 0.5; done
  kill -KILL -- "-$backend_pid" 2>/dev/null || true
  backend_pid=""
  token=""
}

# mesh_api METHOD PATH [JSON]: the answer's body; fails on an HTTP error, printing its message.
mesh_api() {
  local out status body=()
  [[ -z "${3:-}" ]] || body=(-H 'Content-Type: application/json' --data "$3")
  out="$(curl -sS -X "$1" "http://127.0.0.1:$port/api/mesh$2" -H "Authorization: Bearer $token" "${body[@]}" -w '\n%{http_code}')" ||
    return 1
  status="${out##*$'\n'}"
  out="${out%$'\n'*}"
  if [[ "$status" != 2* ]]; then
    say "$1 $2: HTTP $status: $(jq -r '.error.message // .' <<<"$out" 2>/dev/null || printf '%s' "$out")"
    return 1
  fi
  printf '%s\n' "$out"
}

# operation_start JSON: starts an operation; prints its id.
operation_start() {
  local answer
  answer="$(mesh_api POST /operations "$1")" || return 1
  jq -r .id <<<"$answer"
}

# operation_wait ID [MAX_SECONDS]: polls until the operation ended (30 minutes
# at most by default); fails unless it succeeded. Explicit returns: callers with
# `||` (a cleanup) turn set -e off in here.
operation_wait() {
  local id="$1" max="${2:-1800}" answer status
  running_operation="$id"
  for _ in $(seq 1 $((max * 2))); do
    answer="$(mesh_api GET "/operations/$id")" || return 1
    status="$(jq -r .status <<<"$answer")"
    case "$status" in
      succeeded) last_operation="$answer" running_operation=""; return 0 ;;
      failed)
        # shellcheck disable=SC2034 # running_operation is read by the sourcing bench
        last_operation="$answer" running_operation=""
        say "operation $id ($(jq -r .kind <<<"$answer")) failed: $(jq -c .error <<<"$answer")"
        return 1
        ;;
    esac
    sleep 0.5
  done
  say "operation $id still $status after $max s"
  return 1
}

# run_operation JSON: starts the operation and waits until it ended; fails unless it succeeded.
run_operation() {
  local id
  id="$(operation_start "$1")" || return 1
  operation_wait "$id"
}

# operation_step_times: "<step>=<seconds> ..." of the last operation, from its steps' own times.
operation_step_times() {
  jq -r 'def t: (sub("\\.[0-9]+Z$"; "Z") | fromdateiso8601) + ((capture("\\.(?<f>[0-9]+)Z$").f // "0") | "0.\(.)" | tonumber);
    [.steps[] | select(.startedAt and .finishedAt) | "\(.id)=\((.finishedAt | t) - (.startedAt | t) | . * 10 | round / 10)"]
    | join(" ")' <<<"$last_operation"
}
