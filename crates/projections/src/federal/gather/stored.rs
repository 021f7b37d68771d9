//! How the report facts projectors keep a stream's facts: one `bytea` per stream, the
//! MessagePack records of the facts the fold reads, appended in log order. Folding a
//! row's records gives what folding the stream's events up to the projector's position
//! gives, without reading or decoding the rest of the log.
//!
//! The records hold the current types: a change to [`CaseEvent`] or [`PersonFact`] that
//! older rows could not decode bumps the projectors' versions, which rebuilds them.
use chrono::NaiveDate;
use kinlog_domain::case::CaseEvent;
use serde::de::DeserializeOwned;
use serde::Serialize;
use uuid::Uuid;

use super::person_fact::PersonFact;
use crate::Error;

/// A case event the fold reads, with the date it was recorded (an AFCARS transaction
/// date).
pub(crate) type CaseRecord = (NaiveDate, CaseEvent);

pub(crate) fn encode_case_record(
    recorded_on: NaiveDate,
    event: &CaseEvent,
) -> Result<Vec<u8>, Error> {
    encode(&(recorded_on, event), "a case's report facts")
}

pub(crate) fn encode_person_records(facts: &[PersonFact]) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    for fact in facts {
        bytes.extend(encode(fact, "a person's report facts")?);
    }
    Ok(bytes)
}

fn encode(record: &impl Serialize, what: &str) -> Result<Vec<u8>, Error> {
    rmp_serde::to_vec_named(record).map_err(|e| Error::Encode {
        event_type: what.to_owned(),
        reason: e.to_string(),
    })
}

/// The records of `stream`'s row, in the order they were appended.
pub(crate) fn decode_records<T: DeserializeOwned>(
    stream: Uuid,
    bytes: &[u8],
) -> Result<Vec<T>, Error> {
    let mut rest = bytes;
    let mut records = Vec::new();
    while !rest.is_empty() {
        let record = rmp_serde::from_read(&mut rest).map_err(|e| Error::StoredFacts {
            stream,
            reason: e.to_string(),
        })?;
        records.push(record);
    }
    Ok(records)
}
