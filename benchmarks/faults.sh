#!/usr/bin/env bash
# The long-form fault run: the sample shop's CustomerDetails group (samples/Shop) applied by the built safe-migrate
# tool on copies of a 300,000-customer database while it is killed (SIGKILL of the tool at 20 random moments over
# Expand, Backfill and Contract, each followed by the same command until it exits 0), the runner's backend is terminated
# mid-batch 5 times, the server is restarted during Backfill, a transaction holds a lock on the table for 20 s while
# Expand runs (an app loop timing its reads), and two runners start at the same instant. Each copy must end equal, row
# for row, to a twin that EF Core's own migrator built without a fault. Starts a throwaway PostgreSQL 15 (through
# eng/test-databases.sh), writes benchmarks/results/<yyyy-MM-dd>/faults.md and removes the server.
#
# Usage:  bash benchmarks/faults.sh [--customers 300000] [--kills 20] [--seed 14]
# Needs: the .NET 10 SDK, PostgreSQL 15's server (eng/test-databases.sh installs it as root), Linux (/proc).
# Exit code: 0 every fault survived with nothing lost, 1 not, 2 bad usage.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

die() { printf 'faults.sh: error: %s\n' "$*" >&2; exit 1; }
note() { printf 'faults.sh: %s\n' "$*" >&2; }
command -v dotnet >/dev/null || die "dotnet is not on PATH; install the .NET 10 SDK."

free_port() {
  local port=$1
  while [ -n "$(ss -Htln "( sport = :$port )" 2>/dev/null)" ]; do port=$((port + 1)); done
  printf '%s\n' "$port"
}
PG_PORT=$(free_port 55532)
MY_PORT=$(free_port $((PG_PORT + 1)))
DB_ROOT=$(mktemp -d /tmp/esm-faults.XXXXXX)
WORK=$(mktemp -d /tmp/esm-faults-bin.XXXXXX)
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
export DB_ROOT PG_PORT MY_PORT PGBIN
# shellcheck disable=SC2317
cleanup() { bash eng/test-databases.sh destroy >/dev/null 2>&1 || true; rm -rf "$DB_ROOT" "$WORK"; }
trap cleanup EXIT

note "building the tool, the sample shop and the fault program (Release)..."
for project in src/EfSafeMigrations.Tool/EfSafeMigrations.Tool.csproj benchmarks/EfSafeMigrations.Faults/EfSafeMigrations.Faults.csproj; do
  dotnet build -c Release -nologo -v quiet "$project" >/dev/null \
    || { dotnet build -c Release -nologo "$project" | tail -n 30 >&2; die "$project does not build"; }
done
# Copies, so that building the tree again while the run goes on changes nothing under it.
cp -r src/EfSafeMigrations.Tool/bin/Release/net10.0 "$WORK/tool"
cp -r samples/Shop/bin/Release/net10.0 "$WORK/shop"
cp -r benchmarks/EfSafeMigrations.Faults/bin/Release/net10.0 "$WORK/faults"

revision=unknown
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  revision=$(git rev-parse --short HEAD)
  if [ -n "$(git status --porcelain -- src samples benchmarks/EfSafeMigrations.Faults 2>/dev/null)" ]; then revision="$revision with uncommitted changes"; fi
fi

note "starting a throwaway PostgreSQL on 127.0.0.1:$PG_PORT (files in $DB_ROOT)..."
started=$(DB_OWNER_PID=$$ bash eng/test-databases.sh start postgresql) || die "could not start the database server (messages above)"
admin=$(printf '%s\n' "$started" | sed -n "s/^export TEST_PG='\(.*\)'$/\1/p")
[ -n "$admin" ] || die "eng/test-databases.sh did not print a PostgreSQL connection string"
pg_ctl="$PGBIN/pg_ctl -D $DB_ROOT/pg/data -l $DB_ROOT/pg/server.log"
if [ "$(id -u)" -eq 0 ]; then pg_ctl="runuser -u postgres -- $pg_ctl"; fi

out="benchmarks/results/$(date +%F)"
mkdir -p "$out"
dotnet "$WORK/faults/EfSafeMigrations.Faults.dll" --connection "$admin" --pg-ctl "$pg_ctl" --tool "$WORK/tool/safe-migrate.dll" \
  --shop "$WORK/shop/Shop.dll" --out "$out/faults.md" --revision "$revision" "$@"
