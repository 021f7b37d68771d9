//! Crypto-shredding: personal fields are stored encrypted under a per-subject data key,
//! and erasing a subject destroys that key.
//!
//! The log is append-only and hash-chained over the stored payload bytes, so erasure never
//! rewrites an event. The chain covers the ciphertext, so it still verifies after a shred,
//! and a shredded low-entropy value (a birth date, a name) cannot be guessed from it.
//!
//! # Keys
//!
//! A [`MasterKey`] (32 random bytes in a mode-0600 file outside the database) wraps each
//! subject's data key with XChaCha20-Poly1305; `es.subject_keys` holds the wrapped keys,
//! one row per subject, with the subject id bound in as associated data. A
//! [`SubjectVault`] creates, unwraps, caches and shreds them.
//!
//! # Wire convention for personal fields
//!
//! The store knows no case law, so it finds personal data by shape. Anywhere inside a
//! MessagePack payload (map values, array items, at any depth), a personal field is a
//! **map holding the string key `"$pii"`**, in exactly one of three forms:
//!
//! | form      | keys, in the order writers emit them | values |
//! |-----------|---------------------------------------|--------|
//! | plaintext | `"$pii"`, `"v"`                        | `v`: any MessagePack value |
//! | sealed    | `"$pii"`, `"n"`, `"c"`                 | `n`: bin, 24 bytes (nonce); `c`: bin (ciphertext and 16-byte tag) |
//! | erased    | `"$pii"`, `"erased"`                   | `erased`: `true` |
//!
//! - `"$pii"` is the subject's uuid as a MessagePack **str** in lowercase hyphenated form
//!   (`"0190a5d2-7c1e-7a4b-9f3e-2b8c1d4e5f60"`), never as bin: `uuid`'s serde impl writes
//!   16 bytes under rmp-serde, so the domain's `Personal<T>` must write the string itself.
//! - Keys are str. Readers accept them in any order but refuse a map with `"$pii"` that is
//!   not exactly one of the forms: extra or repeated keys, a non-canonical uuid, a nonce of
//!   another length, `erased: false`. So a domain type can never use `$pii` as a field name.
//! - `c` = XChaCha20-Poly1305(subject's data key, nonce `n`, plaintext = the MessagePack
//!   encoding of `v`, associated data = `"kinlog-personal-field-v1"` || the subject's 16
//!   uuid bytes). A sealed field copied under another subject's `$pii` does not open.
//! - A personal field may contain other personal fields (a note about a child that names a
//!   parent). Sealing works innermost first, so each is sealed under its own subject's key,
//!   and erasing the parent erases the parent's part of the child's note.
//!
//! The domain's `Personal<T>` serializes to the plaintext form and deserializes from the
//! plaintext or erased form. [`seal_personal_fields`] turns plaintext into sealed before an
//! append; [`open_personal_fields`] turns sealed into plaintext, or into erased when the
//! subject's key is gone, after a read. Payloads must nest at most 256 levels deep.
//!
//! # What a shred reaches
//!
//! A shred ([`SubjectVault::shred`]) destroys the wrapped key in its row and vacuums the
//! table, so no live or dead tuple holds it. Copies outside the table's tuples remain
//! readable with the master key: WAL and its archives, base backups, replicas until they
//! replay, and the free space inside heap pages (VACUUM compacts a page without zeroing the
//! gap, so the old bytes can survive there until overwritten). Rotating the master key
//! ([`SubjectVault::rotate_master_key`]) and then destroying every copy of the old one is
//! what makes those copies useless. Decrypted values that consumers keep (read models,
//! exports) are theirs to erase.
mod crypto;
mod master_key;
mod payload;
mod vault;
mod wire;

pub use master_key::MasterKey;
pub(crate) use payload::{finish_opening, start_opening, Opening};
pub use payload::{open_personal_fields, seal_personal_fields};
pub use vault::{Shredded, SubjectVault, DEFAULT_CACHE_TTL, SHRED_CHANNEL};
pub(crate) use wire::KeyRing;
