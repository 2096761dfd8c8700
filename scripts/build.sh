#!/usr/bin/env bash
# Builds everything that is not TypeScript run from source: the standard blocks (.wasm), the `weft`
# command (apps/cli/dist, with the server it embeds) and the studio (static files the server serves).
set -euo pipefail
cd "$(dirname "$0")/.."
pnpm -s build:blocks
pnpm -s build:cli
if [ -f apps/studio/vite.config.ts ]; then pnpm -s build:studio; fi
