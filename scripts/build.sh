#!/usr/bin/env bash
# Builds everything that is not TypeScript run from source: the standard blocks (.wasm) and the
# studio (static files the server serves).
set -euo pipefail
cd "$(dirname "$0")/.."
pnpm -s build:blocks
if [ -f apps/studio/vite.config.ts ]; then pnpm -s build:studio; fi
