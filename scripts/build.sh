#!/usr/bin/env bash
# Builds everything that is not TypeScript run from source: the standard blocks (.wasm), the `weft`
# command (apps/cli/dist, with the server it embeds) and the studio (static files the server serves).
# `--changed` skips each block whose .wasm is newer than its sources, the SDK and the compiler (what
# the install's postinstall and the test command use; a plain `pnpm build` compiles every block).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = --changed ]; then pnpm -s build:blocks --changed; else pnpm -s build:blocks; fi
pnpm -s build:cli
if [ -f apps/studio/vite.config.ts ]; then pnpm -s build:studio; fi
