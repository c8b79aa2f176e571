#!/usr/bin/env bash
# Installs the lockfile's versions (npm ci, from npm's cache once it has them), once: test assemblies that run at
# the same time take turns (flock), and a node_modules already installed from this lockfile is kept.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
exec 9>.install.lock
flock 9
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f node_modules/.installed ] && [ "$(cat node_modules/.installed)" = "$want" ]; then
  exit 0
fi
npm ci --prefer-offline --no-audit --no-fund
echo "$want" > node_modules/.installed
