//! Why a grant was issued, in the issuer's words. It often names the child or family, so
//! its `Debug` is redacted like other personal data.
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{DomainError, Rule};

/// The longest purpose accepted.
const MAX_PURPOSE_CHARS: usize = 500;

/// The stated purpose of a grant. Never empty once accepted.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Purpose(pub String);

impl Purpose {
    pub(crate) fn validate(&self) -> Result<(), DomainError> {
        if self.0.trim().is_empty() {
            return Err(DomainError::new(Rule::GrantPurposeRequired, "purpose"));
        }
        if self.0.chars().count() > MAX_PURPOSE_CHARS {
            return Err(DomainError::new(Rule::TextTooLong, "purpose"));
        }
        Ok(())
    }
}

impl fmt::Debug for Purpose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Purpose(<redacted>)")
    }
}
