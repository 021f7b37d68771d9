//! The accounting of disclosures, by person.
use kinlog_domain::access::{AccessEvent, DISCLOSURE_CATEGORY};
use kinlog_domain::Narrative;
use kinlog_store::RecordedEvent;

use crate::runtime::params;
use crate::{decode, Error, Writes};

/// The `disclosures` projector: table `disclosure`.
#[derive(Debug, Clone, Copy, Default)]
pub struct DisclosuresView;

read_model!(
    DisclosuresView,
    "disclosures",
    1,
    DISCLOSURE_CATEGORY,
    apply
);

fn apply(event: &RecordedEvent, writes: &mut Writes) -> Result<(), Error> {
    let (AccessEvent::DisclosureRecorded(d), _) = decode::<AccessEvent>(event)? else {
        return Ok(());
    };
    let text = |narrative: &Narrative| narrative.as_str().to_owned();
    let released: Vec<String> = d.released.iter().map(text).collect();
    writes.push(
        "INSERT INTO disclosure (position, person_id, case_id, disclosed_on, recipient_name, \
         recipient_address, purpose, legal_basis, request, released, recorded_by, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        params![
            event.position as i64,
            d.person.0,
            d.case.map(|c| c.0),
            d.disclosed_on.naive(),
            text(&d.recipient.name),
            d.recipient.address.as_ref().map(text),
            text(&d.purpose),
            text(&d.legal_basis),
            text(&d.request),
            released,
            d.recorded_by.0,
            event.recorded_at,
        ],
        "recording a disclosure in the accounting",
    );
    Ok(())
}
