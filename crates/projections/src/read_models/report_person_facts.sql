-- The facts the federal reports read of each person: MessagePack records of
-- `PersonFact`s (demographics, ICWA, education, services, surveys, legacy ids; never a
-- name), in log order (federal/gather/stored.rs). `nytd` marks a person with an
-- independent-living service or an outcome survey, whom a NYTD run reads.
CREATE TABLE person_facts (
    person_id uuid PRIMARY KEY,
    facts bytea NOT NULL,
    nytd boolean NOT NULL
);
CREATE INDEX person_facts_nytd_idx ON person_facts (person_id) WHERE nytd;
