#!/usr/bin/env bash
# What the worker's tests need beside Maven: node + npm and dynalite (a DynamoDB-API server) for
# DynamoDbStoreTest and WorkerDynamoDbIntegrationTest. Run as root on a fresh Debian 12.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm
fi
# pinned by src/test/dynalite/package-lock.json (dynalite 4.0.0); node_modules is not committed
(cd src/test/dynalite && npm ci --no-audit --no-fund)
