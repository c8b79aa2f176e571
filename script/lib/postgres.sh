# shellcheck shell=bash
# Helpers for running a private PostgreSQL cluster on loopback.
# Source this file; it defines functions only (prefix `pg_`) and sets no shell options.
#
#   pg_ensure_installed          make sure PostgreSQL server binaries exist, set PG_BIN
#   pg_ensure_postgis            make sure PostGIS is installed for that PostgreSQL (Debian's postgresql-<ver>-postgis-3)
#   pg_free_port                 print a free TCP port on 127.0.0.1
#   pg_checkout_dir LINK NAME    print where a checkout's cluster lives (LINK itself, or a directory
#                                under $PG_CLUSTERS_DIR that LINK links to); creates the link if needed
#   pg_resolve_dir LINK          print the directory LINK names (following a link), creating nothing
#   pg_temp_dir PREFIX           print a new directory for a throwaway cluster (removed by the caller)
#   pg_port_in_use PORT          succeed when something listens on 127.0.0.1:PORT
#   pg_init DIR                  create a cluster in DIR/data unless one is there
#   pg_is_running DIR            succeed when the cluster in DIR is running
#   pg_start DIR PORT            start the cluster (or reuse a running one); sets PG_PORT
#   pg_ensure_app_db PORT [ATTR] create role/database `timeline` if missing (ATTR e.g. CREATEDB), with PostGIS in it
#                                and in template1
#   pg_stop DIR                  stop the cluster in DIR if it is running
#   pg_start_replica PRIMARY_PORT DIR PORT
#                                make DIR a streaming replica of the cluster on PRIMARY_PORT (pg_basebackup -R)
#                                unless it is one already, and start it; sets PG_REPLICA_PORT (PG_PORT is kept)
#
# Tunables (environment): PG_APP_USER, PG_APP_PASSWORD, PG_APP_DB (default `timeline`),
# PG_EXTRA_OPTS (more `-c name=value` server options), PG_SHARED_BUFFERS (default 128MB),
# PG_MAX_CONNECTIONS (default 200), PG_BIN (a bin directory containing initdb), PG_CLUSTERS_DIR
# (default /var/lib/timeline: clusters of checkouts the postgres user cannot reach, when root).

: "${PG_APP_USER:=timeline}"
: "${PG_APP_PASSWORD:=timeline}"
: "${PG_APP_DB:=timeline}"
: "${PG_MAX_CONNECTIONS:=200}"
: "${PG_SHARED_BUFFERS:=128MB}"
: "${PG_EXTRA_OPTS:=}"
: "${PG_CLUSTERS_DIR:=/var/lib/timeline}"

pg_log() { printf '[postgres] %s\n' "$*" >&2; }

pg__is_root() { [ "$(id -u)" -eq 0 ]; }

# Run a command as the user that owns the cluster: `postgres` when we are root
# (the server refuses to run as root), the current user otherwise.
pg__as_owner() {
  if pg__is_root; then
    if command -v runuser >/dev/null 2>&1; then
      (cd / && runuser -u postgres -- "$@")
    else
      local cmd
      cmd=$(printf '%q ' "$@")
      (cd / && su -s /bin/sh postgres -c "$cmd")
    fi
  else
    "$@"
  fi
}

# Run a command as root (directly, or through passwordless sudo).
pg__as_root() {
  if pg__is_root; then
    "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo -n "$@"
  else
    pg_log "need root to run: $*"
    return 1
  fi
}

# Newest /usr/lib/postgresql/<ver>/bin holding initdb (or pg_config's bindir); empty if none.
pg__find_bin() {
  if [ -n "${PG_BIN:-}" ] && [ -x "$PG_BIN/initdb" ]; then
    printf '%s\n' "$PG_BIN"
    return 0
  fi
  local best="" ver d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] || continue
    ver=${d#/usr/lib/postgresql/}
    ver=${ver%/bin}
    printf '%s %s\n' "$ver" "$d"
  done | sort -V | tail -n 1 | cut -d' ' -f2- | {
    read -r best || true
    if [ -n "$best" ]; then
      printf '%s\n' "$best"
    elif command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
      pg_config --bindir
    elif command -v initdb >/dev/null 2>&1; then
      dirname "$(command -v initdb)"
    fi
  }
}

