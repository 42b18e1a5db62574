# shellcheck shell=bash
# The backend a benchmark measures (sourced by bench/scale and bench/catalog-ingest).
#
# BENCH_BACKEND=built (default): the built backend in .meshfleet/production, built
#   first by scripts/build-production when missing or older than the committed
#   sources (scripts/lib/production-backend.sh), started as production starts it
#   (NODE_ENV=production, app-config.yaml + app-config.production.yaml, then the
#   bench's files). Its node process is the one measured.
# BENCH_BACKEND=source: the backend from its TypeScript sources, as `backstage-cli
#   package start` runs it (Backstage's transpiling loader in-process, NODE_ENV=
#   development) but without its file watcher, which would restart it in the middle
#   of a measurement whenever someone edits the tree.
#
# Either way: one replica (it holds the discovery lease), SQLite files in the
# bench's work dir (a database out of the measured process's memory, as
# production's PostgreSQL is; the production install leaves out better-sqlite3, a
# development dependency, which the build, unpacked inside the repository, finds in
# the repository's node_modules), a static token for the bench's requests
# (production has no guest sign-in; the token comes from the environment,
# BENCH_TOKEN, never a command line).
#
# Expects `root` (the repository), `work` (the bench's mode-700 work dir) and `say`;
# scripts/lib/toolchain.sh sourced and ensure_node run.
: "${root:?bench/lib/backend.sh needs root, the repository}"
: "${work:?bench/lib/backend.sh needs work, the work dir}"
# shellcheck source=../../scripts/lib/production-backend.sh
source "$root/scripts/lib/production-backend.sh"

bench_backend="${BENCH_BACKEND:-built}"
case "$bench_backend" in
built | source) ;;
*) say "BENCH_BACKEND must be built or source, got '$bench_backend'"; exit 1 ;;
esac
backend_pid=""
BENCH_TOKEN="$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32)"
export BENCH_TOKEN

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The pid of the process listening on a port.
listener_pid() { ss -ltnpH "sport = :$1" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1; }

# bench_backend_prepare: the build (built mode), and better-sqlite3 reachable from it.
bench_backend_prepare() {
  [[ "$bench_backend" == built ]] || return 0
  ensure_production_build "$MESHFLEET_PRODUCTION_DIR"
  (cd "$MESHFLEET_PRODUCTION_DIR" &&
    node -e 'require.resolve("better-sqlite3", { paths: [require.resolve("knex")] })' 2>/dev/null) || {
    say "better-sqlite3 is not found from $MESHFLEET_PRODUCTION_DIR (run yarn install in the repository)"
    exit 1
  }
}

# The bench's own settings over the backend's: its port, its SQLite folder, its token.
bench_backend_config() { # PORT SQLITE_DIR
  local null_pg=""
  # app-config.production.yaml's PostgreSQL connection and schema division, removed.
  if [[ "$bench_backend" == built ]]; then null_pg='    pluginDivisionMode: null
'; fi
  cat <<EOF
# Written by bench/lib/backend.sh.
app:
  baseUrl: http://127.0.0.1:$1
backend:
  baseUrl: http://127.0.0.1:$1
  listen:
    host: 127.0.0.1
    port: $1
  database:
    client: better-sqlite3
$null_pg    connection:
      host: null
      port: null
      user: null
      password: null
      database: null
      directory: $2
  auth:
    externalAccess:
      - type: static
        options:
          token: \${BENCH_TOKEN}
          subject: meshfleet-bench
EOF
}

