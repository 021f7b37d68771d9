//! A person's accounting of disclosures (HIPAA §164.528): every release of their
//! information outside the agency in the last six years.
use chrono::Months;
use kinlog_domain::access::{AccessEvent, Disclosure};
use kinlog_domain::{CaseId, Date, PersonId, StaffId};
use kinlog_projections::decode;
use kinlog_store::Store;
use serde::Serialize;

use super::table::cell;
use super::Tabular;
use crate::Error;

/// §164.528(a): an accounting covers the six years before the request.
pub const ACCOUNTING_YEARS: u32 = 6;

/// One entry of the accounting, with the §164.528(b)(2) content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DisclosureRow {
    pub position: u64,
    pub disclosed_on: Date,
    pub recipient: String,
    pub recipient_address: Option<String>,
    pub purpose: String,
    pub legal_basis: String,
    pub request: String,
    pub released: Vec<String>,
    pub case: Option<CaseId>,
    pub recorded_by: StaffId,
}

impl DisclosureRow {
    fn new(position: u64, disclosure: Disclosure) -> DisclosureRow {
        DisclosureRow {
            position,
            disclosed_on: disclosure.disclosed_on,
            recipient: disclosure.recipient.name.as_str().to_owned(),
            recipient_address: disclosure
                .recipient
                .address
                .map(|address| address.as_str().to_owned()),
            purpose: disclosure.purpose.as_str().to_owned(),
            legal_basis: disclosure.legal_basis.as_str().to_owned(),
            request: disclosure.request.as_str().to_owned(),
            released: disclosure
                .released
                .iter()
                .map(|item| item.as_str().to_owned())
                .collect(),
            case: disclosure.case,
            recorded_by: disclosure.recorded_by,
        }
    }
}

impl Tabular for DisclosureRow {
    fn headers() -> &'static [&'static str] {
        &[
            "position",
            "disclosed on",
            "recipient",
            "address",
            "purpose",
            "legal basis",
            "request",
            "released",
            "case",
        ]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.position.to_string(),
            self.disclosed_on.to_string(),
            self.recipient.clone(),
            cell(self.recipient_address.as_deref()),
            self.purpose.clone(),
            self.legal_basis.clone(),
            self.request.clone(),
            self.released.join("; "),
            cell(self.case),
        ]
    }
}

/// `person`'s disclosures made on or after the same day six years before `today`, and
/// not after `today`, oldest first.
pub async fn disclosures(
    store: &Store,
    person: PersonId,
    today: Date,
) -> Result<Vec<DisclosureRow>, Error> {
    let earliest = today
        .naive()
        .checked_sub_months(Months::new(12 * ACCOUNTING_YEARS))
        .ok_or_else(|| Error::ReplayInput {
            field: "today",
            reason: format!("{today} is too early for a {ACCOUNTING_YEARS}-year accounting"),
        })?;
    let mut rows = every_disclosure(store, person).await?;
    rows.retain(|row| earliest <= row.disclosed_on.naive() && row.disclosed_on <= today);
    Ok(rows)
}

/// Every disclosure of `person`'s information ever recorded, oldest first: the subject's
/// own export is not limited to the accounting's six years.
pub async fn every_disclosure(
    store: &Store,
    person: PersonId,
) -> Result<Vec<DisclosureRow>, Error> {
    let events = store
        .read_stream(&Disclosure::stream_id(person), 1, u32::MAX as usize)
        .await?;
    let mut rows = Vec::new();
    for event in &events {
        let (AccessEvent::DisclosureRecorded(disclosure), _) = decode::<AccessEvent>(event)? else {
            continue;
        };
        if disclosure.person == person {
            rows.push(DisclosureRow::new(event.position, disclosure));
        }
    }
    rows.sort_by_key(|row| (row.disclosed_on, row.position));
    Ok(rows)
}
