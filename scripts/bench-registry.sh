#!/usr/bin/env bash
# Registry benchmark, from scratch (issue 4, "Done means" → Benchmarks):
#   1. generates N URL indicators as CSV (default 1,000,000);
#   2. imports them into a fresh SQLite database: rows/s (normalisation
#      included) and the importer's peak memory;
#   3. imports the same file into a fresh PostgreSQL database (COPY),
#      created and dropped here: rows/s;
#   4. loads the check index from each store as the server does at start:
#      time and peak memory;
#   5. serves the SQLite registry with the check rate limit off and loads
#      /healthz and /api/v1/check with wrk (64 connections, one thread,
#      10 s each, loopback); prints the throughput ratio and p99.
# Needs wrk (apt-get install wrk) and GNU time (/usr/bin/time); PostgreSQL
# at PG_URL (default postgres://postgres@127.0.0.1:5432, psql on PATH), or
# the PostgreSQL part is skipped. Honours CARGO_TARGET_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "GNU time is missing: apt-get install time" >&2; exit 1; }
n=${N:-1000000}
pg_url=${PG_URL:-postgres://postgres@127.0.0.1:5432}
pg_db="dozor_bench_$$"
target=${CARGO_TARGET_DIR:-target}
work=$(mktemp -d)
server=
pg_made=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  [ -n "$pg_made" ] && psql "$pg_url/postgres" -qc "DROP DATABASE IF EXISTS \"$pg_db\" WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

cargo build --release --quiet --bin dozor --example check_load
bin=$target/release/dozor
load=$target/release/examples/check_load
db="sqlite://$work/registry.db"

# Runs a command, its output to $work/out; sets t (wall seconds) and kb
# (peak resident memory).
timed() {
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>&1 || { cat "$work/out" >&2; return 1; }
  read -r t kb <"$work/time"
}
rate() { awk -v t="$1" -v n="$n" -v kb="$2" 'BEGIN { printf "%.2f s, %.0f rows/s, peak RSS %.0f MB\n", t, n / t, kb / 1024 }'; }

awk -v n="$n" 'BEGIN { print "value,kind,category"; for (i = 0; i < n; i++) printf "http://host%d.scam%d.example/path/%d/login.php?id=%d,url,phishing\n", i % 50000, int(i / 50000), i, i }' >"$work/urls.csv"
echo "== load: $(uptime | sed 's/.*load average/load average/')"

echo "== import of $n URL rows into SQLite (normalisation included)"
timed "$bin" --database-url "$db" registry import "$work/urls.csv" --format csv
tail -1 "$work/out"
rate "$t" "$kb"

if command -v psql >/dev/null && psql "$pg_url/postgres" -qc "CREATE DATABASE \"$pg_db\"" >/dev/null 2>&1; then
  pg_made=1
  echo "== import of the same file into PostgreSQL (COPY)"
  timed "$bin" --database-url "$pg_url/$pg_db" registry import "$work/urls.csv" --format csv
  tail -1 "$work/out"
  rate "$t" "$kb"
  echo "== check index loaded from PostgreSQL"
  "$load" "$pg_url/$pg_db"
else
  echo "== PostgreSQL at $pg_url not reachable (or no psql): skipped"
fi

echo "== check index loaded from SQLite (as at server start)"
"$load" "$db" "http://host1.scam0.example/path/1/login.php?id=1" | head -1

# The server wants an account to exist; and its liveness checker would
# spend the load test probing the made-up sites, so it is off.
echo 'bench-password-123' | "$bin" --database-url "$db" user add admin --role admin --password-stdin >/dev/null 2>&1 || true
printf '[liveness]\nenabled = false\n' >"$work/dozor.toml"
port=$(awk 'BEGIN { srand(); print 20000 + int(rand() * 20000) }')
"$bin" --config "$work/dozor.toml" --database-url "$db" serve --bind "127.0.0.1:$port" --check-rate-limit 0 >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done
# A listed value from the middle of the data, URL-encoded.
i=$((n * 7 / 20))
q="http%3A%2F%2Fhost$((i % 50000)).scam$((i / 50000)).example%2Fpath%2F$i%2Flogin.php%3Fid%3D$i"
curl -sf "http://127.0.0.1:$port/api/v1/check?q=$q" | grep -q '"listed":true' || { echo "the check does not find a listed value" >&2; exit 1; }
# One wrk thread drives the 64 connections: on a 2-core machine a second
# one takes a core from the server being measured (its tail latency then
# measures the scheduler). WRK_THREADS overrides.
load() { wrk -t"${WRK_THREADS:-1}" -c64 -d10s -s scripts/latency.lua "$1" | grep -E '^(Requests/sec|requests|p[0-9]+)'; }
echo "== /healthz (wrk, 64 connections, 10 s)"; h=$(load "http://127.0.0.1:$port/healthz"); echo "$h"
echo "== /api/v1/check (wrk, 64 connections, 10 s)"; c=$(load "http://127.0.0.1:$port/api/v1/check?q=$q"); echo "$c"
hr=$(echo "$h" | awk '/Requests/ { print $2 }'); cr=$(echo "$c" | awk '/Requests/ { print $2 }')
p99=$(echo "$c" | awk '/^p99/ { print $2 }')
awk -v h="$hr" -v c="$cr" -v p="$p99" 'BEGIN { printf "check / healthz throughput: %.0f%% (target >= 70%%); check p99 %s ms (target < 5 ms)\n", 100 * c / h, p }'
