-- The NYTD youth roster: every youth who received an independent-living service or was
-- surveyed, with the span and kinds of services and each survey population's latest
-- status. Dates of birth are in person_index.
CREATE TABLE nytd_youth (
    person_id uuid PRIMARY KEY,
    first_served_on date,
    last_served_on date,
    services_delivered integer NOT NULL,
    -- Each kind of service received, in the order first received.
    services text[] NOT NULL,
    baseline_at_17_status text,
    baseline_at_17_on date,
    follow_up_at_19_status text,
    follow_up_at_19_on date,
    follow_up_at_21_status text,
    follow_up_at_21_on date,
    last_position bigint NOT NULL
);
CREATE INDEX nytd_youth_served_idx ON nytd_youth (last_served_on);
