#!/usr/bin/env bash
# The Dockerfile's build and run steps without Docker (there is no daemon on the CI machines), so the
# Dockerfile stays true: each stage is a folder under a fresh temporary directory, each COPY a copy,
# each RUN the same command (with Node from the npm registry: scripts/node24.sh). Then the image's
# CMD is started as its USER would be, with the image's environment, its HEALTHCHECK command is polled,
# the file system is checked for writes outside /data and /tmp, and `docker stop`'s SIGTERM must end it.
#   scripts/image-smoke.sh            (run by .ci/run; about five minutes, most of it compiling better-sqlite3 twice)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/node24.sh
source "$ROOT/scripts/node24.sh"

fail() { echo "image-smoke: $*" >&2; exit 1; }
say() { printf '\n--- image-smoke: %s\n' "$*"; }

# The Dockerfile's instructions (comments dropped, continued lines joined), in order. The steps below
# perform exactly these; when the Dockerfile changes, this check fails until the steps and this copy
# are changed to match.
MIRRORED=$(cat <<'EOF'
ARG BUILD_NODE=24.18.1
FROM node:${BUILD_NODE}-slim AS toolchain
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
ENV npm_config_build_from_source=better-sqlite3
WORKDIR /app
COPY package.json package-lock.json ./
FROM toolchain AS build
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/bundle.mjs scripts/ascii-bundle.cjs scripts/lazy-require-plugin.cjs ./scripts/
COPY src ./src
COPY adapters ./adapters
RUN npm run build
FROM toolchain AS deps
RUN npm ci --omit=dev --no-audit --no-fund
FROM node:24-slim
ENV NODE_ENV=production SLT_DB=/data/slt.db SLT_DATA=/config SLT_CONSOLE=off PORT=3978 NODE_COMPILE_CACHE=/tmp/node-compile-cache MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY data ./data
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--max-semi-space-size=8", "dist/bundle/main.js"]
EOF
)
instructions=$(awk '/^[[:space:]]*#/ || /^[[:space:]]*$/ { next }
  { line = line $0; if (sub(/\\$/, "", line)) next; gsub(/[[:space:]]+/, " ", line); sub(/ $/, "", line); print line; line = "" }' "$ROOT/Dockerfile")
if [ "$instructions" != "$MIRRORED" ]; then
  diff <(echo "$MIRRORED") <(echo "$instructions") >&2 || true
  fail "the Dockerfile (>) differs from the steps this script performs (<): change the steps below and MIRRORED to match"
fi
# the exec-form arguments of an instruction, one per line
exec_form() { sed -n "s/^$1 .*CMD \(\[.*\]\)$/\1/p; s/^$1 \(\[.*\]\)$/\1/p" <<<"$instructions" | node -e 'for (const a of JSON.parse(require("fs").readFileSync(0, "utf8"))) console.log(a)'; }

T=$(mktemp -d)
child=
cleanup() { [ -n "$child" ] && kill -9 "$child" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
chmod 755 "$T"
node24_install
say "build Node $("$NODE24_BUILD_BIN/node" -v) (headers $NODE24_BUILD_HEADERS), runtime Node $("$NODE24_RUNTIME_BIN/node" -v), in $T"

# the build context: what the Dockerfile copies from it (.dockerignore lets nothing else in)
ctx=$T/context
mkdir -p "$ctx"
for p in package.json package-lock.json tsconfig.json tsconfig.build.json src adapters data; do cp -a "$ROOT/$p" "$ctx/"; done
mkdir -p "$ctx/scripts" && cp "$ROOT/scripts/bundle.mjs" "$ROOT/scripts/ascii-bundle.cjs" "$ROOT/scripts/lazy-require-plugin.cjs" "$ctx/scripts/"

# FROM node:${BUILD_NODE}-slim AS toolchain: the build Node and its headers (node24_build_env, which also
# sets npm_config_build_from_source=better-sqlite3); RUN apt-get …: this machine's python3, make and g++
for tool in python3 make g++; do command -v "$tool" >/dev/null || fail "$tool is needed to compile better-sqlite3"; done
toolchain() { # WORKDIR /app; COPY package.json package-lock.json ./
  mkdir -p "$T/$1/app" && cp "$ctx/package.json" "$ctx/package-lock.json" "$T/$1/app/"
}

say "stage build"
toolchain build
cd "$T/build/app"
node24_build_env npm ci --no-audit --no-fund
cp "$ctx/tsconfig.json" "$ctx/tsconfig.build.json" ./
mkdir -p ./scripts && cp "$ctx/scripts/bundle.mjs" "$ctx/scripts/ascii-bundle.cjs" "$ctx/scripts/lazy-require-plugin.cjs" ./scripts/
cp -a "$ctx/src" ./src
cp -a "$ctx/adapters" ./adapters
node24_build_env npm run build

say "stage deps"
toolchain deps
cd "$T/deps/app"
node24_build_env npm ci --omit=dev --no-audit --no-fund
node24_check_sqlite node_modules

say "stage runtime"
R=$T/runtime # the image's root file system; $R/data is the /data volume, $R/tmp is /tmp
mkdir -p "$R/app" "$R/tmp" "$R/home"
cd "$R/app"
cp -a "$T/deps/app/node_modules" ./node_modules
cp -a "$T/build/app/dist" ./dist
cp "$ctx/package.json" ./
cp -a "$ctx/data" ./data
mkdir -p "$R/data"
chmod 1777 "$R/tmp"
run_as=()
if [ "$(id -u)" = 0 ]; then # USER node: an unprivileged user that owns only /data
  chown nobody "$R/data"
  run_as=(setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups)
fi
[ -z "$(find "$R/app" -path "$R/app/node_modules" -prune -o -name '*.ts' -print)" ] || fail "TypeScript sources in the runtime image"
[ ! -e "$R/app/node_modules/typescript" ] && [ ! -e "$R/app/node_modules/jest" ] || fail "development dependencies in the runtime image"

port=$(node -e 's = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
image_env=(NODE_ENV=production SLT_DB="$R/data/slt.db" SLT_DATA="$R/app/data/municipalities" SLT_CONSOLE=off PORT="$port"
  NODE_COMPILE_CACHE="$R/tmp/node-compile-cache" MALLOC_ARENA_MAX=2 TMPDIR="$R/tmp" HOME="$R/home" PATH="$NODE24_RUNTIME_BIN:/usr/bin:/bin")
mapfile -t cmd < <(exec_form CMD)
mapfile -t healthcheck < <(exec_form HEALTHCHECK)
version=$(node -p 'require(process.argv[1]).version' "$ROOT/package.json")

# docker run: CMD as USER with the image's ENV (and `extra` settings), until HEALTHCHECK passes; then docker stop
run_container() {
  env -i "${image_env[@]}" "$@" "${run_as[@]}" "${cmd[@]}" >"$T/bot.log" 2>&1 &
  child=$!
  local healthy=
  for _ in $(seq 1 150); do
    kill -0 "$child" 2>/dev/null || { cat "$T/bot.log" >&2; fail "the bot exited before it was healthy"; }
    if env -i "${image_env[@]}" "${run_as[@]}" "${healthcheck[@]}"; then healthy=1; break; fi
    sleep 0.2
  done
  [ -n "$healthy" ] || { cat "$T/bot.log" >&2; fail "HEALTHCHECK did not pass within 30 s"; }
  local health
  health=$(curl -sf "http://127.0.0.1:$port/healthz")
  grep -q "\"version\":\"$version\"" <<<"$health" || fail "/healthz does not report version $version: $health"
  echo "healthy: $health"
  kill -TERM "$child"
  for _ in $(seq 1 75); do kill -0 "$child" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$child" 2>/dev/null; then fail "still running 15 s after SIGTERM"; fi
  local status=0
  wait "$child" || status=$?
  child=
  [ "$status" = 0 ] || { cat "$T/bot.log" >&2; fail "exit status $status after SIGTERM"; }
  cat "$T/bot.log"
}

touch "$T/started"
sleep 1 # a whole second between the marker and the start, so find -newer sees any write
say "run: the first start of a deployment (SLT_NEW_DATABASE=yes; SLT_DATA: the demo data instead of a /config mount)"
run_container SLT_NEW_DATABASE=yes
say "run: a restart with the image's environment only"
run_container

written=$(find "$R" -newer "$T/started" -not -path "$R/data*" -not -path "$R/tmp*")
[ -z "$written" ] || fail "written outside /data and /tmp (a read-only root file system would refuse): $written"
[ -s "$R/data/slt.db" ] || fail "no database in /data"
say "ok: built, started twice as an unprivileged user, healthy, stopped by SIGTERM, wrote only to /data and /tmp"
