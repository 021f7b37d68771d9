//! The subject key vault: creates, unwraps, caches and shreds per-subject data keys in
//! `es.subject_keys`.
use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use tokio_postgres::types::{ToSql, Type};
use tokio_postgres::Client;
use uuid::Uuid;

use crate::shred::crypto::{self, SecretKey};
use crate::shred::master_key::MasterKey;
use crate::shred::wire::{KeyRing, SubjectKey};
use crate::Error;

/// How long an unwrapped key is trusted without asking the database again. A shred in this
/// process takes effect at once; one made by another process is seen within this time (or
/// at once, if that process's `kinlog_subject_shredded` notification is passed to
/// [`SubjectVault::forget_cached`]).
pub const DEFAULT_CACHE_TTL: Duration = Duration::from_secs(60);

/// Past this many cached subjects, expired keys are dropped, then all live keys.
const CACHE_LIMIT: usize = 100_000;

/// The channel a shred notifies, with the subject uuid as payload, when it commits.
pub const SHRED_CHANNEL: &str = "kinlog_subject_shredded";

const READ_CHECK_SQL: &str = "SELECT check_value FROM es.master_key_check";

// Only the first open of a database writes, so opening on a read-only replica works.
const CREATE_CHECK_SQL: &str = "
    INSERT INTO es.master_key_check (check_value) VALUES ($1)
    ON CONFLICT (singleton) DO NOTHING";

const SELECT_KEYS_SQL: &str =
    "SELECT subject_id, wrapped_dek FROM es.subject_keys WHERE subject_id = ANY ($1)";

// Inserts only while the master key that wrapped these keys is still the database's: the
// share lock waits out a concurrent rotation, and re-checks the row once it commits.
const INSERT_KEYS_SQL: &str = "
    WITH current_master AS (
        SELECT 1 FROM es.master_key_check WHERE check_value = $3 FOR SHARE)
    INSERT INTO es.subject_keys (subject_id, wrapped_dek)
    SELECT * FROM unnest($1::uuid[], $2::bytea[])
     WHERE EXISTS (SELECT 1 FROM current_master)
    ON CONFLICT (subject_id) DO NOTHING
    RETURNING subject_id";

const LOCK_CHECK_SQL: &str = "SELECT check_value FROM es.master_key_check FOR UPDATE";

const LIVE_KEYS_SQL: &str =
    "SELECT subject_id, wrapped_dek FROM es.subject_keys WHERE wrapped_dek IS NOT NULL FOR UPDATE";

// A key shredded meanwhile stays shredded: the row is skipped, never given a key back.
const REWRAP_SQL: &str = "
    UPDATE es.subject_keys k SET wrapped_dek = x.wrapped
      FROM unnest($1::uuid[], $2::bytea[]) AS x(subject_id, wrapped)
     WHERE k.subject_id = x.subject_id AND k.wrapped_dek IS NOT NULL";

const REPLACE_CHECK_SQL: &str =
    "UPDATE es.master_key_check SET check_value = $1, created_at = now()";

// A subject that never had a key gets a tombstone, so that no key is ever made for it later.
const SHRED_SQL: &str = "
    INSERT INTO es.subject_keys AS k (subject_id, wrapped_dek, shredded_at)
    VALUES ($1, NULL, now())
    ON CONFLICT (subject_id) DO UPDATE
        SET wrapped_dek = NULL, shredded_at = coalesce(k.shredded_at, excluded.shredded_at)
    RETURNING k.shredded_at, k.shredded_at = now() AS newly_shredded";

// VACUUM needs the table's owner (or, from PostgreSQL 17, the MAINTAIN privilege); anyone
// else gets a warning and nothing is vacuumed, so this is checked before a key is destroyed.
const CAN_VACUUM_SQL: &str = "
    SELECT pg_has_role(c.relowner, 'USAGE')
        OR CASE WHEN current_setting('server_version_num')::int >= 170000
                THEN has_table_privilege(c.oid, 'MAINTAIN') ELSE false END
      FROM pg_class c WHERE c.oid = 'es.subject_keys'::regclass";

/// What a shred did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shredded {
    /// The erased subject.
    pub subject: Uuid,
    /// When the subject's key was first destroyed.
    pub shredded_at: DateTime<Utc>,
    /// False when an earlier shred had already destroyed it.
    pub newly_shredded: bool,
}

/// Per-subject data keys, wrapped under the master key in `es.subject_keys`, with a cache
/// of unwrapped keys.
///
/// It takes a `&Client` per call rather than owning a connection, so it can sit beside a
/// pool. Keys are created in autocommit statements on that client, never inside the
/// caller's transaction: a key that rolled back with an append but stayed in the cache
/// would seal later fields under a key that was never stored.
pub struct SubjectVault {
    master_key: MasterKey,
    // The stored check value this vault's master key matched; it names the master key's
    // generation, so that keys are never created under a key that was rotated away.
    key_check: Vec<u8>,
    cache_ttl: Duration,
    cache: Mutex<HashMap<Uuid, Cached>>,
}

