#!/usr/bin/env bash
# Every benchmark (npm run bench) on Node 24, the Node the image runs (Dockerfile: node:24-slim), whatever
# Node runs npm here: Node 24 from the npm registry (scripts/node24.sh, as .ci/run does), a copy of the
# checkout with better-sqlite3 built for it, the build, then bench/bench.mjs on it (baselines included).
#   npm run bench:node24 [-- --quick]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/node24.sh
source "$ROOT/scripts/node24.sh"
node24_install
copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
(cd "$ROOT" && tar --exclude=./node_modules --exclude=./dist --exclude=./.git --exclude=./.ci/cache --exclude=./var -cf - .) | tar -xf - -C "$copy"
cd "$copy"
echo "bench:node24: installing the dependencies for Node $(node24_runtime_env node -v) in $copy" >&2
node24_build_env npm ci --no-audit --no-fund --loglevel=error >/dev/null
node24_check_sqlite node_modules
node24_runtime_env npm run --silent build
node24_runtime_env node bench/bench.mjs "$@"
