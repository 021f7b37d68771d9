-- Crypto-shredding: one data key per subject, wrapped under the master key held outside
-- the database. Erasing a subject destroys its wrapped key; the events that hold its
-- sealed fields never change, so the hash chain still verifies.

-- wrapped_dek = nonce (24) || XChaCha20-Poly1305(master key, data key, aad = label || subject)
-- and is NULL exactly when the key was shredded. A shredded row stays as a tombstone, so
-- an erased subject reads as erased (never as "missing") and no new key is made for it.
CREATE TABLE es.subject_keys (
    subject_id  uuid        PRIMARY KEY,
    created_at  timestamptz NOT NULL DEFAULT now(),
    shredded_at timestamptz,
    wrapped_dek bytea CHECK (octet_length(wrapped_dek) = 72),
    CONSTRAINT subject_keys_live_xor_shredded CHECK ((wrapped_dek IS NULL) = (shredded_at IS NOT NULL))
);

-- Proves at start-up that the master key in hand is the one that wrapped these keys:
-- nonce || XChaCha20-Poly1305(master key, label, aad = label). A rotation replaces it.
CREATE TABLE es.master_key_check (
    singleton   boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    check_value bytea       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- A key row is never deleted (that would turn "erased" into "missing") and a shredded key
-- never comes back. Re-wrapping a live key under a new master key stays possible.
CREATE FUNCTION es.guard_subject_key() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'DELETE on es.subject_keys is refused: shred the key instead'
            USING ERRCODE = 'KL001';
    END IF;
    IF NEW.subject_id <> OLD.subject_id OR NEW.created_at <> OLD.created_at THEN
        RAISE EXCEPTION 'es.subject_keys: subject_id and created_at never change'
            USING ERRCODE = 'KL001';
    END IF;
    IF OLD.shredded_at IS NOT NULL
       AND (NEW.wrapped_dek IS NOT NULL OR NEW.shredded_at IS DISTINCT FROM OLD.shredded_at) THEN
        RAISE EXCEPTION 'es.subject_keys: subject % was shredded; its key cannot come back', OLD.subject_id
            USING ERRCODE = 'KL001';
    END IF;
    RETURN NEW;
END
$fn$;

CREATE TRIGGER subject_keys_guard BEFORE UPDATE OR DELETE ON es.subject_keys
    FOR EACH ROW EXECUTE FUNCTION es.guard_subject_key();
CREATE TRIGGER subject_keys_refuse_truncate BEFORE TRUNCATE ON es.subject_keys
    FOR EACH STATEMENT EXECUTE FUNCTION es.refuse_change();

-- The writer creates and reads keys. Shredding needs the table's owner, because the shred
-- VACUUMs the table so that no dead row version keeps the destroyed key.
GRANT SELECT, INSERT ON es.subject_keys TO kinlog_writer;
-- Creating a key share-locks the check row (so a rotation cannot slip between wrapping and
-- inserting); a row lock needs some UPDATE right, and `singleton` can only stay true.
GRANT SELECT, INSERT, UPDATE (singleton) ON es.master_key_check TO kinlog_writer;
