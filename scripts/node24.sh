# Node 24 from the npm registry (the `node` package puts a real binary under node_modules/.bin, and its
# node-linux-<arch> package ships Node's headers under include/node), for .ci/run and scripts/image-smoke.sh.
# Source it with ROOT set to the checkout. Two versions, as in the Dockerfile:
#   the build Node (ARG BUILD_NODE): npm ci compiles better-sqlite3 against its headers, no download;
#   the current Node 24: what the image runs, and what the tests run on.
# Installed once into $NODE24_CACHE (default .ci/cache; delete it to fetch a newer Node 24).

NODE24_CACHE=${NODE24_CACHE:-$ROOT/.ci/cache}
NODE24_BUILD_VERSION=$(sed -n 's/^ARG BUILD_NODE=//p' "$ROOT/Dockerfile")

_node24_fetch() { # <folder> <version>
  if [ ! -x "$1/node_modules/.bin/node" ]; then
    mkdir -p "$1"
    npm install --prefix "$1" --no-save --no-package-lock --no-audit --no-fund "node@$2" >/dev/null
  fi
}

# sets NODE24_RUNTIME_BIN, NODE24_BUILD_BIN (folders to put first on PATH) and NODE24_BUILD_HEADERS
node24_install() {
  [ -n "$NODE24_BUILD_VERSION" ] || { echo "scripts/node24.sh: no 'ARG BUILD_NODE=' in the Dockerfile" >&2; return 1; }
  _node24_fetch "$NODE24_CACHE/node-24" 24
  _node24_fetch "$NODE24_CACHE/node-$NODE24_BUILD_VERSION" "$NODE24_BUILD_VERSION"
  NODE24_RUNTIME_BIN=$NODE24_CACHE/node-24/node_modules/.bin
  NODE24_BUILD_BIN=$NODE24_CACHE/node-$NODE24_BUILD_VERSION/node_modules/.bin
  NODE24_BUILD_HEADERS=$(echo "$NODE24_CACHE/node-$NODE24_BUILD_VERSION"/node_modules/node/node_modules/node-linux-*)
  [ -f "$NODE24_BUILD_HEADERS/include/node/node.h" ] || { echo "scripts/node24.sh: no Node headers in $NODE24_BUILD_HEADERS" >&2; return 1; }
  case "$("$NODE24_RUNTIME_BIN/node" -v)" in v24.*) ;; *) echo "scripts/node24.sh: $NODE24_RUNTIME_BIN/node is not Node 24" >&2; return 1 ;; esac
}

# run a command as the Dockerfile's build stages do: the build Node, its headers, better-sqlite3 from source
node24_build_env() {
  env PATH="$NODE24_BUILD_BIN:$PATH" npm_config_nodedir="$NODE24_BUILD_HEADERS" npm_config_build_from_source=better-sqlite3 "$@"
}

# run a command on the current Node 24
node24_runtime_env() {
  env PATH="$NODE24_RUNTIME_BIN:$PATH" "$@"
}

# better-sqlite3 12 compiled against Node >= 24.19's headers calls RemoveEnvironmentCleanupHook from its
# statement destructor and aborts the process (see the Dockerfile); refuse such a binary before it runs
node24_check_sqlite() { # <node_modules folder>
  local binary=$1/better-sqlite3/build/Release/better_sqlite3.node
  [ -f "$binary" ] || { echo "no better-sqlite3 binary at $binary" >&2; return 1; }
  if grep -qa RemoveEnvironmentCleanupHook "$binary"; then
    echo "$binary was compiled against Node headers that abort better-sqlite3 12 (24.19 or later); build it with Node $NODE24_BUILD_VERSION's headers" >&2
    return 1
  fi
}
