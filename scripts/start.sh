#!/usr/bin/env bash
# Quick start: builds the studio when it is missing, then starts Weft (SQLite in ./.weft/).
# Extra arguments go to `weft serve` (e.g. `pnpm start --port 9000`).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f apps/studio/dist/index.html ]; then
  echo "building the studio (first start only)…"
  pnpm -s build:studio
fi
exec pnpm -s weft serve "$@"
