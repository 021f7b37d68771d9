//! The Organization aggregate: an agency, court or office whose staff use the system.
//! Its stream is `org-<uuid>`. Kept small: the kind and county decide which grants its
//! staff may receive; everything else about an organization lives outside the domain.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::codes::OrganizationKind;
use crate::occurrence::ensure_not_in_future;
use crate::{Aggregate, CommandContext, DomainError, DomainEvent, OrganizationId, Rule};

/// A five-digit county FIPS code, e.g. `39049` for Franklin County, Ohio. AFCARS E3 and
/// NYTD element 15 report the local agency this way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CountyFips(pub u32);

impl CountyFips {
    /// Five digits: a two-digit state code from 01 and a three-digit county code.
    fn is_valid(&self) -> bool {
        (1_000..=99_999).contains(&self.0)
    }
}

/// A command on an organization's stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum OrganizationCommand {
    RegisterOrganization {
        organization_id: OrganizationId,
        kind: OrganizationKind,
        /// The organization's public name (not personal data).
        name: String,
        /// The county served; `None` for statewide bodies.
        county: Option<CountyFips>,
        occurred_on: NaiveDate,
    },
    CloseOrganization {
        occurred_on: NaiveDate,
    },
}

/// An event on an organization's stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrganizationEvent {
    OrganizationRegistered {
        organization_id: OrganizationId,
        kind: OrganizationKind,
        name: String,
        county: Option<CountyFips>,
        occurred_on: NaiveDate,
    },
    OrganizationClosed {
        occurred_on: NaiveDate,
    },
}

impl DomainEvent for OrganizationEvent {
    fn event_type(&self) -> &'static str {
        match self {
            OrganizationEvent::OrganizationRegistered { .. } => "OrganizationRegistered",
            OrganizationEvent::OrganizationClosed { .. } => "OrganizationClosed",
        }
    }

    fn schema_version(&self) -> u16 {
        1
    }
}

/// An organization's kind and whether it is still open.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrganizationState {
    pub(crate) kind: Option<OrganizationKind>,
    pub(crate) closed: bool,
}

impl OrganizationState {
    /// The kind, once registered.
    pub fn kind(&self) -> Option<OrganizationKind> {
        self.kind
    }

    /// Whether the organization has closed.
    pub fn is_closed(&self) -> bool {
        self.closed
    }
}

/// The Organization aggregate.
pub struct Organization;

impl Aggregate for Organization {
    type State = OrganizationState;
    type Command = OrganizationCommand;
    type Event = OrganizationEvent;

    fn decide(
        state: &OrganizationState,
        command: OrganizationCommand,
        context: &CommandContext,
    ) -> Result<Vec<OrganizationEvent>, DomainError> {
        match command {
            OrganizationCommand::RegisterOrganization {
                organization_id,
                kind,
                name,
                county,
                occurred_on,
            } => {
                ensure_not_in_future(occurred_on, context, "occurred_on")?;
                if state.kind.is_some() {
                    return Err(DomainError::new(Rule::AlreadyExists, "organization_id"));
                }
                if name.trim().is_empty() {
                    return Err(DomainError::new(Rule::Required, "name"));
                }
                if name.chars().count() > crate::personal_data::MAX_TEXT_CHARS {
                    return Err(DomainError::new(Rule::TextTooLong, "name"));
                }
                if county.is_some_and(|fips| !fips.is_valid()) {
                    return Err(DomainError::new(Rule::InvalidCode, "county"));
                }
                Ok(vec![OrganizationEvent::OrganizationRegistered {
                    organization_id,
                    kind,
                    name,
                    county,
                    occurred_on,
                }])
            }
            OrganizationCommand::CloseOrganization { occurred_on } => {
                ensure_not_in_future(occurred_on, context, "occurred_on")?;
                if state.kind.is_none() {
                    return Err(DomainError::new(Rule::NotFound, "organization_id"));
                }
                if state.closed {
                    return Err(DomainError::new(
                        Rule::OrganizationClosed,
                        "organization_id",
                    ));
                }
                Ok(vec![OrganizationEvent::OrganizationClosed { occurred_on }])
            }
        }
    }

    fn evolve(mut state: OrganizationState, event: &OrganizationEvent) -> OrganizationState {
        match event {
            OrganizationEvent::OrganizationRegistered { kind, .. } => state.kind = Some(*kind),
            OrganizationEvent::OrganizationClosed { .. } => state.closed = true,
        }
        state
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, date, uuid};

    fn check(
        given: Vec<OrganizationEvent>,
        when: OrganizationCommand,
        then: Result<Vec<OrganizationEvent>, DomainError>,
    ) {
        testing::check::<Organization>(given, when, then);
    }

    fn registered() -> OrganizationEvent {
        OrganizationEvent::OrganizationRegistered {
            organization_id: OrganizationId(uuid(7)),
            kind: OrganizationKind::Pcsa,
            name: "Franklin County Children Services".into(),
            county: Some(CountyFips(39049)),
            occurred_on: date(2020, 1, 1),
        }
    }

    #[test]
    fn an_organization_is_registered_with_its_kind_and_county() {
        check(
            vec![],
            OrganizationCommand::RegisterOrganization {
                organization_id: OrganizationId(uuid(7)),
                kind: OrganizationKind::Pcsa,
                name: "Franklin County Children Services".into(),
                county: Some(CountyFips(39049)),
                occurred_on: date(2020, 1, 1),
            },
            Ok(vec![registered()]),
        );
    }

    #[test]
    fn a_county_code_must_have_five_digits() {
        check(
            vec![],
            OrganizationCommand::RegisterOrganization {
                organization_id: OrganizationId(uuid(7)),
                kind: OrganizationKind::Pcsa,
                name: "Somewhere".into(),
                county: Some(CountyFips(390)),
                occurred_on: date(2020, 1, 1),
            },
            Err(DomainError::new(Rule::InvalidCode, "county")),
        );
    }

    #[test]
    fn an_organization_is_registered_once() {
        check(
            vec![registered()],
            OrganizationCommand::RegisterOrganization {
                organization_id: OrganizationId(uuid(7)),
                kind: OrganizationKind::Pcpa,
                name: "Again".into(),
                county: None,
                occurred_on: date(2020, 1, 1),
            },
            Err(DomainError::new(Rule::AlreadyExists, "organization_id")),
        );
    }

    #[test]
    fn closing_twice_is_rejected() {
        let closed = OrganizationEvent::OrganizationClosed {
            occurred_on: date(2025, 1, 1),
        };
        check(
            vec![registered()],
            OrganizationCommand::CloseOrganization {
                occurred_on: date(2025, 1, 1),
            },
            Ok(vec![closed.clone()]),
        );
        check(
            vec![registered(), closed],
            OrganizationCommand::CloseOrganization {
                occurred_on: date(2025, 2, 1),
            },
            Err(DomainError::new(
                Rule::OrganizationClosed,
                "organization_id",
            )),
        );
    }

    #[test]
    fn an_unknown_organization_cannot_close() {
        check(
            vec![],
            OrganizationCommand::CloseOrganization {
                occurred_on: date(2025, 1, 1),
            },
            Err(DomainError::new(Rule::NotFound, "organization_id")),
        );
    }
}
