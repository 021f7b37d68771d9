-- The projector runtime's own tables. Each build of a projector (a version built from
-- position 0) owns one schema, rm_<name>_v<version>_b<build>, holding its tables; the
-- stable schema rm holds one view per table of each projector's active build.
CREATE SCHEMA projections;
CREATE SCHEMA rm;

CREATE TABLE projections.builds (
    build_id bigint PRIMARY KEY,
    name text NOT NULL,
    version integer NOT NULL CHECK (version > 0),
    schema_name text NOT NULL UNIQUE,
    -- The last log position applied: rows and this value commit in one transaction.
    position bigint NOT NULL DEFAULT 0 CHECK (position >= 0),
    -- Events of the projector's category handed to its handler, for operators.
    events_applied bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    -- The start of the current rate window (about ten seconds of batches).
    rate_from_position bigint NOT NULL DEFAULT 0,
    rate_from_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    activated_at timestamptz,
    -- Set when another build replaced this one; its schema is dropped then.
    retired_at timestamptz
);
CREATE SEQUENCE projections.build_ids OWNED BY projections.builds.build_id;
CREATE INDEX builds_name_idx ON projections.builds (name, version);

CREATE TABLE projections.active (
    name text PRIMARY KEY,
    build_id bigint NOT NULL UNIQUE REFERENCES projections.builds
);
