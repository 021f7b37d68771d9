-- Every recorded access and refusal, indexed by actor, by case and by subject person, so
-- a privacy officer's questions ("who looked at this child", "what did this user see")
-- are answered without replaying the log. The log stays the evidence; this is its index.
-- Subjects are ids only: erasing a person's personal fields never erases who looked.
CREATE TABLE access_log (
    position bigint PRIMARY KEY,
    at timestamptz NOT NULL,
    actor uuid NOT NULL,
    organization_id uuid NOT NULL,
    action text NOT NULL,
    allowed boolean NOT NULL,
    resource_kind text NOT NULL,
    resource_id uuid NOT NULL,
    case_id uuid,
    grant_used uuid,
    purpose text NOT NULL,
    deciding_policies text[] NOT NULL,
    path text NOT NULL,
    correlation_id uuid NOT NULL
);
CREATE INDEX access_log_actor_idx ON access_log (actor, at);
CREATE INDEX access_log_case_idx ON access_log (case_id, at) WHERE case_id IS NOT NULL;
CREATE TABLE access_log_subject (
    person_id uuid NOT NULL,
    at timestamptz NOT NULL,
    position bigint NOT NULL,
    PRIMARY KEY (person_id, at, position)
);
