#!/usr/bin/env bash
# Builds the solution and runs all tests (Release). The tests start their own throwaway PostgreSQL and
# MariaDB servers through eng/test-databases.sh, or use the servers named by TEST_PG / TEST_MY if set.
# Usage: bash eng/test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Staging]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

command -v dotnet >/dev/null || { echo "test.sh: error: dotnet is not on PATH; install the .NET 10 SDK." >&2; exit 1; }

# The test process stops its database servers when it exits. The test platform kills a test process
# that has not exited 100 ms after the run ends; give it time to stop them before `dotnet test` returns.
export VSTEST_TESTHOST_SHUTDOWN_TIMEOUT=${VSTEST_TESTHOST_SHUTDOWN_TIMEOUT:-60000}

if [ -n "${TEST_PG:-}" ]; then echo "test.sh: PostgreSQL from TEST_PG"; fi
if [ -n "${TEST_MY:-}" ]; then echo "test.sh: MariaDB from TEST_MY"; fi

dotnet tool restore
dotnet build -c Release EfSafeMigrations.slnx
dotnet test -c Release --no-build EfSafeMigrations.slnx --logger "console;verbosity=normal" "$@"
