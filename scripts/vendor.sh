#!/usr/bin/env bash
# Fetch the pinned browser assets from the npm registry into static/vendor/ (served), and those only the browser
# tests use into tests/vendor/ (not served).
# Each asset keeps its licence and a VERSION file; never edit the files by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

fetch() {  # [VENDOR=DIR] fetch PACKAGE VERSION DEST FILE...
  local pkg=$1 version=$2 dest=${VENDOR:-static/vendor}/$3; shift 3
  local tmp; tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "$pkg@$version" >/dev/null && tar -xzf ./*.tgz)
  rm -rf "$dest" && mkdir -p "$dest"
  for f in "$@"; do cp "$tmp/package/$f" "$dest/"; done
  cp "$tmp"/package/LICENSE* "$dest/"
  printf '%s@%s (npm registry)\n' "$pkg" "$version" > "$dest/VERSION"
  rm -rf "$tmp"
}

fetch htmx.org 2.0.11 htmx dist/htmx.min.js
fetch jsqr 1.4.0 jsqr dist/jsQR.js
fetch idb 8.0.3 idb build/umd.js  # IndexedDB with promises: the offline desk's queue and ticket list
VENDOR=tests/vendor fetch axe-core 4.10.3 axe-core axe.min.js  # accessibility checks in tests/e2e
