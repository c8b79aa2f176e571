# shellcheck shell=bash
# Checks that script/test runs besides the .NET tests: the first run of script/server from a fresh
# directory. Source after script/lib/postgres.sh; defines functions only.
#
#   check_bootstrap ROOT WORK   script/server's database bootstrap, from a mktemp -d copy of script/
#   check_bootstrap_cleanup     stop and remove what check_bootstrap left (for an exit trap)
#
# Each prints what it did, leaves a one-line description in CHECK_NOTE, and fails (non-zero) with the
# reason on stderr.

CHECK_NOTE=""
BOOTSTRAP_COPY=""   # the mktemp -d copy, while check_bootstrap runs

check__fail() { printf 'check: %s\n' "$*" >&2; return 1; }

# Succeeds when the app role can run a query on the cluster at PORT.
check__db_answers() {
  PGPASSWORD=$PG_APP_PASSWORD PGCONNECT_TIMEOUT=5 "$PG_BIN/psql" -X -At -h 127.0.0.1 -p "$1" \
    -U "$PG_APP_USER" -d "$PG_APP_DB" -c 'SELECT 1' 2>/dev/null | grep -qx 1
}

# Runs the copy's script/server with ARGS; its output goes to $WORK/bootstrap.log and into CHECK_OUT.
check__server() {
  local port=$1; shift
  CHECK_OUT=$(cd "$BOOTSTRAP_COPY" && TIMELINE_DB_PORT=$port "$BOOTSTRAP_COPY/script/server" "$@" 2>&1) || {
    printf '%s\n' "$CHECK_OUT" >&2
    check__fail "script/server $* failed in $BOOTSTRAP_COPY"
    return 1
  }
  printf '$ script/server %s\n%s\n' "$*" "$CHECK_OUT"
}

# A new user's first runs, as whoever runs script/test: copies script/ (all the database bootstrap
# needs) into a new `mktemp -d` directory, whose mode 700 the postgres user cannot pass when we are
# root, and there: starts the cluster, starts it again (found running), stops it, starts it again
# (found stopped, not initialised anew), stops it. The app role must answer after each start and the
# copy must still have mode 700. The copy and its cluster are removed.
check_bootstrap() {
  local root=$1 work=$2 port mode
  BOOTSTRAP_COPY=$(mktemp -d "$work/checkout.XXXXXX") || return 1
  tar -C "$root" -cf - script | tar -C "$BOOTSTRAP_COPY" -xf - || return 1
  port=$(pg_free_port) || return 1

  check__server "$port" --db-only || return 1
  [ -e "$BOOTSTRAP_COPY/.data/postgres" ] || check__fail ".data/postgres was not made" || return 1
  check__db_answers "$port" || check__fail "the new cluster does not answer on port $port" || return 1

  check__server "$port" --db-only || return 1
  check__db_answers "$port" || check__fail "the cluster does not answer after a second run" || return 1

  check__server "$port" --stop || return 1
  ! check__db_answers "$port" || check__fail "the cluster still answers after --stop" || return 1

  check__server "$port" --db-only || return 1
  case "$CHECK_OUT" in
    *initialising*) check__fail "a run after --stop made a new cluster instead of finding the old one"; return 1 ;;
  esac
  check__db_answers "$port" || check__fail "the cluster does not answer when started again" || return 1
  check__server "$port" --stop || return 1

  mode=$(stat -c %a "$BOOTSTRAP_COPY")
  [ "$mode" = 700 ] || check__fail "the checkout's mode changed from 700 to $mode" || return 1
  # shellcheck disable=SC2034  # read by the caller
  if [ -L "$BOOTSTRAP_COPY/.data/postgres" ]; then
    CHECK_NOTE="cluster in $PG_CLUSTERS_DIR/, linked from .data/postgres"
  else
    CHECK_NOTE="cluster in .data/postgres"
  fi
  check_bootstrap_cleanup
}

# shellcheck disable=SC2317  # also called from the caller's exit trap
check_bootstrap_cleanup() {
  [ -n "$BOOTSTRAP_COPY" ] || return 0
  local link="$BOOTSTRAP_COPY/.data/postgres" pg_dir
  if [ -e "$link" ] || [ -L "$link" ]; then
    pg_dir=$(pg_resolve_dir "$link")
    pg_stop "$pg_dir" || pg_log "could not stop the cluster in $pg_dir"
    # A link is one pg_checkout_dir made, to a directory of the copy's own under PG_CLUSTERS_DIR.
    if [ -L "$link" ]; then
      case "$pg_dir" in
        "$PG_CLUSTERS_DIR"/?*) rm -rf -- "$pg_dir" ;;
        *) pg_log "left $pg_dir alone: not under $PG_CLUSTERS_DIR" ;;
      esac
    fi
  fi
  rm -rf -- "$BOOTSTRAP_COPY"
  BOOTSTRAP_COPY=""
}
