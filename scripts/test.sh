#!/usr/bin/env bash
# The whole test suite: the README's test command and what .ci/run runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system-deps.sh
echo "== typecheck"; pnpm -s typecheck
echo "== lint"; pnpm -s lint
echo "== unit and integration tests (vitest)"; pnpm -s test:unit
