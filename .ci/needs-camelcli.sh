#!/usr/bin/env bash
# Camel CLI (bin/camel, bin/camel-smoke): nothing beyond JDK 25, Maven, openssl and curl, which
# .ci/run already provides. Resolving the CLI once here keeps its download out of a later step.
# bin/camel-smoke is NOT part of bin/test; to run it in CI add, after bin/test:  bin/camel-smoke
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME_25="${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}" bin/camel --version
