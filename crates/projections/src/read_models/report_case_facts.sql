-- The facts the federal reports read of each case: MessagePack records of the case
-- events the report fold reads, in log order (federal/gather/stored.rs). `afcars` marks a
-- case holding a removal episode, an assistance agreement or a finalization, all an
-- AFCARS run reads of cases; `victims` one with a substantiated or indicated finding
-- (perhaps revised since), which with those is all a CFSR run reads.
CREATE TABLE case_facts (
    case_id uuid PRIMARY KEY,
    facts bytea NOT NULL,
    afcars boolean NOT NULL,
    victims boolean NOT NULL
);
CREATE INDEX case_facts_afcars_idx ON case_facts (case_id) WHERE afcars;
CREATE INDEX case_facts_cfsr_idx ON case_facts (case_id) WHERE afcars OR victims;
