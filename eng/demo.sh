#!/usr/bin/env bash
# The demo: a rolling deploy of samples/Shop's staged CustomerDetails group on a throwaway PostgreSQL 15.
# The previous release (samples/Shop.Previous) writes under load from the start; `dotnet safe-migrate`
# applies expand and backfill; the new release (samples/Shop) joins and both run side by side; the
# previous release stops; contract runs. Every request of both versions is logged, and the demo ends with
# what each version saw per phase (requests, failures, wrong reads, median and worst latency).
#
# Usage: bash eng/demo.sh            on PostgreSQL 15 (Npgsql, EF Core 10)
#        bash eng/demo.sh --mysql    the same on MariaDB 10.11 (Pomelo, EF Core 9): samples/Shop.MySql and
#                                    samples/Shop.Previous.MySql, the shop's MySQL builds with their own migrations
#
# It starts its own server with eng/test-databases.sh (in a fresh temp folder, on a free loopback
# port) and stops and deletes it when it ends, however it ends. It can be run again and again.
# Needs the .NET 10 SDK and PostgreSQL 15, or for --mysql MariaDB (installed by the server script
# when missing and run as root). DEMO_CUSTOMERS (default 50000) and DEMO_WORKERS (4) size the run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

die() { printf 'demo: error: %s\n' "$*" >&2; exit 1; }

MYSQL=0
case "${1:-}" in
  '') ;;
  --mysql) MYSQL=1 ;;
  -h|--help) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
  *) die "unknown argument '$1' (usage: bash eng/demo.sh [--mysql])" ;;
esac
[ $# -le 1 ] || die "too many arguments (usage: bash eng/demo.sh [--mysql])"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
TOOL_DLL=src/EfSafeMigrations.Tool/bin/Debug/net10.0/safe-migrate.dll
WORKERS=${DEMO_WORKERS:-4}
CUSTOMERS=${DEMO_CUSTOMERS:-50000}
if [ "$MYSQL" = 1 ]; then
  # The shop's MySQL builds: Pomelo serves the EF Core 9 line, which builds into bin/ef9/.
  SERVER="MariaDB 10.11"
  SHOP=samples/Shop.MySql
  PREVIOUS=samples/Shop.Previous.MySql
  SHOP_DLL=$SHOP/bin/ef9/Debug/net10.0/Shop.MySql.dll
  PREVIOUS_DLL=$PREVIOUS/bin/ef9/Debug/net10.0/Shop.Previous.MySql.dll
  BUILD_LINE=(-p:EfCoreMajor=9)
else
  SERVER="PostgreSQL 15"
  SHOP=samples/Shop
  PREVIOUS=samples/Shop.Previous
  SHOP_DLL=$SHOP/bin/Debug/net10.0/Shop.dll
  PREVIOUS_DLL=$PREVIOUS/bin/Debug/net10.0/Shop.Previous.dll
  BUILD_LINE=()
fi

command -v dotnet >/dev/null || die "dotnet is not on PATH; install the .NET 10 SDK."

now_ms() { date +%s%3N; }
seconds_since() { local ms=$(( $(now_ms) - $1 )); printf '%d.%d s' $((ms / 1000)) $((ms % 1000 / 100)); }
START=$(now_ms)

# ---------------------------------------------------------------------------------------------
# Throwaway servers, stopped and deleted on any exit (and by the script's watchdog if this shell is killed).

LOG=$(mktemp /tmp/efsm-demo-log.XXXXXX)
DB_ROOT=$(mktemp -d /tmp/efsm-demo.XXXXXX)
WORK=$(mktemp -d /tmp/efsm-demo-work.XXXXXX)
OLD_PID='' NEW_PID=''
export DB_ROOT DB_OWNER_PID=$$

stop_app() { # stop_app PID: SIGTERM, then wait for it to finish its requests
  [ -n "$1" ] || return 0
  kill -TERM "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_app "$OLD_PID"; stop_app "$NEW_PID"
  rm -rf "$WORK"
  if [ -d "$DB_ROOT" ]; then
    bash "$ROOT/eng/test-databases.sh" destroy >/dev/null 2>&1 \
      || printf 'demo: could not stop the servers in %s; stop them with: DB_ROOT=%s bash eng/test-databases.sh destroy\n' "$DB_ROOT" "$DB_ROOT" >&2
    rm -rf "$DB_ROOT"
  fi
  rm -f "$LOG"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_free() { [ -z "$(ss -Htln "( sport = :$1 )" 2>/dev/null)" ]; }
free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 12000))
    if [ "$port" != "${1:-}" ] && port_free "$port"; then printf '%s\n' "$port"; return 0; fi
  done
  die "found no free TCP port on 127.0.0.1"
}

