#!/usr/bin/env bash
# The demo: samples/Shop taken through the phases of its staged CustomerDetails group (expand, backfill,
# contract) on a throwaway PostgreSQL 15, with the data checked after each phase.
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
MIGRATIONS=$SHOP/Migrations

die() { printf 'demo: error: %s\n' "$*" >&2; exit 1; }
command -v dotnet >/dev/null || die "dotnet is not on PATH; install the .NET 10 SDK."

now_ms() { date +%s%3N; }
seconds_since() { local ms=$(( $(now_ms) - $1 )); printf '%d.%d s' $((ms / 1000)) $((ms % 1000 / 100)); }
START=$(now_ms)

# ---------------------------------------------------------------------------------------------
# Throwaway servers, stopped and deleted on any exit (and by the script's watchdog if this shell is killed).

LOG=$(mktemp /tmp/efsm-demo-log.XXXXXX)
DB_ROOT=$(mktemp -d /tmp/efsm-demo.XXXXXX)
export DB_ROOT DB_OWNER_PID=$$

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
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

migration_id() {
  local file
  for file in "$MIGRATIONS"/*_"$1".cs; do
    [ -f "$file" ] || die "samples/Shop has no migration named $1"
    basename "$file" .cs
    return 0
  done
}
INITIAL=$(migration_id Initial_Expand)
EXPAND=$(migration_id CustomerDetails_Expand)
BACKFILL=$(migration_id CustomerDetails_Backfill)
CONTRACT=$(migration_id CustomerDetails_Contract)

shop() { dotnet "$SHOP_DLL" "$@"; }
update_to() {
  quietly "dotnet ef database update $1" dotnet ef database update "$1" --project "$SHOP" --no-build
  grep -E "^(Applying|Reverting) migration" "$LOG" | sed 's/^/  /' || true
}

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

step "2. Build samples/Shop"
t=$(now_ms)
quietly "dotnet tool restore" dotnet tool restore
quietly "dotnet build $SHOP" dotnet build "$SHOP/Shop.csproj" -c Debug -nologo
BUILT=$(now_ms)
say "dotnet-ef restored, Shop built ($(seconds_since "$t"))"

step "3. The old app version's schema (group Initial), and its data"
update_to "$INITIAL"
shop seed
shop report "after Initial"

step "4. Expand: EmailAddress added beside Email with triggers keeping both equal, Tier added with a default,"
say "indexes built CONCURRENTLY, the foreign key added NOT VALID. The old version keeps working:"
update_to "$EXPAND"
shop old-write Margaret margaret@example.com
shop report "after Expand (existing rows' EmailAddress still NULL; Margaret's copied by the trigger)"

step "5. Backfill: Email copied into EmailAddress in batches, the foreign key validated."
say "Old and new versions now run side by side, each reading the other's writes:"
update_to "$BACKFILL"
shop new-write Barbara barbara@example.com
shop report "after Backfill (Barbara, written to EmailAddress by the new version, has Email too)"

step "6. Contract, once no old instance is left: the triggers, Email and Phone dropped."
update_to "$CONTRACT"
shop report "after Contract"

SUMMARY=$(shop check) || die "the final state is not what the phases should leave (see above)"
AFTER_BUILD=$(seconds_since "$BUILT")
bash eng/test-databases.sh destroy >"$LOG" 2>&1 || { cat "$LOG" >&2; die "could not stop the servers in $DB_ROOT"; }
rm -rf "$DB_ROOT"

printf '\n%sDemo OK in %s (%s after the build): CustomerDetails went expand -> backfill -> contract; %s. Server stopped.%s\n' \
  "$BOLD" "$(seconds_since "$START")" "$AFTER_BUILD" "$SUMMARY" "$PLAIN"
