#!/usr/bin/env bash
# A/B of the check API between two builds of dozor: the same registry of N
# URL indicators (default 1,000,000) in SQLite, each binary serving its own
# copy, alternately, wrk -t1 -c64 -d10s on /api/v1/check, ROUNDS rounds
# (default 5). Use it to show that a change does not cost the check:
#
#   git worktree add /tmp/old <rev> && (cd /tmp/old && cargo build --release)
#   cargo build --release
#   scripts/bench-check-ab.sh /tmp/old/target/release/dozor target/release/dozor
#
# The old binary imports the data (its schema may be the older one); the
# new one migrates its copy at start. Needs wrk and curl.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { echo "usage: $0 OLD_DOZOR NEW_DOZOR" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
old=$(realpath "$1"); new=$(realpath "$2")
n=${N:-1000000}; rounds=${ROUNDS:-5}
w=$(mktemp -d); pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$w"; }
trap cleanup EXIT
awk -v n="$n" 'BEGIN { print "value,kind,category"; for (i = 0; i < n; i++) printf "http://host%d.scam%d.example/path/%d/login.php?id=%d,url,phishing\n", i % 50000, int(i / 50000), i, i }' >"$w/urls.csv"
"$old" --database-url "sqlite://$w/old.db" registry import "$w/urls.csv" --format csv >/dev/null
cp "$w/old.db" "$w/new.db"
printf '[liveness]\nenabled = false\n' >"$w/dozor.toml"
for b in old new; do
  echo 'bench-password-123' | "${!b}" --database-url "sqlite://$w/$b.db" user add admin --role admin --password-stdin >/dev/null 2>&1 || true
done
i=$((n * 7 / 20))
q="http%3A%2F%2Fhost$((i % 50000)).scam$((i / 50000)).example%2Fpath%2F$i%2Flogin.php%3Fid%3D$i"
for round in $(seq 1 "$rounds"); do
  # Alternate who goes first: the machine's state drifts between runs.
  order="old new"; [ $((round % 2)) -eq 0 ] && order="new old"
  for b in $order; do
    port=$((30000 + RANDOM % 20000))
    "${!b}" --config "$w/dozor.toml" --database-url "sqlite://$w/$b.db" serve --bind "127.0.0.1:$port" --check-rate-limit 0 >"$w/$b.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done
    curl -sf "http://127.0.0.1:$port/api/v1/check?q=$q" | grep -q '"listed":true' || { echo "$b: the value is not listed" >&2; exit 1; }
    r=$(wrk -t1 -c64 -d10s -s scripts/latency.lua "http://127.0.0.1:$port/api/v1/check?q=$q" | grep -E '^(Requests/sec|p99)' | tr -s ' \n' ' ')
    echo "round $round $b: $r"
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
  done
done
