#!/usr/bin/env bash
# Builds the solution and runs all tests (Release) on each EF Core line: EF Core 10, then EF Core 9 (the same source
# built with -p:EfCoreMajor=9, see Directory.Build.props). The tests start their own throwaway PostgreSQL and MariaDB
# servers through eng/test-databases.sh, or use the servers named by TEST_PG / TEST_MY if set.
# Usage: bash eng/test.sh [--line 10|9|all] [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Staging]
# Prints each line's counts and a closing "total: N passed, N failed" line; exits non-zero if any line fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

die() { echo "test.sh: error: $*" >&2; exit 2; }
command -v dotnet >/dev/null || { echo "test.sh: error: dotnet is not on PATH; install the .NET 10 SDK." >&2; exit 1; }

lines=(10 9)
if [ "${1:-}" = "--line" ]; then
  [ $# -ge 2 ] || die "--line needs a value: 10, 9 or all"
  case "$2" in
    10|9) lines=("$2") ;;
    all) ;;
    *) die "--line must be 10, 9 or all (got '$2')" ;;
  esac
  shift 2
fi

# The test process stops its database servers when it exits. The test platform kills a test process
# that has not exited 100 ms after the run ends; give it time to stop them before `dotnet test` returns.
export VSTEST_TESTHOST_SHUTDOWN_TIMEOUT=${VSTEST_TESTHOST_SHUTDOWN_TIMEOUT:-60000}

if [ -n "${TEST_PG:-}" ]; then echo "test.sh: PostgreSQL from TEST_PG"; fi
if [ -n "${TEST_MY:-}" ]; then echo "test.sh: MariaDB from TEST_MY"; fi

dotnet tool restore

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
total_passed=0
total_failed=0
summary=()
status=0
for line in "${lines[@]}"; do
  echo "test.sh: ===== EF Core $line line (-p:EfCoreMajor=$line) ====="
  # The safe-migrate tool, one for every line, is packed from the EF Core 10 line's build: the EF Core 9 line's
  # package tests install it, so build it when only the EF Core 9 line runs.
  if [ "$line" != 10 ] && [ "${#lines[@]}" = 1 ]; then
    dotnet build -c Release -p:EfCoreMajor=10 src/EfSafeMigrations.Tool/EfSafeMigrations.Tool.csproj
  fi
  dotnet build -c Release -p:EfCoreMajor="$line" EfSafeMigrations.slnx
  set +e
  dotnet test -c Release --no-build -p:EfCoreMajor="$line" EfSafeMigrations.slnx --logger "console;verbosity=normal" "$@" \
    2>&1 | tee "$logs/ef$line.log"
  code=${PIPESTATUS[0]}
  set -e
  passed=$(sed -n 's/^ *Passed: *\([0-9][0-9]*\)$/\1/p' "$logs/ef$line.log" | awk '{s+=$1} END {print s+0}')
  failed=$(sed -n 's/^ *Failed: *\([0-9][0-9]*\)$/\1/p' "$logs/ef$line.log" | awk '{s+=$1} END {print s+0}')
  if [ "$code" != 0 ] && [ "$failed" = 0 ]; then failed=1; fi   # a run that failed without a count (a crash) still fails
  [ "$code" = 0 ] || status=1
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  summary+=("EF Core $line line: $passed passed, $failed failed (dotnet test exit code $code)")
done

echo "test.sh: ===== summary ====="
printf 'test.sh: %s\n' "${summary[@]}"
echo "total: $total_passed passed, $total_failed failed"
exit "$status"
