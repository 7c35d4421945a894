#!/usr/bin/env bash
# Builds Ory Hydra (pinned) from the Go module proxy once and caches the
# binary; prints the binary's path. Hydra's go.mod has a replace directive
# to a nested module that the proxy's zip lacks, so `go install
# github.com/ory/hydra/v2@VERSION` refuses; this builds the module's own
# source in a temporary copy, with that one replace pointed at the client's
# published version instead. sqlite is needed for DSN=memory (cgo).
set -euo pipefail
HYDRA_VERSION="${HYDRA_VERSION:-v2.3.0}"
HYDRA_CLIENT_VERSION="${HYDRA_CLIENT_VERSION:-v2.2.1}"
CACHE="${ESPO_OIDC_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/espo-oidc-e2e}"
BIN="$CACHE/hydra-$HYDRA_VERSION/hydra"
if [ -x "$BIN" ] && "$BIN" version >/dev/null 2>&1; then
  echo "$BIN"
  exit 0
fi
mkdir -p "$(dirname "$BIN")"
start=$(date +%s)
src=$(cd "$(mktemp -d)" && pwd)
trap 'chmod -R u+w "$src" 2>/dev/null; rm -rf "$src"' EXIT
(cd "$src" && GOFLAGS=-mod=mod go mod download -json "github.com/ory/hydra/v2@$HYDRA_VERSION" >/dev/null)
dir=$(cd "$src" && go mod download -json "github.com/ory/hydra/v2@$HYDRA_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
cp -r "$dir" "$src/hydra"
chmod -R u+w "$src/hydra"
cd "$src/hydra"
go mod edit -dropreplace github.com/ory/hydra-client-go/v2 -require "github.com/ory/hydra-client-go/v2@$HYDRA_CLIENT_VERSION"
# The module asks for an old toolchain; build with the one installed.
go mod edit -toolchain none
GOTOOLCHAIN=local GOFLAGS=-mod=mod CGO_ENABLED=1 go build -trimpath \
  -tags sqlite,sqlite_omit_load_extension \
  -ldflags "-X github.com/ory/hydra/v2/driver/config.Version=$HYDRA_VERSION" \
  -o "$BIN.tmp" . >&2
mv "$BIN.tmp" "$BIN"
echo "built Hydra $HYDRA_VERSION in $(( $(date +%s) - start ))s: $BIN" >&2
echo "$BIN"
