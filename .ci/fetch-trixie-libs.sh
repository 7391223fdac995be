#!/usr/bin/env bash
# Fetches Debian 13 (trixie) glibc/libstdc++ into a private folder so the jdave smoke test can load
# libdave.so (needs glibc >= 2.38, GLIBCXX_3.4.32) on a Debian 12 machine. The machine's apt state is
# untouched: private sources list, lists and cache folders. Usage: fetch-trixie-libs.sh [dest]
set -euo pipefail
DEST="${1:-${TREANT_TRIXIE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)/target/trixie-root}}"
if [ -e "$DEST/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" ]; then echo "trixie libs already in $DEST"; exit 0; fi
# same mirror host as the machine's own Debian sources, suite trixie
MIRROR="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
  | grep -oE 'https?://[^ ]+/debian/?( |$)' | head -1 | tr -d ' ' || true)"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/lists/partial" "$WORK/cache/archives/partial" "$WORK/debs" "$DEST"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${MIRROR%/} trixie main" > "$WORK/sources.list"
APT=(-o Dir::Etc::SourceList="$WORK/sources.list" -o Dir::Etc::SourceParts=/dev/null
     -o Dir::State::Lists="$WORK/lists" -o Dir::Cache="$WORK/cache" -o APT::Architecture=amd64)
apt-get "${APT[@]}" update -q
(cd "$WORK/debs" && apt-get "${APT[@]}" download libc6 libstdc++6 libgcc-s1)
for deb in "$WORK"/debs/*.deb; do dpkg -x "$deb" "$DEST"; done
# glibc's dynamic loader lives in /usr/lib/x86_64-linux-gnu on trixie (merged /usr)
mkdir -p "$DEST/lib/x86_64-linux-gnu"
for f in "$DEST"/usr/lib/x86_64-linux-gnu/*; do ln -sf "$f" "$DEST/lib/x86_64-linux-gnu/" 2>/dev/null || true; done
ls "$DEST/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" >/dev/null
echo "trixie libs in $DEST"
