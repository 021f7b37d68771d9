-- The facts the federal reports read of each case: MessagePack records of the case
-- events the report fold reads, in log order (federal/gather/stored.rs). `afcars` marks a
-- case holding a removal episode, an assistance agreement or a finalization, which is
-- all an AFCARS run reads.
CREATE TABLE case_facts (
    case_id uuid PRIMARY KEY,
    facts bytea NOT NULL,
    afcars boolean NOT NULL
);
CREATE INDEX case_facts_afcars_idx ON case_facts (case_id) WHERE afcars;
