# shellcheck shell=bash
# Checks that script/test runs besides the .NET tests: the first run of script/server from a fresh
# directory, and the curl tour of docs/TOUR.md. Source after script/lib/postgres.sh; defines functions only.
#
#   check_bootstrap ROOT WORK   script/server's database bootstrap, from a mktemp -d copy of script/
#   check_bootstrap_cleanup     stop and remove what check_bootstrap left (for an exit trap)
#   check_tour ROOT WORK PORT   docs/TOUR.md's tour against ROOT's Release build, on the cluster at PORT;
#                               README.md's short tour must be its first lines, word for word
#
# Each prints what it did, leaves a one-line description in CHECK_NOTE, and fails (non-zero) with the
# reason on stderr. check_tour starts processes in their own process groups and lists each group's
# leader in the caller's CHILD_PIDS array while it runs, so the caller's exit trap can end them.

CHECK_NOTE=""
BOOTSTRAP_COPY=""   # the mktemp -d copy, while check_bootstrap runs

check__fail() { printf 'check: %s\n' "$*" >&2; return 1; }

# Succeeds when the app role can run a query on the cluster at PORT.
check__db_answers() {
  PGPASSWORD=$PG_APP_PASSWORD PGCONNECT_TIMEOUT=5 "$PG_BIN/psql" -X -At -h 127.0.0.1 -p "$1" \
    -U "$PG_APP_USER" -d "$PG_APP_DB" -c 'SELECT 1' 2>/dev/null | grep -qx 1
}

