-- Signed checkpoints of the log (seals): see crates/store/src/seal.rs.
--
-- A seal commits to a position, the chain hash there and the RFC 6962 Merkle root over
-- positions 1..position, signed with the sealer's Ed25519 key over the C2SP-style text of
-- `Checkpoint::signed_text`. The frontier (the O(log n) subtree roots) lets the next seal
-- resume without rehashing the log. There is no foreign key to es.events on purpose: a seal
-- must outlive a truncated log, since that is how the truncation is found.
CREATE TABLE es.seals (
    position    bigint      NOT NULL PRIMARY KEY CHECK (position > 0),
    chain_head  bytea       NOT NULL CHECK (octet_length(chain_head) = 32),
    merkle_root bytea       NOT NULL CHECK (octet_length(merkle_root) = 32),
    frontier    bytea       NOT NULL CHECK (octet_length(frontier) >= 8),
    signature   bytea       NOT NULL CHECK (octet_length(signature) = 64),
    public_key  bytea       NOT NULL CHECK (octet_length(public_key) = 32),
    sealed_at   timestamptz NOT NULL
);

-- Append-only, like the events.
CREATE TRIGGER seals_refuse_update_delete BEFORE UPDATE OR DELETE ON es.seals
    FOR EACH ROW EXECUTE FUNCTION es.refuse_change();
CREATE TRIGGER seals_refuse_truncate BEFORE TRUNCATE ON es.seals
    FOR EACH STATEMENT EXECUTE FUNCTION es.refuse_change();

GRANT SELECT, INSERT ON es.seals TO kinlog_writer;
REVOKE UPDATE, DELETE, TRUNCATE ON es.seals FROM kinlog_writer;