# Runs a command with its output in $LOG; shows that output only when the command fails.
quietly() {
  local what=$1 rc=0; shift
  "$@" >"$LOG" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ]; then
    printf 'demo: %s failed (exit code %s):\n' "$what" "$rc" >&2
    cat "$LOG" >&2
    exit 1
  fi
}

if [ -t 1 ]; then BOLD=$'\033[1m' PLAIN=$'\033[0m'; else BOLD='' PLAIN=''; fi
step() { printf '\n%s%s%s\n' "$BOLD" "$*" "$PLAIN"; }
say() { printf '  %s\n' "$*"; }

shop() { dotnet "$SHOP_DLL" "$@"; }
if [ "$MYSQL" = 1 ]; then
  # The built app, as a pipeline gives it: its line-9 build is not where `--project` looks without -p:EfCoreMajor=9.
  safe_migrate() { dotnet "$TOOL_DLL" "$@" --assembly "$SHOP_DLL" --no-color; }
else
  safe_migrate() { dotnet "$TOOL_DLL" "$@" --project "$SHOP" --no-build --no-color; }
fi
# The shop database's own SQL client, for the bulk insert.
db_sql() {
  if [ "$MYSQL" = 1 ]; then
    MYSQL_PWD=app mariadb --no-defaults --protocol=TCP -h 127.0.0.1 -P "$MY_PORT" -u app -e "$1" "${2:-shop}"
  else
    "$PGBIN/psql" -h "$DB_ROOT/pg" -p "$PG_PORT" -U "${3:-app}" -d "${2:-shop}" -X -q -v ON_ERROR_STOP=1 -c "$1"
  fi
}
marker() { printf '%s,%s\n' "$(now_ms)" "$1" >>"$WORK/phases.csv"; }
# Waits until an app started in the background has served its first logged request (its start-up, model building
# and first connections, takes seconds on a busy machine), so that the phase after it is measured with it serving.
wait_serving() { # wait_serving LOG PID WHAT
  local waited=0
  until [ -s "$1" ]; do
    kill -0 "$2" 2>/dev/null || die "$3 stopped before it served a request"
    [ "$waited" -lt 1200 ] || die "$3 served no request within 120 s"
    sleep 0.1; waited=$((waited + 1))
  done
}

# ---------------------------------------------------------------------------------------------

printf '%sEfSafeMigrations demo: a column rename, a new required column, an index, a foreign key and a dropped column,\nstaged into expand, backfill and contract, applied to a live table phase by phase.%s\n' "$BOLD" "$PLAIN"

step "1. A throwaway $SERVER"
t=$(now_ms)
PG_PORT=$(free_port)
MY_PORT=$(free_port "$PG_PORT")
export PG_PORT MY_PORT
if [ "$MYSQL" = 1 ]; then SERVER_KIND=mariadb; else SERVER_KIND=postgresql; fi
for attempt in 1 2 3; do
  if bash eng/test-databases.sh start "$SERVER_KIND" >"$LOG" 2>&1; then break; fi
  # Another process may have taken a port between the check and the server binding it.
  if [ "$attempt" -lt 3 ] && grep -q "already in use" "$LOG"; then
    PG_PORT=$(free_port); MY_PORT=$(free_port "$PG_PORT"); continue
  fi
  cat "$LOG" >&2; die "could not start the database servers (output above)"
done
if [ "$MYSQL" = 1 ]; then
  db_sql "CREATE DATABASE shop CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci" mysql >"$LOG" 2>&1 \
    || { cat "$LOG" >&2; die "could not create database shop"; }
  export SHOP_DB="Server=127.0.0.1;Port=$MY_PORT;Database=shop;Uid=app;Pwd=app"
  DB_PORT=$MY_PORT
else
  db_sql "CREATE DATABASE shop OWNER app" postgres postgres >"$LOG" 2>&1 || { cat "$LOG" >&2; die "could not create database shop"; }
  export SHOP_DB="Host=127.0.0.1;Port=$PG_PORT;Database=shop;Username=app;Password=app"
  DB_PORT=$PG_PORT
fi
say "database shop on 127.0.0.1:$DB_PORT, files in $DB_ROOT ($(seconds_since "$t"))"

step "2. Build the new release ($SHOP), the previous release ($PREVIOUS) and dotnet safe-migrate"
t=$(now_ms)
for project in "$SHOP/$(basename "$SHOP").csproj" "$PREVIOUS/$(basename "$PREVIOUS").csproj"; do
  quietly "dotnet build $project ${BUILD_LINE[*]}" dotnet build "$project" -c Debug -nologo "${BUILD_LINE[@]}"
