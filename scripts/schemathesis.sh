#!/usr/bin/env bash
# Schemathesis (PyPI, pinned below) against /api/v1/openapi.json of a demo
# server: once with a coordinator's token, once with an executor's. Fails on
# any 5xx, any status the document does not list, and any response whose
# body or content type does not match it. Each run is capped at 5 minutes.
# Outside CI a missing Python or PyPI skips the step; under CI=true it fails.
# A demo server that does not start always fails: that is a defect of ours.
# SCHEMATHESIS_MAX_EXAMPLES and SCHEMATHESIS_SEED change the search.
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5
target="$(realpath -m "${CARGO_TARGET_DIR:-target}")"
venv="$target/schemathesis-venv"
ci() { [ "${CI:-}" = true ]; }
give_up() {
  echo "schemathesis: $*" >&2
  if ci; then exit 1; fi
  echo "schemathesis: skipped (set CI=true to make this fail)" >&2
  exit 0
}

if ! "$venv/bin/st" --version 2>/dev/null | grep -qF "$SCHEMATHESIS_VERSION"; then
  echo "installing schemathesis $SCHEMATHESIS_VERSION into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv" || give_up "cannot make a Python venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" ||
    give_up "cannot install schemathesis from PyPI"
fi

cargo build --quiet --bin dozor
bin="$target/debug/dozor"
work="$(mktemp -d)"
db="sqlite://$work/demo.db"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
server_down() {
  echo "schemathesis: $*; the server's log:" >&2
  cat "$work/server.log" >&2
  exit 1
}

# No rate limit on the check API: thousands of checks would otherwise meet 429.
"$bin" --database-url "$db" serve --demo --bind "127.0.0.1:$port" --check-rate-limit 0 \
  >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do
  curl -fsS "$base/healthz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || server_down "the demo server exited"
  sleep 0.5
done
curl -fsS "$base/healthz" >/dev/null || server_down "the demo server does not answer /healthz"

run() {
  local who="$1" token
  token="$("$bin" --database-url "$db" token add "$who" --name schemathesis)" || return 1
  echo "==> schemathesis as $who"
  # --max-examples bounds each operation; `timeout` the whole run, whatever
  # happens. Run from the scratch folder: st leaves a .schemathesis/ cache.
  (cd "$work" && timeout 300 "$venv/bin/st" run "$base/api/v1/openapi.json" \
    --url "$base" \
    --header "Authorization: Bearer $token" \
    --checks "${SCHEMATHESIS_CHECKS:-not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance,missing_required_header,ignored_auth}" \
    --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-100}" \
    --seed "${SCHEMATHESIS_SEED:-1}" \
    --workers 2 \
    --generation-database none \
    --no-color)
}

status=0
run coordinator || status=$?
run prokuratura || status=$?
if [ "$status" -ne 0 ]; then
  echo "schemathesis failed; the server's log:" >&2
  tail -n 50 "$work/server.log" >&2
fi
exit "$status"
