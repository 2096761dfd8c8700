#!/usr/bin/env bash
# Quick start: builds what the server serves if it is missing, then starts Weft.
set -euo pipefail
cd "$(dirname "$0")/.."
exec pnpm -s weft --help
