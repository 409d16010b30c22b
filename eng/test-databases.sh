#!/usr/bin/env bash
# Throwaway PostgreSQL 15 and MariaDB 10.11 servers for the tests, listening on 127.0.0.1 only,
# with all their files under one directory. Nothing here is meant for real data: `start` wipes
# the previous data, and the servers run with fsync off.
#
# Usage:  bash eng/test-databases.sh start [postgresql|mariadb] | start-replica | stop | status | destroy
#   start    (re)create both servers from scratch and start them; prints the connection strings.
#            Run as root on a machine without MariaDB, it installs mariadb-server with apt first.
#            `start postgresql` or `start mariadb` creates and starts only that one.
#   start-replica
#            (re)create a second MariaDB server as a replica of the running one (replicating from its first
#            binary log, so it has the same logins and databases) and start it; prints its connection string.
#   stop     stop the servers and wait until they are gone (data is kept for inspection).
#   status   say whether each server is up; exit code 0 if both are, 3 otherwise.
#   destroy  stop, then delete the servers' files under DB_ROOT.
#
# Environment:
#   DB_ROOT       directory for data, sockets and logs   (default /tmp/efsafemigrations-db)
#   PG_PORT       PostgreSQL TCP port                     (default 54329)
#   MY_PORT       MariaDB TCP port                        (default 33069)
#   MY_REPLICA_PORT  the MariaDB replica's TCP port        (default 33070)
#   DB_OWNER_PID  optional: a process id. When that process is gone, the servers are stopped and
#                 their files deleted (a safety net for test runs that are killed).
#   PGBIN         PostgreSQL server binaries              (default /usr/lib/postgresql/15/bin; another major's
#                 from `bash eng/postgres-binaries.sh MAJOR`)
#
# Both servers have a login `app` with password `app` that may create databases, and a database
# `appdb` owned by it. On PostgreSQL `app` is also a member of pg_monitor (so it sees the lag of
# streaming replicas, as the phase runner's role must), the superuser is `postgres` (password
# `postgres` over TCP, no password over the unix socket), and streaming replication is possible:
# wal_level=replica and a login `replicator` (password `replicator`) with the REPLICATION attribute.
# The MariaDB server writes a binary log (server_id 1, row format) and has a login `replicator` (password
# `replicator`) that may replicate from it, and a login `monitor` (password `monitor`) that may only ask for replication
# status (REPLICA MONITOR: what the phase runner's --replica login needs); its replica (`start-replica`, server_id 2, read-only) lives in
# $DB_ROOT/my-replica, and stop and destroy stop it first.
# PostgreSQL's files are in $DB_ROOT/pg (data directory data/, unix socket, server.log). Standbys
# that tests make of it live in $DB_ROOT/pg-standby*/ (data directory data/); stop and destroy
# stop those first, and destroy deletes them too.
# The script may be run as root (the normal case on CI) or as an ordinary user.
set -euo pipefail

DB_ROOT=${DB_ROOT:-/tmp/efsafemigrations-db}
PG_PORT=${PG_PORT:-54329}
MY_PORT=${MY_PORT:-33069}
MY_REPLICA_PORT=${MY_REPLICA_PORT:-33070}
DEFAULT_PGBIN=/usr/lib/postgresql/15/bin
PGBIN=${PGBIN:-$DEFAULT_PGBIN}
MARIADBD=/usr/sbin/mariadbd

SELF=$(readlink -f "${BASH_SOURCE[0]}")
PG_DIR=$DB_ROOT/pg
MY_DIR=$DB_ROOT/my
MY_SOCK=$MY_DIR/mysqld.sock
MYR_DIR=$DB_ROOT/my-replica
WATCHDOG_PIDFILE=$DB_ROOT/watchdog.pid
# Which servers `start` creates (both unless it is given one name).
WANT_PG=1
WANT_MY=1

die() { printf 'test-databases: error: %s\n' "$*" >&2; exit 1; }
note() { printf 'test-databases: %s\n' "$*" >&2; }

