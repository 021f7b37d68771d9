//! Integration tests of kinlog-store against a real PostgreSQL.
mod shred;
