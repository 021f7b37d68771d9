//! Ed25519-signed checkpoints of the log. (Owned by the sealing helper.)
