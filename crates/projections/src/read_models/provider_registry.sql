-- Providers and where their license stands. `license_status` is the latest licensing
-- step: registered, applied, studied, licensed, denied or revoked. A license past
-- `license_expires_on` has lapsed although no event says so; readers compare the date
-- with the day they ask about.
CREATE TABLE provider_registry (
    provider_id uuid PRIMARY KEY,
    kind text NOT NULL,
    name text NOT NULL,
    organization_id uuid NOT NULL,
    registered_on date NOT NULL,
    license_status text NOT NULL,
    license_number text,
    licensed_on date,
    license_expires_on date,
    status_changed_on date NOT NULL,
    revocation_reason text,
    last_position bigint NOT NULL
);
CREATE INDEX provider_registry_org_idx ON provider_registry (organization_id, license_status);
CREATE INDEX provider_registry_expiry_idx ON provider_registry (license_expires_on)
    WHERE license_status = 'licensed';
-- Every licensing step of every provider, in log order: the licensing history.
CREATE TABLE provider_license_step (
    provider_id uuid NOT NULL,
    position bigint NOT NULL,
    step text NOT NULL,
    occurred_on date NOT NULL,
    expires_on date,
    PRIMARY KEY (provider_id, position)
);
