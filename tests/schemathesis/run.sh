#!/usr/bin/env bash
# Property-based tests of the HTTP API against its own OpenAPI document: schemathesis
# generates requests for every operation and checks that none gets a server error and
# every response matches the schema. It runs against `kinlog demo` on a scratch
# database, once as the demo caseworker and once as the demo state auditor.
#
# Needs: schemathesis on PATH (pip install schemathesis), psql, and a PostgreSQL server
# at $KINLOG_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres) where a
# scratch database may be created; it is dropped afterwards.
set -euo pipefail
cd "$(dirname "$0")/../.."

admin=${KINLOG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
examples=${SCHEMATHESIS_MAX_EXAMPLES:-20}
database=kinlog_schemathesis_$$
port=$((18000 + $$ % 1000))
work=$(mktemp -d)
server=

cleanup() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  psql "$admin" -qc "DROP DATABASE IF EXISTS $database" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

psql "$admin" -qc "CREATE DATABASE $database"
export DATABASE_URL=${admin%/*}/$database KINLOG_DATA_DIR=$work/data RUST_LOG=warn
cargo build --locked -q -p kinlog-gateway
kinlog=${CARGO_TARGET_DIR:-target}/debug/kinlog
"$kinlog" demo --listen "127.0.0.1:$port" >"$work/demo.log" 2>&1 &
server=$!

for _ in $(seq 1 120); do
  grep -q "export AUDITOR=" "$work/demo.log" && break
  kill -0 "$server" 2>/dev/null || { cat "$work/demo.log"; exit 1; }
  sleep 1
done
base=http://127.0.0.1:$port
curl -sf "$base/readyz" >/dev/null

status=0
for who in CASEWORKER AUDITOR; do
  token=$(sed -n "s/^ *export $who=//p" "$work/demo.log")
  echo "== schemathesis as the demo ${who,,}"
  # From the scratch directory, so schemathesis keeps its cache there and not in the clone.
  (cd "$work" && schemathesis run "$base/openapi.json" \
    -H "Authorization: Bearer $token" \
    --checks not_a_server_error,response_schema_conformance \
    --max-examples "$examples" --request-timeout 30 --no-color) || status=1
done
exit $status