#[derive(Clone)]
enum Cached {
    Live { key: SecretKey, until: Instant },
    // Shredding is final, so this never expires.
    Shredded,
}

impl fmt::Debug for SubjectVault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SubjectVault")
            .field("cache_ttl", &self.cache_ttl)
            .field("cached_subjects", &self.lock_cache().len())
            .finish_non_exhaustive()
    }
}

impl SubjectVault {
    /// Opens the vault with `master_key`. The first open of a database records a check
    /// value; every later open fails with [`Error::WrongMasterKey`] unless it brings the
    /// same key.
    pub async fn open(client: &Client, master_key: MasterKey) -> Result<Self, Error> {
        let stored = match read_check(client).await? {
            Some(stored) => stored,
            None => {
                let candidate = crypto::master_key_check(&master_key.0)?;
                client
                    .execute(CREATE_CHECK_SQL, &[&candidate])
                    .await
                    .map_err(Error::db("recording the master key check"))?;
                // Another process may have recorded its own first; the stored one decides.
                read_check(client).await?.ok_or(Error::WrongMasterKey)?
            }
        };
        if !crypto::master_key_matches(&master_key.0, &stored) {
            return Err(Error::WrongMasterKey);
        }
        Ok(SubjectVault {
            master_key,
            key_check: stored,
            cache_ttl: DEFAULT_CACHE_TTL,
            cache: Mutex::new(HashMap::new()),
        })
    }

    /// Sets how long unwrapped keys stay cached; zero disables the cache for live keys.
    pub fn with_cache_ttl(mut self, ttl: Duration) -> Self {
        self.cache_ttl = ttl;
        self
    }

    /// Destroys `subject`'s data key, so every field sealed for it reads as erased from now
    /// on, in this vault at once. Idempotent; a subject without a key gets a shredded
    /// tombstone, so none is ever made for it.
    ///
    /// The wrapped key is set to NULL in one transaction, which also notifies
    /// [`SHRED_CHANNEL`]; then `es.subject_keys` is vacuumed so that no dead row version
    /// keeps the old wrapped key. VACUUM cannot remove a version that a still-open older
    /// snapshot may see; autovacuum removes it later. Copies outside the table (WAL,
    /// backups, free space inside pages) still hold the wrapped key until the master key is
    /// rotated. If the VACUUM fails, the key is already destroyed and the error says so;
    /// calling `shred` again is safe and retries it.
    pub async fn shred(&self, client: &mut Client, subject: Uuid) -> Result<Shredded, Error> {
        check_can_vacuum(client).await?;
        let tx = client
            .transaction()
            .await
            .map_err(Error::db("starting the shred transaction"))?;
        let row = tx
            .query_one(SHRED_SQL, &[&subject])
            .await
            .map_err(Error::db("destroying a subject key"))?;
        tx.execute(
            "SELECT pg_notify($1, $2)",
            &[&SHRED_CHANNEL, &subject.to_string()],
        )
        .await
        .map_err(Error::db("announcing a shred"))?;
        tx.commit().await.map_err(Error::db("committing a shred"))?;
        self.lock_cache().insert(subject, Cached::Shredded);
        client
            .batch_execute("VACUUM es.subject_keys")
            .await
            .map_err(Error::db(
            "vacuuming es.subject_keys after destroying a key (the key is gone; retry the shred)",
        ))?;
        Ok(Shredded {
            subject,
            shredded_at: row.get(0),
            newly_shredded: row.get(1),
        })
    }

