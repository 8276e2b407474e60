#!/usr/bin/env bash
# Execution-control benchmark, from scratch: generates a plan of 100 measures
# × 20 agencies × 40 quarters with 72,000 reports in SQLite, starts the
# release server on it, signs in, and loads the dashboard and the
# consolidated .docx with wrk (bounded: 10 s each, loopback only).
# Needs wrk (apt-get install wrk). Prints p50/p95/p99 per endpoint.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
db="sqlite://$work/bench.db"
cargo build --release --quiet --example bench_data
cargo build --release --quiet
./target/release/examples/bench_data "$db" "${MEASURES:-100}" "${AGENCIES:-20}" "${PERIODS:-40}"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
./target/release/dozor --database-url "$db" serve --bind "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 50); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done
jar="$work/cookies"
csrf=$(curl -s -c "$jar" -b "$jar" "$base/login" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//')
curl -s -c "$jar" -b "$jar" -o /dev/null -d "csrf=$csrf&login=bench&password=bench-password&next=/" "$base/login"
cookie=$(awk '$6=="dozor_session"{print "dozor_session="$7}' "$jar")
period=$(curl -s -b "$jar" "$base/api/v1/plans" | python3 -c 'import json,sys; p=json.load(sys.stdin)[0]; y=int(p["valid_to"][:4]); print(f"{y}-Q4")')
run() {
  local name=$1 path=$2 conns=$3
  curl -sf -H "Cookie: $cookie" -o /dev/null "$base$path"   # warm the caches once
  echo "== $name ($path, $conns connections, 10 s)"
  wrk -t"$(( conns < 2 ? 1 : 2 ))" -c"$conns" -d10s -H "Cookie: $cookie" -s scripts/latency.lua "$base$path" | grep -E '^(requests|p[0-9]+|Requests/sec)'
}
run "dashboard, one connection" "/dashboard?period=$period" 1
run dashboard "/dashboard?period=$period" 8
run "consolidated .docx" "/reports/consolidated?period=$period&format=docx" 2
run "consolidated .xlsx" "/reports/consolidated?period=$period&format=xlsx" 2
