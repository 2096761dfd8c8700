#!/usr/bin/env bash
# The whole test suite: the README's test command and what .ci/run runs.
# Real parts: a throwaway PostgreSQL server (started by the vitest global setup), Debian's
# Chromium for the studio's e2e tests, and the standard blocks compiled from source.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT
step() { echo; echo "== $1 ($((SECONDS - start))s)"; }
step "system packages"; bash scripts/ensure-system-deps.sh
step "build: blocks and studio"; bash scripts/build.sh --changed
step "typecheck"; pnpm -s typecheck
step "lint"; pnpm -s lint
step "format"; pnpm -s format:check
step "unit and integration tests (vitest)"
pnpm -s test:unit --reporter=default --reporter=json --outputFile.json="$reports/vitest.json"
step "studio end-to-end tests (Playwright, Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME="$reports/playwright.json" pnpm -s e2e --reporter=list,json
echo; echo "== all tests passed ($((SECONDS - start))s)"
node scripts/test-summary.mjs "$reports/vitest.json" "$reports/playwright.json"
