//! A release of a person's information outside the agency: one entry of the accounting
//! of disclosures (HIPAA §164.528(b)(2): date, recipient's name and address if known, a
//! description of what was released, and the purpose or a copy of the request).
use serde::{Deserialize, Serialize};

use crate::{CaseId, CommandContext, Date, DomainError, Narrative, PersonId, Rule, StaffId};

/// The stream category of disclosures: `disclosure-<person id>` is one person's
/// accounting.
pub const DISCLOSURE_CATEGORY: &str = "disclosure";

/// The longest free text accepted in a disclosure.
const MAX_TEXT_CHARS: usize = 4_000;

/// Who received the information.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recipient {
    pub name: Narrative,
    /// Required by §164.528 when known.
    pub address: Option<Narrative>,
}

/// The command: record that information about `person` was released.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordDisclosure {
    pub person: PersonId,
    pub case: Option<CaseId>,
    /// The day the information was released.
    pub disclosed_on: Date,
    pub recipient: Recipient,
    pub purpose: Narrative,
    /// The statute, rule, court order or authorization that allowed the release.
    pub legal_basis: Narrative,
    /// A copy of the written request, or a reference to where it is kept.
    pub request: Narrative,
    /// What was released: documents, record sections, or fields.
    pub released: Vec<Narrative>,
}

/// The recorded disclosure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disclosure {
    pub person: PersonId,
    pub case: Option<CaseId>,
    pub disclosed_on: Date,
    pub recipient: Recipient,
    pub purpose: Narrative,
    pub legal_basis: Narrative,
    pub request: Narrative,
    pub released: Vec<Narrative>,
    pub recorded_by: StaffId,
}

impl Disclosure {
    /// The stream holding `person`'s accounting of disclosures.
    pub fn stream_id(person: PersonId) -> String {
        format!("{DISCLOSURE_CATEGORY}-{person}")
    }

    /// Validates the command; every text is required except the recipient's address.
    pub fn record(
        command: RecordDisclosure,
        context: &CommandContext,
    ) -> Result<Disclosure, DomainError> {
        if command.disclosed_on.is_after_day_of(context.now) {
            return Err(DomainError::new(Rule::DateInFuture, "disclosed_on"));
        }
        required_text(&command.recipient.name, "recipient.name")?;
        if let Some(address) = &command.recipient.address {
            required_text(address, "recipient.address")?;
        }
        required_text(&command.purpose, "purpose")?;
        required_text(&command.legal_basis, "legal_basis")?;
        required_text(&command.request, "request")?;
        if command.released.is_empty() {
            return Err(DomainError::new(Rule::Required, "released"));
        }
        for item in &command.released {
            required_text(item, "released")?;
        }
        Ok(Disclosure {
            person: command.person,
            case: command.case,
            disclosed_on: command.disclosed_on,
            recipient: command.recipient,
            purpose: command.purpose,
            legal_basis: command.legal_basis,
            request: command.request,
            released: command.released,
            recorded_by: context.actor,
        })
    }
}

fn required_text(text: &Narrative, field: &'static str) -> Result<(), DomainError> {
    if text.is_blank() {
        return Err(DomainError::new(Rule::Required, field));
    }
    if text.as_str().chars().count() > MAX_TEXT_CHARS {
        return Err(DomainError::new(Rule::TextTooLong, field));
    }
    Ok(())
}
