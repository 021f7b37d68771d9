//! Identifiers. Every aggregate id is a UUIDv7 minted by the caller (the domain never makes
//! ids or reads the clock) and is typed, so a case id can never be passed as a person id.
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

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
