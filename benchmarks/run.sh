#!/usr/bin/env bash
# The zero-downtime benchmark: one model change applied as a plain EF Core migration and through the
# staged phases, each on its own copy of the same table, under a concurrent writer load. Starts a
# throwaway PostgreSQL 15 (through eng/test-databases.sh, which installs the server package if it is
# missing), builds and runs the benchmark, and writes
# benchmarks/results/<yyyy-MM-dd>/report.md with latency.png. The servers are destroyed at the end.
#
# Usage:  bash benchmarks/run.sh [options]      e.g.  bash benchmarks/run.sh --rows 5000000
#   Options go to the benchmark program (--rows, --writers, --writer-timeout, --quiet, --pause, --out,
#   --keep; --help lists them). Set BENCH_PG to a connection string to use a server of your own instead.
#         bash benchmarks/run.sh flags [options]
#   The deployment flags benchmark instead: IFeatureManager.IsEnabledAsync on a deployment flag (cached, and
#   with no cache) against a feature from configuration, in one run; writes benchmarks/results/<yyyy-MM-dd>/flags.md
#   (flags --help lists its options). It needs no gnuplot.
# Needs: the .NET 10 SDK; gnuplot for the picture (installed with apt-get when run as root).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

die() { printf 'run.sh: error: %s\n' "$*" >&2; exit 1; }
note() { printf 'run.sh: %s\n' "$*" >&2; }

command -v dotnet >/dev/null || die "dotnet is not on PATH; install the .NET 10 SDK."

if [ "${1:-}" != flags ] && ! command -v gnuplot >/dev/null; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    note "installing gnuplot-nox for the picture..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q --no-install-recommends gnuplot-nox >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends gnuplot-nox >/dev/null; } \
      || die "apt-get could not install gnuplot-nox"
  else
    note "gnuplot is not installed (apt-get install gnuplot-nox): the report is written without its picture."
  fi
fi

if [ -z "${BENCH_PG:-}" ]; then
  free_port() {
    local port=$1
    while [ -n "$(ss -Htln "( sport = :$port )" 2>/dev/null)" ]; do port=$((port + 1)); done
    printf '%s\n' "$port"
  }
  PG_PORT=$(free_port 55432)
  MY_PORT=$(free_port $((PG_PORT + 1)))
  DB_ROOT=$(mktemp -d /tmp/esm-bench.XXXXXX)
  export DB_ROOT PG_PORT MY_PORT
  # shellcheck disable=SC2317
  cleanup() { bash eng/test-databases.sh destroy >/dev/null 2>&1 || true; rm -rf "$DB_ROOT"; }
  trap cleanup EXIT
  note "starting a throwaway PostgreSQL on 127.0.0.1:$PG_PORT (files in $DB_ROOT)..."
  # DB_OWNER_PID: the servers are removed even if this script is killed.
  # `start postgresql` starts only PostgreSQL where the script knows that; older versions ignore the word and start both.
  started=$(DB_OWNER_PID=$$ bash eng/test-databases.sh start postgresql) || die "could not start the database server (messages above)"
  BENCH_PG=$(printf '%s\n' "$started" | sed -n "s/^export TEST_PG='\(.*\)'$/\1/p")
  [ -n "$BENCH_PG" ] || die "eng/test-databases.sh did not print a PostgreSQL connection string:
$started"
  # A CHECKPOINT before each timed part of the no-writer rounds, so that no part pays for the WAL of the one before.
  PGPASSWORD=postgres psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -X -q -c "GRANT pg_checkpoint TO app" </dev/null >/dev/null \
    || die "could not let the benchmark's login run CHECKPOINT"
fi

dotnet build -c Release -nologo -v quiet benchmarks/EfSafeMigrations.Benchmarks/EfSafeMigrations.Benchmarks.csproj >/dev/null \
  || { dotnet build -c Release -nologo benchmarks/EfSafeMigrations.Benchmarks/EfSafeMigrations.Benchmarks.csproj | tail -n 30 >&2; die "the benchmark does not build"; }

# Which library the numbers belong to, for the report's header.
revision=unknown
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  revision=$(git rev-parse --short HEAD)
  if [ -n "$(git status --porcelain -- src 2>/dev/null)" ]; then revision="$revision with uncommitted changes in src/"; fi
fi

BENCH_PG=$BENCH_PG dotnet run -c Release --no-build --project benchmarks/EfSafeMigrations.Benchmarks/EfSafeMigrations.Benchmarks.csproj -- \
  --out "benchmarks/results/$(date +%F)" --revision "$revision" "$@"
