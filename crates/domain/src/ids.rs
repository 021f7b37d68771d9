//! Identifiers. Every aggregate id is a UUIDv7 minted by the caller (the domain never makes
//! ids or reads the clock) and is typed, so a case id can never be passed as a person id.
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The uuid of a `<category>-<uuid>` stream id, if `stream` is one of `category`: the
/// inverse of each id's `stream_id`.
pub fn stream_uuid(stream: &str, category: &str) -> Option<Uuid> {
    stream
        .strip_prefix(category)?
        .strip_prefix('-')
        .and_then(|id| Uuid::parse_str(id).ok())
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// The stream category of this aggregate (`case`, `person`, ...).
            pub const CATEGORY: &'static str = $prefix;

            /// The id of this aggregate's event stream: `<category>-<uuid>`.
            pub fn stream_id(&self) -> String {
                format!("{}-{}", $prefix, self.0)
            }

            /// The aggregate whose event stream `stream` is, if it is one of this category.
            pub fn from_stream_id(stream: &str) -> Option<Self> {
                stream_uuid(stream, $prefix).map($name)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map($name)
            }
        }
    };
}

id_type!(/// A case: intake through closure, including custody episodes.
    CaseId, "case");
id_type!(/// A person: child, parent, relative, caregiver, or a staff member's own person record.
    PersonId, "person");
id_type!(/// A foster or adoptive home, agency or residential facility.
    ProviderId, "provider");
id_type!(/// A staff member's account.
    StaffId, "staff");
id_type!(/// An organization: PCSA, PCPA, PNA, LPE/QRTP, court, prosecutor, ombudsman, state.
    OrganizationId, "org");
id_type!(/// An access grant.
    GrantId, "grant");
id_type!(/// A parent's or provider's portal account (not staff: never a SACWIS user).
    PortalAccountId, "portal");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_id_reads_back_as_its_aggregate_and_only_in_its_category() {
        let case = CaseId(Uuid::from_u128(7));
        assert_eq!(CaseId::from_stream_id(&case.stream_id()), Some(case));
        assert_eq!(PersonId::from_stream_id(&case.stream_id()), None);
        assert_eq!(CaseId::from_stream_id("case"), None);
        assert_eq!(CaseId::from_stream_id("casefile-1"), None);
        assert_eq!(CaseId::from_stream_id("case-not-a-uuid"), None);
    }
}
