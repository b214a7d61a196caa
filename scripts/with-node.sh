#!/usr/bin/env bash
# Runs a Node.js program with a Node.js >= 22.18: the one on PATH when new enough, else the
# one scripts/setup.sh installed into .tools/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
ok() { "$1" -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=18)?0:1)' 2>/dev/null; }
if command -v node >/dev/null && ok node; then exec node --conditions=kraft-canary-source "$@"; fi
if [ -x "$root/.tools/node/bin/node" ] && ok "$root/.tools/node/bin/node"; then
  PATH="$root/.tools/node/bin:$PATH" exec "$root/.tools/node/bin/node" --conditions=kraft-canary-source "$@"
fi
echo "kraft-canary needs Node.js >= 22.18 (found $(node --version 2>/dev/null || echo none)); run: bash scripts/setup.sh" >&2
exit 1
