#!/usr/bin/env bash
# scripts/bench.sh: whole-process speed and memory of espo-oidc, each figure
# paired in the same run against its natural floor (issue 16):
#
#   one instance   lint --format json            vs a hello-world Go binary built the same way
#   fleet 1,000    lint --format json            vs cat of the same files   (+ CPU use: user+sys / real)
#   fleet 10,000   lint --format json            peak RSS
#   logs           logs on a 512 MiB log         vs grep -c OIDC;  on its gzip vs zcat | grep -c OIDC
#   hostile logs   1 GiB without record headers, a gzip inflating to 4 GiB of newlines: peak RSS
#   probe          probe at 200 ms latency       vs one curl round trip to the same server
#
# Usage: scripts/bench.sh [BINARY]   (default: builds ./cmd/espo-oidc)
# (grep writes to a file: GNU grep stops at the first match when its output is /dev/null.)
# Environment: LOG_MB (512), HOSTILE_MB (1024), NEWLINES_MB (4096), RUNS (5),
# SKIP (space-separated: one fleet fleet10k logs hostile probe).
# Needs hyperfine (Debian: apt-get install hyperfine), jq, curl, gzip, GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
LOG_MB=${LOG_MB:-512}
HOSTILE_MB=${HOSTILE_MB:-1024}
NEWLINES_MB=${NEWLINES_MB:-4096}
RUNS=${RUNS:-5}
SKIP=" ${SKIP:-} "
for t in hyperfine jq curl gzip /usr/bin/time; do
  command -v "$t" >/dev/null || { echo "bench.sh needs $t (Debian: apt-get install hyperfine jq curl gzip time)" >&2; exit 2; }
done

