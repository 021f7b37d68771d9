#!/usr/bin/env bash
# How fast can 100-event appends into the event log's table shape go, whatever the store
# does around them? Measured with pgbench, beside the raw baseline of `kinlog bench store`.
#
#     tests/bench/append_ceiling.sh SERVER_URL [ROUNDS] [SECONDS]
#
# SERVER_URL names a server, not a database (postgres://postgres@127.0.0.1:5432); the
# script makes a database of its own there and drops it at the end. Run from the
# repository's root: it applies the store's migrations, then copies `es.events` (columns,
# checks and all five indexes, no triggers) into a scratch table. Each round runs, for
# SECONDS each, every transaction durable when it returns:
#
#   raw            4 clients, 100 rows per transaction into the raw baseline table (three
#                  indexes), as `kinlog bench store` measures it
#   head_first     2 clients, 100 rows into the log's shape, a head row locked before the
#                  insert and held to COMMIT: the store's design without its function.
#                  As the store's writers do, it commits without waiting for the flush,
#                  which frees the head, then waits for the flush in a transaction of its
#                  own (append.rs)
#   head_at_commit the same, but the head row locked after the insert: only the commits
#                  take turns, the inserts of the two writers overlap
#   parallel       2 clients, the same rows, no head at all: the most that two writer
#                  connections can insert into this table shape
#   parallel_4     the same with 4 clients, as many as the raw baseline has
#
# Event ids come from a sequence (time-ordered, like the store's UUIDv7); chain hashes
# are a sha256 per row, as the chain costs. Every ratio printed is against `raw` of the
# same round, since these machines are shared and noisy.
set -euo pipefail

server=${1:?usage: tests/bench/append_ceiling.sh SERVER_URL [ROUNDS] [SECONDS]}
rounds=${2:-3}
seconds=${3:-10}
db="kinlog_ceiling_$$"
url="$server/$db"
scripts=$(mktemp -d)

psql "$server/postgres" -qX -c "CREATE DATABASE $db"
trap 'psql "$server/postgres" -qX -c "DROP DATABASE IF EXISTS $db"; rm -rf "$scripts"' EXIT

for migration in crates/store/migrations/*.sql; do
    psql "$url" -qX -v ON_ERROR_STOP=1 -f "$migration"
done
psql "$url" -qX -v ON_ERROR_STOP=1 <<'SQL'
CREATE SCHEMA ceiling;
CREATE SEQUENCE ceiling.ids;
CREATE SEQUENCE ceiling.positions;
CREATE TABLE ceiling.raw (
    position bigserial PRIMARY KEY,
    stream_id text NOT NULL,
    stream_version bigint NOT NULL,
    event_id uuid NOT NULL UNIQUE,
    event_type text NOT NULL,
    payload bytea NOT NULL,
    metadata bytea NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (stream_id, stream_version));
CREATE TABLE ceiling.log (LIKE es.events INCLUDING ALL);
CREATE TABLE ceiling.head (singleton boolean PRIMARY KEY, position bigint NOT NULL);
INSERT INTO ceiling.head VALUES (true, 0);
SQL

# 250 bytes, about the size of `kinlog bench store`'s MessagePack payload.
payload="repeat('x', 250)::bytea"
event_id="lpad(to_hex(nextval('ceiling.ids')), 32, '0')::uuid"
stream="'w' || :client_id || '-' || ((:n + g) / 50)"

cat > "$scripts/raw.sql" <<SQL
\set n :n + 100
INSERT INTO ceiling.raw (stream_id, stream_version, event_id, event_type, payload, metadata)
SELECT $stream, (:n + g) % 50, $event_id, 'NoteRecorded', $payload, '\x80'
FROM generate_series(1, 100) g;
SQL

insert_log="INSERT INTO ceiling.log (position, stream_version, recorded_at, event_id,
    schema_version, stream_id, event_type, metadata, payload, chain_hash)
SELECT nextval('ceiling.positions'), (:n + g) % 50 + 1, clock_timestamp(), $event_id, 1,
    $stream, 'NoteRecorded', '\x80', $payload, sha256(int8send(:n + g))
FROM generate_series(1, 100) g;"
lock_head="UPDATE ceiling.head SET position = position + 100 WHERE singleton;"
begin="BEGIN; SET LOCAL synchronous_commit = off;"
wait_for_flush="SELECT pg_logical_emit_message(true, 'ceiling', 'durable');"

printf '%s\n' '\set n :n + 100' "$begin" "$lock_head" "$insert_log" 'COMMIT;' "$wait_for_flush" \
    > "$scripts/head_first.sql"
printf '%s\n' '\set n :n + 100' "$begin" "$insert_log" "$lock_head" 'COMMIT;' "$wait_for_flush" \
    > "$scripts/head_at_commit.sql"
printf '%s\n' '\set n :n + 100' "$insert_log" > "$scripts/parallel.sql"

# Events per second of one workload, from a clean table and a checkpoint.
measure() {
    local workload=$1 clients=$2
    psql "$url" -qX -c "TRUNCATE ceiling.raw, ceiling.log; CHECKPOINT"
    pgbench "$url" -n -T "$seconds" -c "$clients" -j 2 -M prepared -D n=0 \
        -f "$scripts/$workload.sql" 2>/dev/null |
        awk '/^tps = / { printf "%.0f", $3 * 100 }'
}

printf '%-6s %10s %22s %22s %22s %22s\n' round raw head_first head_at_commit parallel parallel_4
for round in $(seq "$rounds"); do
    raw=$(measure raw 4)
    line=$(printf '%-6s %10s' "$round" "$raw")
    for run in head_first:2 head_at_commit:2 parallel:2 parallel:4; do
        rate=$(measure "${run%:*}" "${run#*:}")
        line+=$(awk -v r="$rate" -v b="$raw" 'BEGIN { printf " %13s (%5.2f)", r, r / b }')
    done
    echo "$line"
done
echo "events/s of 100-event transactions; in parentheses, the ratio to raw of the same round"
