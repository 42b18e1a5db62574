# shellcheck shell=bash
# Sourced by scripts/test: the real services the tests need, installed from
# Debian's packages when missing and started idempotently.

# shellcheck source=apt.sh
source "$MESHFLEET_ROOT/scripts/lib/apt.sh"

# Debian's Chromium, for the browser tests (Playwright drives it; no browser download).
ensure_chromium() {
  [[ -x /usr/bin/chromium ]] || apt_install chromium
  export MESHFLEET_CHROMIUM=/usr/bin/chromium
}

MESHFLEET_PG_PORT="${MESHFLEET_PG_PORT:-54329}"
MESHFLEET_PG_CLUSTER="${MESHFLEET_PG_CLUSTER:-meshfleet}"
# The superuser's password: generated once, kept where only this user can read it.
MESHFLEET_PG_PASSWORD_FILE="${MESHFLEET_PG_PASSWORD_FILE:-$MESHFLEET_ROOT/.meshfleet/postgres/password}"

# A PostgreSQL cluster of our own (Debian's postgresql, port 54329), so the tests
# never touch a PostgreSQL the machine may already run. It listens on 127.0.0.1
# only, and its superuser has a generated password (a well-known one would let any
# local user in). Exports the connection string that @backstage/backend-test-utils'
# TestDatabases reads.
ensure_postgres() {
  command -v pg_createcluster >/dev/null || apt_install postgresql
  local version password
  version="$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -n | tail -1)"
  if ! pg_lsclusters --no-header | awk '{print $2}' | grep -qx "$MESHFLEET_PG_CLUSTER"; then
    log "creating PostgreSQL $version cluster '$MESHFLEET_PG_CLUSTER' on 127.0.0.1:$MESHFLEET_PG_PORT"
    pg_createcluster --port "$MESHFLEET_PG_PORT" "$version" "$MESHFLEET_PG_CLUSTER" -- --auth-local=peer --auth-host=scram-sha-256 >&2
  fi
  postgres_loopback_only "$version"
  if ! pg_lsclusters --no-header | awk -v c="$MESHFLEET_PG_CLUSTER" '$2==c {print $4}' | grep -qx online; then
    pg_ctlcluster "$version" "$MESHFLEET_PG_CLUSTER" start >&2
  fi
  password="$(postgres_password)"
  # Through stdin, not -c: a command line is visible to every local user in ps.
  printf "ALTER USER postgres PASSWORD '%s';\n" "$password" |
    runuser -u postgres -- psql -q -X -v ON_ERROR_STOP=1 -p "$MESHFLEET_PG_PORT" >&2
  export MESHFLEET_TEST_POSTGRES_URL="postgresql://postgres:$password@127.0.0.1:$MESHFLEET_PG_PORT"
  export MESHFLEET_TEST_POSTGRES_VERSION="$version"
}

# postgres_loopback_only VERSION: listen on 127.0.0.1 only (Debian's default,
# 'localhost', also opens ::1), in a file of our own in the cluster's conf.d;
# restarts a running cluster when this changed it.
postgres_loopback_only() {
  local conf="/etc/postgresql/$1/$MESHFLEET_PG_CLUSTER/conf.d/meshfleet.conf"
  local want="listen_addresses = '127.0.0.1' # scripts/lib/services.sh: loopback only"
  [[ -f "$conf" && "$(cat "$conf")" == "$want" ]] && return 0
  printf '%s\n' "$want" >"$conf"
  if pg_lsclusters --no-header | awk -v c="$MESHFLEET_PG_CLUSTER" '$2==c {print $4}' | grep -qx online; then
    pg_ctlcluster "$1" "$MESHFLEET_PG_CLUSTER" restart >&2
  fi
}

# postgres_password: the generated password, created on first use (mode 600).
postgres_password() {
  if [[ ! -s "$MESHFLEET_PG_PASSWORD_FILE" ]]; then
    (umask 077 && mkdir -p "$(dirname "$MESHFLEET_PG_PASSWORD_FILE")" &&
      head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32 >"$MESHFLEET_PG_PASSWORD_FILE")
  fi
  chmod 600 "$MESHFLEET_PG_PASSWORD_FILE"
  cat "$MESHFLEET_PG_PASSWORD_FILE"
}
