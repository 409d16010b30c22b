#!/usr/bin/env bash
# The zero-downtime benchmark on MariaDB: one model change (a computed required column, an index, a foreign key)
# applied as Pomelo's plain EF Core migration and through the staged phases, each on its own copy of the same table,
# under concurrent writers, with a single UPDATE as the baseline of the backfill rate. Starts a throwaway MariaDB 10.11
# (through eng/test-databases.sh, which installs the server package if it is missing and run as root), builds the
# benchmark on the EF Core 9 line (Pomelo) and runs it, and writes benchmarks/results/<yyyy-MM-dd>/report-mariadb.md.
# The server is destroyed at the end.
#
# Usage:  bash benchmarks/run-mariadb.sh [options]      e.g.  bash benchmarks/run-mariadb.sh --rows 200000
#   Options go to the benchmark program (--rows, --writers, --think-ms, --writer-timeout, --quiet, --pause, --out,
#   --keep; --help lists them). Set BENCH_MY to a MySqlConnector connection string to use a server of your own.
# Needs: the .NET 10 SDK.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

die() { printf 'run-mariadb.sh: error: %s\n' "$*" >&2; exit 1; }
note() { printf 'run-mariadb.sh: %s\n' "$*" >&2; }

command -v dotnet >/dev/null || die "dotnet is not on PATH; install the .NET 10 SDK."
PROJECT=benchmarks/EfSafeMigrations.Benchmarks.MariaDb/EfSafeMigrations.Benchmarks.MariaDb.csproj

if [ -z "${BENCH_MY:-}" ]; then
  free_port() {
    local port=$1
    while [ -n "$(ss -Htln "( sport = :$port )" 2>/dev/null)" ]; do port=$((port + 1)); done
    printf '%s\n' "$port"
  }
  MY_PORT=$(free_port 53306)
  PG_PORT=$(free_port $((MY_PORT + 1)))
  DB_ROOT=$(mktemp -d /tmp/esm-bench-my.XXXXXX)
  export DB_ROOT PG_PORT MY_PORT
  # shellcheck disable=SC2317
  cleanup() { bash eng/test-databases.sh destroy >/dev/null 2>&1 || true; rm -rf "$DB_ROOT"; }
  trap cleanup EXIT
  note "starting a throwaway MariaDB on 127.0.0.1:$MY_PORT (files in $DB_ROOT)..."
  # DB_OWNER_PID: the server is removed even if this script is killed.
  started=$(DB_OWNER_PID=$$ bash eng/test-databases.sh start mariadb) || die "could not start the database server (messages above)"
  BENCH_MY=$(printf '%s\n' "$started" | sed -n "s/^export TEST_MY='\(.*\)'$/\1/p")
  [ -n "$BENCH_MY" ] || die "eng/test-databases.sh did not print a MariaDB connection string"
fi

dotnet build -c Release -nologo -v quiet -p:EfCoreMajor=9 "$PROJECT" >/dev/null \
  || { dotnet build -c Release -nologo -p:EfCoreMajor=9 "$PROJECT" | tail -n 30 >&2; die "the benchmark does not build"; }

# Which library the numbers belong to, for the report's header.
revision=unknown
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  revision=$(git rev-parse --short HEAD)
  if [ -n "$(git status --porcelain -- src 2>/dev/null)" ]; then revision="$revision with uncommitted changes in src/"; fi
fi

BENCH_MY=$BENCH_MY dotnet run -c Release --no-build -p:EfCoreMajor=9 --project "$PROJECT" -- \
  --out "benchmarks/results/$(date +%F)" --revision "$revision" "$@"
