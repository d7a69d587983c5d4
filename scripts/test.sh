#!/usr/bin/env bash
# The whole test suite, as CI runs it: system packages, static checks, then every vitest project
# (unit, integration, samba, e2e). Run through `npm test`, so node_modules/.bin (with Node 26) is on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system-deps.sh
echo "== typecheck" && tsc --noEmit -p tsconfig.json
echo "== lint" && eslint . && prettier --check . >/dev/null
echo "== tests" && vitest run