    /// Re-wraps every live data key under `new_key` and makes it this database's master
    /// key, in one transaction; returns a vault over `new_key`, whose cache starts empty.
    ///
    /// This is what completes an erasure beyond the live table: once every copy of the old
    /// master key is destroyed, the wrapped keys of shredded subjects that linger in WAL,
    /// base backups and page free space can no longer be unwrapped. Backups taken before the
    /// rotation need the old key to be restored, so destroy it when they expire.
    ///
    /// Store `new_key` durably first (see [`MasterKey::write_new`]): after the commit, only
    /// it opens the vault. The data keys themselves do not change, so sealed fields stay as
    /// they are. Vaults still holding the old key keep their cached keys but can create no
    /// new ones ([`Error::MasterKeyRotated`]); reopen them with the new key. The whole table
    /// is read into memory and rewritten, so this is maintenance-window work.
    pub async fn rotate_master_key(
        &self,
        client: &mut Client,
        new_key: MasterKey,
    ) -> Result<SubjectVault, Error> {
        check_can_vacuum(client).await?;
        let tx = client
            .transaction()
            .await
            .map_err(Error::db("starting the master key rotation"))?;
        let stored: Vec<u8> = tx
            .query_one(LOCK_CHECK_SQL, &[])
            .await
            .map_err(Error::db("locking the master key check"))?
            .get(0);
        if !crypto::master_key_matches(&self.master_key.0, &stored) {
            return Err(Error::MasterKeyRotated);
        }
        let rows = tx
            .query(LIVE_KEYS_SQL, &[])
            .await
            .map_err(Error::db("reading the live subject keys"))?;
        let mut subjects = Vec::with_capacity(rows.len());
        let mut rewrapped = Vec::with_capacity(rows.len());
        for row in rows {
            let subject: Uuid = row.get(0);
            let wrapped: Vec<u8> = row.get(1);
            let key = crypto::unwrap_key(&self.master_key.0, &subject, &wrapped)?;
            rewrapped.push(crypto::wrap_key(&new_key.0, &subject, &key)?);
            subjects.push(subject);
        }
        tx.execute(REWRAP_SQL, &[&subjects, &rewrapped])
            .await
            .map_err(Error::db("re-wrapping the subject keys"))?;
        let key_check = crypto::master_key_check(&new_key.0)?;
        tx.execute(REPLACE_CHECK_SQL, &[&key_check])
            .await
            .map_err(Error::db("replacing the master key check"))?;
        tx.commit()
            .await
            .map_err(Error::db("committing the master key rotation"))?;
        // The versions wrapped under the old key are dead now; drop them from the table.
        client
            .batch_execute("VACUUM es.subject_keys")
            .await
            .map_err(Error::db(
                "vacuuming es.subject_keys after a master key rotation (the rotation committed)",
            ))?;
        Ok(SubjectVault {
            master_key: new_key,
            key_check,
            cache_ttl: self.cache_ttl,
            cache: Mutex::new(HashMap::new()),
        })
    }

    /// Drops `subject`'s cached key, e.g. when another process announces a shred on
    /// [`SHRED_CHANNEL`]; the next read asks the database.
    pub fn forget_cached(&self, subject: &Uuid) {
        let mut cache = self.lock_cache();
        if let Some(Cached::Live { .. }) = cache.get(subject) {
            cache.remove(subject);
        }
    }

    /// Live keys for every subject, creating those that do not exist yet. Fails with
    /// [`Error::SubjectShredded`] if any of them was shredded.
    pub(crate) async fn keys_for_sealing(
        &self,
        client: &Client,
        subjects: &BTreeSet<Uuid>,
    ) -> Result<KeyRing, Error> {
        let mut ring = KeyRing::new();
        let mut unknown = self.fill_from_cache(subjects, &mut ring);
        // A subject sealed for the first time is the common case (a registration), so
        // creating comes first: one round trip. Subjects whose row exists (live, or
        // shredded) are then read.
        if !unknown.is_empty() {
            self.create(client, &unknown, &mut ring).await?;
            unknown.retain(|s| !ring.contains_key(s));
        }
        if !unknown.is_empty() {
            self.load(client, &unknown, &mut ring).await?;
            // Key rows are never deleted, so a key neither inserted nor found means the
            // insert was held back: the master key was rotated away from this vault.
            if unknown.iter().any(|s| !ring.contains_key(s)) {
                return Err(Error::MasterKeyRotated);
            }
        }
        for subject in subjects {
            match ring.get(subject) {
                Some(SubjectKey::Live(_)) => {}
                Some(SubjectKey::Shredded) => {
                    return Err(Error::SubjectShredded { subject: *subject })
                }
                None => return Err(Error::SubjectKeyMissing { subject: *subject }),
            }
        }
        Ok(ring)
    }

    /// Adds the keys of `subjects` to `ring`, live or shredded. A subject with no row at
    /// all is an error: erasure leaves a tombstone, so a missing row means lost data.
    pub(crate) async fn keys_for_reading(
        &self,
        client: &Client,
        subjects: &BTreeSet<Uuid>,
        ring: &mut KeyRing,
    ) -> Result<(), Error> {
        let unknown = self.fill_from_cache(subjects, ring);
        if !unknown.is_empty() {
            self.load(client, &unknown, ring).await?;
        }
        match subjects.iter().find(|s| !ring.contains_key(s)) {
            Some(subject) => Err(Error::SubjectKeyMissing { subject: *subject }),
            None => Ok(()),
        }
    }

    /// Copies cached keys into `ring`; returns the subjects the cache could not answer.
    pub(crate) fn fill_from_cache(
        &self,
        subjects: &BTreeSet<Uuid>,
        ring: &mut KeyRing,
    ) -> Vec<Uuid> {
        let now = Instant::now();
        let cache = self.lock_cache();
        let mut unknown = Vec::new();
        for subject in subjects {
            match cache.get(subject) {
                Some(Cached::Live { key, until }) if *until > now => {
                    ring.insert(*subject, SubjectKey::Live(key.clone()));
                }
                Some(Cached::Shredded) => {
                    ring.insert(*subject, SubjectKey::Shredded);
                }
                _ => unknown.push(*subject),
            }
        }
        unknown
    }

