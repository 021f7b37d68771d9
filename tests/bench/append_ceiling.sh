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
# SECONDS each, every transaction durable when it returns unless said otherwise:
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
#   function       1 client calling `es.append_batch` with 4 appends of 100 events, back
#                  to back, committing without waiting for the flush and with no wait for
#                  it after: the store's statement under the head lock with nothing
#                  around it, so about the most that a design running one statement at
#                  a time can reach (pgbench builds the arrays in the same backend,
#                  where the store sends them ready)
#
# and, for single events:
#
#   raw_single     16 clients, one row per transaction into the raw baseline table
#   function_single 1 client calling `es.append_batch` with 16 one-event appends (each
#                  to a stream of its own), as `function` does
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

# EVENTS rows per transaction into the raw baseline table.
raw_insert() {
    cat <<SQL
\set n :n + $1
INSERT INTO ceiling.raw (stream_id, stream_version, event_id, event_type, payload, metadata)
SELECT $stream, (:n + g) % 50, $event_id, 'NoteRecorded', $payload, '\x80'
FROM generate_series(1, $1) g;
SQL
}
raw_insert 100 > "$scripts/raw.sql"
raw_insert 1 > "$scripts/raw_single.sql"

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

# `es.append_batch` with APPENDS appends of EVENTS events each, on its fast path (no probe
# for stored ids), as the store's writers call it.
append_batch() {
    local appends=$1 events=$2 total=$(($1 * $2))
    cat <<SQL
\set n :n + 1
SELECT count(*)
FROM (SELECT array_agg('f' || g || '-' || (:n * $events / 500) ORDER BY g) AS streams
        FROM generate_series(1, $appends) g) s,
     (SELECT array_agg($event_id) AS ids FROM generate_series(1, $total)) i,
     es.append_batch(s.streams, array_fill(NULL::bigint, ARRAY[$appends]),
         array_fill($events, ARRAY[$appends]), i.ids,
         array_fill('NoteRecorded'::text, ARRAY[$total]), array_fill(1::smallint, ARRAY[$total]),
         array_fill('\x80'::bytea, ARRAY[$total]), array_fill($payload, ARRAY[$total]),
         array_fill(sha256(''::bytea), ARRAY[$total]), false);
SQL
}
append_batch 4 100 > "$scripts/function.sql"
append_batch 16 1 > "$scripts/function_single.sql"

# Events per second of one workload, from clean tables and a checkpoint. The `function`
# workloads commit without waiting for the flush, as the store's writers do.
measure() {
    local workload=$1 clients=$2 events=$3 options=""
    [[ $workload == function* ]] && options="-c synchronous_commit=off"
    psql "$url" -qX -c "TRUNCATE ceiling.raw, ceiling.log;
        ALTER TABLE es.events DISABLE TRIGGER USER; TRUNCATE es.events;
        ALTER TABLE es.events ENABLE TRIGGER USER;
        UPDATE es.log_head SET position = 0, chain_hash = decode(repeat('00', 32), 'hex');
        CHECKPOINT"
    PGOPTIONS="$options" pgbench "$url" -n -T "$seconds" -c "$clients" -j 2 -M prepared -D n=0 \
        -f "$scripts/$workload.sql" 2>/dev/null |
        awk -v events="$events" '/^tps = / { printf "%.0f", $3 * events }'
}

# One cell: the rate of a workload and, in parentheses, its ratio to BASELINE.
cell() {
    local baseline=$1 run=$2 rate
    IFS=: read -r workload clients events <<<"$run"
    rate=$(measure "$workload" "$clients" "$events")
    awk -v r="$rate" -v b="$baseline" 'BEGIN { printf " %13s (%5.2f)", r, r / b }'
}

printf '%-6s %10s %22s %22s %22s %22s %22s %10s %22s\n' round raw head_first head_at_commit \
    parallel parallel_4 function raw_single function_single
for round in $(seq "$rounds"); do
    raw=$(measure raw 4 100)
    line=$(printf '%-6s %10s' "$round" "$raw")
    for run in head_first:2:100 head_at_commit:2:100 parallel:2:100 parallel:4:100 function:1:400; do
        line+=$(cell "$raw" "$run")
    done
    raw_single=$(measure raw_single 16 1)
    line+=$(printf ' %10s' "$raw_single")$(cell "$raw_single" function_single:1:16)
    echo "$line"
done
echo "events/s; in parentheses, the ratio to raw (raw_single for function_single) of the same round"
