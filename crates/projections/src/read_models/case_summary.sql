-- One row per case: where it stands and who is responsible.
CREATE TABLE case_summary (
    case_id uuid PRIMARY KEY,
    -- referred | screened_in | screened_out | open | closed
    status text NOT NULL,
    agency uuid NOT NULL,
    county integer NOT NULL,
    reported_on date NOT NULL,
    screened_on date,
    opened_on date,
    closed_on date,
    closure_reason text,
    caseworker uuid,
    supervisor uuid,
    assigned_on date,
    -- The last effective fact applied to the case, and when it was recorded.
    last_position bigint NOT NULL,
    last_recorded_at timestamptz NOT NULL
);
CREATE INDEX case_summary_agency_idx ON case_summary (agency, status);

-- The case's children, each with its open custody episode if any.
CREATE TABLE case_child (
    case_id uuid NOT NULL REFERENCES case_summary,
    child uuid NOT NULL,
    open_episode_id uuid,
    removed_on date,
    PRIMARY KEY (case_id, child)
);
CREATE INDEX case_child_child_idx ON case_child (child);

-- The caseload: who is responsible for which case that is not closed.
CREATE TABLE caseload (
    staff_id uuid NOT NULL,
    case_id uuid NOT NULL REFERENCES case_summary,
    -- caseworker | supervisor
    role text NOT NULL,
    assigned_on date NOT NULL,
    PRIMARY KEY (staff_id, case_id, role)
);
CREATE INDEX caseload_case_idx ON caseload (case_id);