# Runs the copy's script/server with ARGS on the cluster port PORT, its output shown and kept in
# CHECK_OUT. Without the caller's ConnectionStrings__Timeline, which would stand in for the cluster.
check__server() {
  local port=$1; shift
  CHECK_OUT=$(cd "$BOOTSTRAP_COPY" && env -u ConnectionStrings__Timeline TIMELINE_DB_PORT="$port" \
    "$BOOTSTRAP_COPY/script/server" "$@" 2>&1) || {
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

# The sh blocks of FILE between `<!-- MARK` and `<!-- /MARK` lines (MARK: tour, unless given), in order.
check__tour_text() {
  awk -v mark="${2:-tour}" '
    index($0, "<!-- " mark) == 1 && substr($0, length(mark) + 6, 1) ~ /^( |:|-|$)/ { on = 1; next }
    index($0, "<!-- /" mark) == 1 { on = 0; next }
    on && /^```/   { fence = !fence; next }
    on && fence    { print }
  ' "$1"
}

# README.md's short tour is not run on its own: it must be the first lines of docs/TOUR.md's, word for word.
check__short_tour() {
  local readme=$1 tour_text=$2 short
  short=$(check__tour_text "$readme" short-tour)
  [ -n "$short" ] || check__fail "no short tour found in README.md (an sh block between <!-- short-tour --> and <!-- /short-tour -->)" || return 1
  [[ "$tour_text" == "$short"* ]] ||
    check__fail "README.md's short tour is no longer word for word the first lines of docs/TOUR.md's tour" || return 1
}

# Ends the process group led by PID (TERM, then KILL after 5 s) and takes it off CHILD_PIDS.
check__end_group() {
  local pid=$1 kept=() p
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    kill -0 -- "-$pid" 2>/dev/null || break
    sleep 0.5
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for p in "${CHILD_PIDS[@]:+${CHILD_PIDS[@]}}"; do
    [ "$p" = "$pid" ] || kept+=("$p")
  done
  CHILD_PIDS=("${kept[@]:+${kept[@]}}")
}

# Runs docs/TOUR.md's tour, as a user pastes it after script/server: in a directory holding
# .data/admin-key, against `script/server --no-build` (the Release build) on a free port and a new
# database on the cluster at PG_PORT. Every curl fails on an HTTP error (--fail-with-body) and the
# shell on any failure (set -euo pipefail). Runs it twice, since the tour says it can run again.
check_tour() {
  local root=$1 work=$2 pg_port=$3 dir api_port url key text api_pid tour_pid rc n run attempt
  dir="$work/tour"
  mkdir -p "$dir/.data" || return 1
  command -v jq >/dev/null 2>&1 || check__fail "jq is missing; the tour needs it" || return 1

  text=$(check__tour_text "$root/docs/TOUR.md")
  n=$(grep -cE '(^|[^-])curl ' <<<"$text" || true)
  [ "$n" -gt 0 ] || check__fail "no tour found in docs/TOUR.md (sh blocks between <!-- tour --> and <!-- /tour -->)" || return 1
  check__short_tour "$root/README.md" "$text" || return 1
  grep -q '^API=http://127.0.0.1:5080$' <<<"$text" ||
    check__fail "the tour no longer sets API=http://127.0.0.1:5080, which this check replaces" || return 1

  pg_psql "$pg_port" -c "CREATE DATABASE timeline_tour OWNER $PG_APP_USER" || return 1
  key="tl_tour_$(head -c 24 /dev/urandom | base64 -w0 | tr '+/' '-_')"
  (umask 077 && printf '%s\n' "$key" >"$dir/.data/admin-key") || return 1

  # A free port can be taken by someone else before the API binds it: then try another.
  api_pid=""
  for attempt in 1 2 3; do
    api_port=$(pg_free_port) || return 1
    url="http://127.0.0.1:$api_port"
    echo "API (script/server --no-build) on $url, database timeline_tour"
    setsid env ConnectionStrings__Timeline="$(PG_APP_DB=timeline_tour pg_connection_string "$pg_port")" \
      Timeline__AdminKey="$key" "$root/script/server" --no-build --port "$api_port" \
      >"$dir/api.log" 2>&1 </dev/null &
    api_pid=$!
    CHILD_PIDS+=("$api_pid")
    for _ in $(seq 1 180); do
      curl -fs -o /dev/null --max-time 2 "$url/health/ready" && break
      kill -0 "$api_pid" 2>/dev/null || break
      sleep 0.5
    done
    curl -fs -o /dev/null --max-time 2 "$url/health/ready" && break
    tail -n 30 "$dir/api.log" >&2
    check__end_group "$api_pid"
    api_pid=""
    echo "the API did not become ready on $url (attempt $attempt)" >&2
  done
  [ -n "$api_pid" ] || check__fail "the API did not start" || return 1

  {
    echo 'set -euo pipefail'
    # Options given first, so that the tour's own (e.g. a shorter --max-time) win.
    echo 'curl() { command curl --fail-with-body --show-error --max-time 60 "$@"; }'
    echo 'set -x'
    printf '%s\n' "${text//http:\/\/127.0.0.1:5080/$url}"
  } >"$dir/tour.sh"

  rc=0
  for run in 1 2; do
    echo "tour, run $run: $n curl commands"
    (cd "$dir" && exec setsid timeout 300 bash tour.sh) >"$dir/tour-$run.log" 2>&1 </dev/null &
    tour_pid=$!
    CHILD_PIDS+=("$tour_pid")
    wait "$tour_pid" || rc=$?
    check__end_group "$tour_pid"
    if [ "$rc" -ne 0 ]; then
      echo "--- last lines of the tour's output (run $run, exit $rc):" >&2
      tail -n 40 "$dir/tour-$run.log" >&2
      echo "--- last lines of the API's log:" >&2
      tail -n 15 "$dir/api.log" >&2
      break
    fi
  done
  check__end_group "$api_pid"
  [ "$rc" -eq 0 ] || check__fail "docs/TOUR.md's tour failed (run $run, exit $rc); the failing command is the last '+' line above" || return 1
  # shellcheck disable=SC2034  # read by the caller
  CHECK_NOTE="$n curl commands, run twice against script/server --no-build"
}