pg_ensure_installed() {
  PG_BIN=$(pg__find_bin)
  if [ -z "$PG_BIN" ]; then
    pg_log "PostgreSQL server binaries not found; installing Debian's postgresql package"
    local online_before=""
    if command -v pg_lsclusters >/dev/null 2>&1; then
      online_before=$(pg_lsclusters -h 2>/dev/null | awk '$4 == "online" {print $1 "/" $2}')
    fi
    pg__as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || {
      pg_log "apt-get update failed"; return 1; }
    pg__as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2 || {
      pg_log "apt-get install postgresql failed; install PostgreSQL and retry"; return 1; }
    # The package may have started its default cluster; we don't use it, so stop
    # whatever came up during the install to leave nothing running.
    if command -v pg_lsclusters >/dev/null 2>&1; then
      local vc
      while read -r vc; do
        [ -n "$vc" ] || continue
        case " $(echo "$online_before" | tr '\n' ' ') " in *" $vc "*) continue ;; esac
        pg_log "stopping cluster $vc started by the package install"
        pg__as_root pg_ctlcluster "${vc%%/*}" "${vc#*/}" stop >&2 || true
      done < <(pg_lsclusters -h 2>/dev/null | awk '$4 == "online" {print $1 "/" $2}')
    fi
    PG_BIN=$(pg__find_bin)
    if [ -z "$PG_BIN" ]; then
      pg_log "PostgreSQL installed but initdb not found under /usr/lib/postgresql/*/bin"
      return 1
    fi
  fi
  export PG_BIN
}

# Places are stored with PostGIS: its extension files must be there for the server PG_BIN belongs to
# (a migration creates the extension). Installs Debian's postgresql-<ver>-postgis-3 when they are missing.
pg_ensure_postgis() {
  [ -n "${PG_BIN:-}" ] || pg_ensure_installed || return 1
  local ver share
  ver=$(basename "$(dirname "$PG_BIN")")
  share=$("$PG_BIN/pg_config" --sharedir 2>/dev/null || printf '/usr/share/postgresql/%s' "$ver")
  [ -f "$share/extension/postgis.control" ] && return 0
  pg_log "PostGIS not found for PostgreSQL $ver; installing Debian's postgresql-$ver-postgis-3"
  pg__as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || {
    pg_log "apt-get update failed"; return 1; }
  pg__as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$ver-postgis-3" >&2 || {
    pg_log "apt-get install postgresql-$ver-postgis-3 failed; install PostGIS and retry"; return 1; }
  [ -f "$share/extension/postgis.control" ] || { pg_log "PostGIS installed but $share/extension/postgis.control is missing"; return 1; }
}

# Succeeds when something accepts TCP connections on 127.0.0.1:PORT.
pg_port_in_use() {
  local port=$1
  if command -v ss >/dev/null 2>&1; then
    if ss -Hltn "sport = :$port" 2>/dev/null | grep -q .; then
      return 0
    fi
  fi
  if timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null; then
    return 0
  fi
  return 1
}

# Prints a TCP port that nothing listens on (random, 20000-59999).
pg_free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    if ! pg_port_in_use "$port"; then
      printf '%s\n' "$port"
      return 0
    fi
  done
  pg_log "could not find a free TCP port"
  return 1
}

# Succeeds when the cluster's owner can pass through DIR (search permission on it and on every parent).
pg__owner_can_reach() {
  if pg__is_root; then
    pg__as_owner test -x "$1" 2>/dev/null
  else
    test -x "$1"
  fi
}

