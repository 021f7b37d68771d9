-- Removal episodes (AFCARS 2020 removal and exit information) and their placements.
-- Transaction dates are the log's recorded_at of the event that recorded the fact.
CREATE TABLE removal_episode (
    episode_id uuid PRIMARY KEY,
    case_id uuid NOT NULL,
    child uuid NOT NULL,
    removed_on date NOT NULL,
    removed_at time,
    -- AFCARS E70: when the removal was recorded.
    removal_recorded_at timestamptz NOT NULL,
    removal_manner text NOT NULL,
    removal_environment text NOT NULL,
    removal_circumstances text[] NOT NULL,
    exited_on date,
    exit_reason text,
    -- AFCARS E155 and E156.
    exit_reason_code smallint,
    exit_receiving_agency text,
    -- AFCARS E154: when the exit was recorded.
    exit_recorded_at timestamptz
);
CREATE INDEX removal_episode_child_idx ON removal_episode (child, removed_on);
CREATE INDEX removal_episode_case_idx ON removal_episode (case_id);

CREATE TABLE placement (
    placement_id uuid PRIMARY KEY,
    episode_id uuid NOT NULL REFERENCES removal_episode,
    child uuid NOT NULL,
    started_on date NOT NULL,
    ended_on date,
    setting jsonb NOT NULL,
    provider uuid,
    location jsonb NOT NULL,
    placed_recorded_at timestamptz NOT NULL,
    ended_recorded_at timestamptz
);
CREATE INDEX placement_episode_idx ON placement (episode_id, started_on);
CREATE INDEX placement_provider_idx ON placement (provider) WHERE provider IS NOT NULL;
