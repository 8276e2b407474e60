#!/usr/bin/env bash
# Registry benchmark, from scratch: generates N URL indicators as CSV
# (default 1,000,000), imports them into a fresh SQLite database (rows/s),
# loads the check index from the store (time, RSS), then serves with the
# check rate limit off and loads /healthz and /api/v1/check with wrk
# (64 connections, 10 s each, loopback) and prints the throughput ratio.
# Needs wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
n=${N:-1000000}
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill $server 2>/dev/null; rm -rf "$work"' EXIT
cargo build --release --quiet
bin=./target/release/dozor
db="sqlite://$work/registry.db"
awk -v n="$n" 'BEGIN { print "value,kind,category"; for (i = 0; i < n; i++) printf "http://host%d.scam%d.example/path/%d/login.php?id=%d,url,phishing\n", i % 50000, int(i / 50000), i, i }' >"$work/urls.csv"
echo "== import of $n URL rows (normalisation included)"
start=$(date +%s.%N)
$bin --database-url "$db" registry import "$work/urls.csv" --format csv
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" -v n="$n" 'BEGIN { printf "%.2f s, %.0f rows/s\n", e - s, n / (e - s) }'
echo "== check index loaded from the store (registry check = load + one answer)"
/usr/bin/time -f "%e s wall, %M KB max RSS" $bin --database-url "$db" registry check "http://host1.scam0.example/path/1/login.php?id=1" >/dev/null
echo "== in-memory build of $n entries alone"
cargo test --release --quiet --lib check::index::tests::build_million -- --ignored --nocapture 2>&1 | grep -iE "built|rss" || true
echo 'bench-password-123' | $bin --database-url "$db" user add admin --role admin --password-stdin 2>/dev/null
port=$(awk 'BEGIN { srand(); print 20000 + int(rand() * 20000) }')
$bin --database-url "$db" serve --bind "127.0.0.1:$port" --check-rate-limit 0 >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done
q='http%3A%2F%2Fhost123.scam7.example%2Fpath%2F350123%2Flogin.php%3Fid%3D350123'
load() { wrk -t2 -c64 -d10s -s scripts/latency.lua "$1" | grep -E '^(Requests/sec|p[0-9]+)'; }
echo "== /healthz"; h=$(load "http://127.0.0.1:$port/healthz"); echo "$h"
echo "== /api/v1/check"; c=$(load "http://127.0.0.1:$port/api/v1/check?q=$q"); echo "$c"
hr=$(echo "$h" | awk '/Requests/ { print $2 }'); cr=$(echo "$c" | awk '/Requests/ { print $2 }')
awk -v h="$hr" -v c="$cr" 'BEGIN { printf "check / healthz throughput: %.0f%%\n", 100 * c / h }'
