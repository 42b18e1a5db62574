# shellcheck shell=bash
# Sourced by scripts/check-production and the benchmarks (bench/lib/backend.sh):
# the built backend (scripts/build-production) started as production starts it,
# waited for and stopped. Expects MESHFLEET_ROOT and `log` (scripts/lib/toolchain.sh).

MESHFLEET_PRODUCTION_DIR="${MESHFLEET_PRODUCTION_DIR:-$MESHFLEET_ROOT/.meshfleet/production}"

# production_build_current [TARGET]: true when TARGET holds a build and no commit
# made after it was unpacked changed what the bundle is built from (sources,
# dependencies, the config files it ships). Tests, test data, browser tests and
# documentation do not count. Uncommitted edits are not looked at: the build takes
# whatever the working tree holds when it runs.
production_build_current() {
  local target="${1:-$MESHFLEET_PRODUCTION_DIR}" built
  [[ -f "$target/packages/backend/dist/index.cjs.js" && -f "$target/app-config.production.yaml" ]] || return 1
  # build-production copies the config files in last (the archives' files carry
  # no time of their own).
  built="$(stat -c %Y "$target/app-config.production.yaml")"
  [[ -z "$(git -C "$MESHFLEET_ROOT" log --since="@$built" --format=%h -- \
    packages plugins package.json yarn.lock app-config.yaml app-config.production.yaml catalog-info.yaml \
    ':(exclude,glob)**/*.test.ts' ':(exclude,glob)**/*.test.tsx' ':(exclude,glob)**/testdata/**' \
    ':(exclude,glob)**/__testUtils__/**' ':(exclude,glob)**/e2e-tests/**' ':(exclude,glob)**/*.md')" ]]
}

# ensure_production_build [TARGET]: builds (scripts/build-production, a few
# minutes) unless production_build_current.
ensure_production_build() {
  local target="${1:-$MESHFLEET_PRODUCTION_DIR}"
  if production_build_current "$target"; then
    log "using the production build in $target (no source change committed since it was built)"
  else
    "$MESHFLEET_ROOT/scripts/build-production" "$target"
  fi
}

# exec_production_backend TARGET CONFIG...: replaces the calling (sub)shell with
# the built backend in TARGET as production runs it (the Dockerfile's command):
# NODE_ENV=production, app-config.yaml, app-config.production.yaml, then each
# CONFIG. Run it in a background subshell, whose pid is then node's; the
# environment passes through (POSTGRES_*, tokens named in the config).
exec_production_backend() {
  local target="$1" config
  shift
  local args=(--config app-config.yaml --config app-config.production.yaml)
  for config in "$@"; do args+=(--config "$config"); done
  cd "$target" || return 1
  exec env NODE_ENV=production NODE_OPTIONS=--no-node-snapshot node packages/backend "${args[@]}"
}

# production_backend_ready PORT: true when readiness answers 200.
production_backend_ready() {
  [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 \
    "http://127.0.0.1:$1/.backstage/health/v1/readiness" 2>/dev/null)" == 200 ]]
}

# wait_production_backend PID PORT LOG [SECONDS]: until readiness answers 200.
# Fails, with the end of LOG, when the process exits or after SECONDS (default 300).
wait_production_backend() {
  local pid="$1" port="$2" backend_log="$3" seconds="${4:-300}" started=$SECONDS
  until production_backend_ready "$port"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "the backend (pid $pid) exited; the end of its log:"
      tail -40 "$backend_log" >&2
      return 1
    fi
    if ((SECONDS - started > seconds)); then
      log "the backend (pid $pid) was not ready after $seconds s; the end of its log:"
      tail -40 "$backend_log" >&2
      return 1
    fi
    sleep 0.5
  done
}

# stop_production_backend PID [SECONDS]: SIGTERM (readiness turns 503 and requests
# drain for serverShutdownDelay), SIGKILL if it still runs after SECONDS (default 30).
stop_production_backend() {
  local pid="$1" seconds="${2:-30}"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 "$seconds"); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}