# The directory LINK names: its target when it is a symlink (made by pg_checkout_dir), else LINK.
# The target is what the server is given, since the postgres user may not be able to pass
# through the checkout to follow the link itself.
pg_resolve_dir() {
  local link=$1
  if [ -L "$link" ]; then
    readlink -m -- "$link"
  else
    printf '%s\n' "$link"
  fi
}

# Where a checkout keeps its cluster. LINK is where a user looks for it (e.g. .data/postgres, its
# parent must exist); NAME names the checkout. Prints the directory to give pg_init and pg_start.
#
# That is LINK itself, unless we are root and the postgres user cannot pass through LINK's parent
# (a checkout under a home of mode 700, or in a `mktemp -d` directory). Then the cluster lives in
# $PG_CLUSTERS_DIR/NAME-<hash of LINK's path>, a directory postgres owns, and LINK becomes a symlink
# to it: the user's directories keep their permissions, and LINK still finds the cluster on the
# next run and for --stop. An existing LINK is always followed.
pg_checkout_dir() {
  local link=$1 name=$2 parent abs hash target
  if [ -L "$link" ]; then
    pg_resolve_dir "$link"
    return 0
  fi
  parent=$(cd "$(dirname -- "$link")" && pwd -P) || return 1
  if ! pg__is_root || pg__owner_can_reach "$parent"; then
    printf '%s\n' "$link"
    return 0
  fi
  abs="$parent/$(basename -- "$link")"
  hash=$(printf '%s' "$abs" | sha256sum | cut -c1-12)
  target="$PG_CLUSTERS_DIR/$(printf '%s' "$name" | tr -c 'A-Za-z0-9._-' '_')-$hash"
  if [ -e "$link" ]; then
    if [ -f "$link/data/PG_VERSION" ]; then
      pg_log "user 'postgres' cannot reach the cluster in $link; move it to a directory it can reach, e.g.:"
      pg_log "  mv '$link' '$target' && ln -s '$target' '$link'"
      return 1
    fi
    # An empty directory, left by a run that stopped at this very problem.
    rmdir -- "$link" 2>/dev/null || {
      pg_log "user 'postgres' cannot reach $link, and it is not empty; remove it and retry"
      return 1
    }
  fi
  install -d -m 755 "$PG_CLUSTERS_DIR" || return 1
  id postgres >/dev/null 2>&1 || { pg_log "user 'postgres' does not exist"; return 1; }
  install -d -o postgres -g postgres -m 700 "$target" || return 1
  ln -s -- "$target" "$link" || return 1
  pg_log "user 'postgres' cannot reach $parent; the cluster lives in $target, and $link links to it"
  if [ -f "$target/data/PG_VERSION" ]; then
    pg_log "(that directory already holds a cluster, from an earlier $link of this checkout: reusing it)"
  fi
  printf '%s\n' "$target"
}

# A new, empty directory for a throwaway cluster, under ${TMPDIR:-/tmp}; under /tmp instead when
# we are root and the postgres user cannot reach TMPDIR. Mode 711: the directory is ours and new,
# and the postgres user must pass through it to DIR/pg when we are root.
pg_temp_dir() {
  local prefix=$1 dir
  dir=$(mktemp -d "${TMPDIR:-/tmp}/$prefix.XXXXXX") || return 1
  chmod 711 "$dir" || return 1
  if pg__is_root && ! pg__owner_can_reach "$dir"; then
    rmdir -- "$dir"
    dir=$(mktemp -d "/tmp/$prefix.XXXXXX") || return 1
    chmod 711 "$dir" || return 1
    if ! pg__owner_can_reach "$dir"; then
      pg_log "user 'postgres' cannot reach $dir"
      rmdir -- "$dir"
      return 1
    fi
  fi
  printf '%s\n' "$dir"
}