    async fn load(
        &self,
        client: &Client,
        subjects: &[Uuid],
        ring: &mut KeyRing,
    ) -> Result<(), Error> {
        if subjects.is_empty() {
            return Ok(());
        }
        let rows = client
            .query_typed(SELECT_KEYS_SQL, &[(&subjects, Type::UUID_ARRAY)])
            .await
            .map_err(Error::db("reading subject keys"))?;
        for row in rows {
            let subject: Uuid = row.get(0);
            let wrapped: Option<Vec<u8>> = row.get(1);
            let key = match wrapped {
                Some(wrapped) => {
                    SubjectKey::Live(crypto::unwrap_key(&self.master_key.0, &subject, &wrapped)?)
                }
                None => SubjectKey::Shredded,
            };
            self.remember(subject, &key);
            ring.insert(subject, key);
        }
        Ok(())
    }

    async fn create(
        &self,
        client: &Client,
        subjects: &[Uuid],
        ring: &mut KeyRing,
    ) -> Result<(), Error> {
        let mut keys = HashMap::with_capacity(subjects.len());
        let mut wrapped = Vec::with_capacity(subjects.len());
        for subject in subjects {
            let key = SecretKey::generate()?;
            wrapped.push(crypto::wrap_key(&self.master_key.0, subject, &key)?);
            keys.insert(*subject, key);
        }
        // Without waiting for this commit to be flushed: an event sealed under a new key
        // is appended after it, and that durable commit flushes the WAL up to its own
        // record, past this one. A key lost in a crash had no event yet and is made again.
        // This saves one flush per new subject, half an import's commits. The three
        // statements are pipelined, one round trip; a failed insert makes the COMMIT a
        // rollback.
        let params: [(&(dyn ToSql + Sync), Type); 3] = [
            (&subjects, Type::UUID_ARRAY),
            (&wrapped, Type::BYTEA_ARRAY),
            (&self.key_check, Type::BYTEA),
        ];
        let (begun, inserted, committed) = tokio::join!(
            client.batch_execute("BEGIN; SET LOCAL synchronous_commit = off"),
            client.query_typed(INSERT_KEYS_SQL, &params),
            client.batch_execute("COMMIT"),
        );
        begun.map_err(Error::db("starting to create subject keys"))?;
        let rows = inserted.map_err(Error::db("creating subject keys"))?;
        committed.map_err(Error::db("committing subject keys"))?;
        for row in rows {
            let subject: Uuid = row.get(0);
            if let Some(key) = keys.remove(&subject) {
                let key = SubjectKey::Live(key);
                self.remember(subject, &key);
                ring.insert(subject, key);
            }
        }
        Ok(())
    }

    fn remember(&self, subject: Uuid, key: &SubjectKey) {
        let entry = match key {
            SubjectKey::Live(key) => Cached::Live {
                key: key.clone(),
                until: Instant::now() + self.cache_ttl,
            },
            SubjectKey::Shredded => Cached::Shredded,
        };
        let mut cache = self.lock_cache();
        if cache.len() >= CACHE_LIMIT {
            let now = Instant::now();
            cache
                .retain(|_, cached| !matches!(cached, Cached::Live { until, .. } if *until <= now));
            if cache.len() >= CACHE_LIMIT {
                cache.retain(|_, cached| matches!(cached, Cached::Shredded));
            }
        }
        // A key read before a concurrent shred in this process must not replace the
        // shred's mark.
        if !matches!(cache.get(&subject), Some(Cached::Shredded)) {
            cache.insert(subject, entry);
        }
    }

    // The cache holds no invariant a panic could break halfway, so a poisoned lock is
    // still usable.
    fn lock_cache(&self) -> MutexGuard<'_, HashMap<Uuid, Cached>> {
        self.cache.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

async fn read_check(client: &Client) -> Result<Option<Vec<u8>>, Error> {
    Ok(client
        .query_opt(READ_CHECK_SQL, &[])
        .await
        .map_err(Error::db("reading the master key check"))?
        .map(|row| row.get(0)))
}

async fn check_can_vacuum(client: &Client) -> Result<(), Error> {
    let can_vacuum: bool = client
        .query_one(CAN_VACUUM_SQL, &[])
        .await
        .map_err(Error::db("checking the right to vacuum es.subject_keys"))?
        .get(0);
    if can_vacuum {
        Ok(())
    } else {
        Err(Error::VacuumNotPermitted {
            table: "es.subject_keys",
        })
    }
}