case "$DB_ROOT" in
  /*) ;;
  *) die "DB_ROOT must be an absolute path (got '$DB_ROOT')" ;;
esac
DB_ROOT=${DB_ROOT%/}
[ -n "$DB_ROOT" ] || die "DB_ROOT must not be /"
for port_var in PG_PORT MY_PORT MY_REPLICA_PORT; do
  [[ ${!port_var} =~ ^[0-9]+$ ]] && [ "${!port_var}" -ge 1 ] && [ "${!port_var}" -le 65535 ] \
    || die "$port_var must be a TCP port number (got '${!port_var}')"
done
[ "$PG_PORT" != "$MY_PORT" ] || die "PG_PORT and MY_PORT must differ (both are $PG_PORT)"
[ "$MY_REPLICA_PORT" != "$MY_PORT" ] || die "MY_REPLICA_PORT and MY_PORT must differ (both are $MY_PORT)"

if [ "$(id -u)" -eq 0 ]; then
  IS_ROOT=1
  MY_USER_OPT=(--user=root)
else
  IS_ROOT=0
  MY_USER_OPT=()
fi
# MariaDB's administrator: the OS user running this script, authenticated over the unix socket.
MY_ADMIN=$(id -un)

# Runs a command as the user that owns the PostgreSQL files: initdb and postgres refuse to run as root.
as_pg() {
  if [ "$IS_ROOT" = 1 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# True while the process with pid $1 exists and is not a zombie.
process_alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [ "${stat%% *}" != Z ]
}

# The start time of process $1 (clock ticks since boot), to tell it apart from a later process
# that gets the same pid.
process_start_time() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  # shellcheck disable=SC2086
  set -- $stat
  printf '%s\n' "${20}"
}

# Prints a log to stderr: its error lines if it has any, else its last lines.
show_log() {
  [ -f "$1" ] || return 0
  if grep -q -E 'ERROR|FATAL|PANIC' "$1"; then
    grep -E 'ERROR|FATAL|PANIC' "$1" | tail -n 20 >&2
  else
    tail -n 20 "$1" >&2
  fi
}

port_in_use() {
  [ -n "$(ss -Htln "( sport = :$1 )" 2>/dev/null)" ]
}

check_port_free() {
  if port_in_use "$2"; then
    die "$1 port $2 on this machine is already in use; pick a free one with $3=<port> (see: ss -ltnp 'sport = :$2')"
  fi
}

# ---------------------------------------------------------------------------------------------
# Installation

install_packages() {
  # Only the Debian package's own location is installed; a PGBIN of one's own must already hold a server.
  if [ "$WANT_PG" = 1 ] && [ ! -x "$PGBIN/postgres" ] && [ "$PGBIN" != "$DEFAULT_PGBIN" ]; then
    die "there is no PostgreSQL server at PGBIN=$PGBIN/postgres; point PGBIN at a PostgreSQL bin directory (bash eng/postgres-binaries.sh MAJOR prints one) or unset it"
  fi
  local missing=()
  [ "$WANT_PG" = 0 ] || [ -x "$PGBIN/postgres" ] || missing+=(postgresql-15)
  [ "$WANT_MY" = 0 ] || [ -x "$MARIADBD" ] || missing+=(mariadb-server)
  [ ${#missing[@]} -gt 0 ] || return 0

  [ "$IS_ROOT" = 1 ] || die "${missing[*]} is not installed. Install it (sudo apt-get install --no-install-recommends ${missing[*]}) or run this script as root, which installs it."
  command -v apt-get >/dev/null || die "${missing[*]} is not installed and there is no apt-get to install it with; install it by hand."

  # Two test runs may start at once: install under a lock and look again once it is held.
  exec 9>/tmp/efsafemigrations-apt.lock
  flock 9
  missing=()
  [ "$WANT_PG" = 0 ] || [ -x "$PGBIN/postgres" ] || missing+=(postgresql-15)
  [ "$WANT_MY" = 0 ] || [ -x "$MARIADBD" ] || missing+=(mariadb-server)
  if [ ${#missing[@]} -gt 0 ]; then
    # /usr/sbin/policy-rc.d (exit 101) keeps the packages from starting their own servers on the
    # default ports. Keep an existing one; if the machine has none, add one just for this install.
    local made_policy=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
      chmod 755 /usr/sbin/policy-rc.d
      made_policy=1
    fi
    note "installing ${missing[*]} with apt-get (once per machine)..."
    local log rc=0
    log=$(mktemp)
    {
      apt-get update -q &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        -o DPkg::Lock::Timeout=300 "${missing[@]}"
    } >"$log" 2>&1 || rc=$?
    if [ "$made_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
    if [ "$rc" -ne 0 ]; then
      tail -n 30 "$log" >&2
      rm -f "$log"
      die "apt-get could not install ${missing[*]} (exit code $rc, output above)"
    fi
    rm -f "$log"
  fi
  flock -u 9
  exec 9>&-
  [ "$WANT_PG" = 0 ] || [ -x "$PGBIN/postgres" ] || die "PostgreSQL 15 is still missing at $PGBIN after installing postgresql-15; set PGBIN to its bin directory."
  [ "$WANT_MY" = 0 ] || [ -x "$MARIADBD" ] || die "$MARIADBD is still missing after installing mariadb-server."
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL

pg_running() {
  [ -f "$PG_DIR/data/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1
}

# Stops the PostgreSQL server whose data directory is $1/data (its pg_ctl output goes to $1).
pg_stop_dir() {
  [ -f "$1/data/postmaster.pid" ] || return 0
  if ! as_pg "$PGBIN/pg_ctl" -D "$1/data" -m fast -w -t 60 stop </dev/null >"$1/pg_ctl-stop.log" 2>&1; then
    if [ -f "$1/data/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$1/data" status >/dev/null 2>&1; then
      cat "$1/pg_ctl-stop.log" >&2
      die "PostgreSQL in $1/data did not stop within 60 s; see its log in $1"
    fi
  fi
}

# The standbys tests made of the server (see the header), then the server itself.
pg_stop() {
  local standby
  for standby in "$DB_ROOT"/pg-standby*; do
    [ -d "$standby" ] || continue
    pg_stop_dir "$standby"
  done
  pg_stop_dir "$PG_DIR"
}

pg_start() {
  rm -rf "$PG_DIR"
  mkdir -p "$PG_DIR"
  if [ "$IS_ROOT" = 1 ]; then
    id postgres >/dev/null 2>&1 || die "there is no 'postgres' user to run PostgreSQL as (create one: adduser --system --group postgres)"
    chown postgres: "$PG_DIR"
    as_pg test -w "$PG_DIR" \
      || die "the postgres user cannot reach $PG_DIR: every parent directory of DB_ROOT must be searchable by others (chmod o+x), or choose another DB_ROOT"
  fi
  chmod 700 "$PG_DIR"
  # The unix socket path is limited to 107 bytes.
  [ ${#PG_DIR} -le 80 ] || die "DB_ROOT is too long for a unix socket path ($PG_DIR); use a shorter DB_ROOT"

  # Superuser `postgres` (password `postgres` over TCP, no password over the unix socket).
  (
    cd "$PG_DIR"   # initdb complains when it cannot cd back into root's home
    printf 'postgres\n' >pwfile
    [ "$IS_ROOT" = 1 ] && chown postgres: pwfile
    as_pg "$PGBIN/initdb" -D "$PG_DIR/data" -U postgres --pwfile="$PG_DIR/pwfile" \
      --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync \
      </dev/null >"$PG_DIR/initdb.log" 2>&1 \
      || { cat "$PG_DIR/initdb.log" >&2; die "initdb failed (output above)"; }
    rm -f pwfile
  )

  # Settings for throwaway test servers: durability off, many connections, replication possible.
  cat >>"$PG_DIR/data/postgresql.conf" <<EOF

# --- eng/test-databases.sh ---
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
EOF
  # pg_ctl puts the postmaster in its own session; its output goes to server.log, so nothing keeps
  # the caller's stdout/stderr open.
  as_pg "$PGBIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start \
    </dev/null >"$PG_DIR/pg_ctl-start.log" 2>&1 \
    || { show_log "$PG_DIR/server.log"; die "PostgreSQL did not start (server log above, in $PG_DIR/server.log)"; }

  # CREATE DATABASE cannot share a transaction with other statements: one -c each.
  "$PGBIN/psql" -h "$PG_DIR" -p "$PG_PORT" -U postgres -d postgres -X -q -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE app LOGIN PASSWORD 'app' CREATEDB" \
    -c "GRANT pg_monitor TO app" \
    -c "CREATE ROLE replicator LOGIN REPLICATION PASSWORD 'replicator'" \
    -c "CREATE DATABASE appdb OWNER app" </dev/null >"$PG_DIR/setup.log" 2>&1 \
    || { cat "$PG_DIR/setup.log" >&2; die "could not create the PostgreSQL role and database (output above)"; }
  PGPASSWORD=app PGCONNECT_TIMEOUT=10 "$PGBIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U app -d appdb -X -q -t -A \
    -c "SELECT 1" </dev/null >/dev/null 2>"$PG_DIR/check.log" \
    || { cat "$PG_DIR/check.log" >&2; die "PostgreSQL is up but app cannot log in over TCP on 127.0.0.1:$PG_PORT (output above)"; }
}

pg_version() {
  "$PGBIN/psql" -h "$PG_DIR" -p "$1" -U postgres -d postgres -X -q -t -A -c "SHOW server_version" </dev/null 2>/dev/null
}

# ---------------------------------------------------------------------------------------------
# MariaDB

# The pid of the MariaDB server whose files are in $1 (default: the primary's).
my_pid() {
  local pid
  pid=$(cat "${1:-$MY_DIR}/mysqld.pid" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  printf '%s\n' "$pid"
}

my_running() {
  local pid
  pid=$(my_pid "${1:-$MY_DIR}") && process_alive "$pid"
}

# Stops the MariaDB server whose files are in $1 (default: the primary's).
my_stop_dir() {
  local dir=${1:-$MY_DIR} pid
  pid=$(my_pid "$dir") || return 0
  if process_alive "$pid"; then
    # SIGTERM is a normal shutdown. (mariadb-admin shutdown does the same but then polls only once a second.)
    kill -TERM "$pid" 2>/dev/null || true
    local i
    for i in $(seq 1 600); do
      process_alive "$pid" || break
      sleep 0.05
    done
    if process_alive "$pid"; then
      note "MariaDB (pid $pid) did not stop within 30 s; killing it (log: $dir/error.log)"
      kill -KILL "$pid" 2>/dev/null || true
      for i in $(seq 1 100); do process_alive "$pid" || break; sleep 0.05; done
    fi
  fi
  rm -f "$dir/mysqld.pid"
}

# The replica first, so that it does not log the primary's shutdown as a lost connection it retries.
my_stop() {
  my_stop_dir "$MYR_DIR"
  my_stop_dir "$MY_DIR"
}

# Creates a MariaDB data directory in $1/data and starts a server on it: port $2, then the server's own options.
my_create_and_start() {
  local dir=$1 port=$2
  shift 2
  rm -rf "$dir"
  mkdir -p "$dir"
  chmod 700 "$dir"
  [ ${#dir} -le 88 ] || die "DB_ROOT is too long for a unix socket path ($dir/mysqld.sock); use a shorter DB_ROOT"

  # --no-defaults must be the first option, or /etc/mysql/my.cnf is read too.
  mariadb-install-db --no-defaults "${MY_USER_OPT[@]}" --datadir="$dir/data" \
    --auth-root-authentication-method=socket --auth-root-socket-user="$MY_ADMIN" --skip-test-db --skip-name-resolve \
    </dev/null >"$dir/install.log" 2>&1 \
    || { show_log "$dir/install.log"; die "mariadb-install-db failed (output above, in $dir/install.log)"; }

  # In its own session and with all three standard streams redirected, so that it neither holds
  # the caller's pipes open nor receives the caller's Ctrl-C.
  setsid "$MARIADBD" --no-defaults "${MY_USER_OPT[@]}" --datadir="$dir/data" --socket="$dir/mysqld.sock" \
    --pid-file="$dir/mysqld.pid" --log-error="$dir/error.log" --tmpdir="$dir" \
    --bind-address=127.0.0.1 --port="$port" --skip-name-resolve --max-connections=300 \
    --innodb-buffer-pool-size=256M --innodb-flush-log-at-trx-commit=2 --innodb-doublewrite=0 \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci "$@" \
    </dev/null >"$dir/stdout.log" 2>&1 &
  local server_pid=$! i up=0
  for i in $(seq 1 600); do
    if mariadb-admin --no-defaults --socket="$dir/mysqld.sock" -u"$MY_ADMIN" ping >/dev/null 2>&1; then up=1; break; fi
    process_alive "$server_pid" || break
    sleep 0.05
  done
  if [ "$up" != 1 ]; then
    show_log "$dir/error.log"
    die "MariaDB did not start (log above, in $dir/error.log)"
  fi
}

my_start() {
  # A binary log (as on any primary with replicas; sync_binlog stays 0) so that start-replica can replicate from it.
  my_create_and_start "$MY_DIR" "$MY_PORT" --server-id=1 --log-bin="$MY_DIR/data/binlog" --binlog-format=ROW

  mariadb --no-defaults --socket="$MY_SOCK" -u"$MY_ADMIN" -e "
    CREATE USER 'app'@'%' IDENTIFIED BY 'app';
    GRANT ALL PRIVILEGES ON *.* TO 'app'@'%';
    CREATE USER 'replicator'@'%' IDENTIFIED BY 'replicator';
    GRANT REPLICATION SLAVE ON *.* TO 'replicator'@'%';
    CREATE USER 'monitor'@'%' IDENTIFIED BY 'monitor';
    GRANT REPLICA MONITOR ON *.* TO 'monitor'@'%';
    CREATE DATABASE appdb CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;" \
    </dev/null >"$MY_DIR/setup.log" 2>&1 \
    || { cat "$MY_DIR/setup.log" >&2; die "could not create the MariaDB user and database (output above)"; }
  mariadb --no-defaults --protocol=TCP -h 127.0.0.1 -P "$MY_PORT" -uapp -papp appdb -e "SELECT 1" \
    </dev/null >/dev/null 2>"$MY_DIR/check.log" \
    || { cat "$MY_DIR/check.log" >&2; die "MariaDB is up but app cannot log in over TCP on 127.0.0.1:$MY_PORT (output above)"; }
}

# A replica of the running primary: it replicates from the primary's first binary log, so the logins and databases
# the primary was given (app, appdb) reach it through replication, as does everything tests do on the primary.
my_replica_start() {
  my_running "$MY_DIR" || die "the MariaDB primary in $MY_DIR is not running; start it first (bash eng/test-databases.sh start mariadb)"
  local primary_port first_log
  primary_port=$(my_port)
  first_log=$(mariadb --no-defaults --socket="$MY_SOCK" -u"$MY_ADMIN" -N -B -e "SHOW BINARY LOGS" </dev/null 2>/dev/null | head -n 1 | cut -f 1)
  [ -n "$first_log" ] || die "the MariaDB primary on 127.0.0.1:$primary_port writes no binary log; recreate it with this script's start"
  check_port_free "MariaDB replica" "$MY_REPLICA_PORT" MY_REPLICA_PORT
  my_stop_dir "$MYR_DIR"

  trap 'rc=$?; if [ "$rc" -ne 0 ]; then note "start-replica failed; stopping the replica"; my_stop_dir "$MYR_DIR" || true; fi' EXIT
  my_create_and_start "$MYR_DIR" "$MY_REPLICA_PORT" --server-id=2 --read-only --skip-slave-start \
    --relay-log="$MYR_DIR/data/relay"
  mariadb --no-defaults --socket="$MYR_DIR/mysqld.sock" -u"$MY_ADMIN" -e "
    CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$primary_port, MASTER_USER='replicator',
      MASTER_PASSWORD='replicator', MASTER_LOG_FILE='$first_log', MASTER_LOG_POS=4, MASTER_CONNECT_RETRY=1;
    START SLAVE;" \
    </dev/null >"$MYR_DIR/setup.log" 2>&1 \
    || { cat "$MYR_DIR/setup.log" >&2; die "could not make the MariaDB replica replicate (output above)"; }

  # Up once app, created on the primary, can log in to the replica over TCP and see appdb.
  local i up=0
  for i in $(seq 1 600); do
    if mariadb --no-defaults --protocol=TCP -h 127.0.0.1 -P "$MY_REPLICA_PORT" -uapp -papp appdb -e "SELECT 1" \
      </dev/null >/dev/null 2>&1; then up=1; break; fi
    sleep 0.05
  done
  if [ "$up" != 1 ]; then
    mariadb --no-defaults --socket="$MYR_DIR/mysqld.sock" -u"$MY_ADMIN" -e "SHOW SLAVE STATUS\\G" </dev/null 2>&1 \
      | grep -E 'Running|Error|Seconds_Behind' >&2 || true
    show_log "$MYR_DIR/error.log"
    die "the MariaDB replica on 127.0.0.1:$MY_REPLICA_PORT did not catch up with the primary within 30 s (status above, log in $MYR_DIR/error.log)"
  fi
  trap - EXIT
  printf 'MariaDB %s replica of 127.0.0.1:%s on 127.0.0.1:%s (files in %s)\n' "$(my_version "$MYR_DIR")" "$primary_port" "$MY_REPLICA_PORT" "$MYR_DIR"
  printf "export TEST_MY_REPLICA='Server=127.0.0.1;Port=%s;Database=appdb;Uid=app;Pwd=app'\n" "$MY_REPLICA_PORT"
}

my_version() {
  mariadb --no-defaults --socket="${1:-$MY_DIR}/mysqld.sock" -u"$MY_ADMIN" -N -B -e "SELECT VERSION()" </dev/null 2>/dev/null
}

my_port() {
  mariadb --no-defaults --socket="$MY_SOCK" -u"$MY_ADMIN" -N -B -e "SELECT @@port" </dev/null 2>/dev/null
}

# ---------------------------------------------------------------------------------------------
# Watchdog: stops everything once DB_OWNER_PID is gone.

watchdog_stop() {
  local pid
  pid=$(cat "$WATCHDOG_PIDFILE" 2>/dev/null) || return 0
  rm -f "$WATCHDOG_PIDFILE"
  if [[ $pid =~ ^[0-9]+$ ]] && [ "$pid" != "$$" ]; then
    kill -TERM -- "-$pid" 2>/dev/null || true   # its session (the loop and its sleep)
  fi
}

watchdog_start() {
  [ -n "${DB_OWNER_PID:-}" ] || return 0
  [[ $DB_OWNER_PID =~ ^[0-9]+$ ]] || die "DB_OWNER_PID must be a process id (got '$DB_OWNER_PID')"
  local started
  started=$(process_start_time "$DB_OWNER_PID") || die "DB_OWNER_PID $DB_OWNER_PID is not a running process"
  setsid bash "$SELF" __watch "$DB_OWNER_PID" "$started" </dev/null >>"$DB_ROOT/watchdog.log" 2>&1 &
  printf '%s\n' "$!" >"$WATCHDOG_PIDFILE"
}

watch_owner() {
  local owner=$1 started=$2
  while process_alive "$owner" && [ "$(process_start_time "$owner" 2>/dev/null)" = "$started" ]; do
    sleep 1
  done
  note "$(date '+%F %T') owner process $owner is gone: stopping the servers in $DB_ROOT"
  destroy
}

# ---------------------------------------------------------------------------------------------
# Commands

stop_all() {
  [ -d "$DB_ROOT" ] || return 0
  watchdog_stop
  # Both at once: each takes a fraction of a second.
  local pg_rc=0 my_rc=0
  pg_stop & local pg_job=$!
  my_stop || my_rc=$?
  wait "$pg_job" || pg_rc=$?
  [ "$pg_rc" -eq 0 ] && [ "$my_rc" -eq 0 ] || die "could not stop the servers in $DB_ROOT (messages above)"
}

destroy() {
  stop_all
  rm -rf "$PG_DIR" "$MY_DIR" "$MYR_DIR" "$DB_ROOT"/pg-standby*
  rm -f "$DB_ROOT/watchdog.log" "$WATCHDOG_PIDFILE"
  rmdir "$DB_ROOT" 2>/dev/null || true
}

start_all() {
  case "${1:-}" in
    '') ;;
    postgresql) WANT_MY=0 ;;
    mariadb) WANT_PG=0 ;;
    *) die "start takes no argument, postgresql or mariadb (got '$1')" ;;
  esac
  install_packages
  mkdir -p "$DB_ROOT"
  # mktemp -d makes 0700 directories; the postgres user has to pass through.
  chmod 755 "$DB_ROOT"
  stop_all
  [ "$WANT_PG" = 0 ] || check_port_free PostgreSQL "$PG_PORT" PG_PORT
  [ "$WANT_MY" = 0 ] || check_port_free MariaDB "$MY_PORT" MY_PORT

  # Whatever was started is stopped again if a later step fails.
  trap 'rc=$?; if [ "$rc" -ne 0 ]; then note "start failed; stopping what was started"; stop_all || true; fi' EXIT
  [ "$WANT_PG" = 0 ] || pg_start
  [ "$WANT_MY" = 0 ] || my_start
  watchdog_start
  trap - EXIT

  local summary=''
  [ "$WANT_PG" = 0 ] || summary="PostgreSQL $(pg_version "$PG_PORT") on 127.0.0.1:$PG_PORT"
  [ "$WANT_MY" = 0 ] || summary="${summary:+$summary, }MariaDB $(my_version) on 127.0.0.1:$MY_PORT"
  printf '%s (files in %s)\n' "$summary" "$DB_ROOT"
  [ "$WANT_PG" = 0 ] || printf "export TEST_PG='Host=127.0.0.1;Port=%s;Database=appdb;Username=app;Password=app'\n" "$PG_PORT"
  [ "$WANT_MY" = 0 ] || printf "export TEST_MY='Server=127.0.0.1;Port=%s;Database=appdb;Uid=app;Pwd=app'\n" "$MY_PORT"
}

status() {
  local rc=0 port
  if pg_running; then
    port=$(sed -n 4p "$PG_DIR/data/postmaster.pid")
    printf 'PostgreSQL: up, %s on 127.0.0.1:%s (data %s)\n' "$(pg_version "$port")" "$port" "$PG_DIR/data"
  else
    printf 'PostgreSQL: down (%s)\n' "$PG_DIR"; rc=3
  fi
  if my_running && mariadb-admin --no-defaults --socket="$MY_SOCK" -u"$MY_ADMIN" ping >/dev/null 2>&1; then
    printf 'MariaDB:    up, %s on 127.0.0.1:%s (data %s)\n' "$(my_version)" "$(my_port)" "$MY_DIR/data"
  else
    printf 'MariaDB:    down (%s)\n' "$MY_DIR"; rc=3
  fi
  if [ -d "$MYR_DIR" ]; then
    if my_running "$MYR_DIR"; then
      printf 'Replica:    up, %s (data %s)\n' "$(my_version "$MYR_DIR")" "$MYR_DIR/data"
    else
      printf 'Replica:    down (%s)\n' "$MYR_DIR"
    fi
  fi
  return "$rc"
}

case "${1:-}" in
  start)   start_all "${2:-}" ;;
  start-replica) my_replica_start ;;
  stop)    stop_all ;;
  status)  status ;;
  destroy) destroy ;;
  __watch) watch_owner "$2" "$3" ;;
  *) printf 'usage: bash %s start [postgresql|mariadb]|start-replica|stop|status|destroy   (env: DB_ROOT, PG_PORT, MY_PORT, MY_REPLICA_PORT, DB_OWNER_PID)\n' "$0" >&2; exit 2 ;;
esac
