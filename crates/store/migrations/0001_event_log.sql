-- The event log: one append-only table, a one-row head that serializes appends, and the
-- checkpoints of generic subscribers.
CREATE SCHEMA IF NOT EXISTS es;

-- A stream's category is the part of its id before the first '-' ("case-0190..." -> "case").
CREATE FUNCTION es.category(stream_id text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN split_part(stream_id, '-', 1);

CREATE TABLE es.events (
    -- Fixed-width columns first, so rows pack without alignment padding.
    position       bigint      NOT NULL PRIMARY KEY CHECK (position > 0),
    stream_version bigint      NOT NULL CHECK (stream_version > 0),
    recorded_at    timestamptz NOT NULL,
    event_id       uuid        NOT NULL,
    schema_version smallint    NOT NULL CHECK (schema_version > 0),
    stream_id      text        NOT NULL CHECK (stream_id <> ''),
    event_type     text        NOT NULL CHECK (event_type <> ''),
    metadata       bytea       NOT NULL,
    payload        bytea       NOT NULL,
    -- sha256(previous chain_hash || leaf), see es.append_batch.
    chain_hash     bytea       NOT NULL CHECK (octet_length(chain_hash) = 32),
    CONSTRAINT events_event_id_key UNIQUE (event_id),
    CONSTRAINT events_stream_version_key UNIQUE (stream_id, stream_version)
);
CREATE INDEX events_category_idx ON es.events (es.category(stream_id), position);
CREATE INDEX events_type_idx ON es.events (event_type, position);

-- The last assigned position and chain hash. Every append locks this row as its last step
-- before COMMIT; Postgres makes a commit visible before it releases the transaction's locks,
-- so position n+1 is assigned only after n is visible, and a rollback undoes the head too.
CREATE TABLE es.log_head (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    position   bigint NOT NULL,
    chain_hash bytea  NOT NULL CHECK (octet_length(chain_hash) = 32)
);
INSERT INTO es.log_head (position, chain_hash) VALUES (0, decode(repeat('00', 32), 'hex'));

-- Positions up to which named generic subscribers have processed the log.
CREATE TABLE es.checkpoints (
    name       text PRIMARY KEY,
    position   bigint NOT NULL CHECK (position >= 0),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Appends a batch of independent appends in one transaction (group commit).
--
-- Appends are given as parallel arrays: per append its stream, expected version (NULL = any,
-- 0 = no stream, n = exactly n) and event count; per event (appends concatenated in order)
-- its id, type, schema version, metadata, payload and the content hash the caller computed.
-- Each append is validated before anything is written, so a rejected append writes nothing
-- and never fails the others. The caller guarantees distinct streams and event ids per batch.
--
-- Result, one row per append: status 0 appended, 1 already present (an identical earlier
-- append; its positions are returned), 2 wrong expected version (out_version = actual),
-- 3 event id reused with different content (out_first = index of the event in the append),
-- 4 some but not all events already present (out_first = how many).
CREATE FUNCTION es.append_batch(
    p_streams         text[],
    p_expected        bigint[],
    p_counts          integer[],
    p_event_ids       uuid[],
    p_types           text[],
    p_schema_versions smallint[],
    p_metadata        bytea[],
    p_payloads        bytea[],
    p_content_hashes  bytea[]
) RETURNS TABLE (out_status smallint, out_first bigint, out_last bigint, out_version bigint)
LANGUAGE plpgsql
-- A writer connection lives for days and caches this function's plans. A plan made while
-- es.events was nearly empty would scan the table, and stay in use as the log grows; every
-- lookup here is by a unique index, so scans are simply ruled out.
SET enable_seqscan = off
AS $fn$
DECLARE
    n_appends  integer := coalesce(array_length(p_streams, 1), 0);
    n_events   integer := coalesce(array_length(p_event_ids, 1), 0);
    v_position bigint;
    v_chain    bytea;
    v_now      timestamptz;
    v_stamp    bytea;
    v_versions bigint[];
    v_any_dup  boolean;
    ev_stream  text[] := array_fill(NULL::text, ARRAY[n_events]);
    ev_pos     bigint[] := array_fill(NULL::bigint, ARRAY[n_events]);
    ev_ver     bigint[] := array_fill(NULL::bigint, ARRAY[n_events]);
    ev_chain   bytea[] := array_fill(NULL::bytea, ARRAY[n_events]);
    a integer;
    i integer;
    lo integer;
    hi integer := 0;
    v_version  bigint;
    d_count    bigint;
    d_first    bigint;
    d_last     bigint;
    d_version  bigint;
    d_bad      bigint;
BEGIN
    IF array_length(p_expected, 1) IS DISTINCT FROM array_length(p_streams, 1)
       OR array_length(p_counts, 1) IS DISTINCT FROM array_length(p_streams, 1)
       OR (SELECT coalesce(sum(c), 0) FROM unnest(p_counts) c) <> n_events THEN
        RAISE EXCEPTION 'es.append_batch: array lengths disagree' USING ERRCODE = '22023';
    END IF;

    SELECT h.position, h.chain_hash INTO v_position, v_chain
      FROM es.log_head h WHERE h.singleton FOR UPDATE;
    -- Taken under the head lock, so recorded_at never goes backwards along positions.
    v_now := clock_timestamp();
    v_stamp := timestamptz_send(v_now);

    SELECT EXISTS (SELECT 1 FROM es.events e WHERE e.event_id = ANY (p_event_ids)) INTO v_any_dup;
    SELECT array_agg(coalesce((SELECT max(e.stream_version) FROM es.events e WHERE e.stream_id = s.id), 0)
                     ORDER BY s.ord)
      INTO v_versions
      FROM unnest(p_streams) WITH ORDINALITY AS s(id, ord);

    FOR a IN 1 .. n_appends LOOP
        lo := hi + 1;
        hi := hi + p_counts[a];
        out_status := NULL;

        IF v_any_dup THEN
            -- Rare: some event of the batch is stored already; find out whether this append
            -- is an exact re-send, a conflicting reuse of an id, or a partial overlap.
            SELECT count(e.position), min(e.position), max(e.position), max(e.stream_version),
                   min(x.ord) FILTER (WHERE e.stream_id IS DISTINCT FROM p_streams[a]
                                         OR e.event_type IS DISTINCT FROM x.t
                                         OR e.schema_version IS DISTINCT FROM x.sv
                                         OR e.metadata IS DISTINCT FROM x.m
                                         OR e.payload IS DISTINCT FROM x.p)
              INTO d_count, d_first, d_last, d_version, d_bad
              FROM unnest(p_event_ids[lo:hi], p_types[lo:hi], p_schema_versions[lo:hi],
                          p_metadata[lo:hi], p_payloads[lo:hi]) WITH ORDINALITY AS x(id, t, sv, m, p, ord)
              JOIN es.events e ON e.event_id = x.id;
            IF d_bad IS NOT NULL THEN
                out_status := 3; out_first := d_bad - 1; out_last := NULL; out_version := NULL;
            ELSIF d_count = p_counts[a] THEN
                out_status := 1; out_first := d_first; out_last := d_last; out_version := d_version;
            ELSIF d_count > 0 THEN
                out_status := 4; out_first := d_count; out_last := NULL; out_version := NULL;
            END IF;
        END IF;

        IF out_status IS NULL AND p_expected[a] IS NOT NULL AND p_expected[a] <> v_versions[a] THEN
            out_status := 2; out_first := NULL; out_last := NULL; out_version := v_versions[a];
        END IF;

        IF out_status IS NULL THEN
            v_version := v_versions[a];
            out_first := v_position + 1;
            FOR i IN lo .. hi LOOP
                v_position := v_position + 1;
                v_version := v_version + 1;
                v_chain := sha256(v_chain || int8send(v_position) || int8send(v_version)
                                  || v_stamp || p_content_hashes[i]);
                ev_stream[i] := p_streams[a];
                ev_pos[i] := v_position;
                ev_ver[i] := v_version;
                ev_chain[i] := v_chain;
            END LOOP;
            out_status := 0; out_last := v_position; out_version := v_version;
        END IF;
        RETURN NEXT;
    END LOOP;

    INSERT INTO es.events (position, stream_version, recorded_at, event_id, schema_version,
                           stream_id, event_type, metadata, payload, chain_hash)
    SELECT x.pos, x.ver, v_now, x.id, x.sv, x.stream, x.t, x.m, x.p, x.chain
      FROM unnest(ev_pos, ev_ver, p_event_ids, p_schema_versions, ev_stream, p_types,
                  p_metadata, p_payloads, ev_chain) AS x(pos, ver, id, sv, stream, t, m, p, chain)
     WHERE x.pos IS NOT NULL;

    UPDATE es.log_head SET position = v_position, chain_hash = v_chain WHERE singleton;
    -- A wake-up hint for subscribers, delivered at COMMIT; the table stays the truth.
    PERFORM pg_notify('kinlog_events', v_position::text);
END
$fn$;

-- The log is append-only. Triggers stop everyone, superusers included (short of disabling
-- triggers); the grants below stop the writer role even then.
CREATE FUNCTION es.refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION '% on %.% is refused: the event log is append-only',
        TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
        USING ERRCODE = 'KL001';
END
$fn$;

CREATE TRIGGER events_refuse_update_delete BEFORE UPDATE OR DELETE ON es.events
    FOR EACH ROW EXECUTE FUNCTION es.refuse_change();
CREATE TRIGGER events_refuse_truncate BEFORE TRUNCATE ON es.events
    FOR EACH STATEMENT EXECUTE FUNCTION es.refuse_change();
CREATE TRIGGER log_head_refuse_delete BEFORE DELETE ON es.log_head
    FOR EACH ROW EXECUTE FUNCTION es.refuse_change();
CREATE TRIGGER log_head_refuse_truncate BEFORE TRUNCATE ON es.log_head
    FOR EACH STATEMENT EXECUTE FUNCTION es.refuse_change();

-- Roles are cluster-wide, so several databases (or parallel tests) may race to create them.
DO $do$
BEGIN
    CREATE ROLE kinlog_writer NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$do$;
GRANT USAGE ON SCHEMA es TO kinlog_writer;
GRANT SELECT, INSERT ON es.events TO kinlog_writer;
GRANT SELECT, UPDATE ON es.log_head TO kinlog_writer;
GRANT SELECT, INSERT, UPDATE ON es.checkpoints TO kinlog_writer;
REVOKE UPDATE, DELETE, TRUNCATE ON es.events FROM kinlog_writer;