# Creates DIR (owned by the cluster owner, mode 700) and a cluster in DIR/data if absent.
pg_init() {
  local dir=$1
  [ -n "${PG_BIN:-}" ] || pg_ensure_installed || return 1
  if pg__is_root; then
    id postgres >/dev/null 2>&1 || { pg_log "user 'postgres' does not exist"; return 1; }
    install -d -o postgres -g postgres -m 700 "$dir" || return 1
    if ! runuser -u postgres -- test -w "$dir" 2>/dev/null; then
      pg_log "user 'postgres' cannot write to $dir (a parent directory is not traversable?)"
      return 1
    fi
  else
    mkdir -p "$dir" && chmod 700 "$dir" || return 1
    if [ ! -O "$dir" ]; then
      pg_log "$dir is not owned by $(id -un); it was probably created as root (remove it or run as root)"
      return 1
    fi
  fi
  if [ -f "$dir/data/PG_VERSION" ]; then
    return 0
  fi
  pg_log "initialising cluster in $dir/data"
  pg__as_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 \
    --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
    pg_log "initdb failed:"; cat "$dir/initdb.log" >&2; return 1; }
}

pg_is_running() {
  local dir=$1
  [ -n "${PG_BIN:-}" ] || PG_BIN=$(pg__find_bin)
  [ -n "$PG_BIN" ] && [ -f "$dir/data/PG_VERSION" ] || return 1
  pg__as_owner "$PG_BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

# Waits until the server on PORT accepts connections (up to ~30 s).
pg__wait_ready() {
  local port=$1
  for _ in $(seq 1 60); do
    if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -d postgres -U postgres 2>/dev/null; then
      return 0
    fi
    sleep 0.5
  done
  return 1
}

# Starts the cluster in DIR on PORT, or reuses it when it is already running
# (whatever port it runs on). Sets and exports PG_PORT to the port in use.
pg_start() {
  local dir=$1 port=$2
  [ -n "${PG_BIN:-}" ] || pg_ensure_installed || return 1
  if pg_is_running "$dir"; then
    PG_PORT=$(sed -n 4p "$dir/data/postmaster.pid" 2>/dev/null)
    if [ -z "$PG_PORT" ]; then
      pg_log "cluster in $dir is running but its port is unknown"; return 1
    fi
    [ "$PG_PORT" = "$port" ] || pg_log "cluster already running on port $PG_PORT (not $port); reusing it"
    pg__wait_ready "$PG_PORT" || { pg_log "running cluster on port $PG_PORT does not answer"; return 1; }
    export PG_PORT
    return 0
  fi
  if pg_port_in_use "$port"; then
    pg_log "port $port on 127.0.0.1 is already in use by another program"
    return 1
  fi
  # Unix socket in DIR when the path is short enough (sun_path is 108 bytes), else TCP only.
  local sockdir="$dir"
  if [ $((${#dir} + 20)) -ge 108 ]; then sockdir=""; fi
  local opts="-p $port -c listen_addresses=127.0.0.1 -k '$sockdir'"
  opts+=" -c max_connections=$PG_MAX_CONNECTIONS -c shared_buffers=$PG_SHARED_BUFFERS"
  [ -z "$PG_EXTRA_OPTS" ] || opts+=" $PG_EXTRA_OPTS"
  if ! pg__as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "$opts" -w -t 60 start >/dev/null; then
    pg_log "could not start PostgreSQL; last lines of $dir/server.log:"
    tail -n 20 "$dir/server.log" >&2 2>/dev/null || true
    return 1
  fi
  PG_PORT=$port
  export PG_PORT
}

# psql as the superuser over TCP loopback.
pg_psql() {
  local port=$1; shift
  PGCONNECT_TIMEOUT=10 "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres "$@"
}

# Creates the application role (LOGIN, password) and its own database if missing.
# Extra role attributes (e.g. CREATEDB) are applied every time.
pg_ensure_app_db() {
  local port=$1 attrs=${2:-}
  pg_psql "$port" -v app_user="$PG_APP_USER" -v app_pass="$PG_APP_PASSWORD" \
    -v app_db="$PG_APP_DB" -v attrs="$attrs" >/dev/null <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'app_user', :'app_pass')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_user') \gexec
SELECT format('ALTER ROLE %I LOGIN %s', :'app_user', :'attrs') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'app_db', :'app_user')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'app_db') \gexec
SELECT format('ALTER DATABASE %I OWNER TO %I', :'app_db', :'app_user') \gexec
SQL
  # PostGIS is not a trusted extension, so the app's role cannot create it: the superuser does, in template1 (every
  # database made later has it: the tests', the tour's, the benchmark's) and in the app's database. The migration's
  # CREATE EXTENSION IF NOT EXISTS then finds it there.
  local db
  for db in template1 "$PG_APP_DB"; do
    pg_psql "$port" -d "$db" -c 'CREATE EXTENSION IF NOT EXISTS postgis' >/dev/null || return 1
  done
}

# Prints the Npgsql connection string for the application role on PORT.
pg_connection_string() {
  local port=$1
  printf 'Host=127.0.0.1;Port=%s;Database=%s;Username=%s;Password=%s\n' \
    "$port" "$PG_APP_DB" "$PG_APP_USER" "$PG_APP_PASSWORD"
}

# Stops the cluster in DIR if it is running (fast, then immediate as a fallback).
pg_stop() {
  local dir=$1
  pg_is_running "$dir" || return 0
  if ! pg__as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1; then
    pg_log "fast shutdown failed; trying immediate"
    pg__as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || return 1
  fi
}

# The role a standby streams as (REPLICATION, no other rights). initdb's pg_hba.conf already lets replication
# connections in on loopback; wal_level=replica and max_wal_senders=10 are the server's defaults.
pg_ensure_replication_role() {
  local port=$1
  pg_psql "$port" >/dev/null <<'SQL'
SELECT 'CREATE ROLE timeline_replication LOGIN REPLICATION'
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'timeline_replication') \gexec
SQL
}

# Makes DIR/data a physical copy of the cluster on PRIMARY_PORT that streams its WAL (pg_basebackup -R writes
# standby.signal and primary_conninfo), unless DIR already holds a cluster, then starts it on PORT. A hot standby:
# it answers read-only queries. Sets and exports PG_REPLICA_PORT; PG_PORT keeps the primary's port.
pg_start_replica() {
  local primary_port=$1 dir=$2 port=$3 keep_port=${PG_PORT:-}
  [ -n "${PG_BIN:-}" ] || pg_ensure_installed || return 1
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    if pg__is_root; then
      install -d -o postgres -g postgres -m 700 "$dir" || return 1
    else
      mkdir -p "$dir" && chmod 700 "$dir" || return 1
    fi
    pg_ensure_replication_role "$primary_port" || return 1
    pg_log "copying the cluster on port $primary_port into $dir/data (pg_basebackup)"
    pg__as_owner "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U timeline_replication \
      -D "$dir/data" -R -X stream -c fast >"$dir/basebackup.log" 2>&1 || {
      pg_log "pg_basebackup failed:"; cat "$dir/basebackup.log" >&2; return 1; }
  fi
  pg_start "$dir" "$port" || { PG_PORT=$keep_port; return 1; }
  PG_REPLICA_PORT=$PG_PORT
  PG_PORT=$keep_port
  export PG_REPLICA_PORT PG_PORT
  # Ready once the standby answers queries (hot standby reached consistency).
  for _ in $(seq 1 60); do
    if [ "$(pg_psql "$PG_REPLICA_PORT" -At -c 'SELECT pg_is_in_recovery()' 2>/dev/null)" = t ]; then
      return 0
    fi
    sleep 0.5
  done
  pg_log "the replica on port $PG_REPLICA_PORT did not come up as a standby; see $dir/server.log"
  return 1
}