# bench_backend_start PORT LOG CONFIG...: starts the backend with these config
# files on PORT, empty SQLite files, and waits until it is ready (10 minutes at most).
bench_backend_start() {
  local port="$1" backend_log="$2"
  shift 2
  if port_taken "$port"; then
    say "port $port is already in use (another benchmark or backend?); stop what listens there first"
    return 1
  fi
  local sqlite="$work/sqlite-$port"
  rm -rf "$sqlite" && mkdir -p "$sqlite"
  bench_backend_config "$port" "$sqlite" >"$work/app-config.backend-$port.yaml"
  if [[ "$bench_backend" == built ]]; then
    (exec_production_backend "$MESHFLEET_PRODUCTION_DIR" "$work/app-config.backend-$port.yaml" "$@") \
      >"$backend_log" 2>&1 &
  else
    local args=(--config "$root/app-config.yaml") c loader
    for c in "$work/app-config.backend-$port.yaml" "$@"; do args+=(--config "$c"); done
    loader="$(cd "$root" && node -p 'require.resolve("@backstage/cli-node/config/nodeTransform.cjs")')"
    # setsid: its own process group, so bench_backend_stop ends it and anything it started.
    (cd "$root/packages/backend" && NODE_ENV=development ESBK_TSCONFIG_PATH="$root/tsconfig.json" \
      exec setsid node --enable-source-maps --require "$loader" src/index "${args[@]}" >"$backend_log" 2>&1) &
  fi
  backend_pid=$!
  wait_production_backend "$backend_pid" "$port" "$backend_log" 600 || return 1
  local pid
  pid="$(listener_pid "$port")"
  if [[ "$pid" != "$backend_pid" ]]; then
    say "the backend answering on $port (pid ${pid:-?}) is not the one this benchmark started ($backend_pid)"
    return 1
  fi
}

# bench_backend_rss PORT: "<VmRSS MiB> <VmHWM MiB> <pid>" of the node process listening on PORT.
bench_backend_rss() {
  local pid
  pid="$(listener_pid "$1")"
  awk -v pid="$pid" '/^VmRSS:/ {r=$2} /^VmHWM:/ {h=$2} END {printf "%d %d %s\n", r/1024, h/1024, pid}' "/proc/$pid/status"
}

bench_backend_stop() {
  [[ -n "$backend_pid" ]] || return 0
  if [[ "$bench_backend" == source ]]; then
    kill -TERM -- "-$backend_pid" 2>/dev/null || true
    sleep 1
  fi
  stop_production_backend "$backend_pid" 30
  if [[ "$bench_backend" == source ]]; then kill -KILL -- "-$backend_pid" 2>/dev/null || true; fi
  backend_pid=""
}

# bench_identity_token SERVER SA LABEL TOKEN_FILE: a service account of the bench's own
# on one of the fleet's API servers (meshfleet-system/SA, bound to cluster-admin like
# `fleet env`'s meshfleet account, labelled bench=LABEL) and a 6-hour token for it in
# TOKEN_FILE (mode 600). Its user name, system:serviceaccount:meshfleet-system:SA,
# tells the bench's requests apart in the audit log from those of other backends that
# read the same server with `fleet env`'s account.
bench_identity_token() {
  local server="$1" sa="$2" label="$3" token_file="$4"
  local kc="$root/.fleet/clusters/$server/admin.kubeconfig"
  KUBECONFIG="$kc" kubectl get namespace meshfleet-system >/dev/null 2>&1 ||
    KUBECONFIG="$kc" kubectl create namespace meshfleet-system >/dev/null
  cat <<YAML | KUBECONFIG="$kc" kubectl apply --server-side --field-manager="bench-$label" -f - >/dev/null
apiVersion: v1
kind: ServiceAccount
metadata: { name: $sa, namespace: meshfleet-system, labels: { bench: $label } }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: $sa, labels: { bench: $label } }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: ServiceAccount, name: $sa, namespace: meshfleet-system }]
YAML
  (umask 077 && KUBECONFIG="$kc" kubectl create token "$sa" -n meshfleet-system --duration=6h >"$token_file")
}

# bench_identity_delete SERVER SA: removes what bench_identity_token created.
bench_identity_delete() {
  local kc="$root/.fleet/clusters/$1/admin.kubeconfig"
  KUBECONFIG="$kc" kubectl delete clusterrolebinding "$2" --ignore-not-found >/dev/null 2>&1 || true
  KUBECONFIG="$kc" kubectl delete serviceaccount "$2" -n meshfleet-system --ignore-not-found >/dev/null 2>&1 || true
}

# bench_env_with_tokens ENV_JSON SERVER=TOKEN_FILE...: `fleet env --format json` with
# the named servers' serviceAccountToken replaced by the token in the file (read by
# jq from the file, never put on a command line).
bench_env_with_tokens() {
  local env_json="$1" pair server file
  shift
  local current
  current="$(cat "$env_json")"
  for pair in "$@"; do
    server="${pair%%=*}" file="${pair#*=}"
    current="$(jq --arg s "$server" --rawfile t "$file" \
      '(.clusters[] | select(.name == $s) | .serviceAccountToken) = ($t | rtrimstr("\n"))' <<<"$current")"
  done
  printf '%s\n' "$current"
}
