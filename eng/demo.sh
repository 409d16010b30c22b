#!/usr/bin/env bash
# The demo: a rolling deploy of samples/Shop's staged CustomerDetails group on a throwaway PostgreSQL 15.
# The previous release (samples/Shop.Previous) writes under load from the start; `dotnet safe-migrate`
# applies expand and backfill; the new release (samples/Shop) joins and both run side by side; the
# previous release stops; contract runs. Every request of both versions is logged, and the demo ends with
# what each version saw per phase (requests, failures, wrong reads, median and worst latency).
#
# Usage: bash eng/demo.sh
#
# It starts its own servers with eng/test-databases.sh (in a fresh temp folder, on free loopback
# ports) and stops and deletes them when it ends, however it ends. It can be run again and again.
# Needs the .NET 10 SDK and PostgreSQL 15 (MariaDB, which the server script also starts, is
# installed by that script when missing and run as root).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
SHOP=samples/Shop
SHOP_DLL=$SHOP/bin/Debug/net10.0/Shop.dll
PREVIOUS_DLL=samples/Shop.Previous/bin/Debug/net10.0/Shop.Previous.dll
TOOL_DLL=src/EfSafeMigrations.Tool/bin/Debug/net10.0/safe-migrate.dll
MIGRATIONS=$SHOP/Migrations
WORKERS=${DEMO_WORKERS:-4}
CUSTOMERS=${DEMO_CUSTOMERS:-50000}

die() { printf 'demo: error: %s\n' "$*" >&2; exit 1; }
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
safe_migrate() { dotnet "$TOOL_DLL" "$@" --project "$SHOP" --no-build --no-color; }
marker() { printf '%s,%s\n' "$(now_ms)" "$1" >>"$WORK/phases.csv"; }

# ---------------------------------------------------------------------------------------------

printf '%sEfSafeMigrations demo: a column rename, a new required column, an index, a foreign key and a dropped column,\nstaged into expand, backfill and contract, applied to a live table phase by phase.%s\n' "$BOLD" "$PLAIN"

step "1. A throwaway PostgreSQL 15"
t=$(now_ms)
PG_PORT=$(free_port)
MY_PORT=$(free_port "$PG_PORT")
export PG_PORT MY_PORT
for attempt in 1 2 3; do
  if bash eng/test-databases.sh start >"$LOG" 2>&1; then break; fi
  # Another process may have taken a port between the check and the server binding it.
  if [ "$attempt" -lt 3 ] && grep -q "already in use" "$LOG"; then
    PG_PORT=$(free_port); MY_PORT=$(free_port "$PG_PORT"); continue
  fi
  cat "$LOG" >&2; die "could not start the database servers (output above)"
done
"$PGBIN/psql" -h "$DB_ROOT/pg" -p "$PG_PORT" -U postgres -d postgres -X -q -v ON_ERROR_STOP=1 \
  -c "CREATE DATABASE shop OWNER app" >"$LOG" 2>&1 || { cat "$LOG" >&2; die "could not create database shop"; }
export SHOP_DB="Host=127.0.0.1;Port=$PG_PORT;Database=shop;Username=app;Password=app"
say "database shop on 127.0.0.1:$PG_PORT, files in $DB_ROOT ($(seconds_since "$t"))"

step "2. Build the new release (samples/Shop), the previous release (samples/Shop.Previous) and dotnet safe-migrate"
t=$(now_ms)
for project in samples/Shop/Shop.csproj samples/Shop.Previous/Shop.Previous.csproj src/EfSafeMigrations.Tool/EfSafeMigrations.Tool.csproj; do
  quietly "dotnet build $project" dotnet build "$project" -c Debug -nologo
done
BUILT=$(now_ms)
say "built ($(seconds_since "$t"))"

step "3. The database as the previous release left it (group Initial), with $CUSTOMERS customers"
safe_migrate phase expand --to Initial | sed 's/^/  /'
shop seed
"$PGBIN/psql" -h "$DB_ROOT/pg" -p "$PG_PORT" -U app -d shop -X -q -v ON_ERROR_STOP=1 -c \
  "INSERT INTO \"Customers\" (\"Name\", \"Email\", \"Phone\") SELECT 'bulk' || g, 'bulk' || g || '@example.com', NULL FROM generate_series(1, $CUSTOMERS) g" >"$LOG" 2>&1 \
  || { cat "$LOG" >&2; die "could not insert the customers"; }
safe_migrate status | sed 's/^/  /'

step "4. The previous release starts serving: $WORKERS workers creating customers, changing emails, reading each other's rows"
marker "previous release alone"
dotnet "$PREVIOUS_DLL" load "$WORKERS" "$WORK/old.csv" "$WORK/known" &
OLD_PID=$!
sleep 2

step "5. dotnet safe-migrate phase expand (the previous release keeps serving)"
marker "expand"
safe_migrate phase expand | sed 's/^/  /'
shop old-write Margaret margaret@example.com
shop report "after Expand (the previous release's writes reach EmailAddress through the trigger)"

step "6. dotnet safe-migrate phase backfill: Email copied into EmailAddress in batches, the foreign key validated"
marker "backfill"
safe_migrate phase backfill | sed 's/^/  /'

say "the pipeline's readiness check before the rollout:"
safe_migrate status --require backfilled | tail -n 1 | sed 's/^/  /'

step "7. The new release rolls out: old and new side by side, each reading the other's writes"
marker "old and new side by side"
dotnet "$SHOP_DLL" load "$WORKERS" "$WORK/new.csv" "$WORK/known" &
NEW_PID=$!
shop new-write Barbara barbara@example.com
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

printf '\n%sDemo OK in %s (%s after the build): CustomerDetails went expand -> backfill -> contract under load, no request failed; %s. Server stopped.%s\n' \
  "$BOLD" "$(seconds_since "$START")" "$AFTER_BUILD" "$SUMMARY" "$PLAIN"
