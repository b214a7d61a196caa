#!/usr/bin/env bash
# One-time set-up on a fresh machine: Node.js >= 22.18, librdkafka (the local Kafka broker used
# by the rehearsal and the integration tests) and the npm dependencies. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

need_node() {
  local v
  v=$("$1" -p 'const [a,b]=process.versions.node.split(".").map(Number); a>22||(a===22&&b>=18)?"ok":"old"' 2>/dev/null || echo missing)
  [ "$v" = ok ]
}

if command -v node >/dev/null && need_node node; then
  echo "setup: using Node.js $(node --version) from PATH"
elif [ -x .tools/node/bin/node ] && need_node .tools/node/bin/node; then
  echo "setup: using Node.js $(.tools/node/bin/node --version) from .tools/"
else
  echo "setup: Node.js on PATH is $(node --version 2>/dev/null || echo missing); installing node@22 from the npm registry into .tools/"
  npm install --no-save --no-package-lock --prefix .tools/npm node@22 >/dev/null
  mkdir -p .tools/node/bin
  ln -sf "$(pwd)/.tools/npm/node_modules/node/bin/node" .tools/node/bin/node
  need_node .tools/node/bin/node || { echo "setup: the installed node@22 does not run" >&2; exit 1; }
  echo "setup: Node.js $(.tools/node/bin/node --version) installed in .tools/node/bin"
fi

# The client package supports Node.js >= 18; its install test imports it on 18 as well.
if [ ! -x .tools/node18/bin/node ]; then
  echo "setup: installing node@18 from the npm registry into .tools/node18 (the client's oldest supported Node.js)"
  npm install --no-save --no-package-lock --prefix .tools/npm18 node@18 >/dev/null
  mkdir -p .tools/node18/bin
  ln -sf "$(pwd)/.tools/npm18/node_modules/node/bin/node" .tools/node18/bin/node
  .tools/node18/bin/node --version >/dev/null || { echo "setup: the installed node@18 does not run" >&2; exit 1; }
fi

# Installs a Debian package as root, or says which command installs it.
debian_package() {
  local name=$1 why=$2
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing Debian package $name ($why)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$name" >/dev/null
  else
    echo "setup: $name is missing; install it with: sudo apt-get install -y $name" >&2
    exit 1
  fi
}

# contrib/python (the second implementation of the routing contract) runs in the tests.
command -v python3 >/dev/null || debian_package python3 "runs contrib/python in the tests"
ldconfig -p 2>/dev/null | grep -q 'librdkafka\.so\.1' || debian_package librdkafka1 "local Kafka broker"

echo "setup: npm ci"
npm ci --no-audit --no-fund --loglevel=error
echo "setup: done"
