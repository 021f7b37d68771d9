-- Who holds which grant. A grant's grantee is fixed when it is issued, so this index
-- only grows; revocations and extensions are read from each grant's own stream.
CREATE TABLE grant_holder (
    grant_id uuid PRIMARY KEY,
    grantee uuid NOT NULL,
    issued_position bigint NOT NULL
);
CREATE INDEX grant_holder_grantee_idx ON grant_holder (grantee);
