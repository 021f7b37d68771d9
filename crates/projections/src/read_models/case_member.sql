-- Who each case is about: every person a fact of the case names (the domain's
-- CaseEvent::persons_named). Finds a person's cases, hence who owns their record.
CREATE TABLE case_member (
    person_id uuid NOT NULL,
    case_id uuid NOT NULL,
    first_position bigint NOT NULL,
    PRIMARY KEY (person_id, case_id)
);
CREATE INDEX case_member_case_idx ON case_member (case_id);
