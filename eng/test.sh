#!/usr/bin/env bash
# Builds the solution and runs the tests (Release), the tests starting their own throwaway PostgreSQL and MariaDB
# servers through eng/test-databases.sh (or using the servers named by TEST_PG / TEST_MY if set).
#
# Usage: bash eng/test.sh                                  the whole matrix (what CI runs):
#                                                            EF Core 10 on PostgreSQL 15, all tests
#                                                            EF Core 9  on PostgreSQL 15, all tests
#                                                            EF Core 10 on PostgreSQL 18, all tests
#                                                            EF Core 10 on PostgreSQL 14, 16 and 17: the catalogue,
#                                                              SQL, dialect and staging tests
#        bash eng/test.sh [--line 10|9] [--pg 14|15|16|17|18] [dotnet test arguments, e.g. --filter ...]
#                                                          one run: that EF Core line (default 10) on that PostgreSQL
#                                                          major (default 15), all tests or the filter given
# EF Core 9 is the same source built with -p:EfCoreMajor=9 (see Directory.Build.props). PostgreSQL 15 is Debian's
# package; the other majors' servers are fetched once and cached by eng/postgres-binaries.sh.
# Prints each run's counts and a closing "total: N passed, N failed" line; exits non-zero if any run fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

die() { echo "test.sh: error: $*" >&2; exit 2; }
command -v dotnet >/dev/null || { echo "test.sh: error: dotnet is not on PATH; install the .NET 10 SDK." >&2; exit 1; }

line=
pg=
while [ $# -gt 0 ]; do
  case "$1" in
    --line) [ $# -ge 2 ] || die "--line needs a value: 10 or 9"
            case "$2" in 10|9) line=$2 ;; *) die "--line must be 10 or 9 (got '$2')" ;; esac; shift 2 ;;
    --pg)   [ $# -ge 2 ] || die "--pg needs a PostgreSQL major: 14, 15, 16, 17 or 18"
            case "$2" in 14|15|16|17|18) pg=$2 ;; *) die "--pg must be 14, 15, 16, 17 or 18 (got '$2')" ;; esac; shift 2 ;;
    *) break ;;
  esac
done

# The catalogue and SQL tests: what the subset runs on the other PostgreSQL majors cover.
subset='FullyQualifiedName~.Catalogue.|FullyQualifiedName~.Sql.|FullyQualifiedName~.Dialects.|FullyQualifiedName~.Staging.'
# Each run: "EF line, PostgreSQL major, filter ('' for all tests)".
if [ -n "$line$pg" ]; then
  runs=("${line:-10} ${pg:-15} ")
else
  runs=("10 15 " "9 15 " "10 18 " "10 14 $subset" "10 16 $subset" "10 17 $subset")
fi

# The test process stops its database servers when it exits. The test platform kills a test process
# that has not exited 100 ms after the run ends; give it time to stop them before `dotnet test` returns.
export VSTEST_TESTHOST_SHUTDOWN_TIMEOUT=${VSTEST_TESTHOST_SHUTDOWN_TIMEOUT:-60000}

if [ -n "${TEST_PG:-}" ]; then echo "test.sh: PostgreSQL from TEST_PG (the --pg major is not used)"; fi
if [ -n "${TEST_MY:-}" ]; then echo "test.sh: MariaDB from TEST_MY"; fi

dotnet tool restore

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
built=" "
total_passed=0
total_failed=0
summary=()
failures=()
status=0
for run in "${runs[@]}"; do
  read -r ef major filter <<<"$run"
  name="EF Core $ef on PostgreSQL $major${filter:+ (catalogue and SQL tests)}"
  echo "test.sh: ===== $name ====="
  PGBIN=$(bash eng/postgres-binaries.sh "$major")
  export PGBIN EFSM_PG_MAJOR=$major
  if [[ "$built" != *" $ef "* ]]; then
    # The safe-migrate tool, one for every line, is packed from the EF Core 10 line's build: the EF Core 9 line's
    # package tests install it, so build it when the EF Core 10 line has not been built in this run.
    if [ "$ef" != 10 ] && [[ "$built" != *" 10 "* ]]; then
      dotnet build -c Release -p:EfCoreMajor=10 src/EfSafeMigrations.Tool/EfSafeMigrations.Tool.csproj
    fi
    dotnet build -c Release -p:EfCoreMajor="$ef" EfSafeMigrations.slnx
    built="$built$ef "
  fi
  args=("$@")
  if [ -n "$filter" ]; then
    # A subset run: its own filter, and the caller's too when one is given (--filter X becomes (subset)&(X)).
    args=()
    combined=$filter
    rest=("$@")
    for ((i = 0; i < ${#rest[@]}; i++)); do
      if [ "${rest[i]}" = "--filter" ] && [ $((i + 1)) -lt ${#rest[@]} ]; then
        combined="($filter)&(${rest[i + 1]})"
        i=$((i + 1))
      else
        args+=("${rest[i]}")
      fi
    done
    args=(--filter "$combined" "${args[@]+"${args[@]}"}")
  fi
  log="$logs/run.log"
  set +e
  dotnet test -c Release --no-build -p:EfCoreMajor="$ef" EfSafeMigrations.slnx --logger "console;verbosity=normal" "${args[@]}" \
    2>&1 | tee "$log"
  code=${PIPESTATUS[0]}
  set -e
  passed=$(sed -n 's/^ *Passed: *\([0-9][0-9]*\)$/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
  failed=$(sed -n 's/^ *Failed: *\([0-9][0-9]*\)$/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
  if [ "$code" != 0 ] && [ "$failed" = 0 ]; then failed=1; fi   # a run that failed without a count (a crash) still fails
  [ "$code" = 0 ] || status=1
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  summary+=("$name: $passed passed, $failed failed (dotnet test exit code $code)")
  # The failed tests by name with the first line of their message, repeated in the summary: a CI log is often read from its end.
  while IFS= read -r line; do failures+=("$name: $line"); done < <(
    awk '/^  Failed [A-Za-z]/ { name = substr($0, 10); getline; getline; sub(/^ +/, ""); print name ": " substr($0, 1, 300) }' "$log")
done

echo "test.sh: ===== summary ====="
printf 'test.sh: %s\n' "${summary[@]}"
if [ ${#failures[@]} -gt 0 ]; then printf 'test.sh: failed: %s\n' "${failures[@]}"; fi
echo "total: $total_passed passed, $total_failed failed"
exit "$status"
