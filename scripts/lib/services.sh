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
MESHFLEET_PG_CLUSTER="meshfleet"

# A PostgreSQL cluster of our own (Debian's postgresql, port 54329), so the tests
# never touch a PostgreSQL the machine may already run. Exports the connection
# string that @backstage/backend-test-utils' TestDatabases reads.
ensure_postgres() {
  command -v pg_createcluster >/dev/null || apt_install postgresql
  local version
  version="$(ls /usr/lib/postgresql | sort -n | tail -1)"
  if ! pg_lsclusters --no-header | awk '{print $2}' | grep -qx "$MESHFLEET_PG_CLUSTER"; then
    log "creating PostgreSQL $version cluster '$MESHFLEET_PG_CLUSTER' on port $MESHFLEET_PG_PORT"
    pg_createcluster --port "$MESHFLEET_PG_PORT" "$version" "$MESHFLEET_PG_CLUSTER" >&2
  fi
  if ! pg_lsclusters --no-header | awk -v c="$MESHFLEET_PG_CLUSTER" '$2==c {print $4}' | grep -qx online; then
    pg_ctlcluster "$version" "$MESHFLEET_PG_CLUSTER" start >&2
  fi
  runuser -u postgres -- psql -q -p "$MESHFLEET_PG_PORT" -c "ALTER USER postgres PASSWORD 'postgres'" >&2
  export MESHFLEET_TEST_POSTGRES_URL="postgresql://postgres:postgres@127.0.0.1:$MESHFLEET_PG_PORT"
  export MESHFLEET_TEST_POSTGRES_VERSION="$version"
}
