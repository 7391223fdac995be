#!/usr/bin/env bash
# Starts the unchanged JDK 25 `java` through Debian 13's dynamic loader and libraries, so that jdave's
# libdave.so (glibc >= 2.38) loads on a Debian 12 host. Surefire's `jvm` parameter points here for the
# jdave smoke test (profile `dave-natives`). Libraries come from fetch-trixie-libs.sh.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
JDK="${TREANT_JDK:-${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}}"
# Surefire points JAVA_HOME at .ci/trixie-jvm (where its `jvm` lives): that is not a JDK
if [ "$(head -c 4 "$JDK/bin/java" 2>/dev/null | tail -c 3)" != "ELF" ]; then JDK=/usr/lib/jvm/temurin-25-jdk-amd64; fi
if [ -z "${TREANT_TRIXIE_ROOT:-}" ]; then
  if [ -e /opt/treant-trixie/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 ]; then TREANT_TRIXIE_ROOT=/opt/treant-trixie
  else TREANT_TRIXIE_ROOT="$HERE/../target/trixie-root"; fi
fi
ROOT="$TREANT_TRIXIE_ROOT"
if [ ! -e "$ROOT/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" ]; then
  "$HERE/fetch-trixie-libs.sh" "$ROOT" >&2
fi
LIBS="$ROOT/usr/lib/x86_64-linux-gnu:$ROOT/lib/x86_64-linux-gnu"
exec "$ROOT/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" --library-path "$LIBS:$JDK/lib:$JDK/lib/server" "$JDK/bin/java" "$@"
