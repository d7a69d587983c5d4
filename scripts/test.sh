#!/usr/bin/env bash
# The whole test suite, as CI runs it: system packages, static checks, then every vitest project
# (unit, integration, samba, e2e). Run through `npm test`, so node_modules/.bin (with Node 26) is on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system-deps.sh
echo "== typecheck" && tsc --noEmit -p tsconfig.json
echo "== lint" && eslint . && prettier --check . >/dev/null
mkdir -p artifacts
echo "== tests"
status=0
vitest run --reporter=default --reporter=json --outputFile.json=artifacts/vitest.json "$@" || status=$?
# A plain closing line ("N passed, N failed") that any CI log reader understands.
node -e '
  const r = JSON.parse(require("node:fs").readFileSync("artifacts/vitest.json", "utf8"));
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
' || true
exit "$status"
