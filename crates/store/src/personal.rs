//! The store's own use of crypto-shredding: with a master key configured, an append seals
//! every plaintext personal field before it is hashed and stored, and every read opens
//! the sealed ones (or shows them erased), so callers only ever see the plaintext or
//! erased forms of the wire convention documented on the `shred` module.
use std::collections::BTreeSet;
use std::sync::Arc;

use deadpool_postgres::Pool;
use uuid::Uuid;

use crate::shred::{
    finish_opening, seal_personal_fields, start_opening, KeyRing, MasterKey, Opening, Shredded,
    SubjectVault,
};
use crate::{Error, NewEvent, RecordedEvent, Store};

/// Every personal-field marker holds the map key `"$pii"`, so a payload without these
/// bytes has none and skips the MessagePack walk: most events carry no personal data.
const MARKER: &[u8] = b"$pii";

fn may_hold_personal_fields(payload: &[u8]) -> bool {
    memchr::memmem::find(payload, MARKER).is_some()
}

/// The vault and the connections it reads keys on. Key lookups get their own small pool:
/// a read holds its pooled connection for the whole cursor, so borrowing a second one from
/// the read pool could wait forever when every read is streaming.
pub(crate) struct PersonalData {
    pub(crate) vault: Arc<SubjectVault>,
    pool: Pool,
}

impl PersonalData {
    pub(crate) async fn open(
        config: &tokio_postgres::Config,
        key: MasterKey,
    ) -> Result<PersonalData, Error> {
        let pool = crate::store::pool(config, 4, "the key pool")?;
        let vault = SubjectVault::open(&*pool.get().await?, key).await?;
        Ok(PersonalData {
            vault: Arc::new(vault),
            pool,
        })
    }

    async fn seal(&self, events: &mut [NewEvent]) -> Result<(), Error> {
        let mut client = None;
        for event in events
            .iter_mut()
            .filter(|e| may_hold_personal_fields(&e.payload))
        {
            if client.is_none() {
                client = Some(self.pool.get().await?);
            }
            let client = client.as_ref().expect("taken just above");
            event.payload =
                seal_personal_fields(client, &self.vault, &event.event_id, &event.payload).await?;
        }
        Ok(())
    }

    /// Opens the sealed fields of `events`: from cached keys where it can, then with the
    /// missing subjects' keys loaded in one query. Each payload is decoded once.
    async fn open_events(&self, events: &mut [RecordedEvent]) -> Result<(), Error> {
        let mut waiting = Vec::new();
        for (index, event) in events.iter_mut().enumerate() {
            if !may_hold_personal_fields(&event.payload) {
                continue;
            }
            match start_opening(&self.vault, &event.payload)? {
                Opening::Done(opened) => event.payload = opened,
                Opening::Waiting(partly) => waiting.push((index, partly)),
            }
        }
        if waiting.is_empty() {
            return Ok(());
        }
        let subjects: BTreeSet<Uuid> = waiting
            .iter()
            .flat_map(|(_, partly)| partly.missing.iter().copied())
            .collect();
        let client = self.pool.get().await?;
        let mut keys = KeyRing::new();
        self.vault
            .keys_for_reading(&client, &subjects, &mut keys)
            .await?;
        for (index, partly) in waiting {
            let event = &mut events[index];
            let resumed = partly.resume(&self.vault, &event.payload, &keys)?;
            // A field sealed inside another shows its subject only now; rare.
            event.payload = finish_opening(&client, &self.vault, &event.payload, resumed).await?;
        }
        Ok(())
    }
}

impl Store {
    /// Seals the personal fields of `events` when this store has a master key; without
    /// one they are stored in their plaintext form and cannot be erased later.
    pub(crate) async fn seal_personal_data(&self, events: &mut [NewEvent]) -> Result<(), Error> {
        match &self.inner.personal_data {
            Some(personal) => personal.seal(events).await,
            None => Ok(()),
        }
    }

    /// True when a read event may hold sealed fields for this store to open.
    pub(crate) fn has_personal_data(&self, event: &RecordedEvent) -> bool {
        self.inner.personal_data.is_some() && may_hold_personal_fields(&event.payload)
    }

    /// Opens the sealed personal fields of read events.
    pub(crate) async fn open_personal_data(
        &self,
        mut events: Vec<RecordedEvent>,
    ) -> Result<Vec<RecordedEvent>, Error> {
        if let Some(personal) = &self.inner.personal_data {
            personal.open_events(&mut events).await?;
        }
        Ok(events)
    }

    /// True when this store seals personal fields and so can erase subjects.
    pub fn erases_personal_data(&self) -> bool {
        self.inner.personal_data.is_some()
    }

    /// Erases a subject: destroys its data key, so every personal field sealed for it
    /// reads as erased from now on, in this process at once and in others once they hear
    /// the shred announced (or their cached key expires). The log is not touched and still
    /// verifies. Read models that copied the plaintext must be cleared by their owners.
    pub async fn shred_subject(&self, subject: uuid::Uuid) -> Result<Shredded, Error> {
        let personal = self
            .inner
            .personal_data
            .as_ref()
            .ok_or(Error::NoMasterKey)?;
        let mut client = personal.pool.get().await?;
        personal.vault.shred(&mut client, subject).await
    }
}