done
# The tool is one for both EF Core lines, built from the newest.
quietly "dotnet build the tool" dotnet build src/EfSafeMigrations.Tool/EfSafeMigrations.Tool.csproj -c Debug -nologo
BUILT=$(now_ms)
say "built ($(seconds_since "$t"))"

step "3. The database as the previous release left it (group Initial), with $CUSTOMERS customers"
safe_migrate phase expand --to Initial | sed 's/^/  /'
shop seed
if [ "$MYSQL" = 1 ]; then
  bulk="INSERT INTO Customers (Name, Email, Phone) SELECT CONCAT('bulk', seq), CONCAT('bulk', seq, '@example.com'), NULL FROM seq_1_to_$CUSTOMERS"
else
  bulk="INSERT INTO \"Customers\" (\"Name\", \"Email\", \"Phone\") SELECT 'bulk' || g, 'bulk' || g || '@example.com', NULL FROM generate_series(1, $CUSTOMERS) g"
fi
db_sql "$bulk" >"$LOG" 2>&1 || { cat "$LOG" >&2; die "could not insert the customers"; }
safe_migrate status | sed 's/^/  /'

step "4. The previous release starts serving: $WORKERS workers creating customers, changing emails, reading each other's rows"
marker "previous release alone"
dotnet "$PREVIOUS_DLL" load "$WORKERS" "$WORK/old.csv" "$WORK/known" &
OLD_PID=$!
wait_serving "$WORK/old.csv" "$OLD_PID" "the previous release"
sleep 2

step "5. dotnet safe-migrate phase expand (the previous release keeps serving)"
marker "expand"
safe_migrate phase expand | sed 's/^/  /'
shop old-write Margaret margaret@example.com
shop report "after Expand (the previous release's writes reach EmailAddress through the trigger)"

if [ "$MYSQL" = 1 ]; then
  step "6. dotnet safe-migrate phase backfill: Email copied into EmailAddress in batches (the foreign key's old rows were counted when Expand added it)"
else
  step "6. dotnet safe-migrate phase backfill: Email copied into EmailAddress in batches, the foreign key validated"
fi
marker "backfill"
safe_migrate phase backfill | sed 's/^/  /'

say "the pipeline's readiness check before the rollout:"
safe_migrate status --require backfilled | tail -n 1 | sed 's/^/  /'

step "7. The new release rolls out: old and new side by side, each reading the other's writes"
marker "old and new side by side"
dotnet "$SHOP_DLL" load "$WORKERS" "$WORK/new.csv" "$WORK/known" &
NEW_PID=$!
shop new-write Barbara barbara@example.com
wait_serving "$WORK/new.csv" "$NEW_PID" "the new release"
sleep 3

step "8. dotnet safe-migrate phase contract while the previous release still runs: refused by the old-instance gate"
rc=0
safe_migrate phase contract >"$LOG" 2>&1 || rc=$?
sed 's/^/  /' "$LOG"
[ "$rc" -eq 3 ] || die "contract should have been refused with exit code 3 while the previous release runs (got $rc)"
say "exit code 3, nothing changed: both releases keep serving"

marker "new release alone"
stop_app "$OLD_PID"; OLD_PID=''
say "the previous release has stopped (its heartbeat row is gone)"
sleep 1

step "9. dotnet safe-migrate phase contract, now that no old instance is left"
marker "contract"
safe_migrate phase contract | sed 's/^/  /'
say "the deployment flags the app can read through Microsoft.FeatureManagement:"
safe_migrate flag | sed 's/^/  /'
marker "after contract"
sleep 2
stop_app "$NEW_PID"; NEW_PID=''
shop report "after Contract"

step "10. What the apps saw, per phase"
if ! shop load-report "$WORK/phases.csv" "$WORK/old.csv" "$WORK/new.csv" | sed 's/^/  /'; then
  die "some requests failed or read wrong data (see above)"
fi
SUMMARY=$(shop check "$WORK/known") || die "the final state is not what the phases should leave (see above)"
AFTER_BUILD=$(seconds_since "$BUILT")
bash eng/test-databases.sh destroy >"$LOG" 2>&1 || { cat "$LOG" >&2; die "could not stop the servers in $DB_ROOT"; }
rm -rf "$DB_ROOT"

printf '\n%sDemo OK on %s in %s (%s after the build): CustomerDetails went expand -> backfill -> contract under load, no request failed; %s. Server stopped.%s\n' \
  "$BOLD" "$SERVER" "$(seconds_since "$START")" "$AFTER_BUILD" "$SUMMARY" "$PLAIN"
