-- The facts the federal reports read of each case: MessagePack records of the case
-- events the report fold reads, in log order (federal/gather/stored.rs). `afcars` marks a
-- case holding a removal episode, an assistance agreement or a finalization, all an
-- AFCARS run reads of cases; `victims` one with a substantiated or indicated finding
-- (perhaps revised since), which with those is all a CFSR run reads. `ncands_years` holds
-- the federal fiscal years of the case's findings, screenings out and maltreatment deaths:
-- an NCANDS run for a year reads those cases and the AFCARS ones (a child's AFCARS id).
CREATE TABLE case_facts (
    case_id uuid PRIMARY KEY,
    facts bytea NOT NULL,
    afcars boolean NOT NULL,
    victims boolean NOT NULL,
    ncands_years integer[] NOT NULL
);
CREATE INDEX case_facts_afcars_idx ON case_facts (case_id) WHERE afcars;
CREATE INDEX case_facts_cfsr_idx ON case_facts (case_id) WHERE afcars OR victims;
CREATE INDEX case_facts_ncands_idx ON case_facts USING gin (ncands_years);
