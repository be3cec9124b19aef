# syntax=docker/dockerfile:1
# The SLT bot as a container: docs/deploy.md explains how to run it. scripts/image-smoke.sh performs
# these steps without Docker (in .ci/run) and fails when this file and the script disagree.
#
# The build stages run Node 24.18.1 on purpose: better-sqlite3 12 compiled against the headers of Node
# 24.19 or later aborts the process when the garbage collector frees a statement (node_object_wrap.h
# gained cleanup hooks that it trips over). Compiled against 24.18.1 it runs on any Node 24 (same ABI),
# so the runtime stage takes the current Node 24. scripts/node24.sh checks the binary; drop this when
# the project moves to better-sqlite3 13 (docs/deploy.md, "Node.js versions").
ARG BUILD_NODE=24.18.1

# the compiler toolchain for better-sqlite3, always built from source here: against known headers, and
# without downloading a prebuilt binary from GitHub (npm warns that it does not know the setting, but
# better-sqlite3's installer, prebuild-install, reads it from the environment)
FROM node:${BUILD_NODE}-slim AS toolchain
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
ENV npm_config_build_from_source=better-sqlite3
WORKDIR /app
COPY package.json package-lock.json ./

# everything, then the compiled JavaScript in dist/ and the bot's bundle in dist/bundle (scripts/bundle.mjs)
FROM toolchain AS build
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/bundle.mjs scripts/ascii-bundle.cjs scripts/lazy-require-plugin.cjs ./scripts/
COPY src ./src
COPY adapters ./adapters
RUN npm run build

# the production dependencies only
FROM toolchain AS deps
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:24-slim
# SLT_DATA: mount the municipalities' YAML files at /config (read-only is fine); the demo data is in
# /app/data/municipalities. Only /data (the database) and /tmp are written: a read-only root file
# system works (docker run --read-only --tmpfs /tmp).
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
