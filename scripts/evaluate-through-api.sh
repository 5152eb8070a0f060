#!/usr/bin/env bash
# Measures the served model the way a client meets it: starts a fresh embedded API (Release, its own
# throwaway data folder, no demo seed) on a free loopback port, feeds it a split through HTTP and
# judges its recommendations next to the offline references on the same split, then stops it.
#   scripts/evaluate-through-api.sh --input u.tsv [any other evaluation option]
#   scripts/evaluate-through-api.sh --train train.tsv --test test.tsv [--history history.tsv]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d /tmp/op-evaluate-XXXXXX)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
dotnet build "$root/OrleansPersonalization.sln" -c Release -nologo -v quiet >/dev/null
cleanup() { [[ -n "${api:-}" ]] && kill "$api" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
Seed__Demo=false RateLimiting__Enabled=false EmbeddedStore__DataDirectory="$work/data" Urls="http://127.0.0.1:$port" \
  dotnet "$root/src/Api/bin/Release/net10.0/OrleansPersonalization.Api.dll" >"$work/api.log" 2>&1 &
api=$!
keys="$work/data-keys/first-run-api-keys.txt"
for _ in $(seq 1 120); do
  [[ -f "$keys" ]] && curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break
  sleep 0.5
done
app="$(grep '^app=' "$keys" | cut -d= -f2)"
admin="$(grep '^admin=' "$keys" | cut -d= -f2)"
dotnet "$root/src/Evaluation/bin/Release/net10.0/OrleansPersonalization.Evaluation.dll" \
  --api "http://127.0.0.1:$port" --app-key "$app" --admin-key "$admin" "$@"