T=$(mktemp -d "${TMPDIR:-/tmp}/espo-oidc-bench.XXXXXX")
SERVE_PID=
cleanup() { [ -n "$SERVE_PID" ] && kill "$SERVE_PID" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT

# --- binaries: espo-oidc and hello world, built the same way -------------
# CGO_ENABLED=0, as the README installs it: with cgo the net and os/user
# packages make the binary dynamic, and loading libc and cgo's threads cost
# about 1 ms of every start (docs/performance.md).
BUILD=(env CGO_ENABLED=0 go build -trimpath -ldflags=-s\ -w)
if [ $# -ge 1 ]; then
  cp "$1" "$T/espo-oidc"
else
  "${BUILD[@]}" -o "$T/espo-oidc" ./cmd/espo-oidc
fi
mkdir -p "$T/hello"
cat >"$T/hello/main.go" <<'EOF'
package main

import "fmt"

func main() { fmt.Println("hello, world") }
EOF
(cd "$T/hello" && cat >go.mod <<'EOF'
module hello

go 1.26
EOF
"${BUILD[@]}" -o "$T/hello-world" .)
# the second floor: hello world linking the libraries the project keeps
"${BUILD[@]}" -o "$T/hello-libs" ./scripts/libfloor
EO=$T/espo-oidc

# mean seconds of the commands in a hyperfine JSON export
mean() { jq -r ".results[$2].mean" "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
ms() { awk -v a="$1" 'BEGIN { printf "%.1f ms", a * 1000 }'; }
# peak RSS (MB) and CPU use ((user+sys)/real) of one run; output discarded
rss() {
  /usr/bin/time -f '%M %U %S %e' -o "$T/time.out" "$@" >/dev/null 2>"$T/stderr.out" || true
  tail -1 "$T/time.out" >"$T/time.last"
  awk '{ printf "%.1f MB", $1 / 1024 }' "$T/time.last"
}
cpu() { awk '{ if ($4 > 0) printf "%.2f", ($2 + $3) / $4; else print "n/a" }' "$T/time.last"; }
pair() { # name json floor-name
  local a b
  a=$(mean "$2" 0)
  b=$(mean "$2" 1)
  printf '%-34s %10s   %-22s %10s   ratio %s\n' "$1" "$(ms "$a")" "$3" "$(ms "$b")" "$(ratio "$a" "$b")"
}
HF1=(hyperfine -N --style none --warmup 2)
HF=("${HF1[@]}" --runs "$RUNS")
echo "espo-oidc bench ($(nproc) cores, $(go version | awk '{print $3}'), $(date -u +%FT%TZ))"

# --- one instance ----------------------------------------------------------
if [[ $SKIP != *" one "* ]]; then
  INST=testdata/instances/entra-guide
  # a few milliseconds each: many runs, or a busy neighbour moves the ratio
  "${HF1[@]}" --runs $((RUNS * 40)) --export-json "$T/one.json" \
    "$EO lint --format json $INST" "$T/hello-world" "$T/hello-libs" "$EO --version" >/dev/null
  pair "lint one instance (json)" "$T/one.json" "hello-world"
  printf '  hello-world linking the kept libraries (scripts/libfloor) %s: espo-oidc is %s× it, it is %s× hello-world\n' \
    "$(ms "$(mean "$T/one.json" 2)")" "$(ratio "$(mean "$T/one.json" 0)" "$(mean "$T/one.json" 2)")" "$(ratio "$(mean "$T/one.json" 2)" "$(mean "$T/one.json" 1)")"
  printf '  espo-oidc --version %s, %s× hello-world: what every run pays before it reads an input (runtime, package init, command tree)\n' \
    "$(ms "$(mean "$T/one.json" 3)")" "$(ratio "$(mean "$T/one.json" 3)" "$(mean "$T/one.json" 1)")"
  echo "  peak RSS $(rss "$EO" lint --format json $INST) (hello-world $(rss "$T/hello-world"))"
fi

# --- fleets ----------------------------------------------------------------
mkfleet() { # n dir
  local cfg internal i
  cfg=$(cat testdata/instances/entra-guide/data/config.php)
  internal=$(cat testdata/instances/entra-guide/data/config-internal.php)
  mkdir -p "$2"
  for ((i = 0; i < $1; i++)); do
    mkdir -p "$2/crm$i/data"
    printf '%s\n' "$cfg" >"$2/crm$i/data/config.php"
    printf '%s\n' "$internal" >"$2/crm$i/data/config-internal.php"
  done
}
if [[ $SKIP != *" fleet "* ]]; then
  mkfleet 1000 "$T/fleet1k"
  "${HF[@]}" --export-json "$T/fleet.json" \
    "sh -c '$EO lint --format json --fail-on never $T/fleet1k/crm* >/dev/null'" \
    "sh -c 'cat $T/fleet1k/crm*/data/*.php >/dev/null'" >/dev/null
  pair "lint 1,000 instances (json)" "$T/fleet.json" "cat of the files"
  echo "  peak RSS $(rss sh -c "$EO lint --format json --fail-on never $T/fleet1k/crm*"), CPU use (user+sys)/real $(cpu) on $(nproc) cores"
  "$EO" lint --format json --fail-on never "$T"/fleet1k/crm* >"$T/fleet.out" || true
  printf '  JSON bytes per good instance: %s (its instance entry %s, its %s info findings %s)\n' \
    $(($(wc -c <"$T/fleet.out") / 1000)) \
    $(($(jq '.instances' "$T/fleet.out" | wc -c) / 1000)) \
    $(($(jq '.findings | length' "$T/fleet.out") / 1000)) \
    $(($(jq '.findings' "$T/fleet.out" | wc -c) / 1000))
  rm -f "$T/fleet.out"
  # a good instance alone (no error or warning; its one info finding is the
  # redirect URI to register): the 2 KB goal
  printf '  JSON bytes of a good instance alone (testdata/instances/dex-good): %s\n' \
    "$("$EO" lint --format json --fail-on never testdata/instances/dex-good | wc -c)"
fi
if [[ $SKIP != *" fleet10k "* ]]; then
  mkfleet 10000 "$T/fleet10k"
  echo "lint 10,000 instances (json)       peak RSS $(rss sh -c "$EO lint --format json --fail-on never $T/fleet10k/crm*"), $(awk '{print $4}' "$T/time.last") s"
  rm -rf "$T/fleet10k"
fi

# --- logs ------------------------------------------------------------------
# One MiB of EspoCRM 10.x log: ordinary lines (scheduled jobs, SMTP, 404s,
# AuthTokenControl) with changing numbers, and a failed OIDC login every 40th
# record; repeated to LOG_MB.
genchunk() {
  awk 'BEGIN {
    srand(16); t = 0; n = 0
    while (n < 1048576) {
      t++; s = sprintf("[2026-07-02 %02d:%02d:%02d]", int(t / 3600) % 24, int(t / 60) % 60, t % 60)
      i = t % 40
      if (i == 0) {
        l = s " WARNING: OIDC: Token request error.; Status: 401; Response: {\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.\\r\\nTrace ID: 0a1b2c3d-0000-4000-8000-" sprintf("%012d", t) "\",\"error_codes\":[7000215]}\n" s " CRITICAL: (0)  :: GET /App/user\n[object] (RuntimeException(code: 0):  at /var/www/html/application/Espo/Core/Authentication/Oidc/Login.php:266)"
      } else if (i % 7 == 0) {
        l = s " ERROR: (404) Record not found. :: GET /Lead/6650a1b2c3d4e" sprintf("%04d", t % 10000) "\n[object] (Espo\\Core\\Exceptions\\NotFound(code: 404): Record not found. at /var/www/html/application/Espo/Core/Record/Service.php:340)"
      } else if (i % 5 == 0) {
        l = s " ERROR: Email sending error: Could not connect to SMTP host smtp.example.com:587 (message " t "); Failed to authenticate on SMTP server with username \"crm" t % 97 "@example.com\"\n[object] (Laminas\\Mail\\Protocol\\Exception\\RuntimeException(code: 0): Could not read from smtp.example.com at /var/www/html/vendor/laminas/laminas-mail/src/Protocol/AbstractProtocol.php:340)"
      } else if (i % 3 == 0) {
        l = s " ERROR: JobManager: Failed job running, job [66f0a1b2c3d4" sprintf("%05d", t % 100000) "]. Error Details: Scheduled job AuthTokenControl took " t % 120 " s; the client connection was closed at /var/www/html/application/Espo/Core/Job/JobRunner.php:176"
      } else if (i % 2 == 0) {
        l = s " INFO: Cron: job AuthTokenControl done in " t % 1000 " ms; " t % 50 " auth tokens removed"
      } else {
        l = s " WARNING: Scheduled job '\''ProcessJobQueueQ" t % 5 "'\'' took " t % 300 " s, longer than the cron interval; job id 66f0a1b2c3d4" t
      }
      print l; n += length(l) + 1
    }
  }'
}
if [[ $SKIP != *" logs "* ]]; then
  genchunk >"$T/chunk.log"
  for ((i = 0; i < LOG_MB; i++)); do cat "$T/chunk.log"; done >"$T/espo.log"
  gzip -1 -c "$T/espo.log" >"$T/espo.log.gz"
  "${HF[@]}" --export-json "$T/logs.json" \
    "sh -c '$EO logs --format json $T/espo.log >/dev/null; true'" \
    "sh -c 'grep -c OIDC $T/espo.log >$T/grep.out'" >/dev/null
  pair "logs ${LOG_MB} MiB" "$T/logs.json" "grep -c OIDC"
  echo "  peak RSS $(rss "$EO" logs --format json "$T/espo.log"), CPU use $(cpu)"
  "${HF[@]}" --export-json "$T/logsgz.json" \
    "sh -c '$EO logs --format json $T/espo.log.gz >/dev/null; true'" \
    "sh -c 'zcat $T/espo.log.gz | grep -c OIDC >$T/grep.out'" >/dev/null
  pair "logs ${LOG_MB} MiB gzip" "$T/logsgz.json" "zcat | grep -c OIDC"
  echo "  peak RSS $(rss "$EO" logs --format json "$T/espo.log.gz")"
  rm -f "$T/espo.log" "$T/espo.log.gz"
fi
if [[ $SKIP != *" hostile "* ]]; then
  # a guard for the machine: what is not bounded dies at 8 GB of address space or after 60 s
  hostile() { (ulimit -v 8000000; rss timeout 60 "$EO" logs --format json "$@"); }
  yes 'PHP Warning:  Undefined array key "x" in /var/www/html/custom/Espo/Custom/Hooks/Lead/Test.php on line 12' |
    head -c $((HOSTILE_MB << 20)) >"$T/noheaders.log" || true
  echo "logs ${HOSTILE_MB} MiB without record headers  peak RSS $(hostile "$T/noheaders.log"), $(awk '{print $4}' "$T/time.last") s"
  rm -f "$T/noheaders.log"
  head -c $((NEWLINES_MB << 20)) /dev/zero | tr '\0' '\n' | gzip -9 >"$T/newlines.gz"
  echo "logs gzip $(($(stat -c %s "$T/newlines.gz") >> 10)) KiB → ${NEWLINES_MB} MiB of newlines  peak RSS $(hostile "$T/newlines.gz"), $(awk '{print $4}' "$T/time.last") s"
  rm -f "$T/newlines.gz"
fi

# --- probe -----------------------------------------------------------------
if [[ $SKIP != *" probe "* ]]; then
  go build -o "$T/fakeidp" ./probe/fakeidp/serve
  "$T/fakeidp" -dir "$T" -latency 200ms >"$T/fakeidp.url" &
  SERVE_PID=$!
  for _ in $(seq 50); do [ -s "$T/fakeidp.url" ] && break; sleep 0.1; done
  BASE=$(head -1 "$T/fakeidp.url")
  mkdir -p "$T/probe/data"
  cat >"$T/probe/data/config.php" <<EOF
<?php
return [
  'siteUrl' => 'https://crm.example.com',
  'authenticationMethod' => 'Oidc',
  'oidcClientId' => 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
  'oidcAuthorizationEndpoint' => '$BASE/oauth2/v2.0/authorize',
  'oidcTokenEndpoint' => '$BASE/oauth2/v2.0/token',
  'oidcJwksEndpoint' => '$BASE/discovery/v2.0/keys',
  'oidcJwtSignatureAlgorithmList' => ['RS256'],
  'oidcScopes' => ['profile', 'email'],
  'oidcUsernameClaim' => 'preferred_username',
  'oidcAuthorizationPrompt' => 'login',
  'oidcAuthorizationPkce' => true,
  'oidcFallback' => true,
  'oidcAllowAdminUser' => true,
];
EOF
  printf "<?php\nreturn [\n  'oidcClientSecret' => 'Sup3r~Secret.Value_0123456789abcdefXYZ',\n];\n" >"$T/probe/data/config-internal.php"
  # the fake's test user (probe/fakeidp): a password grant, then userinfo
  export ESPO_OIDC_BENCH_PW=Corr3ct-Horse-Battery
  PROBE="$EO probe $T/probe --issuer $BASE/v2.0 --ca-file $T/fake-ca.pem --scope https://graph.microsoft.com/.default --username alice@contoso.example --password-env ESPO_OIDC_BENCH_PW --format json --fail-on never"
  "${HF[@]}" --export-json "$T/probe.json" "$PROBE" \
    "curl -s -o /dev/null --cacert $T/fake-ca.pem $BASE/v2.0/.well-known/openid-configuration" >/dev/null
  pair "probe at 200 ms latency" "$T/probe.json" "one curl round trip"
  # shellcheck disable=SC2086
  echo "  peak RSS $(rss $PROBE)"
fi
