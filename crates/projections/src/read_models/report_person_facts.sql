-- The facts the federal reports read of each person: MessagePack records of
-- `PersonFact`s (demographics, ICWA, education, services, surveys, legacy ids; never a
-- name), in log order (federal/gather/stored.rs).
CREATE TABLE person_facts (
    person_id uuid PRIMARY KEY,
    facts bytea NOT NULL
);
