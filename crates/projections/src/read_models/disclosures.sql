-- The accounting of disclosures: every release of a person's information outside the
-- agency, with what 45 CFR 164.528 asks an accounting to give.
CREATE TABLE disclosure (
    position bigint PRIMARY KEY,
    person_id uuid NOT NULL,
    case_id uuid,
    disclosed_on date NOT NULL,
    recipient_name text NOT NULL,
    recipient_address text,
    purpose text NOT NULL,
    legal_basis text NOT NULL,
    request text NOT NULL,
    released text[] NOT NULL,
    recorded_by uuid NOT NULL,
    recorded_at timestamptz NOT NULL
);
CREATE INDEX disclosure_person_idx ON disclosure (person_id, disclosed_on);
