#!/usr/bin/env bash
# What the voice tests need on a fresh Debian 12 machine (run as root, apt and Maven Central reachable):
# - espeak-ng: the local speech engine (treant.tts.engine=espeak), exercised by EspeakSpeechTest and the route test;
# - Debian 13 glibc/libstdc++ in /opt/treant-trixie: jdave's libdave.so needs glibc >= 2.38, so the DAVE natives
#   smoke test runs in a JVM started through that loader (.ci/java-trixie.sh). The machine's own libc is untouched.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v espeak-ng >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq espeak-ng
fi
.ci/fetch-trixie-libs.sh /opt/treant-trixie
